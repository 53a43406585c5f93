package api

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/noticescan/noticescan/records"
)

// maxExportPages bounds one CSV export to this many listing pages of 500.
const maxExportPages = 40

// csvHeader names the export's columns: one row per finding, and one
// with empty finding columns for a document without any.
var csvHeader = []string{"document_id", "filename", "status", "uploaded_at", "kind", "value", "original_value",
	"review", "reviewed_by", "confidence", "page"}

// exportCSV handles GET /v1/export.csv: the documents a listing with the
// same status and q would give, every page of them, with their findings.
func (s *Server) exportCSV(c *gin.Context) {
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
	h := c.Writer.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="noticescan-`+time.Now().UTC().Format("2006-01-02")+`.csv"`)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	c.Status(http.StatusOK)
	w := csv.NewWriter(c.Writer)
	_ = w.Write(csvHeader)
	for _, d := range docs {
		v := present(d)
		base := []string{d.ID, v.Filename, string(d.Status), d.CreatedAt.UTC().Format(time.RFC3339)}
		if len(v.Findings) == 0 {
			_ = w.Write(safeCells(append(base, "", "", "", "", "", "", "")))
			continue
		}
		for _, f := range v.Findings {
			_ = w.Write(safeCells(append(slices.Clip(base), string(f.Kind), f.Value, f.OriginalValue, f.Review, f.ReviewedBy,
				strconv.FormatFloat(f.Confidence, 'f', 2, 64), strconv.Itoa(f.Page))))
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		_ = c.Error(err)
	}
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

// safeCells defuses cells a spreadsheet would run as a formula (=, +, -,
// @, tab, carriage return first) by prefixing an apostrophe, as OWASP
// advises; file names are the client's text and could be anything.
func safeCells(row []string) []string {
	for i, v := range row {
		if v != "" && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r') {
			row[i] = "'" + v
		}
	}
	return row
}
