package main_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"maps"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/noticescan/noticescan/noticegen"
	"github.com/noticescan/noticescan/storage/s3"
)

// batch is GET /v1/batches/{id} as the tests read it.
type batch struct {
	ID          string      `json:"id"`
	Source      string      `json:"source"`
	State       string      `json:"state"`
	Error       string      `json:"error"`
	Counts      batchCounts `json:"counts"`
	Identifiers int         `json:"identifiers"`
	CreatedAt   time.Time   `json:"created_at"`
	FinishedAt  *time.Time  `json:"finished_at"`
}

type batchCounts struct {
	Total      int `json:"total"`
	Queued     int `json:"queued"`
	Processing int `json:"processing"`
	Complete   int `json:"complete"`
	Partial    int `json:"partial"`
	Failed     int `json:"failed"`
}

// batchResultColumns are the columns of the results table, as the README
// documents them: the header of every CSV and workbook.
var batchResultColumns = []string{"file", "sha256", "status", "error", "media_type", "pages",
	"online_account_number", "online_account_number_confidence", "online_account_number_page",
	"receipt_number", "receipt_number_confidence", "receipt_number_page",
	"a_number", "a_number_confidence", "a_number_page", "warnings", "review", "document_id", "read_at_utc"}

// mustSubmitBatch posts a batch and checks the 202 and its Location.
func mustSubmitBatch(tb testing.TB, baseURL, key string, body []byte, contentType string) batch {
	tb.Helper()
	r := do(tb, http.MethodPost, baseURL+"/v1/batches", key, bytes.NewReader(body), contentType)
	if r.Status != http.StatusAccepted {
		tb.Fatalf("POST /v1/batches: status %d, want 202; body: %s", r.Status, r.Body)
	}
	var b batch
	mustDecode(tb, r, &b)
	if b.ID == "" || r.Header.Get("Location") != "/v1/batches/"+b.ID {
		tb.Fatalf("POST /v1/batches: id %q, Location %q", b.ID, r.Header.Get("Location"))
	}
	return b
}

