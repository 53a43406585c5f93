package sqlrecords

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"unicode"
	"unicode/utf8"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/results"
)

const documentColumns = `id, tenant, sha256, filename, media_type, size, object_key, status, error,
	callback_url, pages_done, pages_total, warnings, created_at, updated_at, completed_at`

// selectColumns are documentColumns and the callback's delivery state,
// which a new document starts without.
const selectColumns = documentColumns + `, callback_state, callback_attempts, callback_error, callback_at`

// maxTenantLen bounds tenant names; they appear in keys and logs.
const maxTenantLen = 128

// isSHA256Hex reports whether s is a SHA-256 digest in lower-case hex.
func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range []byte(s) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// tenantFilter is the WHERE clause and arguments of a listing limited to
// tenant, or of every tenant's rows when tenant is empty.
func tenantFilter(tenant string) (string, []any, error) {
	if tenant == "" {
		return "", nil, nil
	}
	if err := checkTenant(tenant); err != nil {
		return "", nil, err
	}
	return ` WHERE tenant = ?`, []any{tenant}, nil
}

// checkTenant rejects tenant names that cannot be a real tenant, so that
// an empty or garbled name never silently matches nothing.
func checkTenant(tenant string) error {
	if tenant == "" || len(tenant) > maxTenantLen || !utf8.ValidString(tenant) {
		return fmt.Errorf("%w: tenant name must be 1 to %d bytes of UTF-8", records.ErrInvalid, maxTenantLen)
	}
	for _, r := range tenant {
		if unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return fmt.Errorf("%w: tenant name holds a space or control character", records.ErrInvalid)
		}
	}
	return nil
}

