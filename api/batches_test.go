package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/api"
	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/intake"
	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/results"
)

func TestServer_CreateBatch(t *testing.T) {
	t.Parallel()
	t.Run("S3SourceAccepted", func(t *testing.T) {
		var got intake.BatchSource
		stub := &stubBatches{createBatch: func(_ context.Context, _ string, src intake.BatchSource) (records.Batch, error) {
			got = src
			return records.Batch{ID: "bat_1", State: records.BatchListing}, nil
		}}
		h := MustServer(t, &stubService{}, api.Config{Batches: stub})
		rec := do(t, h, http.MethodPost, "/v1/batches", strings.NewReader(`{"source":"s3://scans-2024/inbox/a b/"}`), "Content-Type", "application/json")
		if rec.Code != http.StatusAccepted || rec.Header().Get("Location") != "/v1/batches/bat_1" {
			t.Fatalf("status %d, Location %q: %s", rec.Code, rec.Header().Get("Location"), rec.Body)
		}
		if got != (intake.BatchSource{Bucket: "scans-2024", Prefix: "inbox/a b/"}) {
			t.Fatalf("service got %+v", got)
		}
	})
	t.Run("FilesAccepted", func(t *testing.T) {
		stub := &stubBatches{}
		h := MustServer(t, &stubService{}, api.Config{Batches: stub})
		body, ct := MustForm(t, formPart{Field: "note", Body: []byte("x")},
			formPart{Field: "file", Filename: `C:\scans\a.pdf`, Body: []byte("one")},
			formPart{Field: "file", Filename: "b.png", Body: []byte("two")})
		rec := do(t, h, http.MethodPost, "/v1/batches", body, "Content-Type", ct)
		if rec.Code != http.StatusAccepted {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		if len(stub.files) != 2 || stub.files[0].Filename != "a.pdf" || string(stub.files[1].Body) != "two" || stub.files[0].Tenant != stubTenant {
			t.Fatalf("files handed over: %+v", stub.files)
		}
	})
	for _, tc := range []struct {
		name, contentType, body string
		status                  int
	}{
		{"ErrOtherScheme", "application/json", `{"source":"https://example.com/bucket/x"}`, http.StatusBadRequest},
		{"ErrLocalPath", "application/json", `{"source":"/etc/"}`, http.StatusBadRequest},
		{"ErrBadBucketName", "application/json", `{"source":"s3://Bad_Bucket/x"}`, http.StatusBadRequest},
		{"ErrNoSource", "application/json", `{}`, http.StatusBadRequest},
		{"ErrUnknownField", "application/json", `{"source":"s3://scans/","x":1}`, http.StatusBadRequest},
		{"ErrNotJSON", "application/json", `source=s3://scans/`, http.StatusBadRequest},
		{"ErrTooLarge", "application/json", `{"source":"s3://scans/` + strings.Repeat("a", 20<<10) + `"}`, http.StatusRequestEntityTooLarge},
		{"ErrOtherContentType", "text/plain", `s3://scans/`, http.StatusBadRequest},
		{"ErrNoBoundary", "multipart/form-data", `x`, http.StatusBadRequest},
		{"ErrSourceNotAvailable", "application/json", `{"source":"s3://missing/x"}`, http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stub := &stubBatches{createBatch: func(_ context.Context, _ string, src intake.BatchSource) (records.Batch, error) {
				return records.Batch{}, fmt.Errorf("open s3://%s: %w", src.Bucket, intake.ErrSourceNotAvailable)
			}}
			h := MustServer(t, &stubService{}, api.Config{Batches: stub})
			rec := do(t, h, http.MethodPost, "/v1/batches", strings.NewReader(tc.body), "Content-Type", tc.contentType)
			assertBatchProblem(t, rec.Code, rec.Header().Get("Content-Type"), rec.Body.Bytes(), tc.status)
		})
	}
	t.Run("ErrEmptyForm", func(t *testing.T) {
		stub := &stubBatches{}
		h := MustServer(t, &stubService{}, api.Config{Batches: stub})
		body, ct := MustForm(t, formPart{Field: "note", Body: []byte("x")})
		rec := do(t, h, http.MethodPost, "/v1/batches", body, "Content-Type", ct)
		assertBatchProblem(t, rec.Code, rec.Header().Get("Content-Type"), rec.Body.Bytes(), http.StatusBadRequest)
		if !strings.Contains(rec.Body.String(), `no \"file\" part`) {
			t.Errorf("detail does not say why: %s", rec.Body)
		}
	})
}

func assertBatchProblem(t *testing.T, code int, contentType string, body []byte, want int) {
	t.Helper()
	var p struct {
		Status int    `json:"status"`
		Detail string `json:"detail"`
	}
	if code != want || contentType != "application/problem+json" || json.Unmarshal(body, &p) != nil || p.Status != want || p.Detail == "" {
		t.Fatalf("got %d %s %s, want a %d problem", code, contentType, body, want)
	}
}

