package storagetest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/noticescan/noticescan/storage"
)

// Run checks that stores made by newStore keep the storage.Store contract.
// newStore is called once per subtest, possibly from parallel subtests, and
// must return an empty store that lives until t ends.
func Run(t *testing.T, newStore func(t *testing.T) storage.Store) {
	t.Run("Put", func(t *testing.T) { t.Parallel(); testPut(t, newStore) })
	t.Run("Get", func(t *testing.T) { t.Parallel(); testGet(t, newStore) })
	t.Run("Stat", func(t *testing.T) { t.Parallel(); testStat(t, newStore) })
	t.Run("Delete", func(t *testing.T) { t.Parallel(); testDelete(t, newStore) })
	t.Run("List", func(t *testing.T) { t.Parallel(); testList(t, newStore) })
	t.Run("InvalidKey", func(t *testing.T) { t.Parallel(); testInvalidKey(t, newStore) })
	t.Run("Concurrency", func(t *testing.T) { t.Parallel(); testConcurrency(t, newStore) })
	t.Run("Context", func(t *testing.T) { t.Parallel(); testContext(t, newStore) })
}

// LargeSize is bigger than the 16 MiB part size of the S3 client, so a Put
// of this size takes the multipart upload path.
const LargeSize = 16<<20 + 123_457

