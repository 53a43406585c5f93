package records

import (
	"context"
	"strings"
	"time"
)

// Source is an S3 bucket and key prefix that the operator allowed one
// tenant's batches to read. It belongs to the tenant, not to a key: every
// key of the tenant may name it.
type Source struct {
	Tenant string `json:"tenant"`
	Bucket string `json:"bucket"`
	// Prefix is empty (the whole bucket) or ends in "/", so that an
	// allowed "inbox/a/" never covers "inbox/ab/".
	Prefix    string    `json:"prefix"`
	CreatedAt time.Time `json:"created_at"`
}

// Covers reports whether a batch of bucket and prefix lies inside s.
func (s Source) Covers(bucket, prefix string) bool {
	return s.Bucket == bucket && strings.HasPrefix(prefix, s.Prefix)
}

// SourceStore holds the batch sources each tenant may read. By default a
// tenant may read none.
type SourceStore interface {
	// AllowSource lets tenant's batches read bucket under prefix; allowing
	// it again changes nothing. ErrInvalid for a bad tenant, or a prefix
	// that is not empty and does not end in "/".
	AllowSource(ctx context.Context, tenant, bucket, prefix string) (Source, error)
	// DisallowSource removes exactly that grant; ErrNotFound if there is
	// none.
	DisallowSource(ctx context.Context, tenant, bucket, prefix string) error
	// Sources lists a tenant's grants (every tenant's when tenant is
	// empty), in tenant, bucket, prefix order.
	Sources(ctx context.Context, tenant string) ([]Source, error)
}

// Retention is how long a tenant's documents are kept after completion.
type Retention struct {
	Tenant string `json:"tenant"`
	Days   int    `json:"days"`
}

// RetentionStore holds each tenant's retention and finds what it expires.
type RetentionStore interface {
	// SetRetention keeps tenant's documents days after completion; 0
	// keeps them until deleted.
	SetRetention(ctx context.Context, tenant string, days int) error
	// Retentions lists the tenants that have one.
	Retentions(ctx context.Context) ([]Retention, error)
	// FinishedBefore returns the IDs of up to limit of tenant's documents
	// whose processing ended before t.
	FinishedBefore(ctx context.Context, tenant string, t time.Time, limit int) ([]string, error)
}
