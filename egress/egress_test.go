package egress_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/noticescan/noticescan/egress"
)

func TestInternal(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		addr     string
		internal bool
	}{
		{"127.0.0.1", true},
		{"127.255.0.9", true},
		{"10.0.0.5", true},
		{"172.16.3.4", true},
		{"192.168.1.1", true},
		{"169.254.169.254", true},
		{"100.64.0.1", true},
		{"100.127.255.254", true},
		{"224.0.0.251", true},
		{"0.0.0.0", true},
		{"0.1.2.3", true},
		{"255.255.255.255", true},
		{"198.18.0.1", true},
		{"::1", true},
		{"::", true},
		{"fe80::1", true},
		{"fe80::1%eth0", true},
		{"fc00::1", true},
		{"fd12:3456::1", true},
		{"ff02::1", true},
		{"::ffff:127.0.0.1", true},
		{"::ffff:169.254.169.254", true},
		{"::127.0.0.1", true},
		{"64:ff9b::a00:5", true},    // NAT64 of 10.0.0.5
		{"2002:a9fe:a9fe::1", true}, // 6to4 of 169.254.169.254
		{"2001:db8::1", true},
		{"8.8.8.8", false},
		{"93.184.215.14", false},
		{"100.128.0.1", false}, // just past CGNAT
		{"172.32.0.1", false},  // just past 172.16/12
		{"2606:4700:4700::1111", false},
		{"64:ff9b::808:808", false}, // NAT64 of 8.8.8.8
		{"::ffff:8.8.8.8", false},
	} {
		ip := netip.MustParseAddr(tc.addr)
		if got := egress.Internal(ip); got != tc.internal {
			t.Errorf("Internal(%s) = %v, want %v", tc.addr, got, tc.internal)
		}
	}
}

func TestPolicy_CheckURL(t *testing.T) {
	t.Parallel()
	refused := []string{
		"ftp://hooks.example.com/", "file:///etc/passwd", "javascript:alert(1)", "hooks.example.com/cb", "/cb", "https://",
		"http://user:pw@hooks.example.com/", "http://user@hooks.example.com/",
		"http://127.0.0.1/", "http://127.0.0.1:8080/cb", "http://0.0.0.0/", "http://10.0.0.5/", "http://169.254.169.254/latest/meta-data/",
		"http://100.64.0.1/", "http://192.168.0.1/", "http://[::1]/", "http://[::]/", "http://[::ffff:127.0.0.1]/",
		"http://[::ffff:a9fe:a9fe]/", "http://[fe80::1%25eth0]/", "http://[64:ff9b::a00:5]/",
		// Numbers that one parser or another reads as an IPv4 address.
		"http://2130706433/", "http://0x7f000001/", "http://0x7f.1/", "http://017700000001/", "http://127.1/",
		"http://0177.0.0.1/", "http://127.0.0.01/", "http://2852039166/", "http://8.8.8.010/", "http://hooks.example.com.1/",
		"http://localhost/", "http://LOCALHOST.:9/", "http://api.localhost/",
	}
	var p *egress.Policy // no allow-list
	for _, raw := range refused {
		if _, err := p.CheckURL(raw); !errors.Is(err, egress.ErrRefused) {
			t.Errorf("CheckURL(%q) = %v, want ErrRefused", raw, err)
		}
	}
	for _, raw := range []string{"https://hooks.example.com/cb?x=1", "http://93.184.215.14/x", "https://8.8.8.8:8443/", "http://[2606:4700:4700::1111]/", "http://1.example/", "http://hooks.example.com./"} {
		if _, err := p.CheckURL(raw); err != nil {
			t.Errorf("CheckURL(%q) = %v, want accepted", raw, err)
		}
	}

	allow, err := egress.ParseAllow(" 127.0.0.1/32, hooks.internal ,::1")
	if err != nil {
		t.Fatal(err)
	}
	for _, raw := range []string{"http://127.0.0.1:9/cb", "http://hooks.internal/", "http://HOOKS.internal./x", "http://[::1]:8080/"} {
		if _, err := allow.CheckURL(raw); err != nil {
			t.Errorf("allow-list: CheckURL(%q) = %v, want accepted", raw, err)
		}
	}
	for _, raw := range []string{"http://127.0.0.2/", "http://10.0.0.5/", "http://2130706433/", "http://localhost/", "http://user@127.0.0.1/"} {
		if _, err := allow.CheckURL(raw); !errors.Is(err, egress.ErrRefused) {
			t.Errorf("allow-list: CheckURL(%q) = %v, want ErrRefused", raw, err)
		}
	}
}

