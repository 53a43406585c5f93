package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/results"
)

// maxValueLen bounds a ?value= lookup; identifiers are far shorter.
const maxValueLen = 64

// document handles GET /v1/documents/{id}. With ?wait it answers when the
// document is final or the wait is over, whichever comes first.
func (s *Server) document(c *gin.Context) {
	ctx := c.Request.Context()
	wait, err := s.waitParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	tenant, id := tenantOf(ctx), c.Param("id")
	var d records.Document
	if wait > 0 {
		wctx, cancel := context.WithTimeout(ctx, wait)
		defer cancel()
		d, err = s.wait(ctx, wctx, tenant, id)
		if err == nil && d.ID == "" {
			err = errors.New("wait ran out without a document state")
		}
	} else {
		d, err = s.svc.Document(ctx, tenant, id)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, present(d))
}

// file handles GET /v1/documents/{id}/file: the original as uploaded.
func (s *Server) file(c *gin.Context) {
	ctx := c.Request.Context()
	rc, d, err := s.svc.Open(ctx, tenantOf(ctx), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	defer rc.Close()
	mediaType := "application/octet-stream"
	if _, _, err := mime.ParseMediaType(d.MediaType); err == nil {
		mediaType = d.MediaType
	}
	name := stripBidi(d.Filename)
	if name == "" {
		name = d.ID
	}
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	if disposition == "" {
		disposition = "attachment"
	}
	h := c.Writer.Header()
	h.Set("Content-Type", mediaType)
	h.Set("Content-Disposition", disposition)
	h.Set("X-Content-Type-Options", "nosniff")
	if d.Size > 0 {
		h.Set("Content-Length", strconv.FormatInt(d.Size, 10))
	}
	c.Status(http.StatusOK)
	if _, err := io.Copy(c.Writer, rc); err != nil {
		// The status line is out; all that is left is to log and cut.
		_ = c.Error(err)
		c.Abort()
	}
}

// documents handles GET /v1/documents.
func (s *Server) documents(c *gin.Context) {
	ctx := c.Request.Context()
	status, err := statusParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	f := records.Filter{Status: status, Query: c.Query("q"), Cursor: c.Query("cursor")}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			s.fail(c, badRequest("The limit parameter must be a positive integer."))
			return
		}
		f.Limit = n
	}
	list, err := s.svc.Documents(ctx, tenantOf(ctx), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, presentList(list))
}

// findings handles GET /v1/findings?kind=&value=: the documents in which
// an identifier was found.
func (s *Server) findings(c *gin.Context) {
	ctx := c.Request.Context()
	kind := extractor.Kind(c.Query("kind"))
	if !slices.Contains(extractor.Kinds(), kind) {
		names := make([]string, 0, 3)
		for _, k := range extractor.Kinds() {
			names = append(names, string(k))
		}
		s.fail(c, badRequest("The kind parameter must be one of %s.", strings.Join(names, ", ")))
		return
	}
	value := normalize(c.Query("value"))
	if value == "" || len(value) > maxValueLen {
		s.fail(c, badRequest("The value parameter must be an identifier of at most %d characters.", maxValueLen))
		return
	}
	docs, err := s.svc.FindingDocuments(ctx, tenantOf(ctx), kind, value)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, presentList(records.DocumentList{Documents: docs}))
}

// delete handles DELETE /v1/documents/{id}.
func (s *Server) delete(c *gin.Context) {
	ctx := c.Request.Context()
	if err := s.svc.Delete(ctx, tenantOf(ctx), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// normalize writes an identifier the way findings store it: upper case,
// without spaces or hyphens.
func normalize(v string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToUpper(r)
	}, v)
}

// uploadedDocument is a document as an upload answers it: with the URL to
// poll for its status.
type uploadedDocument struct {
	documentView
	StatusURL string `json:"status_url"`
}

// uploadedList answers an upload of several files.
type uploadedList struct {
	Documents []uploadedDocument `json:"documents"`
}

func uploaded(d records.Document) uploadedDocument {
	return uploadedDocument{documentView: present(d), StatusURL: "/v1/documents/" + url.PathEscape(d.ID)}
}

// present renders absent lists as empty ones, so clients need not tell
// null from [], and applies the reviews to the findings.
func present(d records.Document) documentView {
	if d.Pages == nil {
		d.Pages = []results.Page{}
	}
	if d.Warnings == nil {
		d.Warnings = []string{}
	}
	if d.Reviews == nil {
		d.Reviews = []records.Review{}
	}
	// Names stored before they were cleaned at intake are cleaned here.
	d.Filename = stripBidi(d.Filename)
	return documentView{Document: d, Findings: reviewed(d)}
}

func presentList(l records.DocumentList) documentListView {
	docs := make([]documentView, len(l.Documents))
	for i, d := range l.Documents {
		docs[i] = present(d)
	}
	return documentListView{Documents: docs, Next: l.Next}
}

// render writes v as JSON with encoding/json, the encoder the command line
// uses, so a finding has one shape everywhere.
func (s *Server) render(c *gin.Context, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Type", "application/json; charset=utf-8")
	c.Status(status)
	_, _ = c.Writer.Write(append(body, '\n'))
}
