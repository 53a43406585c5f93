package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/noticescan/noticescan/api"
	"github.com/noticescan/noticescan/records"
)

func TestServer_OpenAccessLocalOnly(t *testing.T) {
	t.Parallel()
	reached := 0
	svc := &stubService{documents: func(context.Context, string, records.Filter) (records.DocumentList, error) {
		reached++
		return records.DocumentList{}, nil
	}}
	srv := MustServer(t, svc, api.Config{OpenAccess: true})
	for _, tc := range []struct {
		name   string
		header []string
		want   int
	}{
		{"OKIPv4", []string{"Host", "127.0.0.1:8080"}, http.StatusOK},
		{"OKLoopbackNet", []string{"Host", "127.8.9.10:8080"}, http.StatusOK},
		{"OKLocalhost", []string{"Host", "LOCALHOST:8080"}, http.StatusOK},
		{"OKIPv6", []string{"Host", "[::1]:8080"}, http.StatusOK},
		{"OKNoPort", []string{"Host", "localhost"}, http.StatusOK},
		{"OKOwnOrigin", []string{"Host", "127.0.0.1:8080", "Origin", "http://127.0.0.1:8080", "Sec-Fetch-Site", "same-origin"}, http.StatusOK},
		{"ErrRebound", []string{"Host", "attacker.example"}, http.StatusForbidden},
		{"ErrRebound", []string{"Host", "attacker.example:8080"}, http.StatusForbidden},
		{"ErrLocalhostSubdomain", []string{"Host", "localhost.attacker.example:8080"}, http.StatusForbidden},
		{"ErrPrivateAddress", []string{"Host", "192.168.1.10:8080"}, http.StatusForbidden},
		{"OKMappedLoopback", []string{"Host", "[::ffff:127.0.0.1]:8080"}, http.StatusOK},
		{"ErrOtherOrigin", []string{"Host", "127.0.0.1:8080", "Origin", "http://attacker.example"}, http.StatusForbidden},
		{"ErrOtherPort", []string{"Host", "127.0.0.1:8080", "Origin", "http://127.0.0.1:9999"}, http.StatusForbidden},
		{"ErrNullOrigin", []string{"Host", "127.0.0.1:8080", "Origin", "null"}, http.StatusForbidden},
		{"ErrCrossSite", []string{"Host", "127.0.0.1:8080", "Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
	} {
		before := reached
		rec := do(t, srv, http.MethodGet, "/v1/documents", nil, tc.header...)
		if tc.want != http.StatusOK {
			MustProblem(t, rec, tc.want)
			if reached != before {
				t.Errorf("%s: the refused request reached the service", tc.name)
			}
			continue
		}
		if rec.Code != http.StatusOK {
			t.Errorf("%s %v: status %d, want 200", tc.name, tc.header, rec.Code)
		}
	}
	// Every route is guarded, the page and health included.
	for _, target := range []string{"/healthz", "/openapi.yaml", "/nope"} {
		MustProblem(t, do(t, srv, http.MethodGet, target, nil, "Host", "attacker.example"), http.StatusForbidden)
	}
	// With keys required, the Host is not this guard's business.
	if rec := do(t, MustServer(t, &stubService{}, api.Config{}), http.MethodGet, "/v1/documents", nil, "Host", "noticescan.example"); rec.Code != http.StatusOK {
		t.Errorf("auth on, named host: %d, want 200", rec.Code)
	}
}

// TestServer_PrivateHeaders checks that every answer, success or problem,
// is kept out of caches and declares its type for good, and that the
// page's assets keep their own caching but not sniffing.
func TestServer_PrivateHeaders(t *testing.T) {
	t.Parallel()
	page := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write([]byte("body{}"))
	})
	srv := MustServer(t, &stubService{}, api.Config{Page: page})
	for _, target := range []string{"/healthz", "/readyz", "/openapi.yaml", "/v1/documents", "/v1/documents/missing", "/nope", "/v1/findings?kind=x"} {
		rec := do(t, srv, http.MethodGet, target, nil)
		if cc, ns := rec.Header().Get("Cache-Control"), rec.Header().Get("X-Content-Type-Options"); cc != "no-store" || ns != "nosniff" {
			t.Errorf("%s (%d): Cache-Control %q, X-Content-Type-Options %q; want no-store, nosniff", target, rec.Code, cc, ns)
		}
	}
	rec := do(t, srv, http.MethodGet, "/v1/documents", nil, "Authorization", "Bearer wrong")
	if rec.Header().Get("Cache-Control") != "no-store" || rec.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("401: %v", rec.Header())
	}
	rec = do(t, srv, http.MethodGet, "/ui/app.css", nil)
	if rec.Header().Get("Cache-Control") != "no-cache" || rec.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("page asset: %v; want its own Cache-Control and nosniff", rec.Header())
	}
}
