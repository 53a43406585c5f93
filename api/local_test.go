package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/noticescan/noticescan/api"
	"github.com/noticescan/noticescan/storage/records"
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
