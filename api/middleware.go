package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/noticescan/noticescan/records"
)

const requestIDHeader = "X-Request-ID"

// tenantKey is the request-context key of the authenticated tenant.
type tenantKey struct{}

// tenantOf returns the tenant authenticate put in the request context.
func tenantOf(ctx context.Context) string {
	t, _ := ctx.Value(tenantKey{}).(string)
	return t
}

// observe gives each request an ID and the headers every answer carries,
// turns a panic into a 500 problem and logs one line when the request
// ends. An incoming X-Request-ID is not trusted: it is client text and
// could carry anything into the log.
func (s *Server) observe(c *gin.Context) {
	start := time.Now()
	c.Header(requestIDHeader, newRequestID())
	privateHeaders(c.Writer.Header())
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			err := fmt.Errorf("panic: %v\n%s", v, debug.Stack())
			if c.Writer.Written() {
				_ = c.Error(err)
				c.Abort()
			} else {
				// Drop what the handler set for the answer it did not give
				// (Content-Length, Location, ...).
				h := c.Writer.Header()
				id := h.Get(requestIDHeader)
				clear(h)
				h.Set(requestIDHeader, id)
				privateHeaders(h)
				s.fail(c, err)
			}
		}
		d := time.Since(start)
		s.logRequest(c, d)
		if s.observeRequest != nil {
			s.observeRequest(c.Request.Method, routeOf(c), c.Writer.Status(), d)
		}
	}()
	c.Next()
}

// privateHeaders keeps answers out of shared and browser caches (they
// carry clients' documents and numbers) and stops browsers from guessing
// a type other than the one declared. The web page's assets set their own
// Cache-Control over this one.
func privateHeaders(h http.Header) {
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
}

// routeOf names the request's route pattern, or "unmatched": a raw path
// would carry document ids and grow without bound as a label.
func routeOf(c *gin.Context) string {
	if route := c.FullPath(); route != "" {
		return route
	}
	return "unmatched"
}

// logRequest writes the request's one log line. It names the route
// pattern, never the URL, and logs the cause of a 5xx redacted.
func (s *Server) logRequest(c *gin.Context, d time.Duration) {
	route := routeOf(c)
	status := c.Writer.Status()
	attrs := []slog.Attr{
		slog.String("request_id", c.Writer.Header().Get(requestIDHeader)),
		slog.String("method", c.Request.Method),
		slog.String("route", route),
		slog.Int("status", status),
		slog.Float64("duration_ms", float64(d.Microseconds())/1000),
		slog.Int("bytes", max(c.Writer.Size(), 0)),
	}
	if t := tenantOf(c.Request.Context()); t != "" {
		attrs = append(attrs, slog.String("tenant", t))
	}
	level := slog.LevelInfo
	if err := c.Errors.Last(); err != nil {
		attrs = append(attrs, slog.String("problem", strings.TrimPrefix(problemFor(err.Err).Type, problemTypeBase)))
		if status >= 500 {
			level = slog.LevelError
			attrs = append(attrs, slog.String("error", redact(err.Error())))
		}
	}
	s.log.LogAttrs(c.Request.Context(), level, "request", attrs...)
}

// authenticate checks the bearer key and puts its tenant in the request
// context.
func (s *Server) authenticate(c *gin.Context) {
	tenant := localTenant
	if !s.openAccess {
		secret, ok := bearer(c.GetHeader("Authorization"))
		if !ok {
			s.fail(c, records.ErrUnauthorized)
			return
		}
		// Only keys presented and rejected count: a request without one
		// (the page's first probe) guesses nothing.
		client, _ := netip.ParseAddr(c.RemoteIP())
		if wait := s.limiter.retryAfter(client); wait > 0 {
			s.fail(c, &rateLimited{retryAfter: wait})
			return
		}
		var err error
		tenant, err = s.svc.Authenticate(c.Request.Context(), secret)
		if err == nil && tenant == "" {
			err = fmt.Errorf("api key without a tenant: %w", records.ErrUnauthorized)
		}
		if err != nil {
			if errors.Is(err, records.ErrUnauthorized) {
				s.limiter.fail(client)
			}
			s.fail(c, err)
			return
		}
	}
	c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), tenantKey{}, tenant))
	c.Next()
}

// bearer returns the token of an "Authorization: Bearer <token>" value.
func bearer(h string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

func newRequestID() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}
