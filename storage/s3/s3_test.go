package s3_test

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/noticescan/noticescan/storage"
	"github.com/noticescan/noticescan/storage/s3"
	"github.com/noticescan/noticescan/storage/storagetest"
)

func TestStore_Conformance(t *testing.T) {
	srv := storagetest.StartS3(t)
	var n atomic.Int64
	storagetest.Run(t, func(t *testing.T) storage.Store {
		// A bucket per subtest keeps parallel subtests apart; the prefix
		// checks that keys are mapped both ways.
		cfg := Config(srv, fmt.Sprintf("conformance-%d", n.Add(1)))
		cfg.Prefix = "noticescan/test/"
		return MustNew(t, cfg)
	})
}

// Config returns a configuration for bucket on srv that creates the bucket.
func Config(srv *storagetest.S3Server, bucket string) s3.Config {
	return s3.Config{
		Endpoint:     srv.Endpoint,
		Bucket:       bucket,
		Region:       srv.Region,
		AccessKey:    srv.AccessKey,
		SecretKey:    srv.SecretKey,
		CreateBucket: true,
	}
}

// MustNew connects to the bucket in cfg or fails the test.
func MustNew(tb testing.TB, cfg s3.Config) *s3.Store {
	tb.Helper()
	s, err := s3.New(tb.Context(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
