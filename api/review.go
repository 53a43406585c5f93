package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/records"
)

// maxReviewBody bounds a review request: an action and an identifier.
const maxReviewBody = 4 << 10

// shownKeyPrefix is how many characters of an API key name it in a
// review: the prefix `noticescan keys list` shows, never the secret.
const shownKeyPrefix = 12

// reviewRequest is the body of POST .../findings/{n}/review.
type reviewRequest struct {
	Action records.ReviewAction `json:"action"`
	Value  string               `json:"value"`
}

// review handles POST /v1/documents/{id}/findings/{n}/review.
func (s *Server) review(c *gin.Context) {
	ctx := c.Request.Context()
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil || n < 0 {
		s.fail(c, badRequest("The finding number must be a non-negative integer."))
		return
	}
	var req reviewRequest
	dec := json.NewDecoder(io.LimitReader(c.Request.Body, maxReviewBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		s.fail(c, badRequest(`The body must be a JSON object {"action": "confirm"|"correct"|"reject", "value": "..."}.`))
		return
	}
	if !req.Action.Valid() {
		s.fail(c, badRequest("The action must be one of confirm, correct or reject."))
		return
	}
	if err := checkText("value", req.Value, maxParamBytes); err != nil {
		s.fail(c, err)
		return
	}
	if req.Action == records.ReviewCorrect && req.Value == "" {
		s.fail(c, badRequest("A correction needs the right value."))
		return
	}
	d, err := s.svc.Review(ctx, tenantOf(ctx), c.Param("id"), n, records.Review{
		Action: req.Action, Value: req.Value, Reviewer: s.reviewer(c),
	})
	if err != nil {
		if errors.Is(err, records.ErrInvalid) && req.Action == records.ReviewCorrect {
			err = badRequest("The corrected value is not a valid identifier of this kind.")
		}
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, present(d))
}

// reviewer names who is asking: the API key by its shown prefix, or
// "local" on a server without authentication.
func (s *Server) reviewer(c *gin.Context) string {
	if s.openAccess {
		return localTenant
	}
	secret, _ := bearer(c.GetHeader("Authorization"))
	return secret[:min(len(secret), shownKeyPrefix)]
}

// pageImage handles GET /v1/documents/{id}/pages/{n}/image.
func (s *Server) pageImage(c *gin.Context) {
	ctx := c.Request.Context()
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil || n < 1 {
		s.fail(c, badRequest("The page number must be a positive integer."))
		return
	}
	rc, err := s.svc.PageImage(ctx, tenantOf(ctx), c.Param("id"), n)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer rc.Close()
	h := c.Writer.Header()
	h.Set("Content-Type", "image/jpeg")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, max-age=3600")
	c.Status(http.StatusOK)
	if _, err := io.Copy(c.Writer, rc); err != nil {
		_ = c.Error(err)
		c.Abort()
	}
}

// Finding review states, as the API reports them.
const (
	stateConfirmed = "confirmed"
	stateCorrected = "corrected"
	stateRejected  = "rejected"
)

// findingView is a finding with its reviews applied: Value is the current
// value, OriginalValue what was read.
type findingView struct {
	extractor.Finding
	Value         string `json:"value"`
	Display       string `json:"display"`
	OriginalValue string `json:"original_value"`
	// NeedsCheck: the confidence is below extractor.ReviewBelow, and a
	// person should compare the value with the page.
	NeedsCheck bool `json:"needs_check"`
	// Review is the latest decision: "", confirmed, corrected or rejected.
	Review     string           `json:"review"`
	ReviewedBy string           `json:"reviewed_by,omitempty"`
	ReviewedAt *time.Time       `json:"reviewed_at,omitempty"`
	History    []records.Review `json:"history"`
}

// documentView is a document whose findings carry their reviews.
type documentView struct {
	records.Document
	Findings []findingView `json:"findings"`
}

// documentListView is a listing of documentViews.
type documentListView struct {
	Documents []documentView `json:"documents"`
	Next      string         `json:"next,omitempty"`
}

// reviewed applies d's reviews to its findings.
func reviewed(d records.Document) []findingView {
	out := make([]findingView, len(d.Findings))
	for i, f := range d.Findings {
		out[i] = findingView{Finding: f, Value: f.Value, Display: f.Display, OriginalValue: f.Value,
			NeedsCheck: f.Confidence < extractor.ReviewBelow, History: []records.Review{}}
	}
	for _, r := range d.Reviews {
		if r.Finding < 0 || r.Finding >= len(out) {
			continue
		}
		v := &out[r.Finding]
		v.History = append(v.History, r)
		v.ReviewedBy, v.ReviewedAt = r.Reviewer, &r.At
		switch r.Action {
		case records.ReviewConfirm:
			v.Review = stateConfirmed
		case records.ReviewReject:
			v.Review = stateRejected
		case records.ReviewCorrect:
			v.Review = stateCorrected
			v.Value, v.Display = r.Value, r.Value
		}
	}
	return out
}
