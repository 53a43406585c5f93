// Package records defines the service's durable records — documents with
// their pages and findings, and tenants' API keys — and the Store
// interface over the database that holds them. Backends live in
// subpackages; this package imports only the standard library and the
// types of extractor and results.
package records

import (
	"time"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/results"
)

// Status is where a document is in processing: queued or processing, or
// one of the final outcomes of reading it (results.Status).
type Status = results.Status

// Document statuses. Complete, Partial and Failed are final.
const (
	StatusQueued     Status = "queued"
	StatusProcessing Status = "processing"
	StatusComplete          = results.StatusComplete
	StatusPartial           = results.StatusPartial
	StatusFailed            = results.StatusFailed
)

// Document is one uploaded file of a tenant. A tenant's file is stored and
// processed once: the same bytes uploaded again are the same Document.
type Document struct {
	ID        string `json:"id"`
	Tenant    string `json:"-"`
	SHA256    string `json:"sha256"`
	Filename  string `json:"filename"`
	MediaType string `json:"media_type"`
	Size      int64  `json:"size"`
	// ObjectKey is where the original is kept in object storage.
	ObjectKey string `json:"-"`
	Status    Status `json:"status"`
	Error     string `json:"error,omitempty"`
	// CallbackURL, if set, is notified when processing ends. It is not
	// shown: its path or query may hold the receiver's secret.
	CallbackURL string `json:"-"`
	// Callback is where delivery to CallbackURL stands; nil without one.
	Callback *Callback           `json:"callback,omitempty"`
	Pages    []results.Page      `json:"pages"`
	Findings []extractor.Finding `json:"findings"`
	Warnings []string            `json:"warnings"`
	// Reviews are the decisions taken on the findings, oldest first.
	Reviews []Review `json:"reviews"`
	// PagesDone and PagesTotal report progress while processing.
	PagesDone   int        `json:"pages_done"`
	PagesTotal  int        `json:"pages_total"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	CompletedAt *time.Time `json:"completed_at,omitempty"`
}

// Callback delivery states.
const (
	CallbackPending   = "pending"   // not tried yet: processing is not over
	CallbackRetrying  = "retrying"  // an attempt failed; another is queued
	CallbackDelivered = "delivered" // the receiver answered 2xx
	CallbackGivenUp   = "given_up"  // every attempt failed
)

// Callback is where a document's callback delivery stands. It names the
// receiver by scheme and host only, and the last error by its class.
type Callback struct {
	Receiver  string     `json:"receiver"`
	State     string     `json:"state"`
	Attempts  int        `json:"attempts"`
	LastError string     `json:"last_error,omitempty"`
	At        *time.Time `json:"at,omitempty"`
}

// CallbackClassifier is an error that names its class for Callback's
// LastError: "timeout", "refused", "http_503", ...
type CallbackClassifier interface {
	CallbackClass() string
}

// Filter selects a tenant's documents for listing, newest first.
type Filter struct {
	Status Status // empty: any
	// Query matches a finding's normalized value or the filename (substring).
	Query string
	Limit int // default 50, at most 500
	// Cursor is the opaque value returned as Next by the previous page.
	Cursor string
}

// DocumentList is one page of a listing.
type DocumentList struct {
	Documents []Document `json:"documents"`
	// Next is the cursor of the following page; empty on the last page.
	Next string `json:"next,omitempty"`
}

// APIKey is a tenant's credential. Only a hash of the secret is stored.
type APIKey struct {
	ID        string     `json:"id"`
	Tenant    string     `json:"tenant"`
	Prefix    string     `json:"prefix"` // first characters, to tell keys apart
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}
