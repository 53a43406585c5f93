package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/noticescan/noticescan/api"
	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/results"
)

// exportService lists two pages: a reviewed document whose name is a
// formula and whose Online Account Number starts with 0, then a failed
// one.
func exportService(calls *int) *stubService {
	at := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	return &stubService{documents: func(_ context.Context, _ string, f records.Filter) (records.DocumentList, error) {
		*calls++
		if f.Cursor == "" {
			return records.DocumentList{Next: "c2", Documents: []records.Document{{ID: "d1", Filename: "=HYPERLINK(\"http://x\")",
				Status: records.StatusComplete, CreatedAt: at, CompletedAt: &at, Pages: []results.Page{{}},
				Findings: []extractor.Finding{
					{Kind: extractor.KindANumber, Value: "A123456789", Confidence: 0.5, Page: 1},
					{Kind: extractor.KindOnlineAccountNumber, Value: "012345678901", Confidence: 0.9, Page: 1},
					{Kind: extractor.KindReceiptNumber, Value: "EAC2190012345", Confidence: 0.4, Page: 1},
				},
				Reviews: []records.Review{
					{Finding: 0, Action: records.ReviewCorrect, Value: "A987654321", Reviewer: "local", At: at},
					{Finding: 2, Action: records.ReviewReject, Reviewer: "local", At: at},
				}}}}, nil
		}
		return records.DocumentList{Documents: []records.Document{{ID: "d2", Filename: "-2+3", Status: records.StatusFailed, CreatedAt: at}}}, nil
	}}
}

func TestServer_ExportCSV(t *testing.T) {
	t.Parallel()
	var calls int
	srv := MustServer(t, exportService(&calls), api.Config{})
	rec := do(t, srv, http.MethodGet, "/v1/export.csv?status=complete", nil)
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
		t.Fatalf("%d %s: %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	body, ok := bytes.CutPrefix(rec.Body.Bytes(), []byte(results.BOM))
	if !ok {
		t.Error("no byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || calls != 2 {
		t.Fatalf("%d rows from %d listing calls; want header and two documents from both pages:\n%v", len(rows), calls, rows)
	}
	if !slices.Equal(rows[0], results.Columns()) {
		t.Errorf("header %q; want the results table's", rows[0])
	}
	got := map[string]string{}
	for i, c := range rows[0] {
		got[c] = rows[1][i]
	}
	want := map[string]string{
		"file": `'=HYPERLINK("http://x")`, "document_id": "d1", "pages": "1",
		"a_number": "A987654321", "online_account_number": "'012345678901", "receipt_number": "",
		"review": "a_number corrected by local; receipt_number rejected by local", "read_at_utc": "2026-11-28T09:00:00Z",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if rows[2][0] != "'-2+3" {
		t.Errorf("file name %q; want the formula defused", rows[2][0])
	}
	if rec := do(t, srv, http.MethodGet, "/v1/export.csv?status=done", nil); rec.Code != http.StatusBadRequest {
		t.Errorf("bad status: %d; want 400", rec.Code)
	}
}

func TestServer_ExportXLSX(t *testing.T) {
	t.Parallel()
	var calls int
	srv := MustServer(t, exportService(&calls), api.Config{})
	rec := do(t, srv, http.MethodGet, "/v1/export.xlsx", nil)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != results.XLSXContentType ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("%d %s %s", rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Content-Disposition"))
	}
	f := mustXLSX(t, rec.Body.Bytes())
	rows, err := f.GetRows(results.Sheet)
	if err != nil || len(rows) != 3 || !slices.Equal(rows[0], results.Columns()) {
		t.Fatalf("rows %q, %v; want the results table's header and two documents", rows, err)
	}
	ref, _ := excelize.CoordinatesToCellName(slices.Index(results.Columns(), "online_account_number")+1, 2)
	typ, _ := f.GetCellType(results.Sheet, ref)
	if v, _ := f.GetCellValue(results.Sheet, ref); v != "012345678901" || typ != excelize.CellTypeInlineString {
		t.Errorf("%s = %q of type %v; want the 12 digits as text", ref, v, typ)
	}
	if v, _ := f.GetCellValue(results.Sheet, "A3"); v != "-2+3" {
		t.Errorf("file %q; want the name as text, unchanged", v)
	}
	if rec := do(t, srv, http.MethodGet, "/v1/export.xlsx?status=done", nil); rec.Code != http.StatusBadRequest {
		t.Errorf("bad status: %d; want 400", rec.Code)
	}
}

// mustXLSX opens a workbook.
func mustXLSX(tb testing.TB, data []byte) *excelize.File {
	tb.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		tb.Fatalf("open workbook: %v", err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

// mustXLSXRows is the text of a workbook's results sheet.
func mustXLSXRows(tb testing.TB, data []byte) [][]string {
	tb.Helper()
	rows, err := mustXLSX(tb, data).GetRows(results.Sheet)
	if err != nil {
		tb.Fatal(err)
	}
	return rows
}
