package main_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestResultsTable runs every writer of the results table on born-digital
// notices, one with an Online Account Number that starts with 0 and one
// named like a formula: extract --format csv|xlsx, batch --out .csv|.xlsx
// (and an xlsx run resumed), and the real server's /v1/export.csv|.xlsx
// and batch results ?format=csv|xlsx. Every output has the one header;
// every workbook holds the 12 digits as a text cell and the name as text,
// not a formula.
func TestResultsTable(t *testing.T) {
	t.Parallel()
	const oan = "012345678901"
	dir := t.TempDir()
	files := map[string][]byte{
		"notice.pdf":  textPDF("U.S. Citizenship and Immigration Services", "USCIS Online Account Number: 0123 4567 8901", "Receipt Number: EAC2190012345"),
		"=SUM(1).pdf": textPDF("U.S. Citizenship and Immigration Services", "A-Number: A012345678"),
		"later.pdf":   textPDF("U.S. Citizenship and Immigration Services", "Receipt Number: IOE0912345678"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// The server's log check looks for these in its log.
	for _, v := range []string{oan, "EAC2190012345", "A012345678", "IOE0912345678"} {
		rememberIdentifier(v)
	}
	csvs := map[string][]byte{}
	books := map[string][]byte{}

	t.Run("Extract", func(t *testing.T) {
		out, stderr, code := runIn(t, dir, "extract", "--format", "csv", "--quiet", "notice.pdf", "=SUM(1).pdf")
		if code != 0 {
			t.Fatalf("extract csv: exit %d\n%s", code, stderr)
		}
		csvs["extract"] = []byte(out)
		out, stderr, code = runIn(t, dir, "extract", "--format", "xlsx", "--quiet", "notice.pdf", "=SUM(1).pdf")
		if code != 0 {
			t.Fatalf("extract xlsx: exit %d\n%s", code, stderr)
		}
		books["extract"] = []byte(out)
	})
	t.Run("Batch", func(t *testing.T) {
		for _, out := range []string{"rows.csv", "rows.xlsx"} {
			if _, stderr, code := runIn(t, dir, "batch", "--quiet", "--out", out, "notice.pdf", "=SUM(1).pdf"); code != 0 {
				t.Fatalf("batch --out %s: exit %d\n%s", out, code, stderr)
			}
		}
		csvs["batch"] = mustRead(t, filepath.Join(dir, "rows.csv"))
		books["batch"] = mustRead(t, filepath.Join(dir, "rows.xlsx"))
	})
	t.Run("BatchXLSXResumes", func(t *testing.T) {
		out := filepath.Join(dir, "resumed.xlsx")
		run := func(wantRows int, sources ...string) {
			t.Helper()
			args := append([]string{"batch", "--out", out}, sources...)
			if _, stderr, code := runIn(t, dir, args...); code != 0 {
				t.Fatalf("batch: exit %d\n%s", code, stderr)
			}
			rows := mustSheet(t, mustRead(t, out))
			if len(rows)-1 != wantRows {
				t.Fatalf("%d rows in the workbook, want %d", len(rows)-1, wantRows)
			}
		}
		run(1, "notice.pdf")
		run(1, "notice.pdf") // done already: no second row
		run(2, "notice.pdf", "later.pdf")
		if _, err := os.Stat(out + ".jsonl"); err != nil {
			t.Errorf("no rows kept beside the workbook: %v", err)
		}
		// A workbook that batch did not write is not replaced.
		foreign := filepath.Join(dir, "foreign.xlsx")
		if err := os.WriteFile(foreign, books["extract"], 0o600); err != nil {
			t.Fatal(err)
		}
		if _, stderr, code := runIn(t, dir, "batch", "--out", foreign, "notice.pdf"); code != 2 || !strings.Contains(stderr, "give another --out") {
			t.Errorf("batch over a foreign workbook: exit %d, want 2 and a hint\n%s", code, stderr)
		}
		if !bytes.Equal(mustRead(t, foreign), books["extract"]) {
			t.Error("the foreign workbook was changed")
		}
	})
	t.Run("Server", func(t *testing.T) {
		s := MustStartServer(t, ServerOptions{Workers: 1})
		key := s.MustCreateKey(t, "acme")
		for _, name := range []string{"notice.pdf", "=SUM(1).pdf"} {
			if _, d := upload(t, s.URL, key, filepath.Join(dir, name), uploadWait); d.Status != "complete" {
				t.Fatalf("%s: status %s (%s)", name, d.Status, d.Error)
			}
		}
		get := func(path, contentType string) []byte {
			t.Helper()
			r := do(t, http.MethodGet, s.URL+path, key, nil, "")
			if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), contentType) {
				t.Fatalf("GET %s: %d %s: %.300s", path, r.Status, r.Header.Get("Content-Type"), r.Body)
			}
			return r.Body
		}
		const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		csvs["export"] = get("/v1/export.csv", "text/csv")
		books["export"] = get("/v1/export.xlsx", xlsxType)

		body, ct := multipartBody(t, "notice.pdf", files["notice.pdf"])
		b := mustSubmitBatch(t, s.URL, key, body, ct)
		waitBatchDone(t, s.URL, key, b.ID, uploadWait)
		csvs["batch results"] = get("/v1/batches/"+b.ID+"/results?format=csv", "text/csv")
		books["batch results"] = get("/v1/batches/"+b.ID+"/results?format=xlsx", xlsxType)
	})

	if len(csvs) != 4 || len(books) != 4 {
		t.Fatalf("%d CSV files and %d workbooks; want 4 of each", len(csvs), len(books))
	}
	for from, data := range csvs {
		body, ok := bytes.CutPrefix(data, []byte("\ufeff"))
		if !ok || !bytes.Contains(body, []byte("\r\n")) {
			t.Errorf("%s CSV: want a byte order mark and CRLF line ends", from)
		}
		rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil || len(rows) < 2 {
			t.Fatalf("%s CSV: %d rows, %v", from, len(rows), err)
		}
		if !slices.Equal(rows[0], batchResultColumns) {
			t.Errorf("%s CSV header %q;\nwant %q", from, rows[0], batchResultColumns)
		}
		col := slices.Index(rows[0], "online_account_number")
		if !slices.ContainsFunc(rows[1:], func(r []string) bool { return r[col] == "'"+oan }) {
			t.Errorf("%s CSV: no online_account_number '%s", from, oan)
		}
	}
	for from, data := range books {
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s workbook: %v", from, err)
		}
		defer f.Close()
		rows, err := f.GetRows("Results")
		if err != nil || len(rows) < 2 {
			t.Fatalf("%s workbook: %d rows, %v", from, len(rows), err)
		}
		if !slices.Equal(rows[0], batchResultColumns) {
			t.Errorf("%s workbook header %q;\nwant %q", from, rows[0], batchResultColumns)
		}
		assertTextCell(t, f, from, oan)
		if from != "batch results" {
			assertTextCell(t, f, from, "=SUM(1).pdf")
		}
	}
}

