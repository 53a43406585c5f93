// Package results holds what reading a document found — Outcome, the one
// type that carries it from the pipeline to the database — and owns the one
// table layout of noticescan's output: a row per document, the same columns
// in the same order from `extract`, `batch` and the API exports, written as
// CSV, JSONL or an Excel workbook. The command line and the API build Rows;
// this package decides how each cell is spelled in each format.
//
// It imports only the standard library, extractor and excelize (the only
// package that does), and never logs.
package results

import (
	"strconv"
	"strings"
	"time"

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
	// Findings are the identifiers to report: after a person's review
	// where there was one (corrected values, rejected ones left out).
	Findings []extractor.Finding
	Warnings []string
	// Review sums up a person's decisions on the findings; empty where
	// nobody reviewed them (always, on the command line).
	Review string
	// DocumentID is the server's id of the document; empty on the
	// command line.
	DocumentID string
	// ReadAt is when reading the document ended; zero while it is queued.
	ReadAt time.Time
}

// TimeColumn names the one time column: its values are in UTC, and the
// name says so wherever the header is read.
const TimeColumn = "read_at_utc"

// Columns names the table's columns, in order: the header of the CSV and
// of the workbook, and the first fields of a JSONL row.
func Columns() []string {
	cols := []string{"file", "sha256", "status", "error", "media_type", "pages"}
	for _, k := range extractor.Kinds() {
		cols = append(cols, string(k), string(k)+"_confidence", string(k)+"_page")
	}
	return append(cols, "warnings", "review", "document_id", TimeColumn)
}

// cellKind is what a cell holds, which decides how each format spells it.
type cellKind uint8

const (
	cellEmpty cellKind = iota
	// cellText is free text: names, errors, warnings.
	cellText
	// cellID is one or more identifiers: text that a spreadsheet must not
	// turn into a number.
	cellID
	cellInt
	// cellConfidence is a number between 0 and 1, shown with 3 decimals.
	cellConfidence
	// cellTime is a UTC time.
	cellTime
)

// cell is one typed value of a row.
type cell struct {
	kind cellKind
	text string
	num  float64
	at   time.Time
}

// String is the cell as CSV and JSONL spell it, before the CSV guards.
func (c cell) String() string {
	switch c.kind {
	case cellInt:
		return strconv.Itoa(int(c.num))
	case cellConfidence:
		return strconv.FormatFloat(c.num, 'f', 3, 64)
	case cellTime:
		return c.at.UTC().Format(time.RFC3339)
	}
	return c.text
}

// multi joins the values of a column that can hold several, such as the
// receipt numbers of one document.
const multi = ";"

// cells is r in Columns order.
func (r Row) cells() []cell {
	text := func(s string) cell {
		if s == "" {
			return cell{}
		}
		return cell{kind: cellText, text: s}
	}
	cs := []cell{text(r.File), text(r.SHA256), text(r.Status), text(r.Error), text(r.MediaType),
		{kind: cellInt, num: float64(r.Pages)}}
	for _, k := range extractor.Kinds() {
		var values, pages []string
		var best float64
		for _, f := range r.Findings {
			if f.Kind != k {
				continue
			}
			values = append(values, f.Value)
			pages = append(pages, strconv.Itoa(f.Page))
			best = max(best, f.Confidence)
		}
		if len(values) == 0 {
			cs = append(cs, cell{}, cell{}, cell{})
			continue
		}
		page := cell{kind: cellText, text: strings.Join(pages, multi)}
		if len(pages) == 1 {
			n, _ := strconv.Atoi(pages[0])
			page = cell{kind: cellInt, num: float64(n)}
		}
		cs = append(cs, cell{kind: cellID, text: strings.Join(values, multi)}, cell{kind: cellConfidence, num: best}, page)
	}
	cs = append(cs, text(strings.Join(r.Warnings, "; ")), text(r.Review), text(r.DocumentID))
	if r.ReadAt.IsZero() {
		return append(cs, cell{})
	}
	return append(cs, cell{kind: cellTime, at: r.ReadAt.UTC().Truncate(time.Second)})
}
