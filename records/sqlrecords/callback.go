package sqlrecords

import (
	"context"
	"errors"
	"fmt"

	"github.com/noticescan/noticescan/records"
)

// SetCallback points a document's callback at url and, when processing is
// over, queues its delivery, in one transaction: processing that ends
// meanwhile reads the new URL when it queues its own delivery (finish).
func (db *DB) SetCallback(ctx context.Context, tenant, id, url string) (records.Document, error) {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return records.Document{}, fmt.Errorf("set callback: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	res, err := db.exec(ctx, tx, `UPDATE documents SET callback_url = ?, callback_state = '', callback_attempts = 0,
		callback_error = '', callback_at = NULL WHERE tenant = ? AND id = ?`, url, tenant, id)
	if err != nil {
		return records.Document{}, fmt.Errorf("set callback: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return records.Document{}, fmt.Errorf("set callback %s: %w", id, errors.Join(err, records.ErrNotFound))
	}
	var status string
	if err := db.queryRow(ctx, tx, `SELECT status FROM documents WHERE tenant = ? AND id = ?`, tenant, id).Scan(&status); err != nil {
		return records.Document{}, fmt.Errorf("set callback: %w", err)
	}
	if records.Status(status).Final() {
		if _, err := db.inserter.InsertTx(ctx, tx, notifyArgs{Tenant: tenant, DocumentID: id}, nil); err != nil {
			return records.Document{}, fmt.Errorf("set callback: queue notification: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return records.Document{}, fmt.Errorf("set callback: commit: %w", err)
	}
	return db.Document(ctx, tenant, id)
}

// recordDelivery keeps the outcome of one delivery attempt of d's
// callback. A failure is "retrying" while attempts remain and "given_up"
// after the last; its error is kept as its class only.
func (db *DB) recordDelivery(ctx context.Context, d records.Document, attempt, maxAttempts int, deliveryErr error) error {
	state, class := records.CallbackDelivered, ""
	if deliveryErr != nil {
		state, class = records.CallbackRetrying, "error"
		if attempt >= maxAttempts {
			state = records.CallbackGivenUp
		}
		if c := records.CallbackClassifier(nil); errors.As(deliveryErr, &c) {
			class = c.CallbackClass()
		}
	}
	// Only for the URL this attempt called: a new one set meanwhile
	// starts its own count.
	_, err := db.exec(ctx, db.sql, `UPDATE documents SET callback_state = ?, callback_attempts = ?, callback_error = ?, callback_at = ?
		WHERE tenant = ? AND id = ? AND callback_url = ?`,
		state, attempt, class, db.dialect.timeArg(now()), d.Tenant, d.ID, d.CallbackURL)
	if err != nil {
		return fmt.Errorf("record callback delivery: %w", err)
	}
	return nil
}
