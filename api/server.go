package api

import (
	"cmp"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/noticescan/noticescan/egress"
	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/intake"
	"github.com/noticescan/noticescan/records"
)

// Service is what the HTTP layer needs from the application. Every method
// but Authenticate and Ready acts for one tenant; another tenant's
// document is records.ErrNotFound.
type Service interface {
	// Authenticate returns the tenant of an API key secret, or
	// records.ErrUnauthorized when the key is unknown or revoked.
	Authenticate(ctx context.Context, secret string) (tenant string, err error)
	// Upload stores a file and queues its processing. The type is sniffed
	// from the bytes: document.ErrUnsupportedType, document.ErrEmpty and
	// document.ErrTooLarge reject it. The same bytes uploaded again return
	// the existing document.
	Upload(ctx context.Context, tenant string, up intake.Upload) (records.Document, error)
	// Document returns a document with its pages and findings, or
	// records.ErrNotFound.
	Document(ctx context.Context, tenant, id string) (records.Document, error)
	// Wait returns the document once its status is final, or its latest
	// state when ctx ends; records.ErrNotFound if there is none.
	Wait(ctx context.Context, tenant, id string) (records.Document, error)
	// Open returns the original file and its document; records.ErrNotFound
	// if there is none. The caller closes the reader.
	Open(ctx context.Context, tenant, id string) (io.ReadCloser, records.Document, error)
	// Documents lists documents, newest first; a bad filter or cursor is
	// records.ErrInvalid.
	Documents(ctx context.Context, tenant string, f records.Filter) (records.DocumentList, error)
	// FindingDocuments lists the documents carrying a finding of kind with
	// this normalized value.
	FindingDocuments(ctx context.Context, tenant string, kind extractor.Kind, value string) ([]records.Document, error)
	// Review records a decision on finding number finding of a document
	// and returns the document; records.ErrNotFound if either is missing,
	// records.ErrInvalid if a corrected value does not fit the finding's kind.
	Review(ctx context.Context, tenant, id string, finding int, r records.Review) (records.Document, error)
	// PageImage returns a JPEG of a page as it was read, in which the
	// findings' boxes scale by its width over the page's Width;
	// records.ErrNotFound if there is none. The caller closes it.
	PageImage(ctx context.Context, tenant, id string, page int) (io.ReadCloser, error)
	// Delete removes a document, its file and its results; records.ErrNotFound
	// if there is none.
	Delete(ctx context.Context, tenant, id string) error
	// Ready reports whether storage and the database answer;
	// storage.ErrUnavailable when they do not.
	Ready(ctx context.Context) error
}

// Config configures a Server. Only Service is required.
type Config struct {
	Service Service
	// Logger receives one line per request; nil discards them.
	Logger *slog.Logger
	// MaxUploadBytes limits a whole upload request; default 50 MiB.
	MaxUploadBytes int64
	// Metrics, if set, is served at GET /metrics to requests with an API
	// key (any tenant's); serve it on a separate listener instead to
	// scrape it without one.
	Metrics http.Handler
	// ObserveRequest, if set, is told of every finished request: its
	// method, its route pattern ("/v1/documents/:id", "unmatched" when no
	// route matched, never the raw path with its ids), the status sent and
	// how long it took. It feeds the request metrics.
	ObserveRequest func(method, route string, status int, d time.Duration)
	// OpenAccess lets requests in without an API key, acting as tenant
	// "local". Only for a server with auth off on localhost: it then
	// answers only requests addressed to a loopback host, from its own
	// page (403 otherwise).
	OpenAccess bool
	// MaxWait caps the ?wait parameter; default 120s.
	MaxWait time.Duration
	// Batches serves /v1/batches; when nil, Service serves them if it is
	// a BatchService, and otherwise the routes are absent.
	Batches BatchService
	// Page, if set, serves the web page at / and its assets under /ui/.
	Page http.Handler
	// Callbacks decides which callback_url a client may give: nil allows
	// public addresses only. Deliveries are checked again when dialed.
	Callbacks *egress.Policy
	// AuthFailures is how many rejected API keys a client address may
	// send per AuthFailureWindow before it is answered 429; defaults
	// DefaultAuthFailures and DefaultAuthFailureWindow.
	AuthFailures      int
	AuthFailureWindow time.Duration
	// MinBodyRate (bytes per second) and BodyWindow: an upload's body
	// must bring MinBodyRate × BodyWindow bytes within every BodyWindow,
	// or it is cut with 408; defaults DefaultMinBodyRate and
	// DefaultBodyWindow.
	MinBodyRate int64
	BodyWindow  time.Duration
	// MaxUploads caps the uploads received at once, and MaxParts the
	// parts of one multipart request; defaults DefaultMaxUploads and
	// DefaultMaxParts. An upload beyond MaxUploads waits up to UploadWait
	// (default DefaultUploadWait) for its turn, then gets 503 with
	// Retry-After.
	MaxUploads int
	MaxParts   int
	UploadWait time.Duration
	// WriteGrace is how long past MaxWait an answer may take to be
	// written (for uploads, from the end of the body); default
	// DefaultWriteDeadline.
	WriteGrace time.Duration
}

// Defaults for Config.
const (
	DefaultMaxUploadBytes = 50 << 20
	DefaultMaxWait        = 120 * time.Second
)

