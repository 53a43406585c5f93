package api

import (
	"context"
	_ "embed"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// readyTimeout bounds a readiness check.
const readyTimeout = 5 * time.Second

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

// readyz handles GET /readyz: storage and the database answer.
func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), readyTimeout)
	defer cancel()
	if err := s.svc.Ready(ctx); err != nil {
		s.fail(c, fmt.Errorf("%w: %w", errNotReady, err))
		return
	}
	s.render(c, http.StatusOK, status{Status: "ready"})
}

// openapi handles GET /openapi.yaml.
func (s *Server) openapi(c *gin.Context) {
	c.Data(http.StatusOK, "application/yaml", openapiSpec)
}
