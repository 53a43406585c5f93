package storage_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/storage"
)

func TestValidKey(t *testing.T) {
	valid := []string{
		"a",
		"a/b/c.pdf",
		"tenants/acme/documents/ab/" + strings.Repeat("ab", 32),
		"with space/and-dash_and.dot",
		"..a/b..", // dots inside a segment are fine
		".hidden",
		"unicode/é文",
		strings.Repeat("k", storage.MaxKeyLen),
	}
	for _, key := range valid {
		if err := storage.ValidKey(key); err != nil {
			t.Errorf("ValidKey(%q) = %v, want nil", key, err)
		}
	}

	invalid := map[string]string{
		"ErrEmpty":           "",
		"ErrAbsolute":        "/etc/passwd",
		"ErrDotDot":          "../x",
		"ErrDotDotInside":    "a/../../x",
		"ErrDotDotLast":      "a/..",
		"ErrDot":             "a/./b",
		"ErrDoubleSlash":     "a//b",
		"ErrTrailingSlash":   "a/",
		"ErrBackslash":       `a\b`,
		"ErrNUL":             "a\x00b",
		"ErrNewline":         "a\nb",
		"ErrDEL":             "a\x7fb",
		"ErrInvalidUTF8":     "a\xffb",
		"ErrTooLong":         strings.Repeat("k", storage.MaxKeyLen+1),
		"ErrBackslashDotDot": `..\x`,
	}
	for name, key := range invalid {
		t.Run(name, func(t *testing.T) {
			if err := storage.ValidKey(key); !errors.Is(err, storage.ErrInvalidKey) {
				t.Fatalf("ValidKey(%q) = %v, want ErrInvalidKey", key, err)
			}
		})
	}
}

func TestDocumentKey(t *testing.T) {
	sum := sha256.Sum256([]byte("notice"))
	digest := hex.EncodeToString(sum[:])

	t.Run("OK", func(t *testing.T) {
		key, err := storage.DocumentKey("acme-1", digest)
		if err != nil {
			t.Fatal(err)
		}
		want := "tenants/acme-1/documents/" + digest[:2] + "/" + digest
		if key != want {
			t.Fatalf("key = %q, want %q", key, want)
		}
		if err := storage.ValidKey(key); err != nil {
			t.Fatalf("document key is not a valid key: %v", err)
		}
		prefix, err := storage.DocumentPrefix("acme-1")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(key, prefix) {
			t.Fatalf("key %q does not start with DocumentPrefix %q", key, prefix)
		}
	})

	bad := []struct {
		name, tenant, digest string
	}{
		{"ErrEmptyTenant", "", digest},
		{"ErrTenantSlash", "a/b", digest},
		{"ErrTenantDotDot", "..", digest},
		{"ErrTenantUpper", "Acme", digest},
		{"ErrTenantLeadingDash", "-acme", digest},
		{"ErrTenantTooLong", strings.Repeat("a", 64), digest},
		{"ErrDigestShort", "acme", digest[:63]},
		{"ErrDigestUpper", "acme", strings.ToUpper(digest)},
		{"ErrDigestNotHex", "acme", strings.Repeat("g", 64)},
		{"ErrDigestPath", "acme", "../" + digest[3:]},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if key, err := storage.DocumentKey(tt.tenant, tt.digest); !errors.Is(err, storage.ErrInvalidKey) {
				t.Fatalf("DocumentKey(%q, %q) = %q, %v; want ErrInvalidKey", tt.tenant, tt.digest, key, err)
			}
		})
	}
}

func TestPreviewKey(t *testing.T) {
	sha := strings.Repeat("ab", 32)
	got, err := storage.PreviewKey("acme", sha, 2)
	if want := "tenants/acme/previews/ab/" + sha + "/page-0002.jpg"; err != nil || got != want {
		t.Fatalf("PreviewKey = %q, %v; want %q", got, err, want)
	}
	if err := storage.ValidKey(got); err != nil {
		t.Errorf("preview key is not a valid key: %v", err)
	}
	for _, c := range []struct {
		tenant, sha string
		page        int
	}{{"acme", sha, 0}, {"Acme", sha, 1}, {"acme", "xyz", 1}} {
		if _, err := storage.PreviewKey(c.tenant, c.sha, c.page); !errors.Is(err, storage.ErrInvalidKey) {
			t.Errorf("PreviewKey(%q, %q, %d) = %v; want ErrInvalidKey", c.tenant, c.sha, c.page, err)
		}
	}
}
