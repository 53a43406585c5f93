package storage

import (
	"fmt"
	"strings"
)

// PreviewKey returns the key of the preview image of page (1-based) of a
// tenant's document with the SHA-256 digest sha256hex:
//
//	tenants/<tenant>/previews/<first 2 hex digits>/<sha256hex>/page-0001.jpg
//
// Previews sit beside the documents, not under them: on the disk backend a
// document's key is a file and cannot also be a directory. Errors wrap
// ErrInvalidKey.
func PreviewKey(tenant, sha256hex string, page int) (string, error) {
	doc, err := DocumentKey(tenant, sha256hex)
	if err != nil {
		return "", err
	}
	if page < 1 {
		return "", fmt.Errorf("%w: page %d", ErrInvalidKey, page)
	}
	prefix, _ := DocumentPrefix(tenant) // valid: DocumentKey checked it
	base := strings.TrimSuffix(prefix, "documents/") + "previews/" + strings.TrimPrefix(doc, prefix)
	return fmt.Sprintf("%s/page-%04d.jpg", base, page), nil
}
