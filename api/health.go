package api

import (
	"context"
	_ "embed"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

const (
	// readyTimeout bounds a readiness check: a probe that hangs is as
	// unready as one that fails, and the prober's own timeout is short.
	readyTimeout = 2 * time.Second
	// readyTTL is how long a check's answer is reused, so that frequent
	// probes from several balancers do not each reach the database and
	// the object store.
	readyTTL = 3 * time.Second
)

//go:embed openapi.yaml
var openapiSpec []byte

// status is the body of the health endpoints.
type status struct {
	Status string `json:"status"`
}

// healthz handles GET /healthz: the process is serving.
func (s *Server) healthz(c *gin.Context) {
	s.render(c, http.StatusOK, status{Status: "ok"})
}

// readiness is the last readiness check and when it was made. Requests
// arriving while a check runs wait for it rather than start their own.
type readiness struct {
	mu  sync.Mutex
	at  time.Time
	err error
}

// check returns the cached answer if it is younger than readyTTL, or runs
// probe with readyTimeout, detached from the asking request so that a
// client going away does not cache a cancellation.
func (r *readiness) check(probe func(context.Context) error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.at.IsZero() && time.Since(r.at) < readyTTL {
		return r.err
	}
	ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
	defer cancel()
	r.err = probe(ctx)
	r.at = time.Now()
	return r.err
}

// readyz handles GET /readyz: storage and the database answer.
func (s *Server) readyz(c *gin.Context) {
	if err := s.ready.check(s.svc.Ready); err != nil {
		s.fail(c, fmt.Errorf("%w: %w", errNotReady, err))
		return
	}
	s.render(c, http.StatusOK, status{Status: "ready"})
}

// openapi handles GET /openapi.yaml.
func (s *Server) openapi(c *gin.Context) {
	c.Data(http.StatusOK, "application/yaml", openapiSpec)
}
