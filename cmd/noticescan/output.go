package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"

	"github.com/noticescan/noticescan/pipeline"
	"github.com/noticescan/noticescan/results"
)

// reportWriter writes reports as they come, so a long run's output is
// usable even if it is stopped; a workbook is written whole at close.
type reportWriter struct {
	format string
	w      io.Writer
	xlsx   *results.XLSX
	n      int
}

func newReportWriter(format string, w io.Writer) (*reportWriter, error) {
	rw := &reportWriter{format: format, w: w}
	switch format {
	case "json", "jsonl":
	case "csv":
		if _, err := w.Write(results.CSVHeader()); err != nil {
			return nil, err
		}
	case "xlsx":
		if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			return nil, errors.New("--format xlsx writes a workbook, not text: send it to a file (> results.xlsx)")
		}
		x, err := results.NewXLSX(w)
		if err != nil {
			return nil, err
		}
		rw.xlsx = x
	default:
		return nil, fmt.Errorf("unknown --format %q: want json, jsonl, csv or xlsx", format)
	}
	return rw, nil
}

// rowFromReport is a report's row of the results table, read now.
func rowFromReport(r *pipeline.Report) results.Row {
	return results.Row{
		File: r.File, SHA256: r.SHA256, Status: string(r.Status), Error: r.Error,
		MediaType: r.MediaType, Pages: len(r.Pages), Findings: r.Findings, Warnings: r.Warnings,
		ReadAt: time.Now().UTC(),
	}
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
	case "xlsx":
		return rw.xlsx.Write(rowFromReport(r))
	}
	_, err := rw.w.Write(results.CSV(rowFromReport(r)))
	return err
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
	case "xlsx":
		return rw.xlsx.Close()
	}
	return nil
}