// waitBatchDone polls a batch until it is done.
func waitBatchDone(tb testing.TB, baseURL, key, id string, timeout time.Duration) batch {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for {
		var b batch
		getJSON(tb, baseURL+"/v1/batches/"+id, key, &b)
		if c := b.Counts; c.Queued+c.Processing+c.Complete+c.Partial+c.Failed != c.Total {
			tb.Fatalf("batch counts %+v do not add up to the total", c)
		}
		if b.State == "done" {
			return b
		}
		if time.Now().After(deadline) {
			tb.Fatalf("batch %s still %s after %s: %+v", id, b.State, timeout, b.Counts)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// batchResultRow is one JSONL row of batch results.
type batchResultRow struct {
	File     string    `json:"file"`
	SHA256   string    `json:"sha256"`
	Status   string    `json:"status"`
	Error    string    `json:"error"`
	Pages    int       `json:"pages"`
	Receipt  string    `json:"receipt_number"`
	Findings []finding `json:"findings"`
}

func mustBatchJSONL(tb testing.TB, baseURL, key, id string) map[string]batchResultRow {
	tb.Helper()
	r := do(tb, http.MethodGet, baseURL+"/v1/batches/"+id+"/results", key, nil, "")
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/x-ndjson" {
		tb.Fatalf("GET results: %d %s: %.300s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	rows := map[string]batchResultRow{}
	for _, line := range strings.Split(strings.TrimSuffix(string(r.Body), "\n"), "\n") {
		var row batchResultRow
		if err := json.Unmarshal([]byte(line), &row); err != nil {
			tb.Fatalf("results line %q: %v", line, err)
		}
		if _, dup := rows[row.File]; dup {
			tb.Fatalf("results: %s twice", row.File)
		}
		rows[row.File] = row
	}
	return rows
}

func mustBatchCSV(tb testing.TB, baseURL, key, id string) [][]string {
	tb.Helper()
	r := do(tb, http.MethodGet, baseURL+"/v1/batches/"+id+"/results?format=csv", key, nil, "")
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		tb.Fatalf("GET results?format=csv: %d %s: %.300s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	body, ok := bytes.CutPrefix(r.Body, []byte("\ufeff"))
	if !ok {
		tb.Error("CSV results do not start with a UTF-8 byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		tb.Fatalf("CSV results: %v", err)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], batchResultColumns) {
		tb.Fatalf("CSV header %q, want %q", rows[0], batchResultColumns)
	}
	return rows[1:]
}

// TestServe_Batches submits batches to the real server, by S3 prefix on a
// real S3 server and as uploaded files, waits for them, and checks their
// results, in both formats, against the generator's truth.
func TestServe_Batches(t *testing.T) {
	t.Parallel()
	// Born-digital PDFs: their text layer must give exactly the truth.
	notices := mustGenerate(t, noticegen.Options{
		Seed: 21, Count: 3, Formats: []noticegen.Format{noticegen.FormatPDFDigital},
		Degradations: []noticegen.Level{noticegen.LevelNone}, DPIs: []int{100}, MaxPages: 1,
	})
	srv := mustStartS3(t)
	s := MustStartServer(t, ServerOptions{
		Args: []string{"--s3-endpoint", srv.Endpoint, "--s3-tls=false", "--s3-bucket", "noticescan-store", "--s3-region", srv.Region},
		Env:  []string{"NOTICESCAN_S3_ACCESS_KEY=" + srv.AccessKey, "NOTICESCAN_S3_SECRET_KEY=" + srv.SecretKey},
	})
	key := s.MustCreateKey(t, "acme")
	otherKey := s.MustCreateKey(t, "globex")
	s.MustAllowSource(t, "acme", "s3://intake/scans/")
	// Granted, yet the service's own bucket and a missing one stay closed.
	s.MustAllowSource(t, "acme", "s3://noticescan-store/")
	s.MustAllowSource(t, "acme", "s3://no-such-bucket/")

	ctx := context.Background()
	intake, err := s3.New(ctx, s3.Config{Endpoint: srv.Endpoint, Bucket: "intake", Region: srv.Region,
		AccessKey: srv.AccessKey, SecretKey: srv.SecretKey, CreateBucket: true})
	if err != nil {
		t.Fatal(err)
	}
	put := func(key string, data []byte) {
		if err := intake.Put(ctx, key, bytes.NewReader(data), int64(len(data)), ""); err != nil {
			t.Fatal(err)
		}
	}
	byFile := map[string]notice{}
	for i, n := range notices {
		name := n.Truth.File
		// People name files after their receipt numbers: the key must
		// reach no log.
		if i == 0 && len(n.Truth.Findings) > 0 {
			name = "notice " + n.Truth.Findings[0].Value + ".pdf"
		}
		put("scans/2024/"+name, n.Data)
		byFile["s3://intake/scans/2024/"+name] = n
	}
	put("scans/2024/notes.txt", []byte("call the office on Monday\n"))
	put("scans/2024/more.zip", []byte("PK\x03\x04 not opened from a bucket"))
	put("elsewhere/outside.pdf", notices[0].Data)
	refusedKeys := []string{"s3://intake/scans/2024/notes.txt", "s3://intake/scans/2024/more.zip"}
	wantIdentifiers := 0
	for _, n := range notices {
		wantIdentifiers += len(truthKeys(n.Truth))
	}

	t.Run("S3Prefix", func(t *testing.T) {
		body, _ := json.Marshal(map[string]string{"source": "s3://intake/scans/2024/"})
		b := mustSubmitBatch(t, s.URL, key, body, "application/json")
		if b.State != "listing" || b.Source != "s3://intake/scans/2024/" {
			t.Errorf("new batch: state %q source %q, want listing the prefix", b.State, b.Source)
		}
		b = waitBatchDone(t, s.URL, key, b.ID, 2*time.Minute)
		want := batchCounts{Total: 5, Complete: 3, Failed: 2}
		if b.Counts != want || b.Identifiers != wantIdentifiers || b.FinishedAt == nil || b.Error != "" {
			t.Fatalf("done batch: %+v, %d identifiers, finished %v, error %q; want %+v, %d", b.Counts, b.Identifiers, b.FinishedAt, b.Error, want, wantIdentifiers)
		}

		rows := mustBatchJSONL(t, s.URL, key, b.ID)
		if len(rows) != 5 {
			t.Fatalf("%d result rows, want 5: %v", len(rows), slices.Sorted(maps.Keys(rows)))
		}
		for file, n := range byFile {
			r, ok := rows[file]
			if !ok {
				t.Errorf("no row for %s", n.Truth.File)
				continue
			}
			if r.Status != "complete" || r.SHA256 != n.SHA || r.Pages != n.Truth.Pages {
				t.Errorf("%s: status %s sha256 %s pages %d; want complete %s %d", n.Truth.File, r.Status, r.SHA256, r.Pages, n.SHA, n.Truth.Pages)
			}
			if got, want := findingKeys(r.Findings), truthKeys(n.Truth); !slices.Equal(got, want) {
				t.Errorf("%s: found %q, the notice holds %q", n.Truth.File, got, want)
			}
		}
		for _, file := range refusedKeys {
			if r := rows[file]; r.Status != "failed" || r.Error == "" || r.SHA256 != "" {
				t.Errorf("%s: %+v, want failed with a reason", file, r)
			}
		}

		csvRows := mustBatchCSV(t, s.URL, key, b.ID)
		if len(csvRows) != 5 {
			t.Fatalf("%d CSV rows, want 5", len(csvRows))
		}
		for _, row := range csvRows {
			n, ok := byFile[row[0]]
			if !ok {
				continue
			}
			var receipts []string
			for _, f := range n.Truth.Findings {
				if f.Kind == "receipt_number" {
					receipts = append(receipts, f.Value)
				}
			}
			var got []string
			if row[9] != "" {
				got = strings.Split(row[9], ";")
			}
			if row[2] != "complete" || !sameSet(got, receipts) {
				t.Errorf("CSV %s: status %s receipt numbers %q, want complete %q", n.Truth.File, row[2], row[9], receipts)
			}
		}

		var list struct {
			Batches []batch `json:"batches"`
		}
		getJSON(t, s.URL+"/v1/batches", key, &list)
		if !slices.ContainsFunc(list.Batches, func(l batch) bool { return l.ID == b.ID && l.Counts == want }) {
			t.Errorf("GET /v1/batches does not list %s done: %+v", b.ID, list.Batches)
		}

		t.Run("OtherTenantNotFound", func(t *testing.T) {
			for _, target := range []string{"/v1/batches/" + b.ID, "/v1/batches/" + b.ID + "/results"} {
				assertProblem(t, do(t, http.MethodGet, s.URL+target, otherKey, nil, ""), http.StatusNotFound)
			}
			var list struct {
				Batches []batch `json:"batches"`
			}
			getJSON(t, s.URL+"/v1/batches", otherKey, &list)
			if len(list.Batches) != 0 {
				t.Errorf("another tenant lists %d batches", len(list.Batches))
			}
		})
	})

	t.Run("UploadedFiles", func(t *testing.T) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		add := func(name string, data []byte) {
			part, err := w.CreateFormFile("file", name)
			if err != nil {
				t.Fatal(err)
			}
			part.Write(data)
		}
		for _, n := range notices {
			add(n.Truth.File, n.Data)
		}
		add("copy.pdf", notices[1].Data)
		add("empty.pdf", nil)
		w.Close()
		b := mustSubmitBatch(t, s.URL, key, buf.Bytes(), w.FormDataContentType())
		// Every file is stored and queued (or known) before the answer.
		if b.State == "listing" || b.Counts.Total != 5 {
			t.Fatalf("new batch: %s %+v; want every file in it", b.State, b.Counts)
		}
		b = waitBatchDone(t, s.URL, key, b.ID, 2*time.Minute)
		if want := (batchCounts{Total: 5, Complete: 4, Failed: 1}); b.Counts != want {
			t.Fatalf("done batch: %+v, want %+v", b.Counts, want)
		}
		rows := mustBatchJSONL(t, s.URL, key, b.ID)
		for _, n := range notices {
			r := rows[n.Truth.File]
			if r.Status != "complete" || r.SHA256 != n.SHA || !slices.Equal(findingKeys(r.Findings), truthKeys(n.Truth)) {
				t.Errorf("%s: %+v, want complete with %q", n.Truth.File, r, truthKeys(n.Truth))
			}
		}
		if r := rows["copy.pdf"]; r.SHA256 != notices[1].SHA || r.Status != "complete" {
			t.Errorf("copy.pdf: %+v, want the same document as %s", r, notices[1].Truth.File)
		}
		if r := rows["empty.pdf"]; r.Status != "failed" || r.Error == "" {
			t.Errorf("empty.pdf: %+v, want failed with a reason", r)
		}
		// Documents the tenant already had were linked, not made again.
		if docs, _ := listAll(t, s.URL, key, nil, 100); len(docs) != len(notices) {
			t.Errorf("%d documents, want %d: batches share the tenant's documents", len(docs), len(notices))
		}
	})

	t.Run("BadRequests", func(t *testing.T) {
		post := func(body, contentType string) response {
			return do(t, http.MethodPost, s.URL+"/v1/batches", key, strings.NewReader(body), contentType)
		}
		assertProblem(t, post(`{"source":"https://intake.example.com/scans/"}`, "application/json"), http.StatusBadRequest)
		assertProblem(t, post(`{"source":"file:///etc/"}`, "application/json"), http.StatusBadRequest)
		assertProblem(t, post(`{"source":"s3://no-such-bucket/x/"}`, "application/json"), http.StatusNotFound)
		// The service's own bucket holds every tenant's files.
		assertProblem(t, post(`{"source":"s3://noticescan-store/"}`, "application/json"), http.StatusNotFound)
		body, ct := multipartBody(t, "", nil)
		empty := strings.Replace(string(body), `name="file"`, `name="note"`, 1)
		assertProblem(t, post(empty, ct), http.StatusBadRequest)
		assertProblem(t, post("{}", "text/plain"), http.StatusBadRequest)
		assertProblem(t, do(t, http.MethodGet, s.URL+"/v1/batches/bat_nope", key, nil, ""), http.StatusNotFound)
		assertProblem(t, do(t, http.MethodGet, s.URL+"/v1/batches", "", nil, ""), http.StatusUnauthorized)
	})

	if logs := s.Logs(); strings.Contains(logs, "scans/2024") || strings.Contains(logs, "outside.pdf") {
		t.Errorf("the server log names an object key")
	}
}
