package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/noticescan/noticescan/extractor"
)

// JSONL is r as one JSON line: the fields in Columns order, then every
// finding. pages and the confidences are numbers, warnings is an array,
// read_at_utc is RFC 3339 in UTC; an empty confidence or time is null.
func JSONL(r Row) ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	cols := Columns()
	for i, c := range r.cells() {
		var v any
		switch {
		case cols[i] == "warnings":
			v = r.Warnings
			if r.Warnings == nil {
				v = []string{}
			}
		case c.kind == cellInt && cols[i] == "pages", c.kind == cellConfidence:
			v = c.num
		case c.kind == cellEmpty && (cols[i] == TimeColumn || strings.HasSuffix(cols[i], "_confidence")):
			v = nil
		default:
			v = c.String()
		}
		if err := writeField(&b, cols[i], v); err != nil {
			return nil, fmt.Errorf("encode %s: %w", cols[i], err)
		}
	}
	findings := r.Findings
	if findings == nil {
		findings = []extractor.Finding{}
	}
	if err := writeField(&b, "findings", findings); err != nil {
		return nil, fmt.Errorf("encode findings: %w", err)
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

// writeField appends "key":value, with a comma after the opening brace.
func writeField(b *bytes.Buffer, key string, v any) error {
	if b.Len() > 1 {
		b.WriteByte(',')
	}
	k, _ := json.Marshal(key)
	b.Write(k)
	b.WriteByte(':')
	val, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b.Write(val)
	return nil
}

// jsonlRow is what ParseJSONL reads back: the fields a Row is made of.
// The per-kind columns are summaries of findings and are not read.
type jsonlRow struct {
	File       string              `json:"file"`
	SHA256     string              `json:"sha256"`
	Status     string              `json:"status"`
	Error      string              `json:"error"`
	MediaType  string              `json:"media_type"`
	Pages      int                 `json:"pages"`
	Warnings   []string            `json:"warnings"`
	Review     string              `json:"review"`
	DocumentID string              `json:"document_id"`
	ReadAt     *time.Time          `json:"read_at_utc"`
	Findings   []extractor.Finding `json:"findings"`
}

// ParseJSONL reads back a line that JSONL wrote.
func ParseJSONL(line []byte) (Row, error) {
	var j jsonlRow
	if err := json.Unmarshal(line, &j); err != nil {
		return Row{}, fmt.Errorf("not a JSON row: %v", err)
	}
	if j.File == "" {
		return Row{}, errors.New("a row without its file")
	}
	r := Row{File: j.File, SHA256: j.SHA256, Status: j.Status, Error: j.Error, MediaType: j.MediaType, Pages: j.Pages,
		Findings: j.Findings, Warnings: j.Warnings, Review: j.Review, DocumentID: j.DocumentID}
	if j.ReadAt != nil {
		r.ReadAt = j.ReadAt.UTC()
	}
	return r, nil
}
