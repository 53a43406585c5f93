package service

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/noticescan/noticescan/egress"
	"github.com/noticescan/noticescan/records"
)

// Notify posts the finished document to its callback URL. The body is
// signed: X-Noticescan-Signature is "sha256=" + hex HMAC-SHA256 of
// "<timestamp>.<body>" with the server's webhook secret, and
// X-Noticescan-Timestamp carries the timestamp, so a receiver can reject
// forged and replayed calls. Any non-2xx answer is an error, and the queue
// retries with backoff; a redirect is not followed (the signed body must
// not travel to a place the submitter did not name), so a 3xx is one too.
func (s *Service) Notify(ctx context.Context, d records.Document) (err error) {
	defer func() {
		if err != nil {
			s.cfg.Metrics.jobFailed("notify")
			s.log.Warn("callback failed", "document", d.ID, "error", err)
		}
	}()
	if d.CallbackURL == "" {
		return nil
	}
	body, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("notify %s: %w", d.ID, err)
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.CallbackURL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("notify %s: %w", d.ID, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Noticescan-Timestamp", ts)
	req.Header.Set("X-Noticescan-Signature", "sha256="+Sign(s.cfg.WebhookSecret, ts, body))
	resp, err := s.cfg.HTTPClient.Do(req)
	if err != nil {
		// The client's error quotes the URL, whose path or query may hold
		// a client's numbers; the log gets the cause alone.
		if ue := (*url.Error)(nil); errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("notify %s: %w", d.ID, &deliveryError{class: transportClass(err), err: err})
	}
	// Read a little so the connection can be reused; a receiver's answer
	// is never kept, however long.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		err := fmt.Errorf("callback answered %s", resp.Status)
		return fmt.Errorf("notify %s: %w", d.ID, &deliveryError{class: "http_" + strconv.Itoa(resp.StatusCode), err: err})
	}
	return nil
}

// Sign is the webhook signature of body sent at timestamp ts.
func Sign(secret []byte, ts string, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// deliveryError is a failed callback with the class shown to the tenant,
// which never quotes the URL or the receiver's answer.
type deliveryError struct {
	class string
	err   error
}

func (e *deliveryError) Error() string         { return e.err.Error() }
func (e *deliveryError) Unwrap() error         { return e.err }
func (e *deliveryError) CallbackClass() string { return e.class }

// transportClass names why a callback got no answer.
func transportClass(err error) string {
	var (
		dnsErr *net.DNSError
		opErr  *net.OpError
	)
	switch {
	case errors.Is(err, egress.ErrRefused):
		return "receiver_not_allowed"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return "timeout"
	case errors.As(err, &dnsErr):
		return "dns"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection_refused"
	case strings.Contains(err.Error(), "tls:"), strings.Contains(err.Error(), "x509:"):
		return "tls"
	case errors.As(err, &opErr):
		return "network"
	}
	return "error"
}