// assertTextCell finds a cell showing want and checks that it is a
// string, not a number or a formula.
func assertTextCell(t *testing.T, f *excelize.File, from, want string) {
	t.Helper()
	rows, _ := f.GetRows("Results")
	for i, r := range rows {
		for j, v := range r {
			if v != want {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			typ, _ := f.GetCellType("Results", ref)
			formula, _ := f.GetCellFormula("Results", ref)
			if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString || formula != "" {
				t.Errorf("%s workbook: %s holds %q as type %v, formula %q; want text", from, ref, want, typ, formula)
			}
			return
		}
	}
	t.Errorf("%s workbook: no cell shows %q", from, want)
}

// mustSheet is the text of a workbook's Results sheet.
func mustSheet(tb testing.TB, data []byte) [][]string {
	tb.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		tb.Fatalf("open workbook: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows("Results")
	if err != nil {
		tb.Fatal(err)
	}
	return rows
}

func mustRead(tb testing.TB, path string) []byte {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// runIn runs noticescan in dir, so that file names are relative, and
// returns its outputs and exit code.
func runIn(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return (&batchFixture{bin: binary}).run(t, dir, nil, args...)
}

// textPDF is a born-digital one-page letter-size PDF that prints lines
// in Helvetica, one under the other, from the top left.
func textPDF(lines ...string) []byte {
	var content strings.Builder
	content.WriteString("BT /F1 12 Tf 72 720 Td 16 TL\n")
	esc := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`)
	for _, l := range lines {
		fmt.Fprintf(&content, "(%s) Tj T*\n", esc.Replace(l))
	}
	content.WriteString("ET\n")
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}
