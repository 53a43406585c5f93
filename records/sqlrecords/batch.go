package sqlrecords

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/noticescan/noticescan/records"
)

var _ records.BatchStore = (*DB)(nil)

const batchColumns = `id, tenant, source, items, listed_through, error, created_at, listed_at`

// batchPage is how many items BatchItems reads at a time: few enough that
// a huge batch never sits in memory, enough to keep queries few.
const batchPage = 200

// maxBatches caps a listing of batches.
const maxBatches = 100

// CreateBatch records a batch in state listing, and with list set queues
// the job that walks its source, in one transaction.
func (db *DB) CreateBatch(ctx context.Context, tenant, source string, list bool) (records.Batch, error) {
	if err := checkTenant(tenant); err != nil {
		return records.Batch{}, err
	}
	b := records.Batch{ID: newID("bat_"), Tenant: tenant, Source: source, State: records.BatchListing, CreatedAt: now()}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return records.Batch{}, fmt.Errorf("create batch: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	if _, err := db.exec(ctx, tx, `INSERT INTO batches (id, tenant, source, created_at) VALUES (?, ?, ?, ?)`,
		b.ID, b.Tenant, b.Source, db.dialect.timeArg(b.CreatedAt)); err != nil {
		return records.Batch{}, fmt.Errorf("create batch: insert: %w", err)
	}
	if list {
		if _, err := db.inserter.InsertTx(ctx, tx, listArgs{Tenant: tenant, BatchID: b.ID}, nil); err != nil {
			return records.Batch{}, fmt.Errorf("create batch: queue listing: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return records.Batch{}, fmt.Errorf("create batch: commit: %w", err)
	}
	return b, nil
}

// AddBatchDocument creates or finds d and adds it to the batch, in one
// transaction with the document's job.
func (db *DB) AddBatchDocument(ctx context.Context, batchID, name, listedThrough string, d records.Document) (records.Document, error) {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return records.Document{}, fmt.Errorf("add to batch %s: %w", batchID, err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	// The item first: a batch that is gone or sealed takes no document.
	if err := db.addItem(ctx, tx, d.Tenant, batchID, name, listedThrough, ""); err != nil {
		return records.Document{}, fmt.Errorf("add to batch %s: %w", batchID, err)
	}
	d, _, err = db.insertDocument(ctx, tx, d)
	if err != nil {
		return records.Document{}, fmt.Errorf("add to batch %s: %w", batchID, err)
	}
	if _, err := db.exec(ctx, tx, `UPDATE batch_items SET document_id = ?
		WHERE batch_id = ? AND seq = (SELECT items FROM batches WHERE id = ?)`, d.ID, batchID, batchID); err != nil {
		return records.Document{}, fmt.Errorf("add to batch %s: link document: %w", batchID, err)
	}
	if err := tx.Commit(); err != nil {
		return records.Document{}, fmt.Errorf("add to batch %s: commit: %w", batchID, err)
	}
	return d, nil
}

// AddBatchError adds an item without a document.
func (db *DB) AddBatchError(ctx context.Context, tenant, batchID, name, listedThrough, reason string) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("add to batch %s: %w", batchID, err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	if err := db.addItem(ctx, tx, tenant, batchID, name, listedThrough, reason); err != nil {
		return fmt.Errorf("add to batch %s: %w", batchID, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("add to batch %s: commit: %w", batchID, err)
	}
	return nil
}

// addItem appends an item to a batch still listing, numbering it from
// the batch's item count, and advances listed_through when given.
func (db *DB) addItem(ctx context.Context, tx *sql.Tx, tenant, batchID, name, listedThrough, reason string) error {
	if err := checkTenant(tenant); err != nil {
		return err
	}
	res, err := db.exec(ctx, tx, `UPDATE batches SET items = items + 1,
		listed_through = CASE WHEN ? = '' THEN listed_through ELSE ? END
		WHERE tenant = ? AND id = ? AND listed_at IS NULL`, listedThrough, listedThrough, tenant, batchID)
	if err != nil {
		return fmt.Errorf("count item: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("%w: no batch %s listing", records.ErrNotFound, batchID)
	}
	if _, err := db.exec(ctx, tx, `INSERT INTO batch_items (batch_id, tenant, seq, name, error)
		SELECT id, tenant, items, ?, ? FROM batches WHERE id = ?`, name, reason, batchID); err != nil {
		return fmt.Errorf("insert item: %w", err)
	}
	return nil
}

// SealBatch ends listing; sealing a sealed batch changes nothing.
func (db *DB) SealBatch(ctx context.Context, tenant, id, reason string) (records.Batch, error) {
	if err := checkTenant(tenant); err != nil {
		return records.Batch{}, err
	}
	if _, err := db.exec(ctx, db.sql, `UPDATE batches SET listed_at = ?, error = ?
		WHERE tenant = ? AND id = ? AND listed_at IS NULL`, db.dialect.timeArg(now()), reason, tenant, id); err != nil {
		return records.Batch{}, fmt.Errorf("seal batch %s: %w", id, err)
	}
	return db.Batch(ctx, tenant, id)
}

// DeleteBatch removes a batch and its items.
func (db *DB) DeleteBatch(ctx context.Context, tenant, id string) error {
	if err := checkTenant(tenant); err != nil {
		return err
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("delete batch %s: %w", id, err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	for _, q := range []string{
		`DELETE FROM batch_items WHERE tenant = ? AND batch_id = ?`,
		`DELETE FROM batches WHERE tenant = ? AND id = ?`,
	} {
		if _, err := db.exec(ctx, tx, q, tenant, id); err != nil {
			return fmt.Errorf("delete batch %s: %w", id, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("delete batch %s: commit: %w", id, err)
	}
	return nil
}

// Batch returns a tenant's batch with its counts.
func (db *DB) Batch(ctx context.Context, tenant, id string) (records.Batch, error) {
	if err := checkTenant(tenant); err != nil {
		return records.Batch{}, err
	}
	b, listed, err := scanBatch(db.queryRow(ctx, db.sql, `SELECT `+batchColumns+` FROM batches WHERE tenant = ? AND id = ?`, tenant, id))
	if err != nil {
		return records.Batch{}, fmt.Errorf("batch %s: %w", id, err)
	}
	if err := db.countBatch(ctx, &b, listed); err != nil {
		return records.Batch{}, fmt.Errorf("batch %s: %w", id, err)
	}
	return b, nil
}

// Batches lists a tenant's newest batches with their counts.
func (db *DB) Batches(ctx context.Context, tenant string, limit int) ([]records.Batch, error) {
	if err := checkTenant(tenant); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > maxBatches {
		limit = maxBatches
	}
	rows, err := db.query(ctx, db.sql, `SELECT `+batchColumns+` FROM batches WHERE tenant = ?
		ORDER BY created_at DESC, id DESC LIMIT ?`, tenant, limit)
	if err != nil {
		return nil, fmt.Errorf("list batches: %w", err)
	}
	var (
		out    []records.Batch
		listed []dbTime
	)
	for rows.Next() {
		b, l, err := scanBatch(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("list batches: %w", err)
		}
		out, listed = append(out, b), append(listed, l)
	}
	err = errors.Join(rows.Err(), rows.Close())
	if err != nil {
		return nil, fmt.Errorf("list batches: %w", err)
	}
	// Counted after the rows are closed: SQLite has one connection.
	for i := range out {
		if err := db.countBatch(ctx, &out[i], listed[i]); err != nil {
			return nil, fmt.Errorf("list batches: %w", err)
		}
	}
	return out, nil
}

// scanBatch reads batchColumns; sql.ErrNoRows becomes records.ErrNotFound.
func scanBatch(s scanner) (records.Batch, dbTime, error) {
	var (
		b       records.Batch
		items   int64
		created dbTime
		listed  dbTime
	)
	err := s.Scan(&b.ID, &b.Tenant, &b.Source, &items, &b.ListedThrough, &b.Error, &created, &listed)
	if errors.Is(err, sql.ErrNoRows) {
		return records.Batch{}, dbTime{}, records.ErrNotFound
	}
	if err != nil {
		return records.Batch{}, dbTime{}, fmt.Errorf("scan batch: %w", err)
	}
	b.Counts.Total = int(items)
	b.CreatedAt = created.Time
	return b, listed, nil
}

// countBatch fills b's counts, identifiers, state and finish time from
// its items' documents.
func (db *DB) countBatch(ctx context.Context, b *records.Batch, listed dbTime) error {
	rows, err := db.query(ctx, db.sql, `SELECT COALESCE(d.status, ''), count(*), max(d.completed_at)
		FROM batch_items i LEFT JOIN documents d ON d.tenant = i.tenant AND d.id = i.document_id
		WHERE i.tenant = ? AND i.batch_id = ?
		GROUP BY COALESCE(d.status, '')`, b.Tenant, b.ID)
	if err != nil {
		return fmt.Errorf("count items: %w", err)
	}
	c := records.BatchCounts{Total: b.Counts.Total}
	last := listed.Time
	for rows.Next() {
		var (
			status string
			n      int
			done   dbTime
		)
		if err := rows.Scan(&status, &n, &done); err != nil {
			rows.Close()
			return fmt.Errorf("count items: %w", err)
		}
		if done.Valid && done.Time.After(last) {
			last = done.Time
		}
		switch records.Status(status) {
		case records.StatusQueued:
			c.Queued += n
		case records.StatusProcessing:
			c.Processing += n
		case records.StatusComplete:
			c.Complete += n
		case records.StatusPartial:
			c.Partial += n
		default: // refused unread, or deleted since
			c.Failed += n
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("count items: %w", err)
	}
	b.Counts = c
	if err := db.queryRow(ctx, db.sql, `SELECT count(*) FROM findings WHERE tenant = ? AND document_id IN
		(SELECT document_id FROM batch_items WHERE tenant = ? AND batch_id = ?)`, b.Tenant, b.Tenant, b.ID).Scan(&b.Identifiers); err != nil {
		return fmt.Errorf("count identifiers: %w", err)
	}
	switch {
	case !listed.Valid:
		b.State = records.BatchListing
	case c.Queued+c.Processing > 0:
		b.State = records.BatchRunning
	default:
		b.State = records.BatchDone
		b.FinishedAt = &last
	}
	return nil
}

// BatchItems pages through a batch's items in order, each page's
// documents read with one query and their pages and findings with two.
func (db *DB) BatchItems(ctx context.Context, tenant, id string, fn func(records.BatchItem) error) error {
	if err := checkTenant(tenant); err != nil {
		return err
	}
	var exists int
	err := db.queryRow(ctx, db.sql, `SELECT count(*) FROM batches WHERE tenant = ? AND id = ?`, tenant, id).Scan(&exists)
	if err != nil {
		return fmt.Errorf("batch %s items: %w", id, err)
	}
	if exists == 0 {
		return fmt.Errorf("batch %s: %w", id, records.ErrNotFound)
	}
	for after := -1; ; {
		items, docIDs, last, err := db.itemPage(ctx, tenant, id, after)
		if err != nil {
			return fmt.Errorf("batch %s items: %w", id, err)
		}
		if len(items) == 0 {
			return nil
		}
		docs, err := db.documentsByID(ctx, tenant, docIDs)
		if err != nil {
			return fmt.Errorf("batch %s items: %w", id, err)
		}
		for i := range items {
			if d, ok := docs[docIDs[i]]; ok {
				items[i].Document = &d
			} else if items[i].Error == "" {
				items[i].Error = "the document was deleted"
			}
			if err := fn(items[i]); err != nil {
				return err
			}
		}
		after = last
	}
}

// itemPage reads the items after seq after; docIDs runs parallel to items.
func (db *DB) itemPage(ctx context.Context, tenant, id string, after int) (items []records.BatchItem, docIDs []string, last int, err error) {
	rows, err := db.query(ctx, db.sql, `SELECT seq, name, error, document_id FROM batch_items
		WHERE tenant = ? AND batch_id = ? AND seq > ? ORDER BY seq LIMIT ?`, tenant, id, after, batchPage)
	if err != nil {
		return nil, nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var it records.BatchItem
		var docID string
		if err := rows.Scan(&last, &it.Name, &it.Error, &docID); err != nil {
			return nil, nil, 0, err
		}
		items, docIDs = append(items, it), append(docIDs, docID)
	}
	return items, docIDs, last, rows.Err()
}

// documentsByID reads a tenant's documents with pages and findings.
func (db *DB) documentsByID(ctx context.Context, tenant string, ids []string) (map[string]records.Document, error) {
	args := []any{tenant}
	for _, id := range ids {
		if id != "" {
			args = append(args, id)
		}
	}
	out := map[string]records.Document{}
	if len(args) == 1 {
		return out, nil
	}
	in := "(" + strings.Repeat("?, ", len(args)-2) + "?)"
	rows, err := db.query(ctx, db.sql, `SELECT `+selectColumns+` FROM documents WHERE tenant = ? AND id IN `+in, args...)
	if err != nil {
		return nil, fmt.Errorf("read documents: %w", err)
	}
	var docs []records.Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		docs = append(docs, d)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("read documents: %w", err)
	}
	if err := db.loadChildren(ctx, db.sql, tenant, docs); err != nil {
		return nil, err
	}
	for _, d := range docs {
		out[d.ID] = d
	}
	return out, nil
}
