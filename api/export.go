package api

import (
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/results"
)

// maxExportPages bounds one export to this many listing pages of 500.
const maxExportPages = 40

// exportCSV handles GET /v1/export.csv.
func (s *Server) exportCSV(c *gin.Context) { s.export(c, "csv") }

// exportXLSX handles GET /v1/export.xlsx.
func (s *Server) exportXLSX(c *gin.Context) { s.export(c, "xlsx") }

// export sends the documents a listing with the same status and q would
// give, every page of them, a row each in the results table.
func (s *Server) export(c *gin.Context, format string) {
	ctx := c.Request.Context()
	status, err := statusParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	f := records.Filter{Status: status, Query: c.Query("q"), Limit: 500}
	// Gather first: a failure half-way must be a problem, not a cut file.
	var docs []records.Document
	for range maxExportPages {
		list, err := s.svc.Documents(ctx, tenantOf(ctx), f)
		if err != nil {
			s.fail(c, err)
			return
		}
		docs = append(docs, list.Documents...)
		if list.Next == "" {
			break
		}
		f.Cursor = list.Next
	}
	t, err := startTable(c, format, "noticescan-"+time.Now().UTC().Format("2006-01-02"))
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, d := range docs {
		if err = t.write(documentRow(d)); err != nil {
			break
		}
	}
	if err == nil {
		err = t.close()
	}
	if err != nil {
		s.endTable(c, t, err)
	}
}

// endTable handles a table that failed: a problem if nothing went out
// yet, else a logged error and a cut response.
func (s *Server) endTable(c *gin.Context, t *tableWriter, err error) {
	if !t.abort() {
		s.fail(c, err)
		return
	}
	_ = c.Error(err)
	c.Abort()
}

// documentRow is d's row: its findings as reviewed (corrected values, no
// rejected ones) and who decided what.
func documentRow(d records.Document) results.Row {
	v := present(d)
	r := results.Row{
		File: v.Filename, SHA256: d.SHA256, Status: string(d.Status), Error: d.Error, MediaType: d.MediaType,
		Pages: len(d.Pages), Warnings: d.Warnings, DocumentID: d.ID,
	}
	if d.CompletedAt != nil {
		r.ReadAt = *d.CompletedAt
	}
	var review []string
	for _, f := range v.Findings {
		if f.Review != "" {
			review = append(review, fmt.Sprintf("%s %s by %s", f.Kind, f.Review, f.ReviewedBy))
		}
		if f.Review == stateRejected {
			continue
		}
		found := f.Finding
		found.Value, found.Display = f.Value, f.Display
		r.Findings = append(r.Findings, found)
	}
	r.Review = strings.Join(review, "; ")
	return r
}

// tableWriter writes a results table to a response: CSV and JSONL row by
// row, a workbook whole at close. The status line goes out with the
// first row, or with the workbook, so that an error before then is still
// answered as a problem.
type tableWriter struct {
	c      *gin.Context
	format string
	name   string
	xlsx   *results.XLSX
	begun  bool
}

// startTable starts a table in format (csv, xlsx or jsonl) to be sent as
// name.format.
func startTable(c *gin.Context, format, name string) (*tableWriter, error) {
	t := &tableWriter{c: c, format: format, name: name}
	if format == "xlsx" {
		x, err := results.NewXLSX(c.Writer)
		if err != nil {
			return nil, err
		}
		t.xlsx = x
	}
	return t, nil
}

// begin sends the headers and status, and the CSV header row.
func (t *tableWriter) begin() error {
	if t.begun {
		return nil
	}
	t.begun = true
	h := t.c.Writer.Header()
	switch t.format {
	case "xlsx":
		h.Set("Content-Type", results.XLSXContentType)
	case "jsonl":
		h.Set("Content-Type", "application/x-ndjson")
	default:
		h.Set("Content-Type", "text/csv; charset=utf-8")
	}
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": t.name + "." + t.format}))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	t.c.Status(http.StatusOK)
	if t.format == "csv" {
		_, err := t.c.Writer.Write(results.CSVHeader())
		return err
	}
	return nil
}

// write adds a row.
func (t *tableWriter) write(r results.Row) error {
	r.File = stripBidi(r.File)
	if t.xlsx != nil {
		return t.xlsx.Write(r)
	}
	line := results.CSV(r)
	if t.format == "jsonl" {
		var err error
		if line, err = results.JSONL(r); err != nil {
			return err
		}
	}
	if err := t.begin(); err != nil {
		return err
	}
	_, err := t.c.Writer.Write(line)
	return err
}

// close ends the table: a workbook goes out whole now.
func (t *tableWriter) close() error {
	if err := t.begin(); err != nil {
		return err
	}
	if t.xlsx != nil {
		return t.xlsx.Close()
	}
	return nil
}

// abort frees what a table that will not be finished holds, and says
// whether a response is already on its way.
func (t *tableWriter) abort() (begun bool) {
	if t.xlsx != nil {
		t.xlsx.Discard()
	}
	return t.begun
}

// statusParam parses ?status, empty for any.
func statusParam(c *gin.Context) (records.Status, error) {
	st := records.Status(c.Query("status"))
	if st != "" && !slices.Contains([]records.Status{records.StatusQueued, records.StatusProcessing,
		records.StatusComplete, records.StatusPartial, records.StatusFailed}, st) {
		return "", badRequest("The status parameter must be one of queued, processing, complete, partial or failed.")
	}
	return st, nil
}
