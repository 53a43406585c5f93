package api_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/api"
	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/storage"
)

func TestServer_Auth(t *testing.T) {
	t.Parallel()
	svc := &stubService{}
	srv := MustServer(t, svc, api.Config{})
	for _, tc := range []struct {
		name, header string
	}{
		{"ErrMissing", ""},
		{"ErrNotBearer", "Basic Z29vZC1rZXk6"},
		{"ErrEmptyToken", "Bearer   "},
		{"ErrUnknownKey", "Bearer nope"},
		{"ErrRevokedKey", "Bearer " + revokedKey},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, target := range []string{"/v1/documents", "/v1/documents/doc-1", "/v1/findings?kind=a_number&value=A1"} {
				req := httptest.NewRequest(http.MethodGet, target, nil)
				if tc.header != "" {
					req.Header.Set("Authorization", tc.header)
				}
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, req)
				MustProblem(t, rec, http.StatusUnauthorized)
				if h := rec.Header().Get("WWW-Authenticate"); !strings.HasPrefix(h, "Bearer") {
					t.Errorf("%s: WWW-Authenticate = %q", target, h)
				}
			}
		})
	}

	t.Run("ErrUnavailable", func(t *testing.T) {
		t.Parallel()
		svc := &stubService{authenticate: func(context.Context, string) (string, error) {
			return "", fmt.Errorf("look up key: %w", storage.ErrUnavailable)
		}}
		MustProblem(t, do(t, MustServer(t, svc, api.Config{}), http.MethodGet, "/v1/documents", nil), http.StatusServiceUnavailable)
	})

	t.Run("TenantInContext", func(t *testing.T) {
		t.Parallel()
		var got string
		svc := &stubService{document: func(_ context.Context, tenant, _ string) (records.Document, error) {
			got = tenant
			return records.Document{}, records.ErrNotFound
		}}
		MustProblem(t, do(t, MustServer(t, svc, api.Config{}), http.MethodGet, "/v1/documents/x", nil), http.StatusNotFound)
		if got != stubTenant {
			t.Errorf("tenant = %q, want %q", got, stubTenant)
		}
	})

	t.Run("OpenAccess", func(t *testing.T) {
		t.Parallel()
		var got string
		svc := &stubService{
			authenticate: func(context.Context, string) (string, error) { return "", errBoom },
			document: func(_ context.Context, tenant, _ string) (records.Document, error) {
				got = tenant
				return records.Document{}, records.ErrNotFound
			},
		}
		srv := MustServer(t, svc, api.Config{OpenAccess: true})
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://127.0.0.1:8080/v1/documents/x", nil))
		MustProblem(t, rec, http.StatusNotFound)
		if got != "local" {
			t.Errorf("tenant = %q, want local", got)
		}
	})
}

func TestServer_Routing(t *testing.T) {
	t.Parallel()
	srv := MustServer(t, &stubService{}, api.Config{})

	t.Run("ErrNoRoute", func(t *testing.T) {
		for _, target := range []string{"/nope", "/v1/nope", "/v1/documents/a/b/c", "/v1/documents/"} {
			MustProblem(t, do(t, srv, http.MethodGet, target, nil), http.StatusNotFound)
		}
	})
	t.Run("ErrMethod", func(t *testing.T) {
		rec := do(t, srv, http.MethodPut, "/v1/documents", nil)
		MustProblem(t, rec, http.StatusMethodNotAllowed)
		if allow := rec.Header().Get("Allow"); !strings.Contains(allow, "POST") || !strings.Contains(allow, "GET") {
			t.Errorf("Allow = %q", allow)
		}
		MustProblem(t, do(t, srv, http.MethodPost, "/healthz", nil), http.StatusMethodNotAllowed)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		// Another tenant's document is not found either: the service says so.
		MustProblem(t, do(t, srv, http.MethodGet, "/v1/documents/unknown", nil), http.StatusNotFound)
		MustProblem(t, do(t, srv, http.MethodGet, "/v1/documents/unknown/file", nil), http.StatusNotFound)
		MustProblem(t, do(t, srv, http.MethodDelete, "/v1/documents/unknown", nil), http.StatusNotFound)
	})
	t.Run("RequestID", func(t *testing.T) {
		seen := map[string]bool{}
		for _, target := range []string{"/healthz", "/readyz", "/openapi.yaml", "/v1/documents", "/nope"} {
			id := do(t, srv, http.MethodGet, target, nil).Header().Get("X-Request-ID")
			if id == "" || seen[id] {
				t.Errorf("%s: X-Request-ID %q missing or repeated", target, id)
			}
			seen[id] = true
		}
		req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
		req.Header.Set("X-Request-ID", "A123456789")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if got := rec.Header().Get("X-Request-ID"); got == "A123456789" {
			t.Errorf("client X-Request-ID was trusted")
		}
	})
}

