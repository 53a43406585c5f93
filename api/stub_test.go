package api_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/noticescan/noticescan/api"
	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/intake"
	"github.com/noticescan/noticescan/records"
)

// stubService is a STUB of api.Service. The style guide allows one only
// for error injection and for checking what request parsing hands over:
// each method returns what a test injects and records its arguments. It
// holds no business logic, and nothing here tests any; the success paths
// run end to end against the real service in cmd/noticescan.
type stubService struct {
	authenticate func(ctx context.Context, secret string) (string, error)
	upload       func(ctx context.Context, tenant string, up intake.Upload) (records.Document, error)
	// beforeRead, if set, runs before Upload reads the body: a test holds
	// an upload there while its body is still being received.
	beforeRead       func()
	document         func(ctx context.Context, tenant, id string) (records.Document, error)
	wait             func(ctx context.Context, tenant, id string) (records.Document, error)
	open             func(ctx context.Context, tenant, id string) (io.ReadCloser, records.Document, error)
	documents        func(ctx context.Context, tenant string, f records.Filter) (records.DocumentList, error)
	findingDocuments func(ctx context.Context, tenant string, kind extractor.Kind, value string) ([]records.Document, error)
	delete           func(ctx context.Context, tenant, id string) error
	review           func(ctx context.Context, tenant, id string, finding int, r records.Review) (records.Document, error)
	pageImage        func(ctx context.Context, tenant, id string, page int) (io.ReadCloser, error)
	ready            func(ctx context.Context) error

	mu      sync.Mutex
	uploads []stubUpload
}

// stubUpload is what Upload received.
type stubUpload struct {
	Tenant, Filename, CallbackURL string
	Body                          []byte
}

const (
	goodKey    = "good-key"
	revokedKey = "revoked-key"
	stubTenant = "acme"
)

func (s *stubService) Authenticate(ctx context.Context, secret string) (string, error) {
	if s.authenticate != nil {
		return s.authenticate(ctx, secret)
	}
	switch secret {
	case goodKey:
		return stubTenant, nil
	case revokedKey:
		return "", fmt.Errorf("key abc: revoked: %w", records.ErrUnauthorized)
	}
	return "", records.ErrUnauthorized
}

// Upload reads the body to the end, records it, and returns an injected
// result or a queued document named after the upload's position.
func (s *stubService) Upload(ctx context.Context, tenant string, up intake.Upload) (records.Document, error) {
	if s.beforeRead != nil {
		s.beforeRead()
	}
	body, err := io.ReadAll(up.Body)
	if err != nil {
		// %v, not %w: the handler must not rely on the service wrapping.
		return records.Document{}, fmt.Errorf("read upload: %v", err)
	}
	s.mu.Lock()
	s.uploads = append(s.uploads, stubUpload{Tenant: tenant, Filename: up.Filename, CallbackURL: up.CallbackURL, Body: body})
	n := len(s.uploads)
	s.mu.Unlock()
	if s.upload != nil {
		return s.upload(ctx, tenant, up)
	}
	return records.Document{ID: fmt.Sprintf("doc-%d", n), Filename: up.Filename, Status: records.StatusQueued}, nil
}

func (s *stubService) received() []stubUpload {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]stubUpload(nil), s.uploads...)
}

func (s *stubService) Document(ctx context.Context, tenant, id string) (records.Document, error) {
	if s.document != nil {
		return s.document(ctx, tenant, id)
	}
	return records.Document{}, records.ErrNotFound
}

func (s *stubService) Wait(ctx context.Context, tenant, id string) (records.Document, error) {
	if s.wait != nil {
		return s.wait(ctx, tenant, id)
	}
	return records.Document{}, records.ErrNotFound
}

func (s *stubService) Open(ctx context.Context, tenant, id string) (io.ReadCloser, records.Document, error) {
	if s.open != nil {
		return s.open(ctx, tenant, id)
	}
	return nil, records.Document{}, records.ErrNotFound
}

func (s *stubService) Documents(ctx context.Context, tenant string, f records.Filter) (records.DocumentList, error) {
	if s.documents != nil {
		return s.documents(ctx, tenant, f)
	}
	return records.DocumentList{}, nil
}

func (s *stubService) FindingDocuments(ctx context.Context, tenant string, kind extractor.Kind, value string) ([]records.Document, error) {
	if s.findingDocuments != nil {
		return s.findingDocuments(ctx, tenant, kind, value)
	}
	return nil, nil
}

func (s *stubService) Delete(ctx context.Context, tenant, id string) error {
	if s.delete != nil {
		return s.delete(ctx, tenant, id)
	}
	return records.ErrNotFound
}

func (s *stubService) Review(ctx context.Context, tenant, id string, finding int, r records.Review) (records.Document, error) {
	if s.review != nil {
		return s.review(ctx, tenant, id, finding, r)
	}
	return records.Document{}, records.ErrNotFound
}

func (s *stubService) PageImage(ctx context.Context, tenant, id string, page int) (io.ReadCloser, error) {
	if s.pageImage != nil {
		return s.pageImage(ctx, tenant, id, page)
	}
	return nil, records.ErrNotFound
}

func (s *stubService) Ready(ctx context.Context) error {
	if s.ready != nil {
		return s.ready(ctx)
	}
	return nil
}

var _ api.Service = (*stubService)(nil)

// MustServer returns a Server over svc; cfg's Service is replaced.
func MustServer(tb testing.TB, svc api.Service, cfg api.Config) *api.Server {
	tb.Helper()
	cfg.Service = svc
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return api.New(cfg)
}

// do sends a request with the good key to h and returns the recorded answer.
func do(tb testing.TB, h http.Handler, method, target string, body io.Reader, header ...string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(method, target, body)
	req.Header.Set("Authorization", "Bearer "+goodKey)
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// problemBody is an RFC 9457 problem as the tests read it.
type problemBody struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Instance string `json:"instance"`
}

// MustProblem checks that rec is a complete problem with status and
// returns it.
func MustProblem(tb testing.TB, rec *httptest.ResponseRecorder, status int) problemBody {
	tb.Helper()
	return mustProblem(tb, rec.Code, rec.Header(), rec.Body.Bytes(), status)
}

func mustProblem(tb testing.TB, code int, h http.Header, body []byte, status int) problemBody {
	tb.Helper()
	if code != status {
		tb.Fatalf("status = %d, want %d; body %s", code, status, body)
	}
	if ct := h.Get("Content-Type"); ct != "application/problem+json" {
		tb.Fatalf("Content-Type = %q, want application/problem+json", ct)
	}
	var p problemBody
	if err := decodeStrict(body, &p); err != nil {
		tb.Fatalf("problem body %s: %v", body, err)
	}
	id := h.Get("X-Request-ID")
	switch {
	case !strings.HasPrefix(p.Type, "urn:noticescan:problem:"):
		tb.Errorf("type = %q", p.Type)
	case p.Title != http.StatusText(status):
		tb.Errorf("title = %q, want %q", p.Title, http.StatusText(status))
	case p.Status != status:
		tb.Errorf("status field = %d, want %d", p.Status, status)
	case p.Detail == "":
		tb.Errorf("detail is empty")
	case id == "" || p.Instance != "urn:noticescan:request:"+id:
		tb.Errorf("instance = %q, X-Request-ID = %q", p.Instance, id)
	}
	return p
}

var errBoom = errors.New("boom")
