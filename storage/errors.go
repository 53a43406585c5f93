package storage

import "errors"

// Sentinel errors returned by every Store. Backends wrap them with the
// operation and key, so test for them with errors.Is.
var (
	// ErrNotFound means the key holds no object.
	ErrNotFound = errors.New("object not found")

	// ErrInvalidKey means a key or a key component breaks the rules of
	// ValidKey or DocumentKey; the request is wrong, not the backend.
	ErrInvalidKey = errors.New("invalid key")

	// ErrUnavailable means the backend could not be reached (connection
	// refused, DNS failure, timeout, 503). Retrying later may succeed.
	ErrUnavailable = errors.New("storage unavailable")
)
