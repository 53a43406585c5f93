package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/noticegen"
	"github.com/noticescan/noticescan/storage/s3"
)

// tenancyServer is a server on a real S3 server where tenant-b's inbox
// bucket holds one of its notices and is granted to tenant-b only.
type tenancyServer struct {
	*Server
	keyA, keyB string
}

func mustStartTenancyServer(t *testing.T) tenancyServer {
	t.Helper()
	notices := mustGenerate(t, noticegen.Options{Seed: 62, Count: 1, Formats: []noticegen.Format{noticegen.FormatPDFDigital}})
	srv := mustStartS3(t)
	s := MustStartServer(t, ServerOptions{
		Args: []string{"--workers", "0", "--s3-endpoint", srv.Endpoint, "--s3-tls=false", "--s3-bucket", "noticescan-store", "--s3-region", srv.Region},
		Env:  []string{"NOTICESCAN_S3_ACCESS_KEY=" + srv.AccessKey, "NOTICESCAN_S3_SECRET_KEY=" + srv.SecretKey},
	})
	inbox, err := s3.New(context.Background(), s3.Config{Endpoint: srv.Endpoint, Bucket: "inbox-b", Region: srv.Region,
		AccessKey: srv.AccessKey, SecretKey: srv.SecretKey, CreateBucket: true})
	if err != nil {
		t.Fatal(err)
	}
	data := notices[0].Data
	if err := inbox.Put(context.Background(), "scans/notice.pdf", bytes.NewReader(data), int64(len(data)), ""); err != nil {
		t.Fatal(err)
	}
	ts := tenancyServer{Server: s, keyA: s.MustCreateKey(t, "tenant-a"), keyB: s.MustCreateKey(t, "tenant-b")}
	s.MustAllowSource(t, "tenant-b", "s3://inbox-b/scans/")
	return ts
}

// postSource submits a batch of source with key.
func (s tenancyServer) postSource(t *testing.T, key, source string) response {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"source": source})
	return do(t, http.MethodPost, s.URL+"/v1/batches", key, bytes.NewReader(body), "application/json")
}

// assertOtherTenantsBucketRefused: tenant A names tenant B's inbox, which
// the operator granted to B only, and gets nothing; B itself is served.
func assertOtherTenantsBucketRefused(t *testing.T, s tenancyServer) {
	for _, src := range []string{"s3://inbox-b/", "s3://inbox-b/scans/", "s3://inbox-b/scans/notice.pdf"} {
		assertProblem(t, s.postSource(t, s.keyA, src), http.StatusNotFound)
	}
	var list struct {
		Batches []batch `json:"batches"`
	}
	getJSON(t, s.URL+"/v1/batches", s.keyA, &list)
	if len(list.Batches) != 0 {
		t.Errorf("tenant A has %d batches after naming B's bucket", len(list.Batches))
	}
	// B's grant covers its prefix, not the rest of the bucket.
	assertProblem(t, s.postSource(t, s.keyB, "s3://inbox-b/"), http.StatusNotFound)
	if r := s.postSource(t, s.keyB, "s3://inbox-b/scans/"); r.Status != http.StatusAccepted {
		t.Errorf("tenant B's own granted source: status %d: %s", r.Status, r.Body)
	}
}

// assertBucketExistenceHidden: a bucket that exists and one that does
// not answer the same status, type and detail.
func assertBucketExistenceHidden(t *testing.T, s tenancyServer) {
	var first problem
	for i, src := range []string{"s3://inbox-b/scans/", "s3://no-such-bucket-here/scans/", "s3://noticescan-store/"} {
		r := s.postSource(t, s.keyA, src)
		assertProblem(t, r, http.StatusNotFound)
		var p problem
		if err := json.Unmarshal(r.Body, &p); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = p
			if !strings.Contains(p.Detail, "source not available") {
				t.Errorf("detail %q, want it to say the source is not available", p.Detail)
			}
			continue
		}
		if p.Type != first.Type || p.Detail != first.Detail || p.Title != first.Title {
			t.Errorf("%s answers %+v, but an existing bucket answers %+v", src, p, first)
		}
	}
}
