package egress

import (
	"fmt"
	"net/netip"
	"net/url"
	"strings"
)

// CheckURL parses raw and refuses, wrapping ErrRefused, what can be
// refused without resolving a name: a scheme other than http or https,
// user information, an empty host, an address literal the policy does
// not permit (in any notation), and localhost names not on the
// allow-list. A host name that passes is checked again, on the addresses
// it resolves to, when Dialer dials it.
func (p *Policy) CheckURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("%w: not a URL", ErrRefused)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("%w: scheme %q is not http or https", ErrRefused, u.Scheme)
	case u.Opaque != "" || u.Host == "":
		return nil, fmt.Errorf("%w: no host", ErrRefused)
	case u.User != nil:
		return nil, fmt.Errorf("%w: user information in the URL", ErrRefused)
	}
	if err := p.checkHost(u.Hostname()); err != nil {
		return nil, err
	}
	return u, nil
}

// checkHost refuses a host that is, or would be read as, an address the
// policy does not permit, a localhost name, or anything that is neither a
// DNS name nor an IP address.
func (p *Policy) checkHost(host string) error {
	if host == "" {
		return fmt.Errorf("%w: no host", ErrRefused)
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if !p.Permitted(ip) {
			return fmt.Errorf("%w: %s is an internal address", ErrRefused, ip)
		}
		return nil
	}
	if p.hostAllowed(host) {
		return nil
	}
	name := normalHost(host)
	switch {
	case !validHostName(name):
		// Punycode is how a receiver with a non-ASCII name is written.
		return fmt.Errorf("%w: host %q is not a DNS name or an IP address", ErrRefused, host)
	case endsInNumber(name):
		return fmt.Errorf("%w: host %q is a number but not a dotted IPv4 address", ErrRefused, host)
	case name == "localhost" || strings.HasSuffix(name, ".localhost"):
		return fmt.Errorf("%w: localhost", ErrRefused)
	}
	return nil
}
