package api_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/api"
	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/records"
)

func TestServer_Findings(t *testing.T) {
	t.Parallel()
	type call struct {
		kind  extractor.Kind
		value string
	}
	var got []call
	svc := &stubService{findingDocuments: func(_ context.Context, _ string, kind extractor.Kind, value string) ([]records.Document, error) {
		got = append(got, call{kind, value})
		return nil, nil
	}}
	srv := MustServer(t, svc, api.Config{})

	t.Run("ErrKind", func(t *testing.T) {
		for _, q := range []string{"kind=bogus&value=A123", "value=A123", "kind=A_NUMBER&value=A123"} {
			MustProblem(t, do(t, srv, http.MethodGet, "/v1/findings?"+q, nil), http.StatusBadRequest)
		}
	})
	t.Run("ErrValue", func(t *testing.T) {
		for _, q := range []string{"kind=a_number", "kind=a_number&value=+-+", "kind=a_number&value=" + strings.Repeat("1", 65)} {
			MustProblem(t, do(t, srv, http.MethodGet, "/v1/findings?"+q, nil), http.StatusBadRequest)
		}
	})
	t.Run("Normalized", func(t *testing.T) {
		rec := do(t, srv, http.MethodGet, "/v1/findings?kind=receipt_number&value="+urlQuery("eac-21 900-12345"), nil)
		if rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != `{"documents":[]}` {
			t.Fatalf("status %d, body %s", rec.Code, rec.Body)
		}
		if len(got) != 1 || got[0] != (call{extractor.KindReceiptNumber, "EAC2190012345"}) {
			t.Errorf("service got %+v", got)
		}
	})
}

func TestServer_Documents(t *testing.T) {
	t.Parallel()
	var got []records.Filter
	svc := &stubService{documents: func(_ context.Context, _ string, f records.Filter) (records.DocumentList, error) {
		got = append(got, f)
		if f.Cursor == "stale" {
			return records.DocumentList{}, fmt.Errorf("decode cursor: %w", records.ErrInvalid)
		}
		return records.DocumentList{}, nil
	}}
	srv := MustServer(t, svc, api.Config{})

	t.Run("Filter", func(t *testing.T) {
		rec := do(t, srv, http.MethodGet, "/v1/documents?status=partial&q=notice&limit=20&cursor=abc", nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d, body %s", rec.Code, rec.Body)
		}
		want := records.Filter{Status: records.StatusPartial, Query: "notice", Limit: 20, Cursor: "abc"}
		if len(got) != 1 || got[0] != want {
			t.Errorf("service got %+v, want %+v", got, want)
		}
	})
	t.Run("ErrParams", func(t *testing.T) {
		for _, q := range []string{"status=done", "limit=ten", "limit=0", "limit=-3"} {
			MustProblem(t, do(t, srv, http.MethodGet, "/v1/documents?"+q, nil), http.StatusBadRequest)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		MustProblem(t, do(t, srv, http.MethodGet, "/v1/documents?cursor=stale", nil), http.StatusBadRequest)
	})
}

func TestServer_File(t *testing.T) {
	t.Parallel()
	svc := &stubService{open: func(_ context.Context, _, id string) (io.ReadCloser, records.Document, error) {
		if id != "doc-1" {
			return nil, records.Document{}, records.ErrNotFound
		}
		return io.NopCloser(strings.NewReader("%PDF")), records.Document{ID: id, Filename: "Bescheid ä.pdf", MediaType: "application/pdf", Size: 4}, nil
	}}
	srv := MustServer(t, svc, api.Config{})
	rec := do(t, srv, http.MethodGet, "/v1/documents/doc-1/file", nil)
	if rec.Code != http.StatusOK || rec.Body.String() != "%PDF" {
		t.Fatalf("status %d, body %q", rec.Code, rec.Body)
	}
	h := rec.Header()
	if h.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment; filename*=utf-8''Bescheid%20%C3%A4.pdf") {
		t.Errorf("headers %v", h)
	}
	MustProblem(t, do(t, srv, http.MethodGet, "/v1/documents/doc-2/file", nil), http.StatusNotFound)
}

func TestServer_Delete(t *testing.T) {
	t.Parallel()
	var deleted []string
	svc := &stubService{delete: func(_ context.Context, _, id string) error {
		if id != "doc-1" {
			return records.ErrNotFound
		}
		deleted = append(deleted, id)
		return nil
	}}
	srv := MustServer(t, svc, api.Config{})
	if rec := do(t, srv, http.MethodDelete, "/v1/documents/doc-1", nil); rec.Code != http.StatusNoContent || rec.Body.Len() != 0 {
		t.Errorf("status %d, body %q", rec.Code, rec.Body)
	}
	MustProblem(t, do(t, srv, http.MethodDelete, "/v1/documents/doc-2", nil), http.StatusNotFound)
	if len(deleted) != 1 {
		t.Errorf("deleted %v", deleted)
	}
}