func testPut(t *testing.T, newStore func(t *testing.T) storage.Store) {
	t.Run("OKBinaryRoundTrip", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		// Every byte value, including NUL, CR/LF and invalid UTF-8, must
		// come back untouched.
		data := make([]byte, 0, 256*4)
		for i := range 256 * 4 {
			data = append(data, byte(i))
		}
		MustPut(t, s, "docs/binary.bin", data, "application/pdf")
		got, info := MustGet(t, s, "docs/binary.bin")
		if !bytes.Equal(got, data) {
			t.Fatalf("got %d bytes back, want the %d written", len(got), len(data))
		}
		checkInfo(t, info, "docs/binary.bin", int64(len(data)), "application/pdf")
	})

	t.Run("OKEmptyObject", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		MustPut(t, s, "empty", nil, "text/plain")
		got, info := MustGet(t, s, "empty")
		if len(got) != 0 {
			t.Fatalf("got %d bytes, want 0", len(got))
		}
		checkInfo(t, info, "empty", 0, "text/plain")
	})

	t.Run("OKUnknownSize", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		data := RandomBytes(1, 300_001)
		// io.MultiReader hides the length, as a network body would.
		if err := s.Put(t.Context(), "unknown", io.MultiReader(bytes.NewReader(data)), -1, "image/png"); err != nil {
			t.Fatalf("Put with size -1: %v", err)
		}
		got, info := MustGet(t, s, "unknown")
		if !bytes.Equal(got, data) {
			t.Fatalf("content differs after Put with size -1")
		}
		checkInfo(t, info, "unknown", int64(len(data)), "image/png")
	})

	t.Run("OKDefaultContentType", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		MustPut(t, s, "untyped", []byte("x"), "")
		info := MustStat(t, s, "untyped")
		if info.ContentType != storage.DefaultContentType {
			t.Fatalf("ContentType = %q, want %q", info.ContentType, storage.DefaultContentType)
		}
	})

	t.Run("OKOverwrite", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		MustPut(t, s, "a/doc", []byte("first version, longer"), "text/plain")
		MustPut(t, s, "a/doc", []byte("second"), "application/json")
		got, info := MustGet(t, s, "a/doc")
		if string(got) != "second" {
			t.Fatalf("got %q after overwrite, want %q", got, "second")
		}
		checkInfo(t, info, "a/doc", 6, "application/json")
	})

	t.Run("OKLargeMultipart", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		data := RandomBytes(2, LargeSize)
		MustPut(t, s, "large/known", data, "application/pdf")
		if err := s.Put(t.Context(), "large/unknown", io.MultiReader(bytes.NewReader(data)), -1, "application/pdf"); err != nil {
			t.Fatalf("Put large with size -1: %v", err)
		}
		for _, key := range []string{"large/known", "large/unknown"} {
			got, info := MustGet(t, s, key)
			if !bytes.Equal(got, data) {
				t.Fatalf("%s: content differs (%d bytes back, %d written)", key, len(got), len(data))
			}
			checkInfo(t, info, key, int64(len(data)), "application/pdf")
		}
	})

	t.Run("ErrShortReaderKeepsOldObject", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		MustPut(t, s, "short", []byte("old"), "text/plain")
		for _, r := range []io.Reader{
			strings.NewReader("only 13 bytes"),
			io.MultiReader(strings.NewReader("only 13 bytes")), // not seekable
		} {
			err := s.Put(t.Context(), "short", r, 100, "text/plain")
			if !errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, storage.ErrUnavailable) {
				t.Fatalf("Put with a reader shorter than size = %v, want io.ErrUnexpectedEOF", err)
			}
		}
		if got, _ := MustGet(t, s, "short"); string(got) != "old" {
			t.Fatalf("after failed Put got %q, want the old object %q", got, "old")
		}
	})

	t.Run("ErrLongReaderKeepsOldObject", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		MustPut(t, s, "long", []byte("old"), "text/plain")
		for _, r := range []io.Reader{
			bytes.NewReader(RandomBytes(6, 1000)),
			io.MultiReader(bytes.NewReader(RandomBytes(6, 1000))), // not seekable
			io.MultiReader(bytes.NewReader(RandomBytes(6, LargeSize+1))),
		} {
			// Storing the first size bytes would store a truncated document.
			if err := s.Put(t.Context(), "long", r, 999, "text/plain"); err == nil {
				t.Fatal("Put with a reader longer than size succeeded, want error")
			}
		}
		if err := s.Put(t.Context(), "long", io.MultiReader(bytes.NewReader(RandomBytes(6, LargeSize+1))), LargeSize, ""); err == nil {
			t.Fatal("multipart Put with a reader longer than size succeeded, want error")
		}
		if got, _ := MustGet(t, s, "long"); string(got) != "old" {
			t.Fatalf("after failed Put got %d bytes, want the old object", len(got))
		}
	})

	t.Run("ErrReaderFailsLeavesNoObject", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		errBroken := errors.New("upload connection dropped")
		r := io.MultiReader(bytes.NewReader(RandomBytes(3, 100_000)), errReader{errBroken})
		// The reader's own error comes back, not ErrUnavailable: the
		// caller's input failed, not the storage.
		err := s.Put(t.Context(), "broken", r, -1, "application/pdf")
		if !errors.Is(err, errBroken) || errors.Is(err, storage.ErrUnavailable) {
			t.Fatalf("Put from a failing reader = %v, want its error", err)
		}
		if _, err := s.Stat(t.Context(), "broken"); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("Stat after failed Put = %v, want ErrNotFound", err)
		}
	})
}

func testGet(t *testing.T, newStore func(t *testing.T) storage.Store) {
	t.Run("ErrNotFound", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		MustPut(t, s, "present/x", []byte("x"), "")
		for _, key := range []string{"missing", "present", "present/x/y", "present/y"} {
			rc, _, err := s.Get(t.Context(), key)
			if err == nil {
				rc.Close()
			}
			if !errors.Is(err, storage.ErrNotFound) {
				t.Errorf("Get(%q) = %v, want ErrNotFound", key, err)
			}
		}
	})
}

