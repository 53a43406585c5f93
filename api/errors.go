package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/intake"
	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/storage"
)

// Errors this package detects itself.
var (
	// errBadRequest: the request cannot be parsed (bad parameter, malformed
	// multipart, no file). Always wrapped in a publicError saying why.
	errBadRequest = errors.New("bad request")
	errNoRoute    = errors.New("no such route")
	errMethod     = errors.New("method not allowed")
	errNotReady   = errors.New("not ready")
	// errTooManyFailures: the client address sent too many rejected API
	// keys lately. Always wrapped in a rateLimited.
	errTooManyFailures = errors.New("too many failed authentications")
	// errForeign: a request to a server without authentication that does
	// not come from its own page on a loopback name. Always wrapped in a
	// publicError saying which.
	errForeign = errors.New("request from outside this machine's own page")
)

// rateLimited is errTooManyFailures with the wait before the next try.
type rateLimited struct{ retryAfter time.Duration }

func (e *rateLimited) Error() string { return errTooManyFailures.Error() }
func (e *rateLimited) Unwrap() error { return errTooManyFailures }

// problemTypes is the one table from error to response. The first entry
// that errors.Is matches wins; anything else is a 500 whose cause goes
// only to the log. Details are fixed texts so that no internal wrapping
// reaches the client, except where a publicError supplies its own.
var problemTypes = []struct {
	err    error
	status int
	slug   string // the problem type is problemTypeBase + slug
	detail string
}{
	{records.ErrUnauthorized, http.StatusUnauthorized, "unauthorized", "The API key is missing, unknown or revoked."},
	{errForeign, http.StatusForbidden, "foreign-request", "This server answers only its own page on a loopback address."},
	{errTooManyFailures, http.StatusTooManyRequests, "too-many-failures", "Too many rejected API keys from this address; retry after the time in Retry-After."},
	{records.ErrNotFound, http.StatusNotFound, "not-found", "No such document."},
	{storage.ErrNotFound, http.StatusNotFound, "not-found", "No such document."},
	{records.ErrInvalid, http.StatusBadRequest, "invalid", "A parameter is invalid."},
	{errBadRequest, http.StatusBadRequest, "bad-request", "The request could not be parsed."},
	{errSlowBody, http.StatusRequestTimeout, "slow-body", "The request body arrived too slowly."},
	{errBusy, http.StatusServiceUnavailable, "busy", "The server is receiving as many uploads as it takes at once; retry after the time in Retry-After."},
	{document.ErrEmpty, http.StatusBadRequest, "empty-file", "The file is empty."},
	{document.ErrTooLarge, http.StatusRequestEntityTooLarge, "too-large", "The file is larger than the limit."},
	{document.ErrUnsupportedType, http.StatusUnsupportedMediaType, "unsupported-type", document.ErrUnsupportedType.Error() + "."},
	{document.ErrEncrypted, http.StatusUnprocessableEntity, "encrypted", "The PDF is protected by a user password."},
	{document.ErrCorrupt, http.StatusUnprocessableEntity, "corrupt", "The file cannot be read."},
	{intake.ErrSourceNotAvailable, http.StatusNotFound, "source-not-available", "source not available"},
	{storage.ErrUnavailable, http.StatusServiceUnavailable, "unavailable", "Storage is unavailable; retry later."},
	{errNotReady, http.StatusServiceUnavailable, "unavailable", "The service is not ready."},
	{errNoRoute, http.StatusNotFound, "no-route", "No such route."},
	{errMethod, http.StatusMethodNotAllowed, "method-not-allowed", "The route does not support this method."},
}

const (
	problemTypeBase = "urn:noticescan:problem:"
	internalDetail  = "Internal error; quote the instance when reporting it."
)

// problem is an RFC 9457 problem details object.
type problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Instance string `json:"instance"`
}

// publicError is an error whose text is written for the client. It
// unwraps to the sentinel that decides the status.
type publicError struct {
	kind   error
	detail string
}

func (e *publicError) Error() string { return e.detail }
func (e *publicError) Unwrap() error { return e.kind }

// badRequest is a request-parse error with a detail for the client.
func badRequest(format string, a ...any) error {
	return &publicError{kind: errBadRequest, detail: fmt.Sprintf(format, a...)}
}

// tooLarge is a request over the size limit.
func tooLarge(limit int64) error {
	return &publicError{kind: document.ErrTooLarge, detail: fmt.Sprintf("The request is larger than the limit of %d bytes.", limit)}
}

// problemFor maps err through problemTypes.
func problemFor(err error) problem {
	p := problem{Type: problemTypeBase + "internal", Status: http.StatusInternalServerError, Detail: internalDetail}
	for _, t := range problemTypes {
		if errors.Is(err, t.err) {
			p = problem{Type: problemTypeBase + t.slug, Status: t.status, Detail: t.detail}
			break
		}
	}
	if pe := (*publicError)(nil); p.Status < 500 && errors.As(err, &pe) {
		p.Detail = pe.detail
	}
	p.Title = http.StatusText(p.Status)
	return p
}

// fail answers the request with the problem for err, and keeps err for
// the request log.
func (s *Server) fail(c *gin.Context, err error) {
	p := problemFor(err)
	p.Instance = instance(c)
	_ = c.Error(err)
	if p.Status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="noticescan"`)
	}
	if p.Status == http.StatusServiceUnavailable {
		c.Header("Retry-After", "5")
	}
	if rl := (*rateLimited)(nil); errors.As(err, &rl) {
		c.Header("Retry-After", strconv.Itoa(int(math.Ceil(rl.retryAfter.Seconds()))))
	}
	body, _ := json.Marshal(p) // cannot fail: strings and an int
	c.Header("Content-Type", "application/problem+json")
	c.Header("Cache-Control", "no-store")
	c.Status(p.Status)
	_, _ = c.Writer.Write(body)
	c.Abort()
}

// instance names this request in a problem, by its request ID.
func instance(c *gin.Context) string {
	return "urn:noticescan:request:" + c.Writer.Header().Get(requestIDHeader)
}
