package main_test

import (
	"bytes"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/noticescan/noticescan/noticegen"
)

// uploadWait is how long an upload waits for its result: far more than a
// small page takes, even on a busy machine.
const uploadWait = 90 * time.Second

// TestServe_EndToEnd runs the service on embedded defaults and on shared
// infrastructure (a real S3 server and PostgreSQL), and checks that what it
// finds in each upload is what `noticescan extract` finds in the same file,
// and that every document route works on the stored result.
func TestServe_EndToEnd(t *testing.T) {
	t.Parallel()
	notices := mustGenerate(t, noticegen.Options{
		Seed:         4,
		Count:        4,
		Formats:      []noticegen.Format{noticegen.FormatPDFDigital, noticegen.FormatPDFScan},
		Degradations: []noticegen.Level{noticegen.LevelNone, noticegen.LevelLight},
		DPIs:         []int{100},
		MaxPages:     1,
	})
	want := mustExtract(t, 2, paths(notices)...)
	for _, n := range notices {
		r := want[n.Path]
		if r.Status != "complete" {
			t.Fatalf("extract %s: status %s (%s); the notices must be readable for this test", n.Truth.File, r.Status, r.Error)
		}
	}

	t.Run("Embedded", func(t *testing.T) {
		t.Parallel()
		s := MustStartServer(t, ServerOptions{})
		key := s.MustCreateKey(t, "acme")
		objects := filepath.Join(s.DataDir, "objects")
		testServe(t, s, key, notices, want, objects, func(tb testing.TB) []string {
			return sqliteJobStates(tb, filepath.Join(s.DataDir, "noticescan.db"), "process_document")
		})
		if _, err := os.Stat(filepath.Join(s.DataDir, "noticescan.db")); err != nil {
			t.Errorf("embedded database not in the data dir: %v", err)
		}
	})

	t.Run("S3AndPostgres", func(t *testing.T) {
		t.Parallel()
		databaseURL, schema := mustPostgresSchema(t)
		s3 := mustStartS3(t)
		s := MustStartServer(t, ServerOptions{
			Args: []string{"--s3-endpoint", s3.Endpoint, "--s3-tls=false", "--s3-bucket", "notices-e2e", "--s3-region", s3.Region},
			// Secrets come from the environment, as in a deployment.
			Env: []string{
				"NOTICESCAN_DATABASE_URL=" + databaseURL,
				"NOTICESCAN_WEBHOOK_SECRET=e2e-test-secret",
				"NOTICESCAN_S3_ACCESS_KEY=" + s3.AccessKey,
				"NOTICESCAN_S3_SECRET_KEY=" + s3.SecretKey,
			},
		})
		key := s.MustCreateKey(t, "acme")
		testServe(t, s, key, notices, want, filepath.Join(s3.Dir, "notices-e2e"), func(tb testing.TB) []string {
			return postgresJobStates(tb, schema, "process_document")
		})
		if schemaTables(t, schema) == 0 {
			t.Errorf("no tables in PostgreSQL schema %s: the server did not use the database it was given", schema)
		}
		for _, name := range []string{"noticescan.db", "objects"} {
			if _, err := os.Stat(filepath.Join(s.DataDir, name)); err == nil {
				t.Errorf("%s is in the data dir: the server used embedded storage instead of S3 and PostgreSQL", name)
			}
		}
	})
}

