package storagetest

import (
	"errors"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/storage"
)

func testInvalidKey(t *testing.T, newStore func(t *testing.T) storage.Store) {
	keys := map[string]string{
		"ErrEmpty":       "",
		"ErrAbsolute":    "/etc/passwd",
		"ErrParent":      "../outside",
		"ErrParentDeep":  "a/../../outside",
		"ErrBackslash":   `a\..\b`,
		"ErrControlChar": "a\nb",
		"ErrNUL":         "a\x00b",
		"ErrTooLong":     strings.Repeat("k", storage.MaxKeyLen+1),
		"ErrDoubleSlash": "a//b",
		"ErrTrailing":    "a/",
	}
	for name, key := range keys {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := newStore(t)
			ctx := t.Context()
			check := func(op string, err error) {
				t.Helper()
				if !errors.Is(err, storage.ErrInvalidKey) {
					t.Errorf("%s(%q) = %v, want ErrInvalidKey", op, key, err)
				}
			}
			check("Put", s.Put(ctx, key, strings.NewReader("x"), 1, ""))
			rc, _, err := s.Get(ctx, key)
			if err == nil {
				rc.Close()
			}
			check("Get", err)
			_, err = s.Stat(ctx, key)
			check("Stat", err)
			check("Delete", s.Delete(ctx, key))
			if infos := MustList(t, s, ""); len(infos) != 0 {
				t.Fatalf("rejected Put still stored %d objects", len(infos))
			}
		})
	}
}
