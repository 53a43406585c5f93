package sqlrecords

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/records"
)

// Listing limits; records.Filter documents them.
const (
	defaultLimit = 50
	maxLimit     = 500
)

// Documents lists a tenant's documents newest first, with pages and
// findings. Pagination is by keyset on (created_at, id), so a page is
// stable while documents are added or deleted.
func (db *DB) Documents(ctx context.Context, tenant string, f records.Filter) (records.DocumentList, error) {
	if err := checkTenant(tenant); err != nil {
		return records.DocumentList{}, err
	}
	switch f.Status {
	case "", records.StatusQueued, records.StatusProcessing, records.StatusComplete, records.StatusPartial, records.StatusFailed:
	default:
		return records.DocumentList{}, fmt.Errorf("%w: unknown status %q", records.ErrInvalid, f.Status)
	}
	if f.Limit < 0 {
		return records.DocumentList{}, fmt.Errorf("%w: negative limit", records.ErrInvalid)
	}
	limit := f.Limit
	if limit == 0 {
		limit = defaultLimit
	}
	limit = min(limit, maxLimit)

	where := []string{"tenant = ?"}
	args := []any{tenant}
	if f.Status != "" {
		where = append(where, "status = ?")
		args = append(args, string(f.Status))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, `(id IN (SELECT document_id FROM findings WHERE tenant = ? AND value = ?)
			OR id IN (SELECT document_id FROM reviews WHERE tenant = ? AND value = ?)
			OR LOWER(filename) LIKE ? ESCAPE '\')`)
		args = append(args, tenant, normalizeValue(q), tenant, normalizeValue(q), "%"+escapeLike(strings.ToLower(q))+"%")
	}
	if f.Cursor != "" {
		at, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return records.DocumentList{}, err
		}
		where = append(where, "(created_at, id) < (?, ?)")
		args = append(args, db.dialect.timeArg(at), id)
	}
	args = append(args, limit+1)

	docs, err := db.documents(ctx, tenant, `SELECT `+selectColumns+` FROM documents
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY created_at DESC, id DESC LIMIT ?`, args...)
	if err != nil {
		return records.DocumentList{}, fmt.Errorf("list documents: %w", err)
	}
	var list records.DocumentList
	if len(docs) > limit {
		docs = docs[:limit]
		last := docs[limit-1]
		list.Next = encodeCursor(last.CreatedAt, last.ID)
	}
	list.Documents = docs
	return list, nil
}

// FindingDocuments lists, newest first, the tenant's documents carrying a
// finding of kind with value (normalized as in Documents' query), at most
// 500 of them.
func (db *DB) FindingDocuments(ctx context.Context, tenant string, kind extractor.Kind, value string) ([]records.Document, error) {
	if err := checkTenant(tenant); err != nil {
		return nil, err
	}
	if !slices.Contains(extractor.Kinds(), kind) {
		return nil, fmt.Errorf("%w: unknown finding kind %q", records.ErrInvalid, kind)
	}
	docs, err := db.documents(ctx, tenant, `SELECT `+selectColumns+` FROM documents
		WHERE tenant = ? AND (id IN (SELECT document_id FROM findings WHERE tenant = ? AND kind = ? AND value = ?)
			OR id IN (SELECT r.document_id FROM reviews r JOIN findings f
				ON f.tenant = r.tenant AND f.document_id = r.document_id AND f.ordinal = r.finding
				WHERE r.tenant = ? AND f.kind = ? AND r.value = ?))
		ORDER BY created_at DESC, id DESC LIMIT ?`,
		tenant, tenant, string(kind), normalizeValue(value), tenant, string(kind), normalizeValue(value), maxLimit)
	if err != nil {
		// The kind, not the value: errors reach logs.
		return nil, fmt.Errorf("documents with %s finding: %w", kind, err)
	}
	return docs, nil
}

// documents runs a query for selectColumns and loads the children.
func (db *DB) documents(ctx context.Context, tenant, query string, args ...any) ([]records.Document, error) {
	rows, err := db.query(ctx, db.sql, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	docs := []records.Document{}
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Closed before the next query: SQLite's pool has one connection.
	rows.Close()
	if err := db.loadChildren(ctx, db.sql, tenant, docs); err != nil {
		return nil, err
	}
	return docs, nil
}

// normalizeValue is how a searched identifier compares with a finding's
// value: upper case, without spaces and hyphens ("eac-21-900-12345" is
// EAC2190012345).
func normalizeValue(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, strings.ToUpper(s))
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// A cursor is base64url of "<created_at microseconds>.<id>": opaque to
// clients, and nothing in it is secret.
func encodeCursor(at time.Time, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(at.UnixMicro(), 10) + "." + id))
}

func decodeCursor(c string) (time.Time, string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return time.Time{}, "", fmt.Errorf("%w: cursor", records.ErrInvalid)
	}
	micros, id, ok := strings.Cut(string(b), ".")
	n, err := strconv.ParseInt(micros, 10, 64)
	if !ok || err != nil || id == "" {
		return time.Time{}, "", fmt.Errorf("%w: cursor", records.ErrInvalid)
	}
	return time.UnixMicro(n).UTC(), id, nil
}