// testServe uploads notices to s and checks every route against want, the
// reports of `noticescan extract` by path. objects is the directory where
// the server's object store keeps files; processJobs returns the states of
// the server's process jobs, oldest first.
func testServe(t *testing.T, s *Server, key string, notices []notice, want map[string]extractReport, objects string,
	processJobs func(testing.TB) []string) {
	docs := map[string]document{} // by path
	var ids []string
	for _, n := range notices {
		status, d := upload(t, s.URL, key, n.Path, uploadWait)
		if status != http.StatusOK {
			t.Fatalf("upload %s with wait: status %d, document %s; want 200 and a final result", n.Truth.File, status, d.Status)
		}
		w := want[n.Path]
		if d.Status != w.Status {
			t.Errorf("%s: status %q (%s), extract says %q", n.Truth.File, d.Status, d.Error, w.Status)
		}
		if got, exp := findingKeys(d.Findings), findingKeys(w.Findings); !slices.Equal(got, exp) {
			t.Errorf("%s: server found %q, extract found %q", n.Truth.File, got, exp)
		}
		// Both could be wrong the same way; a text layer, at least, must
		// give exactly what the generator printed.
		if n.Truth.Format == noticegen.FormatPDFDigital && !slices.Equal(findingKeys(d.Findings), truthKeys(n.Truth)) {
			t.Errorf("%s (born-digital): server found %q, the notice holds %q", n.Truth.File, findingKeys(d.Findings), truthKeys(n.Truth))
		}
		if d.SHA256 != n.SHA || d.Size != int64(len(n.Data)) || d.Filename != n.Truth.File || d.MediaType != w.MediaType {
			t.Errorf("%s: document says sha256 %s, size %d, filename %q, media type %q; want %s, %d, %q, %q",
				n.Truth.File, d.SHA256, d.Size, d.Filename, d.MediaType, n.SHA, len(n.Data), n.Truth.File, w.MediaType)
		}
		if len(d.Pages) != n.Truth.Pages {
			t.Errorf("%s: %d pages reported, the file has %d", n.Truth.File, len(d.Pages), n.Truth.Pages)
		}
		if got := objectCopies(t, objects, n.Data); got != 1 {
			t.Errorf("%s: %d copies of the upload under %s, want 1", n.Truth.File, got, objects)
		}
		docs[n.Path] = d
		ids = append(ids, d.ID)
	}
	if t.Failed() {
		t.FailNow()
	}

	t.Run("GetGivesResult", func(t *testing.T) {
		for _, n := range notices {
			var d document
			getJSON(t, s.URL+"/v1/documents/"+docs[n.Path].ID, key, &d)
			up := docs[n.Path]
			if d.ID != up.ID || d.Status != up.Status || !slices.Equal(findingKeys(d.Findings), findingKeys(up.Findings)) {
				t.Errorf("%s: GET gives id %s, status %s, findings %q; the upload answered %s, %s, %q",
					n.Truth.File, d.ID, d.Status, findingKeys(d.Findings), up.ID, up.Status, findingKeys(up.Findings))
			}
		}
	})

	t.Run("FileIsUpload", func(t *testing.T) {
		for _, n := range notices {
			r := do(t, http.MethodGet, s.URL+"/v1/documents/"+docs[n.Path].ID+"/file", key, nil, "")
			if r.Status != http.StatusOK || !bytes.Equal(r.Body, n.Data) {
				t.Errorf("%s: file answer %d with %d bytes; want 200 and the %d bytes uploaded", n.Truth.File, r.Status, len(r.Body), len(n.Data))
			}
			if ct := r.Header.Get("Content-Type"); ct != docs[n.Path].MediaType {
				t.Errorf("%s: file Content-Type %q, want %q", n.Truth.File, ct, docs[n.Path].MediaType)
			}
		}
	})

	t.Run("ListPagesWithCursor", func(t *testing.T) {
		got, pages := listAll(t, s.URL, key, nil, 3)
		if pages < 2 {
			t.Errorf("%d documents came in %d page(s) of 3; want a cursor to a second page", len(got), pages)
		}
		var gotIDs []string
		for i, d := range got {
			gotIDs = append(gotIDs, d.ID)
			if i > 0 && d.CreatedAt.After(got[i-1].CreatedAt) {
				t.Errorf("list is not newest first: %s (%v) after %s (%v)", d.ID, d.CreatedAt, got[i-1].ID, got[i-1].CreatedAt)
			}
		}
		if !sameSet(gotIDs, ids) {
			t.Errorf("listed %q, uploaded %q", gotIDs, ids)
		}
	})

	// A receipt number the extractor found, looked up as people write it.
	value, holders := receiptHolders(docs)
	if value == "" {
		t.Fatal("no receipt number was found in any notice; pick a seed whose notices have one")
	}
	t.Run("FindingsListHolders", func(t *testing.T) {
		got := findingDocs(t, s, key, value)
		if !sameSet(got, holders) {
			t.Errorf("findings for receipt_number %s list %q; the documents holding it are %q", value, got, holders)
		}
		if got := findingDocs(t, s, key, hyphenated(value)); !sameSet(got, holders) {
			t.Errorf("findings for the hyphenated receipt number list %q, want %q", got, holders)
		}
	})

	t.Run("UploadAgainIsSameDocument", func(t *testing.T) {
		n := notices[0]
		first := docs[n.Path]
		status, again := upload(t, s.URL, key, n.Path, uploadWait)
		if status != http.StatusOK || again.ID != first.ID || again.Status != first.Status {
			t.Errorf("second upload: status %d, id %s, %s; want 200 and the same document %s, %s", status, again.ID, again.Status, first.ID, first.Status)
		}
		// A job is queued in the transaction that records the upload, so
		// by now a second one would be in the queue: there is one per
		// distinct notice, each completed.
		if jobs := processJobs(t); len(jobs) != len(notices) || slices.ContainsFunc(jobs, func(s string) bool { return s != "completed" }) {
			t.Errorf("process jobs %v after %d distinct uploads and one repeat; want %d, all completed", jobs, len(notices), len(notices))
		}
		var d document
		getJSON(t, s.URL+"/v1/documents/"+first.ID, key, &d)
		if !d.UpdatedAt.Equal(first.UpdatedAt) || d.CompletedAt == nil || first.CompletedAt == nil || !d.CompletedAt.Equal(*first.CompletedAt) {
			t.Errorf("document changed after the second upload: updated %v → %v, completed %v → %v", first.UpdatedAt, d.UpdatedAt, first.CompletedAt, d.CompletedAt)
		}
		metrics := mustMetrics(t, s, key)
		if v, _ := metricSum(metrics, "noticescan_documents_processed_total"); v != float64(len(notices)) {
			t.Errorf("noticescan_documents_processed_total = %v after %d distinct uploads and one repeat; want %d", v, len(notices), len(notices))
		}
		if v, _ := metricSum(metrics, "noticescan_uploads_total", `new="false"`); v != 1 {
			t.Errorf(`noticescan_uploads_total{new="false"} = %v, want 1`, v)
		}
		if n := strings.Count(s.Logs(), `"msg":"document processed"`); n != len(notices) {
			t.Errorf("the log shows %d documents processed, want %d", n, len(notices))
		}
		if got := objectCopies(t, objects, n.Data); got != 1 {
			t.Errorf("%d copies of the file stored after uploading it twice, want 1", got)
		}
	})

	t.Run("MetricsHaveNoIdentifiers", func(t *testing.T) {
		metrics := mustMetrics(t, s, key)
		if !strings.Contains(metrics, "# TYPE noticescan_documents_processed_total counter") {
			t.Errorf("/metrics has no noticescan_documents_processed_total counter:\n%.3000s", metrics)
		}
		if _, ok := metricSum(metrics, "noticescan_documents_processed_total", `status="complete"`); !ok {
			t.Errorf("/metrics has no noticescan_documents_processed_total{status=\"complete\"} sample")
		}
		assertNoIdentifiers(t, "/metrics", metrics)
	})

	t.Run("DeleteThenNotFound", func(t *testing.T) {
		n := notices[len(notices)-1]
		id := docs[n.Path].ID
		if r := do(t, http.MethodDelete, s.URL+"/v1/documents/"+id, key, nil, ""); r.Status != http.StatusNoContent {
			t.Fatalf("DELETE: status %d, want 204; body %s", r.Status, r.Body)
		}
		for _, target := range []string{"/v1/documents/" + id, "/v1/documents/" + id + "/file"} {
			assertProblem(t, do(t, http.MethodGet, s.URL+target, key, nil, ""), http.StatusNotFound)
		}
		assertProblem(t, do(t, http.MethodDelete, s.URL+"/v1/documents/"+id, key, nil, ""), http.StatusNotFound)
		got, _ := listAll(t, s.URL, key, nil, 50)
		var gotIDs []string
		for _, d := range got {
			gotIDs = append(gotIDs, d.ID)
		}
		if slices.Contains(gotIDs, id) || len(gotIDs) != len(ids)-1 {
			t.Errorf("after deleting %s the list is %q", id, gotIDs)
		}
		for _, f := range docs[n.Path].Findings {
			if f.Kind == "receipt_number" && slices.Contains(findingDocs(t, s, key, f.Value), id) {
				t.Errorf("findings look-up still lists the deleted document %s", id)
			}
		}
		if got := objectCopies(t, objects, n.Data); got != 0 {
			t.Errorf("%d copies of the deleted file left under %s", got, objects)
		}
	})
}

