package main_test

import (
	"bytes"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/noticescan/noticescan/noticegen"
)

// TestBackupRestore backs up a serving instance, restores the backup into
// a fresh data directory, starts a server there and finds every document,
// its findings and its file; both the archive and the directory form.
func TestBackupRestore(t *testing.T) {
	notices := mustGenerate(t, noticegen.Options{Seed: 31, Count: 3, Formats: []noticegen.Format{noticegen.FormatPDFDigital, noticegen.FormatPNG}})
	s := MustStartServer(t, ServerOptions{Workers: 1})
	key := s.MustCreateKey(t, "acme")
	var docs []document
	for _, n := range notices {
		_, d := upload(t, s.URL, key, n.Path, 2*time.Minute)
		if d.Status != "complete" {
			t.Fatalf("%s: status %s", n.Truth.File, d.Status)
		}
		docs = append(docs, d)
	}

	// More uploads arrive while the backups are taken; whichever the
	// snapshot holds must come back whole.
	more := mustGenerate(t, noticegen.Options{Seed: 32, Count: 4, Formats: []noticegen.Format{noticegen.FormatPDFDigital}})
	uploaded := make(chan error, 1)
	go func() { uploaded <- uploadAll(s.URL, key, more) }()
	t.Cleanup(func() {
		if err := <-uploaded; err != nil {
			t.Errorf("uploads during the backup: %v", err)
		}
	})

	for _, out := range []string{"notices.tar.gz", "notices-dir"} {
		t.Run(out, func(t *testing.T) {
			backup := filepath.Join(t.TempDir(), out)
			// The server keeps running and answering while it is copied.
			msg := runCLI(t, nil, "backup", "--data-dir", s.DataDir, "--out", backup)
			if !strings.Contains(msg, "backed up") {
				t.Errorf("backup printed %q", msg)
			}
			if r := do(t, http.MethodGet, s.URL+"/v1/documents", key, nil, ""); r.Status != http.StatusOK {
				t.Fatalf("list after backup: %d", r.Status)
			}

			restored := filepath.Join(t.TempDir(), "data")
			runCLI(t, nil, "restore", "--from", backup, "--data-dir", restored)
			if _, errOut, err := runCLIStatus(t, nil, "restore", "--from", backup, "--data-dir", restored); err == nil || !strings.Contains(errOut, "not empty") {
				t.Errorf("restore into a used data dir: err %v, stderr %q", err, errOut)
			}
			r2 := MustStartServer(t, ServerOptions{Workers: 1, DataDir: restored})
			for i, want := range docs {
				var got document
				getJSON(t, r2.URL+"/v1/documents/"+want.ID, key, &got)
				if got.Status != want.Status || got.SHA256 != want.SHA256 || len(got.Findings) != len(want.Findings) {
					t.Errorf("%s after restore: status %s, sha %s, %d findings; want %s, %s, %d",
						want.ID, got.Status, got.SHA256, len(got.Findings), want.Status, want.SHA256, len(want.Findings))
				}
				file := do(t, http.MethodGet, r2.URL+"/v1/documents/"+want.ID+"/file", key, nil, "")
				if file.Status != http.StatusOK || !bytes.Equal(file.Body, notices[i].Data) {
					t.Errorf("%s file after restore: status %d, %d bytes; want the %d bytes uploaded", want.ID, file.Status, len(file.Body), len(notices[i].Data))
				}
			}
			// Every document the snapshot holds, finished or not, has its file.
			var list documentList
			getJSON(t, r2.URL+"/v1/documents?limit=500", key, &list)
			if len(list.Documents) < len(docs) {
				t.Errorf("%d documents after restore, want at least %d", len(list.Documents), len(docs))
			}
			for _, d := range list.Documents {
				if r := do(t, http.MethodGet, r2.URL+"/v1/documents/"+d.ID+"/file", key, nil, ""); r.Status != http.StatusOK {
					t.Errorf("%s (%s) after restore: file status %d", d.ID, d.Status, r.Status)
				}
			}
		})
	}
}

func TestBackup_Errors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, errOut, err := runCLIStatus(t, nil, "backup", "--data-dir", filepath.Join(dir, "none"), "--out", filepath.Join(dir, "b.tar.gz")); err == nil || !strings.Contains(errOut, "no embedded database") {
		t.Errorf("backup of a missing data dir: err %v, stderr %q", err, errOut)
	}
	if _, errOut, err := runCLIStatus(t, nil, "restore", "--from", dir, "--data-dir", filepath.Join(dir, "new")); err == nil || !strings.Contains(errOut, "not a noticescan backup") {
		t.Errorf("restore of a directory that is no backup: err %v, stderr %q", err, errOut)
	}
}

// uploadAll posts each notice without waiting, from a goroutine other than
// the test's, so it returns its first failure instead of failing the test.
func uploadAll(baseURL, key string, ns []notice) error {
	for _, n := range ns {
		req, err := http.NewRequest(http.MethodPost, baseURL+"/v1/documents?filename="+filepath.Base(n.Path), bytes.NewReader(n.Data))
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", "application/pdf")
		resp, err := httpClient.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted && resp.StatusCode != http.StatusOK {
			return fmt.Errorf("upload %s: status %d", filepath.Base(n.Path), resp.StatusCode)
		}
	}
	return nil
}
