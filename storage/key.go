package storage

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxKeyLen is the longest key in bytes, the S3 limit.
const MaxKeyLen = 1024

// ValidKey reports whether key may name an object in every backend. It
// returns nil or an error wrapping ErrInvalidKey.
//
// Keys are slash-separated relative paths. The rules are the intersection of
// what S3 and a POSIX file system accept without surprises: a key that two
// backends would interpret differently (a leading slash, "a//b", "./a", a
// trailing slash that S3 treats as a folder marker) or that could climb out
// of a directory ("..") is rejected rather than normalized, so one object
// never has two names.
func ValidKey(key string) error {
	switch {
	case key == "":
		return fmt.Errorf("%w: empty", ErrInvalidKey)
	case len(key) > MaxKeyLen:
		// The key itself is left out: it is long and probably garbage.
		return fmt.Errorf("%w: %d bytes, over the limit of %d", ErrInvalidKey, len(key), MaxKeyLen)
	case !utf8.ValidString(key):
		return fmt.Errorf("%w %q: not valid UTF-8", ErrInvalidKey, key)
	case strings.HasPrefix(key, "/"):
		return fmt.Errorf("%w %q: absolute", ErrInvalidKey, key)
	case strings.HasSuffix(key, "/"):
		return fmt.Errorf("%w %q: ends with a slash", ErrInvalidKey, key)
	case strings.ContainsRune(key, '\\'):
		// A separator on Windows, and a common sign of a path built by hand.
		return fmt.Errorf("%w %q: contains a backslash", ErrInvalidKey, key)
	}
	for _, r := range key {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("%w %q: contains a control character", ErrInvalidKey, key)
		}
	}
	for seg := range strings.SplitSeq(key, "/") {
		switch seg {
		case "":
			return fmt.Errorf("%w %q: empty path segment", ErrInvalidKey, key)
		case ".", "..":
			return fmt.Errorf("%w %q: %q path segment", ErrInvalidKey, key, seg)
		}
	}
	return nil
}

// DocumentKey returns the key of a tenant's document whose content has the
// SHA-256 digest sha256hex (64 lowercase hex digits):
//
//	tenants/<tenant>/documents/<first 2 hex digits>/<sha256hex>
//
// Keying by content stores each document once per tenant. The two-digit
// shard keeps directories small on the disk backend and spreads S3 key
// ranges. The tenant stays in the key, never shared across tenants, so
// deleting a tenant is a prefix delete and one tenant's upload cannot reveal
// that another tenant holds the same document. Errors wrap ErrInvalidKey.
func DocumentKey(tenant, sha256hex string) (string, error) {
	prefix, err := DocumentPrefix(tenant)
	if err != nil {
		return "", err
	}
	if len(sha256hex) != 64 || !isLowerHex(sha256hex) {
		return "", fmt.Errorf("%w: document digest must be 64 lowercase hex digits", ErrInvalidKey)
	}
	return prefix + sha256hex[:2] + "/" + sha256hex, nil
}

// DocumentPrefix returns the prefix under which all of a tenant's documents
// are stored, for Store.List. Errors wrap ErrInvalidKey.
//
// Tenant ids are 1 to 63 characters of lowercase ASCII letters, digits, '-'
// and '_', starting with a letter or digit. Lowercase only, so keys stay
// distinct on case-insensitive file systems.
func DocumentPrefix(tenant string) (string, error) {
	if err := validTenant(tenant); err != nil {
		return "", err
	}
	return "tenants/" + tenant + "/documents/", nil
}

func validTenant(tenant string) error {
	if tenant == "" || len(tenant) > 63 {
		return fmt.Errorf("%w: tenant id must be 1 to 63 characters", ErrInvalidKey)
	}
	for i := 0; i < len(tenant); i++ {
		c := tenant[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case (c == '-' || c == '_') && i > 0:
		default:
			return fmt.Errorf("%w: tenant id %q: only a-z, 0-9, '-' and '_' allowed, starting with a letter or digit", ErrInvalidKey, tenant)
		}
	}
	return nil
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
