package main_test

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/noticescan/noticescan/noticegen"
	"github.com/noticescan/noticescan/storage"
	"github.com/noticescan/noticescan/storage/disk"
	"github.com/noticescan/noticescan/storage/s3"
)

// TestServe_Purge reads a notice for two tenants, purges one tenant with
// the purge command, and checks that nothing of its document is left in
// the API, the database or the object store (original and page
// previews), on the data dir and on a real S3 server, while the other
// tenant's document stays.
func TestServe_Purge(t *testing.T) {
	t.Parallel()
	notices := mustGenerate(t, noticegen.Options{Seed: 64, Count: 1, Formats: []noticegen.Format{noticegen.FormatPDFDigital}})
	t.Run("Disk", func(t *testing.T) {
		t.Parallel()
		s := MustStartServer(t, ServerOptions{Workers: 1})
		objects, err := disk.New(filepath.Join(s.DataDir, "objects"))
		if err != nil {
			t.Fatal(err)
		}
		defer objects.Close()
		assertPurged(t, s, objects, nil, notices[0].Path)
	})
	t.Run("S3", func(t *testing.T) {
		t.Parallel()
		srv := mustStartS3(t)
		s3Args := []string{"--s3-endpoint", srv.Endpoint, "--s3-tls=false", "--s3-bucket", "noticescan-store", "--s3-region", srv.Region}
		s := MustStartServer(t, ServerOptions{
			Workers: 1, Args: s3Args,
			Env: []string{"NOTICESCAN_S3_ACCESS_KEY=" + srv.AccessKey, "NOTICESCAN_S3_SECRET_KEY=" + srv.SecretKey},
		})
		objects, err := s3.New(context.Background(), s3.Config{Endpoint: srv.Endpoint, Bucket: "noticescan-store", Region: srv.Region,
			AccessKey: srv.AccessKey, SecretKey: srv.SecretKey})
		if err != nil {
			t.Fatal(err)
		}
		assertPurged(t, s, objects, s3Args, notices[0].Path)
	})
}

// assertPurged runs the purge scenario on s, whose objects are in objects;
// extra are the flags the purge command needs to reach them.
func assertPurged(t *testing.T, s *Server, objects storage.Store, extra []string, path string) {
	keyA, keyB := s.MustCreateKey(t, "acme"), s.MustCreateKey(t, "globex")
	status, docA := upload(t, s.URL, keyA, path, uploadWait)
	if status != http.StatusOK || len(docA.Findings) == 0 {
		t.Fatalf("acme's upload: status %d, %d findings", status, len(docA.Findings))
	}
	if status, _ := upload(t, s.URL, keyB, path, uploadWait); status != http.StatusOK {
		t.Fatalf("globex's upload: status %d", status)
	}
	if r := do(t, http.MethodGet, s.URL+"/v1/documents/"+docA.ID+"/pages/1/image", keyA, nil, ""); r.Status != http.StatusOK {
		t.Fatalf("page preview before the purge: status %d", r.Status)
	}
	if keys := objectsUnder(t, objects, "tenants/acme/"); len(keys) < 2 {
		t.Fatalf("acme has %d objects before the purge, want the original and a preview", len(keys))
	}

	// A cut-off before the document finished keeps it.
	args := append([]string{"purge", "--tenant", "acme", "--data-dir", s.DataDir}, extra...)
	runCLI(t, s.Env, append(args, "--before", "2001-01-01")...)
	if docs, _ := listAll(t, s.URL, keyA, nil, 50); len(docs) != 1 {
		t.Fatalf("a purge before the document finished left %d documents, want 1", len(docs))
	}
	out := runCLI(t, s.Env, append(args, "--before", time.Now().Add(time.Hour).UTC().Format(time.RFC3339))...)
	if !strings.Contains(out, "purged 1 ") {
		t.Errorf("purge output: %q", out)
	}

	for _, target := range []string{"", "/file", "/pages/1/image"} {
		assertProblem(t, do(t, http.MethodGet, s.URL+"/v1/documents/"+docA.ID+target, keyA, nil, ""), http.StatusNotFound)
	}
	if docs, _ := listAll(t, s.URL, keyA, nil, 50); len(docs) != 0 {
		t.Errorf("acme still lists %d documents", len(docs))
	}
	f := docA.Findings[0]
	var found struct {
		Documents []document `json:"documents"`
	}
	getJSON(t, s.URL+"/v1/findings?kind="+string(f.Kind)+"&value="+f.Value, keyA, &found)
	if len(found.Documents) != 0 {
		t.Errorf("a purged document's finding still finds %d documents", len(found.Documents))
	}
	if keys := objectsUnder(t, objects, "tenants/acme/"); len(keys) != 0 {
		t.Errorf("%d objects of acme are left in the store", len(keys))
	}
	if docs, _ := listAll(t, s.URL, keyB, nil, 50); len(docs) != 1 {
		t.Errorf("globex has %d documents after acme's purge, want 1", len(docs))
	}
	if keys := objectsUnder(t, objects, "tenants/globex/"); len(keys) < 2 {
		t.Errorf("globex has %d objects after acme's purge", len(keys))
	}
}

// objectsUnder lists the keys of store under prefix.
func objectsUnder(t *testing.T, store storage.Store, prefix string) []string {
	t.Helper()
	var keys []string
	if err := store.List(context.Background(), prefix, func(i storage.Info) error {
		keys = append(keys, i.Key)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return keys
}