// localTenant is the tenant of every request under OpenAccess.
const localTenant = "local"

// Server serves the HTTP API. It implements http.Handler.
type Server struct {
	engine     *gin.Engine
	svc        Service
	log        *slog.Logger
	maxUpload  int64
	maxWait    time.Duration
	openAccess bool
	batches    BatchService
	callbacks  *egress.Policy
	limiter    *authLimiter

	minBodyRate int64
	bodyWindow  time.Duration
	uploads     chan struct{} // one token per upload being received
	uploadWait  time.Duration
	maxParts    int
	writeGrace  time.Duration

	observeRequest func(method, route string, status int, d time.Duration)
	ready          readiness
}

// Route is one registered method and path, the path in OpenAPI form
// ("/v1/documents/{id}").
type Route struct {
	Method string
	Path   string
}

// New returns a Server for cfg. It panics if cfg.Service is nil.
func New(cfg Config) *Server {
	if cfg.Service == nil {
		panic("api: Config.Service is nil")
	}
	s := &Server{
		svc:        cfg.Service,
		log:        cfg.Logger,
		maxUpload:  cfg.MaxUploadBytes,
		maxWait:    cfg.MaxWait,
		openAccess: cfg.OpenAccess,
		batches:    cfg.Batches,
		callbacks:  cfg.Callbacks,
		limiter:    newAuthLimiter(cfg.AuthFailures, cfg.AuthFailureWindow),

		observeRequest: cfg.ObserveRequest,
	}
	if s.batches == nil {
		s.batches, _ = cfg.Service.(BatchService)
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.maxUpload <= 0 {
		s.maxUpload = DefaultMaxUploadBytes
	}
	if s.maxWait <= 0 {
		s.maxWait = DefaultMaxWait
	}
	s.minBodyRate = cmp.Or(max(cfg.MinBodyRate, 0), DefaultMinBodyRate)
	s.bodyWindow = cmp.Or(max(cfg.BodyWindow, 0), DefaultBodyWindow)
	s.uploads = make(chan struct{}, cmp.Or(max(cfg.MaxUploads, 0), DefaultMaxUploads))
	s.maxParts = cmp.Or(max(cfg.MaxParts, 0), DefaultMaxParts)
	s.uploadWait = cmp.Or(max(cfg.UploadWait, 0), DefaultUploadWait)
	s.writeGrace = cmp.Or(max(cfg.WriteGrace, 0), DefaultWriteDeadline)

	// Gin's mode is process-wide. Debug mode prints route tables and
	// warnings to stdout, outside our logger, so leave it once, here.
	// SetMode is atomic, so servers built by parallel tests do not race;
	// test mode, which is as quiet as release mode, is kept.
	if gin.Mode() == gin.DebugMode {
		gin.SetMode(gin.ReleaseMode)
	}
	e := gin.New()
	e.HandleMethodNotAllowed = true
	// An API answers the path it was asked, not a redirect to a guess.
	e.RedirectTrailingSlash = false
	e.RedirectFixedPath = false
	_ = e.SetTrustedProxies(nil)
	e.Use(s.observe, s.setWriteDeadline)
	if s.openAccess {
		e.Use(s.localOnly)
	}
	e.NoRoute(func(c *gin.Context) { s.fail(c, errNoRoute) })
	e.NoMethod(func(c *gin.Context) { s.fail(c, errMethod) })

	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/openapi.yaml", s.openapi)
	if cfg.Metrics != nil {
		e.GET("/metrics", s.authenticate, gin.WrapH(cfg.Metrics))
	}
	if cfg.Page != nil {
		e.GET("/", gin.WrapH(cfg.Page))
		e.GET("/ui/*file", gin.WrapH(cfg.Page))
	}

	v1 := e.Group("/v1", s.authenticate, s.checkParams)
	v1.POST("/documents", s.guardUploads, s.upload)
	v1.GET("/documents", s.documents)
	v1.GET("/documents/:id", s.document)
	v1.GET("/documents/:id/file", s.file)
	v1.DELETE("/documents/:id", s.delete)
	v1.GET("/findings", s.findings)
	if s.batches != nil {
		v1.POST("/batches", s.guardUploads, s.createBatch)
		v1.GET("/batches", s.batchesList)
		v1.GET("/batches/:id", s.batch)
		v1.GET("/batches/:id/results", s.batchResults)
	}
	v1.POST("/documents/:id/findings/:n/review", s.review)
	v1.GET("/documents/:id/pages/:n/image", s.pageImage)
	v1.GET("/export.csv", s.exportCSV)
	v1.GET("/export.xlsx", s.exportXLSX)

	s.engine = e
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.engine.ServeHTTP(w, r)
}

// Routes lists the registered routes, for documentation and its tests.
func (s *Server) Routes() []Route {
	var out []Route
	for _, r := range s.engine.Routes() {
		parts := strings.Split(r.Path, "/")
		for i, p := range parts {
			if strings.HasPrefix(p, ":") || strings.HasPrefix(p, "*") {
				parts[i] = "{" + p[1:] + "}"
			}
		}
		out = append(out, Route{Method: r.Method, Path: strings.Join(parts, "/")})
	}
	return out
}
