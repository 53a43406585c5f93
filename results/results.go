// Package results holds what reading a document found — Outcome, the one
// type that carries it from the pipeline to the database — and writes
// batch output: one row per document, as JSONL or as CSV that spreadsheets
// open safely. The batch command writes rows to a file and the API streams
// them for a batch; both share these columns.
//
// It imports only the standard library and extractor, and never logs.
package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/noticescan/noticescan/extractor"
)

// Row is one document's line of output.
type Row struct {
	// File is how the document was named in its source: a path,
	// ARCHIVE!member, s3://bucket/key or an uploaded file name.
	File string
	// SHA256 is of the document's bytes; empty when it was refused unread.
	SHA256    string
	Status    string
	Error     string
	MediaType string
	Pages     int
	Findings  []extractor.Finding
	Warnings  []string
}

// BOM starts a CSV file so that spreadsheets read its names as UTF-8.
const BOM = "\ufeff"

// Columns names the CSV columns and, in the same order, the first JSONL
// fields.
func Columns() []string {
	cols := []string{"file", "sha256", "status", "error", "media_type", "pages"}
	for _, k := range extractor.Kinds() {
		cols = append(cols, string(k), string(k)+"_confidence", string(k)+"_page")
	}
	return append(cols, "warnings")
}

// CSVHeader is the start of a CSV file: the BOM and the header row.
func CSVHeader() []byte {
	var b bytes.Buffer
	b.WriteString(BOM)
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	w.Write(Columns()) // a bytes.Buffer does not fail
	w.Flush()
	return b.Bytes()
}

// kindSummary is what a row says about one kind of identifier.
type kindSummary struct {
	values, pages string
	best          float64
	n             int
}

func (r Row) kind(k extractor.Kind) kindSummary {
	var s kindSummary
	var values, pages []string
	for _, f := range r.Findings {
		if f.Kind != k {
			continue
		}
		values = append(values, f.Value)
		pages = append(pages, strconv.Itoa(f.Page))
		s.best = max(s.best, f.Confidence)
		s.n++
	}
	s.values, s.pages = strings.Join(values, ";"), strings.Join(pages, ";")
	return s
}

// CSV is r as one CRLF-terminated CSV line in Columns order.
func CSV(r Row) []byte {
	cells := []string{CSVText(r.File), r.SHA256, r.Status, CSVText(r.Error), CSVText(r.MediaType), strconv.Itoa(r.Pages)}
	for _, k := range extractor.Kinds() {
		s := r.kind(k)
		conf := ""
		if s.n > 0 {
			conf = strconv.FormatFloat(s.best, 'f', 3, 64)
		}
		cells = append(cells, CSVText(s.values), conf, s.pages)
	}
	cells = append(cells, CSVText(strings.Join(r.Warnings, "; ")))
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	w.Write(cells) // a bytes.Buffer does not fail
	w.Flush()
	return b.Bytes()
}

// JSONL is r as one JSON line: the fields in Columns order, then every
// finding.
func JSONL(r Row) ([]byte, error) {
	var b bytes.Buffer
	var err error
	field := func(key string, v any) {
		if err != nil {
			return
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(key)
		b.Write(k)
		b.WriteByte(':')
		var val []byte
		val, err = json.Marshal(v)
		b.Write(val)
	}
	b.WriteByte('{')
	field("file", r.File)
	field("sha256", r.SHA256)
	field("status", r.Status)
	field("error", r.Error)
	field("media_type", r.MediaType)
	field("pages", r.Pages)
	for _, k := range extractor.Kinds() {
		s := r.kind(k)
		var conf any
		if s.n > 0 {
			conf = s.best
		}
		field(string(k), s.values)
		field(string(k)+"_confidence", conf)
		field(string(k)+"_page", s.pages)
	}
	field("warnings", nonNil(r.Warnings))
	field("findings", nonNil(r.Findings))
	b.WriteString("}\n")
	return b.Bytes(), err
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// CSVText makes s one safe spreadsheet cell: line breaks become spaces,
// so a row stays one line, and formulas are disarmed by Cell.
func CSVText(s string) string {
	if strings.ContainsAny(s, "\r\n") {
		s = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
	}
	return Cell(s)
}

// Cell keeps a spreadsheet from running text as a formula: a value that
// starts with = + - @ (or a tab/CR) is prefixed with an apostrophe.
func Cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
