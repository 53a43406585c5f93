package api

import (
	"net"
	"net/netip"
	"strings"

	"github.com/gin-gonic/gin"
)

// localOnly guards a server without authentication, which listens only on
// loopback: it answers only requests that name a loopback host, so a web
// page whose own name an attacker re-pointed at 127.0.0.1 (DNS
// rebinding) is refused, and only from its own page, so another site's
// page cannot make the browser act (CSRF).
func (s *Server) localOnly(c *gin.Context) {
	r := c.Request
	if !loopbackHost(r.Host) {
		s.fail(c, &publicError{kind: errForeign, detail: "This server runs without API keys and answers only requests " +
			"addressed to localhost, 127.0.0.1 or [::1]."})
		return
	}
	origin := r.Header.Get("Origin")
	if origin != "" && !strings.EqualFold(origin, "http://"+r.Host) && !strings.EqualFold(origin, "https://"+r.Host) {
		s.fail(c, &publicError{kind: errForeign, detail: "This server runs without API keys and answers only its own page, " +
			"not requests from another origin."})
		return
	}
	// A request another site's page makes without an Origin (an image, a
	// link) is marked so by the browser.
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		s.fail(c, &publicError{kind: errForeign, detail: "This server runs without API keys and answers only its own page, " +
			"not requests from another site."})
		return
	}
	c.Next()
}

// loopbackHost reports whether a Host header names this machine by a
// loopback name or address: localhost, 127.0.0.0/8 or ::1, with or
// without a port.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	} else {
		host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Zone() == "" && ip.IsLoopback()
}
