package results_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/results"
)

func TestCSV(t *testing.T) {
	r := results.Row{
		File: "=cmd|' /C calc'!A0.pdf", SHA256: "ab", Status: "complete", Error: "line one\nline two", Pages: 2,
		Findings: []extractor.Finding{
			{Kind: extractor.KindReceiptNumber, Value: "EAC2190012345", Page: 1, Confidence: 0.5},
			{Kind: extractor.KindReceiptNumber, Value: "IOE0912345678", Page: 2, Confidence: 0.75},
		},
		Warnings: []string{"a", "b"},
	}
	data := append(results.CSVHeader(), results.CSV(r)...)
	body, ok := bytes.CutPrefix(data, []byte(results.BOM))
	if !ok {
		t.Fatal("no byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	got := map[string]string{}
	for i, c := range rows[0] {
		got[c] = rows[1][i]
	}
	want := map[string]string{
		"file": "'=cmd|' /C calc'!A0.pdf", "error": "line one line two", "pages": "2",
		"receipt_number": "EAC2190012345;IOE0912345678", "receipt_number_confidence": "0.750",
		"receipt_number_page": "1;2", "a_number": "", "a_number_confidence": "", "warnings": "a; b",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if !slices.Equal(rows[0], results.Columns()) {
		t.Errorf("header %q", rows[0])
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
	if m["receipt_number_confidence"] != nil {
		t.Errorf("confidence without findings: %v", m["receipt_number_confidence"])
	}
	// Column order is the JSON field order.
	if !strings.HasPrefix(string(line), `{"file":"a.pdf","sha256":"","status":"failed","error":"unsupported type","media_type":"","pages":0,`) {
		t.Errorf("fields out of order: %s", line)
	}
}
