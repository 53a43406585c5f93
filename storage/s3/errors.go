package s3

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"

	"github.com/minio/minio-go/v7"

	"github.com/noticescan/noticescan/storage"
)

// translate turns an error from minio into one that callers can branch on
// without importing minio: a storage sentinel, the context's error, or a
// plain message. Vendor errors are formatted with %v, never wrapped, so no
// minio type escapes through errors.As.
func (s *Store) translate(ctx context.Context, op, key string, err error) error {
	if err == nil {
		return nil
	}
	where := "s3: " + op
	if key != "" {
		where += " " + key
	}
	// The caller gave up; whatever minio made of that is noise.
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("%s: %w", where, ctxErr)
	}

	var resp minio.ErrorResponse
	if errors.As(err, &resp) {
		switch {
		case resp.Code == "NoSuchBucket":
			return fmt.Errorf("%s: bucket %q does not exist", where, s.bucket)
		case resp.Code == "NoSuchKey", resp.StatusCode == http.StatusNotFound && resp.Code != "":
			return fmt.Errorf("%s: %w", where, storage.ErrNotFound)
		case resp.StatusCode == http.StatusServiceUnavailable, resp.Code == "SlowDown", resp.Code == "ServiceUnavailable":
			return fmt.Errorf("%s: %w: %v", where, storage.ErrUnavailable, err)
		case s.sse != nil && isSSERejection(resp):
			return fmt.Errorf("%s: server refused server-side encryption %q; unset SSE or use a server that supports it: %v (%s)", where, s.sseMode, err, resp.Code)
		case resp.Code != "":
			return fmt.Errorf("%s: %v (%s)", where, err, resp.Code)
		}
	}
	if unreachable(err) {
		return fmt.Errorf("%s: %w: %v", where, storage.ErrUnavailable, err)
	}
	return fmt.Errorf("%s: %v", where, err)
}

// unreachable reports a failure to talk to the server at all, as opposed to
// the server answering with an error. It does not test for net.Error, which
// *url.Error implements whatever its cause.
func unreachable(err error) bool {
	var (
		opErr  *net.OpError
		dnsErr *net.DNSError
	)
	return errors.As(err, &opErr) ||
		errors.As(err, &dnsErr) ||
		errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, context.DeadlineExceeded) // an HTTP client timeout
}

// isSSERejection recognizes the ways S3-compatible servers refuse an
// encryption header they do not implement or a KMS key they cannot use.
func isSSERejection(resp minio.ErrorResponse) bool {
	switch {
	case resp.Code == "NotImplemented", resp.StatusCode == http.StatusNotImplemented,
		resp.Code == "InvalidEncryptionAlgorithmError",
		strings.HasPrefix(resp.Code, "KMS"): // KMS.NotFoundException, KMSNotConfigured
		return true
	case resp.Code == "InvalidArgument", resp.Code == "AccessDenied":
		msg := strings.ToLower(resp.Message)
		return strings.Contains(msg, "encrypt") || strings.Contains(msg, "kms")
	}
	return false
}
