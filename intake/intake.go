// Package intake holds what a client hands the service to read: one
// uploaded file, or the S3 prefix a batch is read from, and the error for
// a batch source the service may not read.
//
// Both the HTTP layer (api), which parses requests into these values, and
// the application (service), which acts on them, need the types; they live
// here, below both, so that service never depends on the HTTP layer and
// api never links what service links (OCR, cgo). The package imports only
// the standard library.
package intake

import (
	"errors"
	"io"
)

// Upload is one uploaded file, streamed from the request.
type Upload struct {
	// Filename is the base name the client gave, possibly empty.
	Filename string
	// Body is read once, to the end; reads fail past the request size limit.
	Body io.Reader
	// CallbackURL, if set, is an absolute http(s) URL.
	CallbackURL string
}

// BatchSource is an S3 prefix to read a batch from.
type BatchSource struct {
	Bucket, Prefix string
}

// ErrSourceNotAvailable: a batch source is not one the operator allowed
// the tenant to read, or its bucket does not exist. The two are one error
// so that a tenant cannot learn which buckets exist.
var ErrSourceNotAvailable = errors.New("source not available")
