package storagetest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/noticescan/noticescan/storage"
)

func testContext(t *testing.T, newStore func(t *testing.T) storage.Store) {
	t.Run("ErrCanceledBeforeCall", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		MustPut(t, s, "exists", []byte("x"), "")
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		check := func(op string, err error) {
			t.Helper()
			if !errors.Is(err, context.Canceled) {
				t.Errorf("%s with canceled context = %v, want context.Canceled", op, err)
			}
		}
		check("Put", s.Put(ctx, "new", strings.NewReader("x"), 1, ""))
		rc, _, err := s.Get(ctx, "exists")
		if err == nil {
			rc.Close()
		}
		check("Get", err)
		_, err = s.Stat(ctx, "exists")
		check("Stat", err)
		check("Delete", s.Delete(ctx, "exists"))
		check("List", s.List(ctx, "", func(storage.Info) error { return nil }))

		if _, err := s.Stat(t.Context(), "new"); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("Put with canceled context stored an object (Stat = %v)", err)
		}
		MustStat(t, s, "exists") // Delete with a canceled context kept it
	})

	t.Run("ErrCanceledDuringPutLeavesNoObject", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		data := RandomBytes(4, 4<<20)
		// The upload is cut off after 1 MiB, as when a client disconnects.
		r := &cancelingReader{r: bytes.NewReader(data), after: 1 << 20, cancel: cancel}
		err := s.Put(ctx, "cut", r, int64(len(data)), "application/pdf")
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Put canceled midway = %v, want context.Canceled", err)
		}
		if _, err := s.Stat(t.Context(), "cut"); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("Stat after canceled Put = %v, want ErrNotFound", err)
		}
	})

	t.Run("ErrCanceledDuringGet", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		MustPut(t, s, "big", RandomBytes(5, 4<<20), "")
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		rc, _, err := s.Get(ctx, "big")
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		if _, err := io.ReadFull(rc, make([]byte, 1024)); err != nil {
			t.Fatalf("read before cancel: %v", err)
		}
		cancel()
		if _, err := io.Copy(io.Discard, rc); err == nil {
			t.Fatal("reading to the end after cancel succeeded, want an error")
		}
	})
}

// cancelingReader cancels its context after some bytes have been read and
// then keeps serving data, slowly, like a client that is still sending: the
// store itself has to notice the cancellation, not run out of input.
type cancelingReader struct {
	r      io.Reader
	n      int
	after  int
	cancel context.CancelFunc
}

func (c *cancelingReader) Read(p []byte) (int, error) {
	if c.n >= c.after {
		c.cancel()
		time.Sleep(5 * time.Millisecond)
	}
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}
