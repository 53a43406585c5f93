package api_test

import (
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/noticescan/noticescan/api"
)

// TestServer_ObserveRequest checks that each request is reported once,
// by route pattern (never the path with its id) and status.
func TestServer_ObserveRequest(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var seen []string
	srv := MustServer(t, &stubService{}, api.Config{ObserveRequest: func(method, route string, status int, d time.Duration) {
		mu.Lock()
		defer mu.Unlock()
		if d < 0 {
			t.Errorf("%s %s: negative duration %v", method, route, d)
		}
		seen = append(seen, method+" "+route+" "+http.StatusText(status))
	}})
	do(t, srv, http.MethodGet, "/v1/documents/doc_abcdefghijklmnopqrst", nil)
	do(t, srv, http.MethodGet, "/healthz", nil)
	do(t, srv, http.MethodGet, "/v1/nothing/here", nil)
	mu.Lock()
	defer mu.Unlock()
	want := []string{"GET /v1/documents/:id Not Found", "GET /healthz OK", "GET unmatched Not Found"}
	if !slices.Equal(seen, want) {
		t.Errorf("observed %q, want %q", seen, want)
	}
}
