package egress

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"syscall"
	"time"
)

// Resolver looks up a host's addresses; *net.Resolver is one.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Dialer dials only destinations its Policy permits. Its zero value uses
// the default resolver and a plain TCP dial.
type Dialer struct {
	// Policy decides; nil permits public addresses only.
	Policy *Policy
	// Resolver resolves host names; default net.DefaultResolver.
	Resolver Resolver
	// Dial connects to an address that was already checked, "ip:port";
	// default a net.Dialer that checks the socket address once more.
	Dial func(ctx context.Context, network, address string) (net.Conn, error)
	// Timeout bounds one connection attempt; default 10 s.
	Timeout time.Duration
}

// DialContext resolves address's host, refuses it unless every address it
// resolves to is permitted (or the host is on the allow-list), then dials
// those addresses in turn. Nothing is dialed when the answer is a refusal.
func (d *Dialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, portText, err := net.SplitHostPort(address)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", address, err)
	}
	port, err := strconv.ParseUint(portText, 10, 16)
	if err != nil {
		return nil, fmt.Errorf("dial %s: bad port", address)
	}
	if err := d.Policy.checkHost(host); err != nil {
		return nil, fmt.Errorf("dial %s: %w", host, err)
	}
	trusted := d.Policy.hostAllowed(host)
	addrs, err := d.resolve(ctx, host)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", host, err)
	}
	// One internal address is enough to refuse the name: a receiver that
	// also resolves to 10.x is not one to pick addresses from.
	for _, ip := range addrs {
		if !trusted && !d.Policy.Permitted(ip) {
			return nil, fmt.Errorf("dial %s: %w: it resolves to the internal address %s", host, ErrRefused, canonical(ip))
		}
	}
	var errs []error
	for _, ip := range addrs {
		target := netip.AddrPortFrom(canonical(ip), uint16(port)).String()
		conn, err := d.dial(ctx, network, target, trusted)
		if err == nil {
			return conn, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	return nil, fmt.Errorf("dial %s: %w", host, errors.Join(errs...))
}

func (d *Dialer) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}, nil
	}
	r := d.Resolver
	if r == nil {
		r = net.DefaultResolver
	}
	addrs, err := r.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil, err
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("no address for %s", host)
	}
	return addrs, nil
}

func (d *Dialer) dial(ctx context.Context, network, address string, trusted bool) (net.Conn, error) {
	if d.Dial != nil {
		return d.Dial(ctx, network, address)
	}
	timeout := d.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	nd := &net.Dialer{Timeout: timeout, Control: func(_, address string, _ syscall.RawConn) error {
		// The address the socket is about to connect to: the last word.
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("%w: unreadable socket address %q", ErrRefused, address)
		}
		if !trusted && !d.Policy.Permitted(ap.Addr()) {
			return fmt.Errorf("%w: %s is an internal address", ErrRefused, ap.Addr())
		}
		return nil
	}}
	return nd.DialContext(ctx, network, address)
}

// Client returns an HTTP client that dials through d, never uses a proxy
// from the environment (which would dial in its place), never follows a
// redirect (the 3xx is the answer), and gives up after timeout.
func (d *Dialer) Client(timeout time.Duration) *http.Client {
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			Proxy:                  nil,
			DialContext:            d.DialContext,
			TLSHandshakeTimeout:    timeout,
			ResponseHeaderTimeout:  timeout,
			MaxResponseHeaderBytes: 16 << 10,
			MaxIdleConns:           16,
			IdleConnTimeout:        30 * time.Second,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
