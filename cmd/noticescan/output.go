package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/noticescan/noticescan/pipeline"
	"github.com/noticescan/noticescan/results"
)

// reportWriter writes reports as they come, so a long run's output is
// usable even if it is stopped.
type reportWriter struct {
	format string
	w      io.Writer
	csv    *csv.Writer
	n      int
}

func newReportWriter(format string, w io.Writer) (*reportWriter, error) {
	rw := &reportWriter{format: format, w: w}
	switch format {
	case "json", "jsonl":
	case "csv":
		rw.csv = csv.NewWriter(w)
		if err := rw.csv.Write([]string{"file", "sha256", "status", "kind", "value", "display", "page", "confidence", "label", "source", "error"}); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unknown --format %q: want json, jsonl or csv", format)
	}
	return rw, nil
}

func (rw *reportWriter) write(r *pipeline.Report) error {
	switch rw.format {
	case "jsonl":
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(rw.w, "%s\n", b)
		return err
	case "json":
		b, err := json.MarshalIndent(r, "  ", "  ")
		if err != nil {
			return err
		}
		sep := ",\n  "
		if rw.n == 0 {
			sep = "[\n  "
		}
		rw.n++
		_, err = fmt.Fprintf(rw.w, "%s%s", sep, b)
		return err
	}
	base := []string{results.Cell(r.File), r.SHA256, string(r.Status)}
	if len(r.Findings) == 0 {
		return rw.csv.Write(append(base, "", "", "", "", "", "", "", results.Cell(r.Error)))
	}
	for _, f := range r.Findings {
		row := append(append([]string{}, base...), string(f.Kind), f.Value, results.Cell(f.Display), strconv.Itoa(f.Page),
			strconv.FormatFloat(f.Confidence, 'f', 3, 64), results.Cell(f.Label), string(f.Source), results.Cell(r.Error))
		if err := rw.csv.Write(row); err != nil {
			return err
		}
	}
	rw.csv.Flush()
	return rw.csv.Error()
}

func (rw *reportWriter) close() error {
	switch rw.format {
	case "json":
		end := "\n]\n"
		if rw.n == 0 {
			end = "[]\n"
		}
		_, err := io.WriteString(rw.w, end)
		return err
	case "csv":
		rw.csv.Flush()
		return rw.csv.Error()
	}
	return nil
}
