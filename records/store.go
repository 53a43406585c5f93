package records

import (
	"context"
	"errors"

	"github.com/noticescan/noticescan/extractor"
)

// Sentinels callers branch on.
var (
	// ErrNotFound: no such record for this tenant (another tenant's record
	// is not found either).
	ErrNotFound = errors.New("records: not found")
	// ErrUnauthorized: the API key is unknown or revoked.
	ErrUnauthorized = errors.New("records: unknown or revoked api key")
	// ErrInvalid: a field fails validation (tenant name, filter, cursor).
	ErrInvalid = errors.New("records: invalid input")
)

// Store holds documents, their results, API keys and the processing queue
// in one database, so that accepting an upload and queueing its job is one
// transaction: an acknowledged upload is never lost.
type Store interface {
	// CreateDocument records d for its tenant and queues its processing in
	// the same transaction. If the tenant already has a document with the
	// same SHA256, nothing is created or queued; the existing document is
	// returned with created false. It fills d's ID and timestamps.
	CreateDocument(ctx context.Context, d Document) (doc Document, created bool, err error)
	// Document returns a tenant's document with pages and findings, or ErrNotFound.
	Document(ctx context.Context, tenant, id string) (Document, error)
	// Documents lists a tenant's documents, newest first. A bad cursor is ErrInvalid.
	Documents(ctx context.Context, tenant string, f Filter) (DocumentList, error)
	// FindingDocuments lists the tenant's documents that carry a finding of
	// kind with this normalized value.
	FindingDocuments(ctx context.Context, tenant string, kind extractor.Kind, value string) ([]Document, error)
	// AddReview appends a review of finding r.Finding of a tenant's
	// document, stamping r.At, and returns the document with its reviews;
	// ErrNotFound if there is no such document or finding. It does not
	// judge r.Value: callers validate it for the finding's kind.
	AddReview(ctx context.Context, tenant, id string, r Review) (Document, error)
	// SetCallback points a tenant's document's callback at url, with a
	// fresh delivery state, and queues the delivery at once if processing
	// is over (otherwise it follows processing); ErrNotFound if there is
	// no such document.
	SetCallback(ctx context.Context, tenant, id, url string) (Document, error)
	// DeleteDocument removes a document and everything derived from it, and
	// returns it (for its object key), or ErrNotFound.
	DeleteDocument(ctx context.Context, tenant, id string) (Document, error)

	// CreateKey makes a new API key for tenant and returns its secret, shown once.
	CreateKey(ctx context.Context, tenant string) (secret string, key APIKey, err error)
	// CreateFirstKey makes a key for tenant, as CreateKey, only when the
	// database holds no key at all (revoked ones included); made is false
	// when it holds one. It is atomic: callers racing on an empty database
	// make exactly one key between them.
	CreateFirstKey(ctx context.Context, tenant string) (secret string, key APIKey, made bool, err error)
	// Keys lists a tenant's keys (all tenants' when tenant is empty).
	Keys(ctx context.Context, tenant string) ([]APIKey, error)
	// RevokeKey revokes a key by ID; ErrNotFound if there is none.
	RevokeKey(ctx context.Context, tenant, id string) error
	// Authenticate returns the tenant of a secret, or ErrUnauthorized.
	Authenticate(ctx context.Context, secret string) (tenant string, err error)

	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	Close() error
}
