package api

import (
	"net/netip"
	"testing"
	"time"
)

// TestAuthLimiter_Bounded checks that a flood of guessing addresses cannot
// grow the limiter without bound, and that an address's tries come back
// with time. The clock is the limiter's own field, set by hand.
func TestAuthLimiter_Bounded(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	l := newAuthLimiter(2, time.Minute)
	l.now = func() time.Time { return now }

	guesser := netip.MustParseAddr("198.51.100.1")
	l.fail(guesser)
	l.fail(guesser)
	if wait := l.retryAfter(guesser); wait != 30*time.Second {
		t.Fatalf("after 2 failures of 2 per minute: wait %v, want 30s", wait)
	}
	now = now.Add(30 * time.Second)
	if wait := l.retryAfter(guesser); wait != 0 {
		t.Fatalf("30s later: wait %v, want a try back", wait)
	}

	for i := range maxTrackedClients + 500 {
		l.fail(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}))
	}
	if n := len(l.clients); n > maxTrackedClients {
		t.Errorf("%d addresses tracked, over the bound %d", n, maxTrackedClients)
	}
}
