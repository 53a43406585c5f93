package api

import (
	"math"
	"net/netip"
	"sync"
	"time"
)

// Defaults for Config's failed-authentication limit.
const (
	DefaultAuthFailures      = 10
	DefaultAuthFailureWindow = time.Minute
)

// maxTrackedClients bounds the limiter's memory; past it, addresses whose
// allowance is whole again are forgotten first.
const maxTrackedClients = 10000

// authLimiter counts failed authentications per client address in token
// buckets: an address may fail burst times, and earns one more try every
// window/burst. An address with no try left is answered 429 before its
// key is looked at, so a guesser learns nothing more from it, while other
// addresses are served as usual.
type authLimiter struct {
	burst float64
	every time.Duration // one try earned back per every
	now   func() time.Time

	mu      sync.Mutex
	clients map[netip.Prefix]*allowance
}

// allowance is one address's tries left as of at.
type allowance struct {
	tries float64
	at    time.Time
}

func newAuthLimiter(burst int, window time.Duration) *authLimiter {
	if burst <= 0 {
		burst = DefaultAuthFailures
	}
	if window <= 0 {
		window = DefaultAuthFailureWindow
	}
	return &authLimiter{burst: float64(burst), every: window / time.Duration(burst), now: time.Now,
		clients: map[netip.Prefix]*allowance{}}
}

// clientKey groups an address with its neighbours that one client
// controls: the address itself for IPv4, its /64 for IPv6.
func clientKey(ip netip.Addr) netip.Prefix {
	ip = ip.Unmap()
	bits := 32
	if ip.Is6() {
		bits = 64
	}
	p, _ := ip.WithZone("").Prefix(bits)
	return p
}

// current is a's tries as of now, refilled since a.at.
func (l *authLimiter) current(a *allowance, now time.Time) float64 {
	return min(l.burst, a.tries+float64(now.Sub(a.at))/float64(l.every))
}

// retryAfter is how long ip must wait before its next try; zero when it
// may try now.
func (l *authLimiter) retryAfter(ip netip.Addr) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	a, ok := l.clients[clientKey(ip)]
	if !ok {
		return 0
	}
	tries := l.current(a, l.now())
	if tries >= 1 {
		return 0
	}
	return time.Duration(math.Ceil((1 - tries) * float64(l.every)))
}

// fail uses up one of ip's tries.
func (l *authLimiter) fail(ip netip.Addr) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now, key := l.now(), clientKey(ip)
	a, ok := l.clients[key]
	if !ok {
		if len(l.clients) >= maxTrackedClients {
			l.forget(now)
		}
		a = &allowance{tries: l.burst, at: now}
		l.clients[key] = a
	}
	a.tries = max(0, l.current(a, now)-1)
	a.at = now
}

// forget drops the addresses whose allowance is whole again, and if that
// frees nothing, all of them: memory stays bounded under a flood of
// addresses, which could each fail burst times anyway.
func (l *authLimiter) forget(now time.Time) {
	for k, a := range l.clients {
		if l.current(a, now) >= l.burst {
			delete(l.clients, k)
		}
	}
	if len(l.clients) >= maxTrackedClients {
		clear(l.clients)
	}
}
