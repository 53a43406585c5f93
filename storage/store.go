package storage

import (
	"context"
	"io"
	"time"
)

// DefaultContentType is what a Store records when Put is given an empty
// content type, matching what S3 does so that backends agree.
const DefaultContentType = "application/octet-stream"

// Store holds immutable-once-written blobs under string keys.
//
// Every method validates its key with ValidKey first and returns an error
// wrapping ErrInvalidKey for a bad one. Errors wrap ErrUnavailable when the
// backend cannot be reached, and wrap ctx.Err() when ctx ends first. A Store
// is safe for concurrent use.
type Store interface {
	// Put stores the bytes of r under key, replacing any existing object.
	// size is the exact length of r, or -1 when unknown. A reader holding
	// fewer bytes (the error wraps io.ErrUnexpectedEOF) or more fails the
	// Put, as does an error from r, which the returned error wraps.
	// Readers of key see either the old object or the complete new one,
	// never a partial write, and a failed Put leaves the previous object
	// (or no object) in place.
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error

	// Get opens the object at key. The caller must close the reader.
	// It returns an error wrapping ErrNotFound if key holds no object.
	Get(ctx context.Context, key string) (io.ReadCloser, Info, error)

	// Stat describes the object at key without reading it.
	// It returns an error wrapping ErrNotFound if key holds no object.
	Stat(ctx context.Context, key string) (Info, error)

	// Delete removes the object at key. Deleting a missing key is not an
	// error, so retries and concurrent deletes are safe.
	Delete(ctx context.Context, key string) error

	// List calls fn for every object whose key starts with prefix, in
	// lexical byte order of keys. The prefix is a plain string prefix, not
	// a directory: "a/b" matches "a/b/c" and "a/bc". Info.ContentType may be
	// empty, because S3 listings do not carry it; use Stat when it matters.
	// If fn returns an error, List stops and returns that error unchanged.
	List(ctx context.Context, prefix string, fn func(Info) error) error
}

// Checker is a Store that can tell cheaply whether it can serve at all,
// for a readiness probe. A store without it is probed with a List.
type Checker interface {
	// Check returns an error wrapping ErrUnavailable when the store cannot
	// serve: its directory is gone, its server does not answer.
	Check(ctx context.Context) error
}

// Info describes a stored object.
type Info struct {
	Key         string
	Size        int64
	ContentType string
	// ModTime is when the object was last written. Precision depends on
	// the backend (S3 reports whole seconds).
	ModTime time.Time
}
