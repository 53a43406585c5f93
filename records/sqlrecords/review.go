package sqlrecords

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/noticescan/noticescan/records"
)

// AddReview appends a review of one of a tenant's findings in one
// transaction with the check that the finding exists.
func (db *DB) AddReview(ctx context.Context, tenant, id string, r records.Review) (records.Document, error) {
	if err := checkTenant(tenant); err != nil {
		return records.Document{}, err
	}
	if !r.Action.Valid() || r.Reviewer == "" || (r.Action == records.ReviewCorrect) != (r.Value != "") {
		return records.Document{}, fmt.Errorf("%w: a review needs an action, a reviewer, and a value exactly when it corrects", records.ErrInvalid)
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return records.Document{}, fmt.Errorf("review %s: %w", id, err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op

	var one int
	err = db.queryRow(ctx, tx, `SELECT 1 FROM findings WHERE tenant = ? AND document_id = ? AND ordinal = ?`,
		tenant, id, r.Finding).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return records.Document{}, fmt.Errorf("review %s finding %d: %w", id, r.Finding, records.ErrNotFound)
	}
	if err != nil {
		return records.Document{}, fmt.Errorf("review %s: %w", id, err)
	}
	if _, err := db.exec(ctx, tx, `INSERT INTO reviews (document_id, tenant, finding, action, value, reviewer, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id, tenant, r.Finding, string(r.Action), r.Value, r.Reviewer, db.dialect.timeArg(now())); err != nil {
		return records.Document{}, fmt.Errorf("review %s: insert: %w", id, err)
	}
	d, err := db.documentWhere(ctx, tx, `tenant = ? AND id = ?`, tenant, id)
	if err != nil {
		return records.Document{}, fmt.Errorf("review %s: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return records.Document{}, fmt.Errorf("review %s: commit: %w", id, err)
	}
	return d, nil
}

// loadReviews fills the reviews of docs, all of one tenant, oldest first.
func (db *DB) loadReviews(ctx context.Context, q querier, tenant, in string, args []any, index map[string]int, docs []records.Document) error {
	rows, err := db.query(ctx, q, `SELECT document_id, finding, action, value, reviewer, created_at
		FROM reviews WHERE tenant = ? AND document_id IN `+in+` ORDER BY document_id, seq`, args...)
	if err != nil {
		return fmt.Errorf("load reviews: %w", err)
	}
	defer rows.Close()
	for _, i := range index {
		docs[i].Reviews = []records.Review{}
	}
	for rows.Next() {
		var (
			docID, action string
			at            dbTime
			r             records.Review
		)
		if err := rows.Scan(&docID, &r.Finding, &action, &r.Value, &r.Reviewer, &at); err != nil {
			return fmt.Errorf("load reviews: %w", err)
		}
		r.Action, r.At = records.ReviewAction(action), at.Time
		d := &docs[index[docID]]
		d.Reviews = append(d.Reviews, r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load reviews: %w", err)
	}
	return nil
}