func TestServer_BatchResults(t *testing.T) {
	t.Parallel()
	rows := []results.Row{
		{File: "=HYPERLINK(1).pdf", SHA256: "ab", Status: "complete", MediaType: "application/pdf", Pages: 1,
			Findings: []extractor.Finding{{Kind: extractor.KindReceiptNumber, Value: "EAC2190012345", Page: 1, Confidence: 0.9}}},
		{File: "notes.txt", Status: "failed", Error: "unsupported type"},
	}
	stub := &stubBatches{
		batch: func(_ context.Context, tenant, id string) (records.Batch, error) {
			if tenant != stubTenant || id != "bat_1" {
				return records.Batch{}, records.ErrNotFound
			}
			return records.Batch{ID: id, State: records.BatchDone}, nil
		},
		batchResults: func(_ context.Context, _, _ string, fn func(results.Row) error) error {
			for _, r := range rows {
				if err := fn(r); err != nil {
					return err
				}
			}
			return nil
		},
	}
	h := MustServer(t, &stubService{}, api.Config{Batches: stub})
	t.Run("JSONLByDefault", func(t *testing.T) {
		rec := do(t, h, http.MethodGet, "/v1/batches/bat_1/results", nil)
		var want bytes.Buffer
		for _, r := range rows {
			line, _ := results.JSONL(r)
			want.Write(line)
		}
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/x-ndjson" || rec.Body.String() != want.String() {
			t.Fatalf("got %d %s:\n%s\nwant:\n%s", rec.Code, rec.Header().Get("Content-Type"), rec.Body, want.String())
		}
	})
	t.Run("CSV", func(t *testing.T) {
		rec := do(t, h, http.MethodGet, "/v1/batches/bat_1/results?format=csv", nil)
		want := string(results.CSVHeader()) + string(results.CSV(rows[0])) + string(results.CSV(rows[1]))
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") || rec.Body.String() != want {
			t.Fatalf("got %d %s:\n%q\nwant:\n%q", rec.Code, rec.Header().Get("Content-Type"), rec.Body, want)
		}
		if !strings.Contains(rec.Body.String(), "'=HYPERLINK(1).pdf") {
			t.Errorf("a formula-like file name is not disarmed: %q", rec.Body)
		}
	})
	t.Run("XLSX", func(t *testing.T) {
		rec := do(t, h, http.MethodGet, "/v1/batches/bat_1/results?format=xlsx", nil)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != results.XLSXContentType {
			t.Fatalf("got %d %s: %.200q", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
		}
		got := mustXLSXRows(t, rec.Body.Bytes())
		if len(got) != 3 || got[1][0] != rows[0].File || got[2][0] != rows[1].File {
			t.Errorf("workbook rows %q; want the header and both items", got)
		}
	})
	t.Run("ErrFormat", func(t *testing.T) {
		rec := do(t, h, http.MethodGet, "/v1/batches/bat_1/results?format=ods", nil)
		assertBatchProblem(t, rec.Code, rec.Header().Get("Content-Type"), rec.Body.Bytes(), http.StatusBadRequest)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		for _, target := range []string{"/v1/batches/bat_other/results", "/v1/batches/bat_other"} {
			rec := do(t, h, http.MethodGet, target, nil)
			assertBatchProblem(t, rec.Code, rec.Header().Get("Content-Type"), rec.Body.Bytes(), http.StatusNotFound)
			if !strings.Contains(rec.Body.String(), "No such batch") {
				t.Errorf("%s: %s", target, rec.Body)
			}
		}
	})
	t.Run("ErrBeforeFirstRow", func(t *testing.T) {
		failing := &stubBatches{batch: stub.batch, batchResults: func(context.Context, string, string, func(results.Row) error) error {
			return errors.New("database went away")
		}}
		h := MustServer(t, &stubService{}, api.Config{Batches: failing})
		for _, format := range []string{"jsonl", "csv", "xlsx"} {
			rec := do(t, h, http.MethodGet, "/v1/batches/bat_1/results?format="+format, nil)
			assertBatchProblem(t, rec.Code, rec.Header().Get("Content-Type"), rec.Body.Bytes(), http.StatusInternalServerError)
		}
	})
	t.Run("ErrStreamCut", func(t *testing.T) {
		failing := &stubBatches{batch: stub.batch, batchResults: func(_ context.Context, _, _ string, fn func(results.Row) error) error {
			if err := fn(rows[1]); err != nil {
				return err
			}
			return errors.New("database went away")
		}}
		h := MustServer(t, &stubService{}, api.Config{Batches: failing})
		rec := do(t, h, http.MethodGet, "/v1/batches/bat_1/results", nil)
		line, _ := results.JSONL(rows[1])
		if rec.Code != http.StatusOK || rec.Body.String() != string(line) {
			t.Fatalf("got %d %q; want the status and the first row sent, and the body cut", rec.Code, rec.Body)
		}
		// A workbook is sent whole or not at all.
		rec = do(t, h, http.MethodGet, "/v1/batches/bat_1/results?format=xlsx", nil)
		assertBatchProblem(t, rec.Code, rec.Header().Get("Content-Type"), rec.Body.Bytes(), http.StatusInternalServerError)
	})
}
