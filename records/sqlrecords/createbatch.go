package sqlrecords

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/noticescan/noticescan/records"
)

// maxCreateBatch bounds the documents one shared commit holds, so that a
// burst of uploads does not keep the write lock for long.
const maxCreateBatch = 64

// createBatchTimeout bounds one shared commit. The statements do not run
// under any caller's context: on SQLite a cancelled statement interrupts
// the whole transaction, which would fail every other upload in it.
const createBatchTimeout = 30 * time.Second

// errClosed is what CreateDocument returns once Close has begun.
var errClosed = errors.New("database is closing")

// createBatcher groups the CreateDocument calls that arrive while a commit
// is under way into one transaction. SQLite has one connection and fsyncs
// each commit, so without it concurrent uploads queue one fsync each.
// Every caller still returns only after the commit that holds its row:
// an acknowledged document is as durable as one committed alone. Each
// document is inserted under its own savepoint, so one that fails gets
// its error and the others commit.
type createBatcher struct {
	db *DB

	mu      sync.Mutex
	pending []*createRequest
	running bool // a goroutine is committing pending
	closed  bool
	batches int // commits made, for tests
	queued  int // requests received, for tests
	wg      sync.WaitGroup
}

type createRequest struct {
	ctx     context.Context
	doc     records.Document
	out     records.Document
	created bool
	err     error
	done    chan struct{}
}

// create queues d for the next shared commit and waits for it. A caller
// whose context ends first gets its error; its document may still be
// committed, as with a client that goes away just before its answer.
func (b *createBatcher) create(ctx context.Context, d records.Document) (records.Document, bool, error) {
	r := &createRequest{ctx: ctx, doc: d, done: make(chan struct{})}
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return records.Document{}, false, fmt.Errorf("create document: %w", errClosed)
	}
	b.pending = append(b.pending, r)
	b.queued++
	if !b.running {
		b.running = true
		b.wg.Add(1)
		go b.run()
	}
	b.mu.Unlock()
	select {
	case <-r.done:
		return r.out, r.created, r.err
	case <-ctx.Done():
		return records.Document{}, false, fmt.Errorf("create document: %w", ctx.Err())
	}
}

// run commits pending requests, a batch at a time, until none are left.
func (b *createBatcher) run() {
	defer b.wg.Done()
	for {
		b.mu.Lock()
		n := min(len(b.pending), maxCreateBatch)
		if n == 0 {
			b.running = false
			b.pending = nil
			b.mu.Unlock()
			return
		}
		batch := b.pending[:n:n]
		b.pending = b.pending[n:]
		b.batches++
		b.mu.Unlock()
		b.commit(batch)
	}
}

// commit inserts batch in one transaction and answers every request.
func (b *createBatcher) commit(batch []*createRequest) {
	live := make([]*createRequest, 0, len(batch))
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.err = fmt.Errorf("create document: %w", err)
			close(r.done)
			continue
		}
		live = append(live, r)
	}
	if len(live) == 0 {
		return
	}
	err := b.db.insertBatch(live)
	for _, r := range live {
		if err != nil && r.err == nil {
			r.out, r.created, r.err = records.Document{}, false, err
		}
		close(r.done)
	}
}

// close refuses new requests and waits for the queued ones to be answered.
func (b *createBatcher) close() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.wg.Wait()
}

// insertBatch inserts each request's document under a savepoint of one
// transaction, recording each one's result or error on it, and commits.
// An error returned is the transaction's: no document of rs was stored.
func (db *DB) insertBatch(rs []*createRequest) error {
	ctx, cancel := context.WithTimeout(context.Background(), createBatchTimeout)
	defer cancel()
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("create document: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	for _, r := range rs {
		if _, err := tx.ExecContext(ctx, `SAVEPOINT create_document`); err != nil {
			return fmt.Errorf("create document: savepoint: %w", err)
		}
		r.out, r.created, r.err = db.insertDocument(ctx, tx, r.doc)
		if r.err != nil {
			r.err = fmt.Errorf("create document: %w", r.err)
			if _, err := tx.ExecContext(ctx, `ROLLBACK TO create_document`); err != nil {
				return fmt.Errorf("create document: roll back to savepoint: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `RELEASE create_document`); err != nil {
			return fmt.Errorf("create document: release savepoint: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("create document: commit: %w", err)
	}
	return nil
}
