package sqlrecords

import (
	"context"
	"time"
)

// Job kinds, for tests that look at the queue.
const (
	KindProcess = kindProcess
	KindNotify  = kindNotify
)

// Crash leaves db as a killed process would: its connections are closed
// under its running jobs, nothing is stopped or rolled forward. The
// returned function cancels the abandoned workers, which a real crash
// would have taken with it; it waits for them only briefly, since River
// retries its bookkeeping against the closed database for several
// seconds before giving up.
func Crash(db *DB) (bury func()) {
	db.mu.Lock()
	run := db.runner
	db.runner = nil
	db.mu.Unlock()
	db.sql.Close()
	return func() {
		if run == nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		run.client.StopAndCancel(ctx) //nolint:errcheck // its database is gone
	}
}

// JobStates returns the states of the jobs of kind, oldest first.
func JobStates(ctx context.Context, db *DB, kind string) ([]string, error) {
	rows, err := db.query(ctx, db.sql, `SELECT state FROM river_job WHERE kind = ? ORDER BY id`, kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var states []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		states = append(states, s)
	}
	return states, rows.Err()
}

// ChildRows counts the pages and findings rows of a document, of any
// tenant, to check that a delete removed them.
func ChildRows(ctx context.Context, db *DB, documentID string) (pages, findings int, err error) {
	if err := db.queryRow(ctx, db.sql, `SELECT COUNT(*) FROM pages WHERE document_id = ?`, documentID).Scan(&pages); err != nil {
		return 0, 0, err
	}
	err = db.queryRow(ctx, db.sql, `SELECT COUNT(*) FROM findings WHERE document_id = ?`, documentID).Scan(&findings)
	return pages, findings, err
}

// AppliedMigrations counts the rows of schema_migrations.
func AppliedMigrations(ctx context.Context, db *DB) (int, error) {
	var n int
	err := db.queryRow(ctx, db.sql, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
	return n, err
}

// HoldConnection takes a connection of db's pool until release is called;
// on SQLite, the only one.
func HoldConnection(ctx context.Context, db *DB) (release func() error, err error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, err
	}
	return conn.Close, nil
}

// CreateBatches returns how many shared commits CreateDocument has made
// and how many calls it has received, committed or not.
func CreateBatches(db *DB) (batches, queued int) {
	db.creates.mu.Lock()
	defer db.creates.mu.Unlock()
	return db.creates.batches, db.creates.queued
}

// Exec runs a statement on db, for tests that shape the schema.
func Exec(ctx context.Context, db *DB, query string) error {
	_, err := db.sql.ExecContext(ctx, query)
	return err
}