// receiptHolders picks the receipt number found in the most documents and
// returns it with their ids.
func receiptHolders(docs map[string]document) (string, []string) {
	holders := map[string][]string{}
	for _, d := range docs {
		for _, f := range d.Findings {
			if f.Kind == "receipt_number" && !slices.Contains(holders[f.Value], d.ID) {
				holders[f.Value] = append(holders[f.Value], d.ID)
			}
		}
	}
	best := ""
	for v, h := range holders {
		if best == "" || len(h) > len(holders[best]) || (len(h) == len(holders[best]) && v < best) {
			best = v
		}
	}
	return best, holders[best]
}

// findingDocs lists the ids of the documents holding a receipt number.
func findingDocs(tb testing.TB, s *Server, key, value string) []string {
	tb.Helper()
	var l documentList
	getJSON(tb, s.URL+"/v1/findings?"+url.Values{"kind": {"receipt_number"}, "value": {value}}.Encode(), key, &l)
	var ids []string
	for _, d := range l.Documents {
		ids = append(ids, d.ID)
	}
	return ids
}

// hyphenated writes a receipt number as EAC-21-900-12345.
func hyphenated(v string) string {
	if len(v) != 13 {
		return v
	}
	return v[:3] + "-" + v[3:5] + "-" + v[5:8] + "-" + v[8:]
}

func mustMetrics(tb testing.TB, s *Server, key string) string {
	tb.Helper()
	r := do(tb, http.MethodGet, s.URL+"/metrics", key, nil, "")
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/plain") {
		tb.Fatalf("/metrics: status %d, Content-Type %q; want 200 and Prometheus text", r.Status, r.Header.Get("Content-Type"))
	}
	return string(r.Body)
}

// truthKeys is the generator's truth in the form of findingKeys.
func truthKeys(t noticegen.Truth) []string {
	fs := make([]finding, len(t.Findings))
	for i, f := range t.Findings {
		fs[i] = finding{Kind: string(f.Kind), Value: f.Value}
	}
	return findingKeys(fs)
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
