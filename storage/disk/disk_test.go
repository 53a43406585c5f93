package disk_test

import (
	"testing"

	"github.com/noticescan/noticescan/storage"
	"github.com/noticescan/noticescan/storage/disk"
	"github.com/noticescan/noticescan/storage/storagetest"
)

func TestStore_Conformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Store { return MustNew(t, t.TempDir()) })
}

// MustNew opens a store rooted at dir, closed when the test ends.
func MustNew(tb testing.TB, dir string) *disk.Store {
	tb.Helper()
	s, err := disk.New(dir)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}
