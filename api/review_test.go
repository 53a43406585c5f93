package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/noticescan/noticescan/api"
	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/records"
)

func TestServer_Review(t *testing.T) {
	t.Parallel()
	var got []records.Review
	svc := &stubService{review: func(_ context.Context, _, id string, n int, r records.Review) (records.Document, error) {
		got = append(got, r)
		if r.Value == "bad" {
			return records.Document{}, fmt.Errorf("review: value: %w", records.ErrInvalid)
		}
		r.Finding, r.At = n, time.Now()
		return records.Document{ID: id, Findings: []extractor.Finding{{Kind: extractor.KindANumber, Value: "A123456789"}},
			Reviews: []records.Review{r}}, nil
	}}
	srv := MustServer(t, svc, api.Config{})

	t.Run("OK", func(t *testing.T) {
		rec := do(t, srv, http.MethodPost, "/v1/documents/d1/findings/0/review", strings.NewReader(`{"action":"correct","value":"a 987 654 321"}`))
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		var d struct {
			Findings []struct {
				Value         string
				OriginalValue string `json:"original_value"`
				Review        string
				History       []records.Review
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		// The stub hands the value back as given; the service normalizes.
		if f := d.Findings[0]; f.Value != "a 987 654 321" || f.OriginalValue != "A123456789" || f.Review != "corrected" || len(f.History) != 1 {
			t.Errorf("finding = %+v; want the correction applied over the original", f)
		}
		if r := got[len(got)-1]; r.Reviewer != goodKey || r.Action != records.ReviewCorrect {
			t.Errorf("service got %+v; want the key's prefix as reviewer", r)
		}
	})
	t.Run("ErrBadRequest", func(t *testing.T) {
		for _, c := range []struct{ path, body, detail string }{
			{"/v1/documents/d1/findings/x/review", `{"action":"confirm"}`, "finding number"},
			{"/v1/documents/d1/findings/0/review", `{"action":"approve"}`, "confirm, correct or reject"},
			{"/v1/documents/d1/findings/0/review", `{"action":"correct"}`, "needs the right value"},
			{"/v1/documents/d1/findings/0/review", `{"action":"confirm","who":"me"}`, "JSON object"},
			{"/v1/documents/d1/findings/0/review", `[`, "JSON object"},
			{"/v1/documents/d1/findings/0/review", `{"action":"correct","value":"bad"}`, "not a valid identifier"},
		} {
			rec := do(t, srv, http.MethodPost, c.path, strings.NewReader(c.body))
			if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), c.detail) {
				t.Errorf("%s %s: %d %s; want 400 saying %q", c.path, c.body, rec.Code, rec.Body, c.detail)
			}
		}
	})
	t.Run("LocalReviewer", func(t *testing.T) {
		open := MustServer(t, svc, api.Config{OpenAccess: true})
		req := do(t, open, http.MethodPost, "/v1/documents/d1/findings/0/review", strings.NewReader(`{"action":"confirm"}`), "Host", "localhost:8080")
		if req.Code != http.StatusOK || got[len(got)-1].Reviewer != "local" {
			t.Fatalf("%d, reviewer %q; want local", req.Code, got[len(got)-1].Reviewer)
		}
	})
}

func TestServer_PageImage(t *testing.T) {
	t.Parallel()
	srv := MustServer(t, &stubService{}, api.Config{})
	if rec := do(t, srv, http.MethodGet, "/v1/documents/d1/pages/0/image", nil); rec.Code != http.StatusBadRequest {
		t.Errorf("page 0: %d; want 400", rec.Code)
	}
	if rec := do(t, srv, http.MethodGet, "/v1/documents/d1/pages/1/image", nil); rec.Code != http.StatusNotFound {
		t.Errorf("missing page: %d; want 404", rec.Code)
	}
}
