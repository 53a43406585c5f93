package results_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/results"
)

// sampleRow has a formula for a name, a line break in its error, an
// Online Account Number with a leading zero and two receipt numbers.
func sampleRow() results.Row {
	return results.Row{
		File: "=cmd|' /C calc'!A0.pdf", SHA256: "ab", Status: "complete", Error: "line one\nline two", Pages: 2,
		Findings: []extractor.Finding{
			{Kind: extractor.KindOnlineAccountNumber, Value: "012345678901", Page: 1, Confidence: 0.9},
			{Kind: extractor.KindReceiptNumber, Value: "EAC2190012345", Page: 1, Confidence: 0.5},
			{Kind: extractor.KindReceiptNumber, Value: "IOE0912345678", Page: 2, Confidence: 0.75},
		},
		Warnings:   []string{"a", "@b"},
		Review:     "receipt_number corrected by ana",
		DocumentID: "doc_1",
		ReadAt:     time.Date(2026, 12, 4, 9, 30, 15, 500, time.FixedZone("EST", -5*3600)),
	}
}

func TestCSV(t *testing.T) {
	data := append(results.CSVHeader(), results.CSV(sampleRow())...)
	body, ok := bytes.CutPrefix(data, []byte(results.BOM))
	if !ok {
		t.Fatal("no byte order mark")
	}
	if n := bytes.Count(body, []byte("\r\n")); n != 2 {
		t.Errorf("%d CRLF line ends, want 2", n)
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	if !slices.Equal(rows[0], results.Columns()) {
		t.Errorf("header %q", rows[0])
	}
	got := map[string]string{}
	for i, c := range rows[0] {
		got[c] = rows[1][i]
	}
	want := map[string]string{
		"file": "'=cmd|' /C calc'!A0.pdf", "error": "line one line two", "pages": "2",
		"online_account_number": "'012345678901", "online_account_number_page": "1",
		"receipt_number": "EAC2190012345;IOE0912345678", "receipt_number_confidence": "0.750",
		"receipt_number_page": "1;2", "a_number": "", "a_number_confidence": "", "warnings": "a; @b",
		"review": "receipt_number corrected by ana", "document_id": "doc_1", "read_at_utc": "2026-12-04T14:30:15Z",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

// TestCSV_FormulaGuard checks every cell that starts like a formula.
func TestCSV_FormulaGuard(t *testing.T) {
	for _, s := range []string{"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\r=1"} {
		line := results.CSV(results.Row{File: s, Status: "failed", Error: s, Warnings: []string{s}})
		rec, err := csv.NewReader(bytes.NewReader(line)).Read()
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range rec {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("%q: column %s is %q", s, results.Columns()[i], c)
			}
		}
	}
}

func TestJSONL(t *testing.T) {
	line, err := results.JSONL(results.Row{File: "a.pdf", Status: "failed", Error: "unsupported type"})
	if err != nil || !strings.HasSuffix(string(line), "}\n") || strings.Count(string(line), "\n") != 1 {
		t.Fatalf("line %q, %v", line, err)
	}
	var m map[string]any
	if err := json.Unmarshal(line, &m); err != nil {
		t.Fatal(err)
	}
	for _, c := range results.Columns() {
		if _, ok := m[c]; !ok {
			t.Errorf("field %s missing", c)
		}
	}
	if f, ok := m["findings"].([]any); !ok || len(f) != 0 {
		t.Errorf("findings %v, want []", m["findings"])
	}
	if w, ok := m["warnings"].([]any); !ok || len(w) != 0 {
		t.Errorf("warnings %v, want []", m["warnings"])
	}
	if m["receipt_number_confidence"] != nil || m[results.TimeColumn] != nil {
		t.Errorf("confidence %v and time %v of an unread document; want null", m["receipt_number_confidence"], m[results.TimeColumn])
	}
	// Column order is the JSON field order.
	if !strings.HasPrefix(string(line), `{"file":"a.pdf","sha256":"","status":"failed","error":"unsupported type","media_type":"","pages":0,`) {
		t.Errorf("fields out of order: %s", line)
	}
}

// TestParseJSONL reads back what JSONL wrote, as batch does to build a
// workbook from its rows.
func TestParseJSONL(t *testing.T) {
	r := sampleRow()
	line, err := results.JSONL(r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := results.ParseJSONL(line)
	if err != nil {
		t.Fatal(err)
	}
	want := r
	want.ReadAt = r.ReadAt.UTC().Truncate(time.Second)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, want)
	}
	for _, bad := range []string{"{", `{"status":"complete"}`, "[]"} {
		if _, err := results.ParseJSONL([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

// MustOpenXLSX writes rows to a workbook and opens it with excelize.
func mustOpenXLSX(tb testing.TB, rows ...results.Row) *excelize.File {
	tb.Helper()
	var b bytes.Buffer
	x, err := results.NewXLSX(&b)
	if err != nil {
		tb.Fatal(err)
	}
	for _, r := range rows {
		if err := x.Write(r); err != nil {
			tb.Fatal(err)
		}
	}
	if err := x.Close(); err != nil {
		tb.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		tb.Fatalf("open the workbook: %v", err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

func TestXLSX(t *testing.T) {
	long := results.Row{File: strings.Repeat("long name ", 20) + ".pdf", Status: "failed", Error: "unsupported type"}
	f := mustOpenXLSX(t, sampleRow(), long)
	rows, err := f.GetRows(results.Sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || !slices.Equal(rows[0], results.Columns()) {
		t.Fatalf("%d rows, header %q; want 3 and the columns", len(rows), rows[0])
	}
	col := func(name string, row int) string {
		t.Helper()
		ref, err := excelize.CoordinatesToCellName(slices.Index(results.Columns(), name)+1, row)
		if err != nil {
			t.Fatal(err)
		}
		return ref
	}
	t.Run("IdentifierIsText", func(t *testing.T) {
		ref := col("online_account_number", 2)
		typ, err := f.GetCellType(results.Sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := f.GetCellValue(results.Sheet, ref)
		if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString || v != "012345678901" {
			t.Errorf("%s is %q of type %v; want the 12 digits as text", ref, v, typ)
		}
	})
	t.Run("FormulaIsText", func(t *testing.T) {
		ref := col("file", 2)
		v, _ := f.GetCellValue(results.Sheet, ref)
		formula, _ := f.GetCellFormula(results.Sheet, ref)
		typ, _ := f.GetCellType(results.Sheet, ref)
		if v != sampleRow().File || formula != "" || typ != excelize.CellTypeInlineString {
			t.Errorf("file cell %q, formula %q, type %v; want the name as text", v, formula, typ)
		}
	})
	t.Run("HeaderFrozen", func(t *testing.T) {
		p, err := f.GetPanes(results.Sheet)
		if err != nil || !p.Freeze || p.YSplit != 1 || p.TopLeftCell != "A2" {
			t.Errorf("panes %+v, %v; want the first row frozen", p, err)
		}
	})
	t.Run("WidthsFromContent", func(t *testing.T) {
		width := func(name string) float64 {
			c, _, _ := excelize.SplitCellName(col(name, 1))
			w, err := f.GetColWidth(results.Sheet, c)
			if err != nil {
				t.Fatal(err)
			}
			return w
		}
		if f, s, p := width("file"), width("status"), width("pages"); f != 60 || s != 10 || p != 8 {
			t.Errorf("widths file %v, status %v, pages %v; want 60 (capped), 10 and 8", f, s, p)
		}
		if w := width("online_account_number"); w != float64(len("online_account_number")+2) {
			t.Errorf("online_account_number width %v", w)
		}
	})
	t.Run("TimeInUTC", func(t *testing.T) {
		ref := col(results.TimeColumn, 2)
		v, _ := f.GetCellValue(results.Sheet, ref)
		if v != "2026-12-04 14:30:15 UTC" {
			t.Errorf("%s shows %q; want the time in UTC, labelled", ref, v)
		}
		raw, _ := f.GetCellValue(results.Sheet, ref, excelize.Options{RawCellValue: true})
		if strings.Contains(raw, "UTC") {
			t.Errorf("time stored as text %q; want a date-time", raw)
		}
	})
	t.Run("PastTheSizingRows", func(t *testing.T) {
		many := make([]results.Row, 1500)
		for i := range many {
			many[i] = sampleRow()
		}
		rows, err := mustOpenXLSX(t, many...).GetRows(results.Sheet)
		if err != nil || len(rows) != 1501 || rows[1500][0] != sampleRow().File {
			t.Errorf("%d rows, %v; want the header and 1500", len(rows), err)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		rows, err := mustOpenXLSX(t).GetRows(results.Sheet)
		if err != nil || len(rows) != 1 || !slices.Equal(rows[0], results.Columns()) {
			t.Errorf("rows %q, %v; want the header alone", rows, err)
		}
	})
}