// CreateDocument records d and queues its processing in one transaction,
// or returns the tenant's existing document with the same SHA256. It
// returns once that transaction is committed; on SQLite the transaction
// may hold other uploads' documents as well (createBatcher).
func (db *DB) CreateDocument(ctx context.Context, d records.Document) (records.Document, bool, error) {
	if db.creates != nil {
		// Refused before it joins a shared commit, which it cannot fail.
		if err := checkNewDocument(d); err != nil {
			return records.Document{}, false, fmt.Errorf("create document: %w", err)
		}
		return db.creates.create(ctx, d)
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return records.Document{}, false, fmt.Errorf("create document: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	d, created, err := db.insertDocument(ctx, tx, d)
	if err != nil {
		return records.Document{}, false, fmt.Errorf("create document: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return records.Document{}, false, fmt.Errorf("create document: commit: %w", err)
	}
	return d, created, nil
}

// checkNewDocument refuses a document that could never be inserted.
func checkNewDocument(d records.Document) error {
	if err := checkTenant(d.Tenant); err != nil {
		return err
	}
	if !isSHA256Hex(d.SHA256) {
		return fmt.Errorf("%w: sha256 must be 64 lower-case hex digits", records.ErrInvalid)
	}
	if d.Size < 0 || d.ObjectKey == "" {
		return fmt.Errorf("%w: document needs a size and an object key", records.ErrInvalid)
	}
	return nil
}

// insertDocument inserts d and queues its processing inside tx, or
// returns the tenant's existing document with the same SHA256.
func (db *DB) insertDocument(ctx context.Context, tx *sql.Tx, d records.Document) (records.Document, bool, error) {
	if err := checkNewDocument(d); err != nil {
		return records.Document{}, false, err
	}
	t := now()
	d.ID = newID("doc_")
	d.Status = records.StatusQueued
	d.Error = ""
	d.Pages, d.Findings, d.Warnings = []results.Page{}, []extractor.Finding{}, []string{}
	d.Reviews = []records.Review{}
	d.PagesDone, d.PagesTotal = 0, 0
	d.CreatedAt, d.UpdatedAt, d.CompletedAt = t, t, nil
	d.Callback = nil
	if d.CallbackURL != "" {
		d.Callback = &records.Callback{Receiver: receiver(d.CallbackURL), State: records.CallbackPending}
	}

	// ON CONFLICT DO NOTHING rather than a look-up first: two uploads of
	// the same file racing each other get one row and one job.
	res, err := db.exec(ctx, tx, `INSERT INTO documents (`+documentColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant, sha256) DO NOTHING`,
		d.ID, d.Tenant, d.SHA256, d.Filename, d.MediaType, d.Size, d.ObjectKey, d.Status, d.Error,
		d.CallbackURL, 0, 0, "[]", db.dialect.timeArg(t), db.dialect.timeArg(t), nil)
	if err != nil {
		return records.Document{}, false, fmt.Errorf("insert: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return records.Document{}, false, err
	}
	if n == 0 {
		existing, err := db.documentWhere(ctx, tx, `tenant = ? AND sha256 = ?`, d.Tenant, d.SHA256)
		if err != nil {
			return records.Document{}, false, fmt.Errorf("existing: %w", err)
		}
		return existing, false, nil
	}
	if _, err := db.inserter.InsertTx(ctx, tx, processArgs{Tenant: d.Tenant, DocumentID: d.ID}, nil); err != nil {
		return records.Document{}, false, fmt.Errorf("queue processing: %w", err)
	}
	return d, true, nil
}

// Document returns a tenant's document with its pages and findings.
func (db *DB) Document(ctx context.Context, tenant, id string) (records.Document, error) {
	if err := checkTenant(tenant); err != nil {
		return records.Document{}, err
	}
	d, err := db.documentWhere(ctx, db.sql, `tenant = ? AND id = ?`, tenant, id)
	if err != nil {
		return records.Document{}, fmt.Errorf("document %s: %w", id, err)
	}
	return d, nil
}

// DeleteDocument removes a document, its pages and findings, and returns
// the document without them. Jobs still queued for it find nothing and end.
func (db *DB) DeleteDocument(ctx context.Context, tenant, id string) (records.Document, error) {
	if err := checkTenant(tenant); err != nil {
		return records.Document{}, err
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return records.Document{}, fmt.Errorf("delete document %s: %w", id, err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op

	row := db.queryRow(ctx, tx, `SELECT `+selectColumns+` FROM documents WHERE tenant = ? AND id = ?`, tenant, id)
	d, err := scanDocument(row)
	if err != nil {
		return records.Document{}, fmt.Errorf("delete document %s: %w", id, err)
	}
	// Children are deleted by name as well as by ON DELETE CASCADE, so that
	// nothing depends on SQLite's per-connection foreign_keys setting.
	for _, q := range []string{
		`DELETE FROM reviews WHERE tenant = ? AND document_id = ?`,
		`DELETE FROM findings WHERE tenant = ? AND document_id = ?`,
		`DELETE FROM pages WHERE tenant = ? AND document_id = ?`,
		`DELETE FROM documents WHERE tenant = ? AND id = ?`,
	} {
		if _, err := db.exec(ctx, tx, q, tenant, id); err != nil {
			return records.Document{}, fmt.Errorf("delete document %s: %w", id, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return records.Document{}, fmt.Errorf("delete document %s: commit: %w", id, err)
	}
	return d, nil
}

// documentWhere returns the one document matching where, with children,
// or records.ErrNotFound.
func (db *DB) documentWhere(ctx context.Context, q querier, where string, args ...any) (records.Document, error) {
	d, err := scanDocument(db.queryRow(ctx, q, `SELECT `+selectColumns+` FROM documents WHERE `+where, args...))
	if err != nil {
		return records.Document{}, err
	}
	docs := []records.Document{d}
	if err := db.loadChildren(ctx, q, d.Tenant, docs); err != nil {
		return records.Document{}, err
	}
	return docs[0], nil
}

type scanner interface{ Scan(dest ...any) error }

// scanDocument reads selectColumns; sql.ErrNoRows becomes records.ErrNotFound.
func scanDocument(s scanner) (records.Document, error) {
	var (
		d                   records.Document
		warnings            []byte
		created, updated    dbTime
		completed           dbTime
		status              string
		pagesDone, pagesTot int64
		cb                  records.Callback
		cbAttempts          int64
		cbAt                dbTime
	)
	err := s.Scan(&d.ID, &d.Tenant, &d.SHA256, &d.Filename, &d.MediaType, &d.Size, &d.ObjectKey, &status,
		&d.Error, &d.CallbackURL, &pagesDone, &pagesTot, &warnings, &created, &updated, &completed,
		&cb.State, &cbAttempts, &cb.LastError, &cbAt)
	if errors.Is(err, sql.ErrNoRows) {
		return records.Document{}, records.ErrNotFound
	}
	if err != nil {
		return records.Document{}, fmt.Errorf("scan document: %w", err)
	}
	d.Status = records.Status(status)
	d.PagesDone, d.PagesTotal = int(pagesDone), int(pagesTot)
	d.CreatedAt, d.UpdatedAt, d.CompletedAt = created.Time, updated.Time, completed.ptr()
	d.Warnings = []string{}
	if err := json.Unmarshal(warnings, &d.Warnings); err != nil {
		return records.Document{}, fmt.Errorf("document %s: warnings: %w", d.ID, err)
	}
	d.Pages, d.Findings, d.Reviews = []results.Page{}, []extractor.Finding{}, []records.Review{}
	if d.CallbackURL != "" {
		cb.Receiver, cb.Attempts, cb.At = receiver(d.CallbackURL), int(cbAttempts), cbAt.ptr()
		if cb.State == "" {
			cb.State = records.CallbackPending
		}
		d.Callback = &cb
	}
	return d, nil
}

// Pending counts documents waiting for or in processing, across tenants:
// the queue depth an operator watches.
func (db *DB) Pending(ctx context.Context) (int, error) {
	var n int
	err := db.queryRow(ctx, db.sql, `SELECT count(*) FROM documents WHERE status IN (?, ?)`,
		string(records.StatusQueued), string(records.StatusProcessing)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count pending documents: %w", err)
	}
	return n, nil
}

// receiver names a callback URL's receiver without its path, query or
// user information, which may hold secrets.
func receiver(callbackURL string) string {
	u, err := url.Parse(callbackURL)
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
