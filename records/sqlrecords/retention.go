package sqlrecords

import (
	"context"
	"fmt"
	"time"

	"github.com/noticescan/noticescan/records"
)

var _ records.RetentionStore = (*DB)(nil)

// SetRetention sets or, with 0 days, removes a tenant's retention.
func (db *DB) SetRetention(ctx context.Context, tenant string, days int) error {
	if err := checkTenant(tenant); err != nil {
		return err
	}
	if days < 0 {
		return fmt.Errorf("%w: retention days must be 0 or more", records.ErrInvalid)
	}
	if _, err := db.exec(ctx, db.sql, `DELETE FROM tenant_retention WHERE tenant = ?`, tenant); err != nil {
		return fmt.Errorf("set retention: %w", err)
	}
	if days == 0 {
		return nil
	}
	if _, err := db.exec(ctx, db.sql, `INSERT INTO tenant_retention (tenant, days) VALUES (?, ?)`, tenant, days); err != nil {
		return fmt.Errorf("set retention: %w", err)
	}
	return nil
}

// Retentions lists every tenant's retention, by tenant.
func (db *DB) Retentions(ctx context.Context) ([]records.Retention, error) {
	rows, err := db.query(ctx, db.sql, `SELECT tenant, days FROM tenant_retention ORDER BY tenant`)
	if err != nil {
		return nil, fmt.Errorf("list retentions: %w", err)
	}
	defer rows.Close()
	out := []records.Retention{}
	for rows.Next() {
		var r records.Retention
		if err := rows.Scan(&r.Tenant, &r.Days); err != nil {
			return nil, fmt.Errorf("list retentions: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// FinishedBefore finds documents completed before t, oldest first.
func (db *DB) FinishedBefore(ctx context.Context, tenant string, t time.Time, limit int) ([]string, error) {
	if err := checkTenant(tenant); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, db.sql, `SELECT id FROM documents WHERE tenant = ? AND completed_at IS NOT NULL AND completed_at < ?
		ORDER BY completed_at, id LIMIT ?`, tenant, db.dialect.timeArg(t), limit)
	if err != nil {
		return nil, fmt.Errorf("finished documents: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("finished documents: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
