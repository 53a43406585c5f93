package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// Defaults for the request body guards in Config.
const (
	// DefaultMinBodyRate lets a 45 MB upload through a 0.5 Mbit/s link
	// while a client that trickles bytes to hold a connection is cut.
	DefaultMinBodyRate   = 64 << 10
	DefaultBodyWindow    = 30 * time.Second
	DefaultMaxUploads    = 16
	DefaultUploadWait    = 30 * time.Second
	DefaultMaxParts      = 100
	DefaultWriteDeadline = 2 * time.Minute
)

var (
	// errSlowBody: the request body fell below the minimum rate. Always
	// wrapped in a publicError.
	errSlowBody = errors.New("request body too slow")
	// errBusy: as many uploads as allowed are being received.
	errBusy = errors.New("too many uploads at once")
)

// guardUploads admits a request that carries an upload when fewer than
// the maximum are being received (until the body has arrived whole) (after a bounded wait for its turn; 503
// with Retry-After past it), and
// holds its body to the minimum rate. The write deadline waits for the
// body: a slow but steady upload may take longer than any fixed timeout.
func (s *Server) guardUploads(c *gin.Context) {
	if !s.admitUpload(c.Request.Context()) {
		if c.Request.Context().Err() == nil {
			s.fail(c, errBusy)
		}
		return
	}
	// The place is for receiving: it is given back as soon as the whole
	// body has arrived, so that uploads storing and committing what they
	// received do not hold back others still to be received.
	var once sync.Once
	leave := func() { once.Do(func() { <-s.uploads }) }
	defer leave()
	rc := http.NewResponseController(c.Writer)
	_ = rc.SetWriteDeadline(time.Time{})
	r := newRateReader(c.Request.Body, rc, s.minBodyRate, s.bodyWindow, s.writeDeadline)
	r.received = leave
	c.Request.Body = r
	c.Next()
}

// admitUpload takes a place among the uploads being received. A burst
// (a scanner station sending a day's mail at once) waits for its turn
// rather than failing: a waiting upload holds a connection but none of
// its body, which stays unread in the kernel's buffers. It gives up after
// uploadWait, or when the client leaves.
func (s *Server) admitUpload(ctx context.Context) bool {
	select {
	case s.uploads <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(s.uploadWait)
	defer t.Stop()
	select {
	case s.uploads <- struct{}{}:
		return true
	case <-t.C:
		return false
	case <-ctx.Done():
		return false
	}
}

// setWriteDeadline bounds the time a request may take to be answered, so
// that a client that never reads its answer does not hold the connection;
// it lasts past the longest ?wait.
func (s *Server) setWriteDeadline(c *gin.Context) {
	_ = http.NewResponseController(c.Writer).SetWriteDeadline(s.writeDeadline())
	c.Next()
}

func (s *Server) writeDeadline() time.Time {
	return time.Now().Add(s.maxWait + s.writeGrace)
}

// rateReader cuts a request body that does not deliver window × rate
// bytes within each window, counted from the last window that did, using
// the connection's read deadline so that a client sending nothing is cut
// too. When the body ends, the read deadline is lifted (the connection's
// own timeouts apply again) and the write deadline set from then.
type rateReader struct {
	body      io.ReadCloser
	rc        *http.ResponseController
	perWindow int64
	window    time.Duration
	got       int64
	done      bool
	writeBy   func() time.Time
	// received, if set, is called once the whole body has been read.
	received func()
}

func newRateReader(body io.ReadCloser, rc *http.ResponseController, rate int64, window time.Duration, writeBy func() time.Time) *rateReader {
	perWindow := max(1, int64(float64(rate)*window.Seconds()))
	_ = rc.SetReadDeadline(time.Now().Add(window))
	return &rateReader{body: body, rc: rc, perWindow: perWindow, window: window, writeBy: writeBy}
}

func (r *rateReader) Read(p []byte) (int, error) {
	n, err := r.body.Read(p)
	r.got += int64(n)
	if r.got >= r.perWindow {
		r.got = 0
		_ = r.rc.SetReadDeadline(time.Now().Add(r.window))
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		err = &publicError{kind: errSlowBody, detail: "The request body arrived more slowly than the server's minimum rate."}
	}
	if err != nil && !r.done {
		r.done = true
		// Only a whole body lifts the deadline: after a failed read the
		// server may try to drain the rest, which must fail as fast.
		if errors.Is(err, io.EOF) {
			_ = r.rc.SetReadDeadline(time.Time{})
			if r.received != nil {
				r.received()
			}
		}
		_ = r.rc.SetWriteDeadline(r.writeBy())
	}
	return n, err
}

func (r *rateReader) Close() error { return r.body.Close() }