func testStat(t *testing.T, newStore func(t *testing.T) storage.Store) {
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		before := time.Now()
		MustPut(t, s, "stat/doc.pdf", []byte("%PDF-1.7"), "application/pdf")
		after := time.Now()
		info := MustStat(t, s, "stat/doc.pdf")
		checkInfo(t, info, "stat/doc.pdf", 8, "application/pdf")
		// S3 reports whole seconds; allow for that and for clock rounding.
		if info.ModTime.Before(before.Add(-2*time.Second)) || info.ModTime.After(after.Add(2*time.Second)) {
			t.Fatalf("ModTime = %v, want between %v and %v", info.ModTime, before, after)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		MustPut(t, s, "dir/obj", []byte("x"), "")
		// "dir" is a prefix, not an object, on every backend.
		for _, key := range []string{"missing", "dir", "dir/obj/below"} {
			if _, err := s.Stat(t.Context(), key); !errors.Is(err, storage.ErrNotFound) {
				t.Errorf("Stat(%q) = %v, want ErrNotFound", key, err)
			}
		}
	})
}

func testDelete(t *testing.T, newStore func(t *testing.T) storage.Store) {
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		MustPut(t, s, "del/a", []byte("a"), "")
		MustPut(t, s, "del/b", []byte("b"), "")
		if err := s.Delete(t.Context(), "del/a"); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		if _, err := s.Stat(t.Context(), "del/a"); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("Stat after Delete = %v, want ErrNotFound", err)
		}
		if got, _ := MustGet(t, s, "del/b"); string(got) != "b" {
			t.Fatalf("sibling after Delete = %q, want %q", got, "b")
		}
		// A deleted key can be written again.
		MustPut(t, s, "del/a", []byte("again"), "")
		if got, _ := MustGet(t, s, "del/a"); string(got) != "again" {
			t.Fatalf("re-put after Delete = %q, want %q", got, "again")
		}
	})

	t.Run("OKMissingKeyIsNoError", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		MustPut(t, s, "once", []byte("x"), "")
		for i := range 2 {
			if err := s.Delete(t.Context(), "once"); err != nil {
				t.Fatalf("Delete #%d: %v", i+1, err)
			}
		}
		if err := s.Delete(t.Context(), "never/existed"); err != nil {
			t.Fatalf("Delete of a never-written key: %v", err)
		}
	})
}

// MustPut stores data under key or fails the test.
func MustPut(tb testing.TB, s storage.Store, key string, data []byte, contentType string) {
	tb.Helper()
	if err := s.Put(context.Background(), key, bytes.NewReader(data), int64(len(data)), contentType); err != nil {
		tb.Fatalf("Put(%q): %v", key, err)
	}
}

// MustGet reads the whole object at key or fails the test.
func MustGet(tb testing.TB, s storage.Store, key string) ([]byte, storage.Info) {
	tb.Helper()
	rc, info, err := s.Get(context.Background(), key)
	if err != nil {
		tb.Fatalf("Get(%q): %v", key, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		tb.Fatalf("Get(%q): read: %v", key, err)
	}
	return data, info
}

// MustStat describes the object at key or fails the test.
func MustStat(tb testing.TB, s storage.Store, key string) storage.Info {
	tb.Helper()
	info, err := s.Stat(context.Background(), key)
	if err != nil {
		tb.Fatalf("Stat(%q): %v", key, err)
	}
	return info
}

// RandomBytes returns n bytes that are the same for the same seed, so a
// failure can be reproduced, but that compress and deduplicate badly, like
// scanned images.
func RandomBytes(seed uint64, n int) []byte {
	var key [32]byte
	key[0] = byte(seed)
	key[1] = byte(seed >> 8)
	b := make([]byte, n)
	_, _ = rand.NewChaCha8(key).Read(b) // never fails
	return b
}

func checkInfo(tb testing.TB, info storage.Info, key string, size int64, contentType string) {
	tb.Helper()
	if info.Key != key || info.Size != size || info.ContentType != contentType {
		tb.Fatalf("Info = {Key:%q Size:%d ContentType:%q}, want {Key:%q Size:%d ContentType:%q}",
			info.Key, info.Size, info.ContentType, key, size, contentType)
	}
	if info.ModTime.IsZero() {
		tb.Fatalf("Info.ModTime is zero")
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
