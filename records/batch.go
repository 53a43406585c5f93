package records

import (
	"context"
	"time"
)

// BatchState is where a batch is as a whole.
type BatchState string

// Batch states. A batch is listing until every item is known (its S3
// prefix is walked, or its upload request is over), running while any
// item's document is not final, and done after.
const (
	BatchListing BatchState = "listing"
	BatchRunning BatchState = "running"
	BatchDone    BatchState = "done"
)

// Batch is a set of documents submitted together, with progress counts
// computed from its items' documents.
type Batch struct {
	ID     string `json:"id"`
	Tenant string `json:"-"`
	// Source is "s3://bucket/prefix", or "upload" for files sent in the
	// request.
	Source string     `json:"source"`
	State  BatchState `json:"state"`
	// Error says why listing the source stopped early, if it did.
	Error  string      `json:"error,omitempty"`
	Counts BatchCounts `json:"counts"`
	// Identifiers counts the findings in the batch's documents.
	Identifiers int        `json:"identifiers"`
	CreatedAt   time.Time  `json:"created_at"`
	FinishedAt  *time.Time `json:"finished_at,omitempty"`
	// ListedThrough is the last S3 key listed: a listing that is
	// interrupted goes on after it.
	ListedThrough string `json:"-"`
}

// BatchCounts counts a batch's items by their document's status. An item
// refused before it became a document (too large, not a document) or
// whose document was deleted counts as failed.
type BatchCounts struct {
	Total      int `json:"total"`
	Queued     int `json:"queued"`
	Processing int `json:"processing"`
	Complete   int `json:"complete"`
	Partial    int `json:"partial"`
	Failed     int `json:"failed"`
}

// BatchItem is one entry of a batch, in the order it was added, with its
// document when it has one.
type BatchItem struct {
	// Name is the entry as its source names it (s3://bucket/key or the
	// uploaded file name).
	Name string
	// Error is why the entry has no document.
	Error    string
	Document *Document // with pages and findings; nil if none
}

// BatchStore holds batches in the same database as documents, so that an
// item, its document and the document's job are written by one
// transaction.
type BatchStore interface {
	// CreateBatch records a new batch of tenant from source, in state
	// listing. With list set, it also queues the job that walks the
	// source, in the same transaction.
	CreateBatch(ctx context.Context, tenant, source string, list bool) (Batch, error)
	// AddBatchDocument creates d (or finds the tenant's document with the
	// same SHA256, which is not processed again) and adds it to the batch
	// as an item named name, in one transaction. A non-empty listedThrough
	// is recorded as the batch's last listed key in the same transaction.
	// An unknown batch is ErrNotFound.
	AddBatchDocument(ctx context.Context, batchID, name, listedThrough string, d Document) (Document, error)
	// AddBatchError adds an item that has no document, for the reason
	// given; listedThrough as for AddBatchDocument.
	AddBatchError(ctx context.Context, tenant, batchID, name, listedThrough, reason string) error
	// SealBatch ends a batch's listing: no item is added after it. A
	// non-empty reason says why listing stopped early.
	SealBatch(ctx context.Context, tenant, id, reason string) (Batch, error)
	// DeleteBatch removes a batch and its items, not their documents.
	DeleteBatch(ctx context.Context, tenant, id string) error
	// Batch returns a tenant's batch with its counts, or ErrNotFound.
	Batch(ctx context.Context, tenant, id string) (Batch, error)
	// Batches lists a tenant's batches, newest first, at most limit.
	Batches(ctx context.Context, tenant string, limit int) ([]Batch, error)
	// BatchItems calls fn for each item of a tenant's batch in order,
	// reading them a page at a time; fn's error stops it and is returned.
	// ErrNotFound if there is no such batch.
	BatchItems(ctx context.Context, tenant, id string, fn func(BatchItem) error) error
}