func TestParseAllow(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"not a host", "10.0.0.0/33", "2130706433", "hooks..internal", "http://x/"} {
		if _, err := egress.ParseAllow(bad); err == nil {
			t.Errorf("ParseAllow(%q) accepted", bad)
		}
	}
	p, err := egress.ParseAllow("10.1.0.0/16")
	if err != nil {
		t.Fatal(err)
	}
	if !p.Permitted(netip.MustParseAddr("10.1.2.3")) || !p.Permitted(netip.MustParseAddr("::ffff:10.1.2.3")) || p.Permitted(netip.MustParseAddr("10.2.0.1")) {
		t.Error("a /16 on the allow-list does not decide as a /16")
	}
}

// fixedResolver answers every name with the same addresses, as a DNS
// server under an attacker's control would.
type fixedResolver []string

func (r fixedResolver) LookupNetIP(context.Context, string, string) ([]netip.Addr, error) {
	out := make([]netip.Addr, len(r))
	for i, a := range r {
		out[i] = netip.MustParseAddr(a)
	}
	return out, nil
}

// dialRecorder records every dial the Dialer attempts and connects none:
// the addresses tested here must never receive a packet.
type dialRecorder struct {
	mu       sync.Mutex
	attempts []string
}

var errNotConnected = errors.New("recorded, not connected")

func (d *dialRecorder) dial(_ context.Context, _, address string) (net.Conn, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.attempts = append(d.attempts, address)
	return nil, errNotConnected
}

func (d *dialRecorder) got() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.attempts...)
}

func TestDialer_DialContext(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, answer := range [][]string{
		{"10.0.0.5"}, {"169.254.169.254"}, {"127.0.0.1"}, {"::ffff:127.0.0.1"}, {"100.64.1.1"}, {"fe80::1"},
		{"93.184.215.14", "10.0.0.5"}, // one internal address is enough
	} {
		rec := &dialRecorder{}
		d := &egress.Dialer{Resolver: fixedResolver(answer), Dial: rec.dial}
		_, err := d.DialContext(ctx, "tcp", "hooks.example.com:443")
		if !errors.Is(err, egress.ErrRefused) {
			t.Errorf("name resolving to %v: %v, want ErrRefused", answer, err)
		}
		if a := rec.got(); len(a) != 0 {
			t.Errorf("name resolving to %v: dialed %v before refusing", answer, a)
		}
		// Through the HTTP client, as webhooks are sent.
		resp, err := d.Client(5 * time.Second).Get("http://hooks.example.com/cb")
		if err == nil {
			resp.Body.Close()
		}
		if !errors.Is(err, egress.ErrRefused) || len(rec.got()) != 0 {
			t.Errorf("client, name resolving to %v: %v after %d dials; want ErrRefused and none", answer, err, len(rec.got()))
		}
	}

	t.Run("OKPublicDialedAsResolved", func(t *testing.T) {
		rec := &dialRecorder{}
		d := &egress.Dialer{Resolver: fixedResolver{"93.184.215.14", "2606:4700:4700::1111"}, Dial: rec.dial}
		if _, err := d.DialContext(ctx, "tcp", "hooks.example.com:8443"); !errors.Is(err, errNotConnected) {
			t.Fatalf("public name: %v, want the recorder's error", err)
		}
		want := []string{"93.184.215.14:8443", "[2606:4700:4700::1111]:8443"}
		if got := rec.got(); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("dialed %v, want %v: the checked addresses, not the name again", got, want)
		}
	})

	t.Run("OKAllowedHost", func(t *testing.T) {
		rec := &dialRecorder{}
		p, _ := egress.ParseAllow("hooks.internal")
		d := &egress.Dialer{Policy: p, Resolver: fixedResolver{"10.0.0.5"}, Dial: rec.dial}
		if _, err := d.DialContext(ctx, "tcp", "hooks.internal:80"); !errors.Is(err, errNotConnected) {
			t.Fatalf("allowed host: %v", err)
		}
		if _, err := d.DialContext(ctx, "tcp", "other.internal:80"); !errors.Is(err, egress.ErrRefused) {
			t.Fatalf("host not on the list resolving to 10.0.0.5: %v", err)
		}
		if got := rec.got(); len(got) != 1 || got[0] != "10.0.0.5:80" {
			t.Errorf("dialed %v, want only the allowed host's address", got)
		}
	})

	t.Run("ErrNumericHost", func(t *testing.T) {
		rec := &dialRecorder{}
		d := &egress.Dialer{Resolver: fixedResolver{"93.184.215.14"}, Dial: rec.dial}
		for _, host := range []string{"2130706433", "0x7f.1", "127.1"} {
			if _, err := d.DialContext(ctx, "tcp", host+":80"); !errors.Is(err, egress.ErrRefused) {
				t.Errorf("%s: %v, want ErrRefused", host, err)
			}
		}
		if len(rec.got()) != 0 {
			t.Errorf("dialed %v", rec.got())
		}
	})
}