func TestServer_Errors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		err    error
		status int
	}{
		{"ErrNotFound", fmt.Errorf("get document: %w", records.ErrNotFound), http.StatusNotFound},
		{"ErrStorageNotFound", fmt.Errorf("open original: %w", storage.ErrNotFound), http.StatusNotFound},
		{"ErrUnavailable", fmt.Errorf("open original: %w", storage.ErrUnavailable), http.StatusServiceUnavailable},
		{"ErrInternal", errors.New("sql: connection at 10.0.0.7 lost"), http.StatusInternalServerError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			svc := &stubService{document: func(context.Context, string, string) (records.Document, error) {
				return records.Document{}, tc.err
			}}
			p := MustProblem(t, do(t, MustServer(t, svc, api.Config{}), http.MethodGet, "/v1/documents/x", nil), tc.status)
			if strings.Contains(p.Detail, "10.0.0.7") || strings.Contains(p.Detail, "get document") {
				t.Errorf("detail leaks the cause: %q", p.Detail)
			}
		})
	}
}

func TestServer_Panic(t *testing.T) {
	t.Parallel()
	svc := &stubService{document: func(context.Context, string, string) (records.Document, error) {
		panic("secret state 42")
	}}
	ts := httptest.NewServer(MustServer(t, svc, api.Config{}))
	defer ts.Close()
	for range 2 {
		resp, body := get(t, ts.URL+"/v1/documents/x")
		p := mustProblem(t, resp.StatusCode, resp.Header, body, http.StatusInternalServerError)
		if strings.Contains(p.Detail, "secret") || strings.Contains(p.Detail, "panic") {
			t.Errorf("detail = %q, want a generic message", p.Detail)
		}
	}
	if resp, _ := get(t, ts.URL+"/healthz"); resp.StatusCode != http.StatusOK {
		t.Errorf("healthz after panic: %d", resp.StatusCode)
	}
}

func TestServer_Health(t *testing.T) {
	t.Parallel()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		srv := MustServer(t, &stubService{}, api.Config{})
		for _, target := range []string{"/healthz", "/readyz"} {
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
			if rec.Code != http.StatusOK {
				t.Errorf("%s: %d", target, rec.Code)
			}
		}
	})
	t.Run("ErrNotReady", func(t *testing.T) {
		t.Parallel()
		for _, err := range []error{fmt.Errorf("ping bucket: %w", storage.ErrUnavailable), errors.New("database is locked")} {
			srv := MustServer(t, &stubService{ready: func(context.Context) error { return err }}, api.Config{})
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
			MustProblem(t, rec, http.StatusServiceUnavailable)
			rec = httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
			if rec.Code != http.StatusOK {
				t.Errorf("healthz while not ready: %d", rec.Code)
			}
		}
	})
	t.Run("Metrics", func(t *testing.T) {
		t.Parallel()
		metrics := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "up 1") })
		srv := MustServer(t, &stubService{}, api.Config{Metrics: metrics})
		rec := do(t, srv, http.MethodGet, "/metrics", nil)
		if rec.Code != http.StatusOK || rec.Body.String() != "up 1\n" {
			t.Errorf("metrics: %d %q", rec.Code, rec.Body)
		}
		rec = httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		MustProblem(t, rec, http.StatusUnauthorized)
		rec = httptest.NewRecorder()
		MustServer(t, &stubService{}, api.Config{}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		MustProblem(t, rec, http.StatusNotFound)
	})
}
