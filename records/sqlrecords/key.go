package sqlrecords

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/noticescan/noticescan/records"
)

const (
	// secretPrefix marks our API key secrets, so that a leaked one is
	// recognizable (by secret scanners, too).
	secretPrefix = "nsk_"
	// secretChars random base32 characters follow: 160 bits.
	secretChars = 32
	// shownPrefix characters of a secret are kept to tell keys apart.
	shownPrefix = len(secretPrefix) + 8
)

// hashSecret is what is stored of a secret. A fast hash is right here,
// unlike for passwords: the secret is 160 random bits, so there is nothing
// to guess and key stretching would only slow every request down.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateKey makes a key for tenant and returns its secret, which is not
// stored and cannot be shown again.
func (db *DB) CreateKey(ctx context.Context, tenant string) (string, records.APIKey, error) {
	if err := checkTenant(tenant); err != nil {
		return "", records.APIKey{}, err
	}
	secret, k, err := db.insertKey(ctx, db.sql, tenant)
	if err != nil {
		return "", records.APIKey{}, fmt.Errorf("create key: %w", err)
	}
	return secret, k, nil
}

// firstKeyLock is the PostgreSQL advisory lock that serializes
// CreateFirstKey between processes: any fixed number will do, as long as
// nothing else takes it.
const firstKeyLock int64 = 0x6e73_6b65_7931 // "nskey1"

// CreateFirstKey makes a key for tenant only when the database holds no
// key at all, revoked ones included; made is false, and nothing is
// written, when it holds one. Check and insert are one transaction that
// concurrent callers pass one at a time (PostgreSQL: a transaction-level
// advisory lock; SQLite: BEGIN IMMEDIATE's write lock), so servers that
// start together on an empty database make one key between them.
func (db *DB) CreateFirstKey(ctx context.Context, tenant string) (secret string, key records.APIKey, made bool, err error) {
	if err := checkTenant(tenant); err != nil {
		return "", records.APIKey{}, false, err
	}
	secret, key, made, err = db.createFirstKey(ctx, tenant)
	if err != nil {
		return "", records.APIKey{}, false, fmt.Errorf("create first key: %w", err)
	}
	return secret, key, made, nil
}

func (db *DB) createFirstKey(ctx context.Context, tenant string) (string, records.APIKey, bool, error) {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return "", records.APIKey{}, false, err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	if db.dialect.name == DriverPostgres {
		// Held until commit, when the key is visible to the next holder's
		// check (a plain READ COMMITTED check-then-insert would let two
		// transactions both see no key).
		if _, err := db.exec(ctx, tx, `SELECT pg_advisory_xact_lock(?)`, firstKeyLock); err != nil {
			return "", records.APIKey{}, false, err
		}
	}
	var exists bool
	if err := db.queryRow(ctx, tx, `SELECT EXISTS (SELECT 1 FROM api_keys)`).Scan(&exists); err != nil {
		return "", records.APIKey{}, false, err
	}
	if exists {
		return "", records.APIKey{}, false, nil
	}
	secret, k, err := db.insertKey(ctx, tx, tenant)
	if err != nil {
		return "", records.APIKey{}, false, err
	}
	if err := tx.Commit(); err != nil {
		return "", records.APIKey{}, false, err
	}
	return secret, k, true, nil
}

// insertKey stores a new key of tenant through q and returns its secret.
func (db *DB) insertKey(ctx context.Context, q querier, tenant string) (string, records.APIKey, error) {
	secret := secretPrefix + strings.ToLower((rand.Text() + rand.Text())[:secretChars])
	k := records.APIKey{ID: newID("key_"), Tenant: tenant, Prefix: secret[:shownPrefix], CreatedAt: now()}
	if _, err := db.exec(ctx, q, `INSERT INTO api_keys (id, tenant, prefix, hash, created_at) VALUES (?, ?, ?, ?, ?)`,
		k.ID, k.Tenant, k.Prefix, hashSecret(secret), db.dialect.timeArg(k.CreatedAt)); err != nil {
		return "", records.APIKey{}, err
	}
	return secret, k, nil
}

// Keys lists a tenant's keys, or every tenant's when tenant is empty,
// oldest first, revoked ones included.
func (db *DB) Keys(ctx context.Context, tenant string) ([]records.APIKey, error) {
	where, args, err := tenantFilter(tenant)
	if err != nil {
		return nil, err
	}
	query := `SELECT id, tenant, prefix, created_at, revoked_at FROM api_keys` + where
	rows, err := db.query(ctx, db.sql, query+` ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list keys: %w", err)
	}
	defer rows.Close()
	keys := []records.APIKey{}
	for rows.Next() {
		var (
			k                records.APIKey
			created, revoked dbTime
		)
		if err := rows.Scan(&k.ID, &k.Tenant, &k.Prefix, &created, &revoked); err != nil {
			return nil, fmt.Errorf("list keys: %w", err)
		}
		k.CreatedAt, k.RevokedAt = created.Time, revoked.ptr()
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list keys: %w", err)
	}
	return keys, nil
}

// RevokeKey revokes a tenant's key. Revoking it again changes nothing and
// is not an error.
func (db *DB) RevokeKey(ctx context.Context, tenant, id string) error {
	if err := checkTenant(tenant); err != nil {
		return err
	}
	// One statement; the second assignment keeps an earlier revocation
	// time, so that a repeat still matches a row.
	res, err := db.exec(ctx, db.sql, `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE tenant = ? AND id = ?`,
		db.dialect.timeArg(now()), tenant, id)
	if err != nil {
		return fmt.Errorf("revoke key %s: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("revoke key %s: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("revoke key %s: %w", id, records.ErrNotFound)
	}
	return nil
}

// Authenticate returns the tenant whose live key has this secret.
//
// The look-up is by the secret's hash through an index, not a
// constant-time comparison: what timing could reveal is how a SHA-256 of
// the guess compares with stored hashes, which says nothing about any
// secret.
func (db *DB) Authenticate(ctx context.Context, secret string) (string, error) {
	if !strings.HasPrefix(secret, secretPrefix) || len(secret) != len(secretPrefix)+secretChars {
		return "", records.ErrUnauthorized
	}
	var (
		tenant  string
		revoked dbTime
	)
	err := db.queryRow(ctx, db.sql, `SELECT tenant, revoked_at FROM api_keys WHERE hash = ?`, hashSecret(secret)).
		Scan(&tenant, &revoked)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && revoked.Valid) {
		return "", records.ErrUnauthorized
	}
	if err != nil {
		return "", fmt.Errorf("authenticate: %w", err)
	}
	return tenant, nil
}