// TestDialer_Loopback sends real requests, only to 127.0.0.1: refused
// without the allow-list, delivered with it, and never redirected.
func TestDialer_Loopback(t *testing.T) {
	t.Parallel()
	var hits, redirected atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { redirected.Add(1) }))
	defer target.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, target.URL+"/stolen", http.StatusFound)
			return
		}
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()

	closed := (&egress.Dialer{}).Client(5 * time.Second)
	if _, err := closed.Get(srv.URL + "/cb"); !errors.Is(err, egress.ErrRefused) {
		t.Fatalf("loopback without the allow-list: %v, want ErrRefused", err)
	}
	if hits.Load() != 0 {
		t.Fatal("the refused request reached the receiver")
	}

	p, err := egress.ParseAllow("127.0.0.1/32")
	if err != nil {
		t.Fatal(err)
	}
	open := (&egress.Dialer{Policy: p}).Client(5 * time.Second)
	resp, err := open.Get(srv.URL + "/cb")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("allowed loopback receiver: %v %v", resp, err)
	}
	resp.Body.Close()
	resp, err = open.Get(srv.URL + "/moved")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || redirected.Load() != 0 {
		t.Errorf("redirect: status %d, %d requests at its target; want the 302 itself and none", resp.StatusCode, redirected.Load())
	}
}

// inetAton reads host as the C library's inet_aton does (1 to 4 parts,
// each decimal, octal with a leading 0, or hex with 0x): the oracle for
// what a resolver might make of a numeric host name.
func inetAton(host string) (netip.Addr, bool) {
	parts := strings.Split(host, ".")
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	var nums []uint64
	for _, p := range parts {
		// Go's base prefixes include 0b and 0o, which inet_aton has not.
		lower := strings.ToLower(p)
		if strings.HasPrefix(lower, "0b") || strings.HasPrefix(lower, "0o") || strings.ContainsAny(p, "+_") {
			return netip.Addr{}, false
		}
		n, err := strconv.ParseUint(p, 0, 32)
		if err != nil {
			return netip.Addr{}, false
		}
		nums = append(nums, n)
	}
	var v uint64
	for i, n := range nums {
		last := i == len(nums)-1
		if !last {
			if n > 255 {
				return netip.Addr{}, false
			}
			v |= n << (8 * (3 - i))
			continue
		}
		if n >= 1<<(8*(4-i)) {
			return netip.Addr{}, false
		}
		v |= n
	}
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true
}

// FuzzCheckURL checks, for any URL, that what CheckURL accepts is http(s)
// without user information, that no accepted host is read as an internal
// address by inet_aton, and that the dialer refuses the accepted host,
// before dialing, when it resolves to an internal address.
func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{"https://hooks.example.com/cb", "http://127.0.0.1/", "http://2130706433/", "http://0x7f.1/",
		"http://[::ffff:127.0.0.1]/", "http://user@x/", "http://localhost./", "http://1.2.3.4:80/", "HTTP://Example.COM:0/",
		"http://[fe80::1%25lo]/", "http://%31%32%37.0.0.1/", "http://0/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		var p *egress.Policy
		u, err := p.CheckURL(raw)
		if err != nil {
			if !errors.Is(err, egress.ErrRefused) {
				t.Fatalf("CheckURL(%q) = %v, not ErrRefused", raw, err)
			}
			return
		}
		if u.Scheme != "http" && u.Scheme != "https" || u.User != nil || u.Hostname() == "" {
			t.Fatalf("CheckURL(%q) accepted %q", raw, u)
		}
		host := u.Hostname()
		if ip, err := netip.ParseAddr(host); err == nil && egress.Internal(ip) {
			t.Fatalf("CheckURL(%q) accepted the internal address %s", raw, ip)
		}
		if ip, ok := inetAton(host); ok && egress.Internal(ip) {
			t.Fatalf("CheckURL(%q) accepted %q, which inet_aton reads as %s", raw, host, ip)
		}
		rec := &dialRecorder{}
		d := &egress.Dialer{Resolver: fixedResolver{"169.254.169.254"}, Dial: rec.dial}
		_, err = d.DialContext(context.Background(), "tcp", net.JoinHostPort(host, "80"))
		if !errors.Is(err, egress.ErrRefused) || len(rec.got()) != 0 {
			if _, perr := netip.ParseAddr(host); perr == nil {
				return // a public literal is dialed as written, not resolved
			}
			t.Fatalf("host %q resolving to 169.254.169.254: %v after %d dials", host, err, len(rec.got()))
		}
	})
}
