package sqlrecords

import (
	"context"
	"fmt"
	"strings"

	"github.com/noticescan/noticescan/records"
)

var _ records.SourceStore = (*DB)(nil)

// checkSource validates a grant's fields; the bucket's name rules are
// S3's, checked where the request is parsed.
func checkSource(tenant, bucket, prefix string) error {
	if err := checkTenant(tenant); err != nil {
		return err
	}
	if bucket == "" || strings.ContainsAny(bucket, "/\x00") {
		return fmt.Errorf("%w: bucket %q", records.ErrInvalid, bucket)
	}
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		return fmt.Errorf("%w: a source prefix must end in \"/\"", records.ErrInvalid)
	}
	return nil
}

// AllowSource grants tenant's batches bucket under prefix.
func (db *DB) AllowSource(ctx context.Context, tenant, bucket, prefix string) (records.Source, error) {
	if err := checkSource(tenant, bucket, prefix); err != nil {
		return records.Source{}, err
	}
	src := records.Source{Tenant: tenant, Bucket: bucket, Prefix: prefix, CreatedAt: now()}
	if _, err := db.exec(ctx, db.sql, `INSERT INTO tenant_sources (tenant, bucket, prefix, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (tenant, bucket, prefix) DO NOTHING`,
		tenant, bucket, prefix, db.dialect.timeArg(src.CreatedAt)); err != nil {
		return records.Source{}, fmt.Errorf("allow source: %w", err)
	}
	return src, nil
}

// DisallowSource removes one grant.
func (db *DB) DisallowSource(ctx context.Context, tenant, bucket, prefix string) error {
	if err := checkSource(tenant, bucket, prefix); err != nil {
		return err
	}
	res, err := db.exec(ctx, db.sql, `DELETE FROM tenant_sources WHERE tenant = ? AND bucket = ? AND prefix = ?`, tenant, bucket, prefix)
	if err != nil {
		return fmt.Errorf("disallow source: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("disallow source: %w", err)
	} else if n == 0 {
		return fmt.Errorf("disallow source: %w", records.ErrNotFound)
	}
	return nil
}

// Sources lists grants, of one tenant or of all.
func (db *DB) Sources(ctx context.Context, tenant string) ([]records.Source, error) {
	where, args, err := tenantFilter(tenant)
	if err != nil {
		return nil, err
	}
	query := `SELECT tenant, bucket, prefix, created_at FROM tenant_sources` + where
	rows, err := db.query(ctx, db.sql, query+` ORDER BY tenant, bucket, prefix`, args...)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	defer rows.Close()
	out := []records.Source{}
	for rows.Next() {
		var (
			s       records.Source
			created dbTime
		)
		if err := rows.Scan(&s.Tenant, &s.Bucket, &s.Prefix, &created); err != nil {
			return nil, fmt.Errorf("list sources: %w", err)
		}
		s.CreatedAt = created.Time
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	return out, nil
}
