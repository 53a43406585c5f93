package egress

import (
	"fmt"
	"net/netip"
	"strings"
)

// Policy says which destinations outgoing calls may reach: any public
// address, plus the networks and host names of its allow-list. The zero
// Policy, and a nil *Policy, allow public addresses only.
type Policy struct {
	nets  []netip.Prefix
	hosts []string // lower case, without a trailing dot
}

// ParseAllow returns a Policy allowing, besides public addresses, the
// comma-separated entries of list: CIDR prefixes ("10.1.0.0/16"), single
// addresses ("127.0.0.1", "::1") and host names ("hooks.internal"), which
// are then called whatever they resolve to. An empty list allows public
// addresses only.
func ParseAllow(list string) (*Policy, error) {
	p := &Policy{}
	for entry := range strings.SplitSeq(list, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		if pfx, err := netip.ParsePrefix(entry); err == nil {
			p.nets = append(p.nets, pfx.Masked())
			continue
		}
		if ip, err := netip.ParseAddr(entry); err == nil {
			ip = canonical(ip)
			p.nets = append(p.nets, netip.PrefixFrom(ip, ip.BitLen()))
			continue
		}
		host := normalHost(entry)
		if !validHostName(host) || endsInNumber(host) {
			return nil, fmt.Errorf("allow-list entry %q: want a CIDR prefix, an IP address or a host name", entry)
		}
		p.hosts = append(p.hosts, host)
	}
	return p, nil
}

// Permitted reports whether ip may be called: a public address, or one in
// an allowed network.
func (p *Policy) Permitted(ip netip.Addr) bool {
	ip = canonical(ip)
	if p != nil {
		for _, n := range p.nets {
			if n.Contains(ip) {
				return true
			}
		}
	}
	return !Internal(ip)
}

// hostAllowed reports whether host is a name on the allow-list.
func (p *Policy) hostAllowed(host string) bool {
	if p == nil {
		return false
	}
	host = normalHost(host)
	for _, h := range p.hosts {
		if h == host {
			return true
		}
	}
	return false
}

// notPublic lists the ranges that IsGlobalUnicast and IsPrivate leave out
// but that no public receiver lives in.
var notPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // shared address space (CGNAT)
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("::/96"),           // IPv4-compatible (deprecated)
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("100::/64"),        // discard
	netip.MustParsePrefix("2001::/32"),       // Teredo: hides an IPv4 address
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("fec0::/10"),       // site-local (deprecated)
}

var (
	nat64   = netip.MustParsePrefix("64:ff9b::/96")
	sixToF4 = netip.MustParsePrefix("2002::/16")
)

// Internal reports whether ip is not a public unicast address: loopback,
// private, link-local, CGNAT, multicast, unspecified, reserved or
// documentation space, or an IPv6 form that carries such an IPv4 address.
func Internal(ip netip.Addr) bool {
	ip = canonical(ip)
	if !ip.IsValid() || !ip.IsGlobalUnicast() || ip.IsPrivate() {
		return true
	}
	if ip.Is6() {
		b := ip.As16()
		// Translated and tunnelled forms reach the IPv4 address they embed.
		switch {
		case nat64.Contains(ip):
			return Internal(netip.AddrFrom4([4]byte(b[12:16])))
		case sixToF4.Contains(ip):
			return Internal(netip.AddrFrom4([4]byte(b[2:6])))
		}
	}
	for _, n := range notPublic {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

// canonical drops an IPv6 zone and turns an IPv4-mapped IPv6 address into
// the IPv4 address it maps, which is what a dial reaches.
func canonical(ip netip.Addr) netip.Addr {
	return ip.WithZone("").Unmap()
}

// normalHost is host in lower case without a trailing dot, the form in
// which two spellings of one name compare equal.
func normalHost(host string) string {
	return strings.TrimSuffix(strings.ToLower(host), ".")
}

// validHostName reports whether host is a DNS name: dot-separated labels
// of letters, digits, '-' and '_'.
func validHostName(host string) bool {
	if host == "" || len(host) > 253 {
		return false
	}
	for label := range strings.SplitSeq(host, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// endsInNumber reports whether a host that is not a canonical IP address
// would still be read as an IPv4 address by some parser: its last label is
// a number in decimal, octal or hex ("2130706433", "127.1", "0x7f.0.0.1",
// "017700000001"). URL parsers (WHATWG), inet_aton and resolvers disagree
// on such names, so they are refused rather than interpreted.
func endsInNumber(host string) bool {
	host = strings.TrimSuffix(host, ".")
	last := host[strings.LastIndexByte(host, '.')+1:]
	if last == "" {
		return false
	}
	if rest, ok := strings.CutPrefix(strings.ToLower(last), "0x"); ok {
		return strings.Trim(rest, "0123456789abcdef") == ""
	}
	return strings.Trim(last, "0123456789") == ""
}
