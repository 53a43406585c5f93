package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/noticescan/noticescan/api"
	"github.com/noticescan/noticescan/records"
)

func TestServer_AuthFailureLimit(t *testing.T) {
	t.Parallel()
	var lookups atomic.Int32
	svc := &stubService{authenticate: func(_ context.Context, secret string) (string, error) {
		lookups.Add(1)
		if secret == goodKey {
			return stubTenant, nil
		}
		return "", records.ErrUnauthorized
	}}
	// A window of an hour earns no try back while the test runs.
	srv := MustServer(t, svc, api.Config{AuthFailures: 3, AuthFailureWindow: time.Hour})
	from := func(addr, key string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/v1/documents", nil)
		req.RemoteAddr = addr
		if key != "" {
			req.Header.Set("Authorization", "Bearer "+key)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec
	}
	const guesser = "198.51.100.7:40000"
	for i := range 3 {
		MustProblem(t, from(guesser, "guess-"+strconv.Itoa(i)), http.StatusUnauthorized)
	}
	before := lookups.Load()
	rec := from(guesser, "guess-4")
	MustProblem(t, rec, http.StatusTooManyRequests)
	if s, err := strconv.Atoi(rec.Header().Get("Retry-After")); err != nil || s <= 0 || s > 3600 {
		t.Errorf("Retry-After %q, want seconds until the next try", rec.Header().Get("Retry-After"))
	}
	// Limited before the key is looked at: even the right key learns nothing.
	MustProblem(t, from(guesser, goodKey), http.StatusTooManyRequests)
	if n := lookups.Load() - before; n != 0 {
		t.Errorf("%d keys looked up for a limited address, want none", n)
	}
	if rec := from("198.51.100.8:40000", goodKey); rec.Code != http.StatusOK {
		t.Errorf("another address with a good key: %d, want 200", rec.Code)
	}

	t.Run("IPv6By64", func(t *testing.T) {
		for i := range 3 {
			MustProblem(t, from("[2001:db8:1:2::"+strconv.Itoa(i+1)+"]:1", "guess"), http.StatusUnauthorized)
		}
		MustProblem(t, from("[2001:db8:1:2::ff]:1", goodKey), http.StatusTooManyRequests)
		if rec := from("[2001:db8:1:3::1]:1", goodKey); rec.Code != http.StatusOK {
			t.Errorf("another /64: %d, want 200", rec.Code)
		}
	})

	t.Run("OKNoKeyIsNotAGuess", func(t *testing.T) {
		const browser = "198.51.100.9:1"
		for range 10 {
			MustProblem(t, from(browser, ""), http.StatusUnauthorized)
		}
		if rec := from(browser, goodKey); rec.Code != http.StatusOK {
			t.Errorf("after requests without a key: %d, want 200", rec.Code)
		}
	})
}
