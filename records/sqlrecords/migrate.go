package sqlrecords

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river/rivermigrate"
)

// migrationFS holds our schema, one directory per dialect, one file per
// version named NNNN_name.sql. Files are never edited once released: a
// change is a new file.
//
//go:embed migrations/*/*.sql
var migrationFS embed.FS

// migrationLockKey is an arbitrary constant: PostgreSQL's advisory lock
// that serializes migrations of processes starting at the same time.
const migrationLockKey = 7_146_203_990_112

type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the dialect's migrations in version order.
func (d dialect) migrations() ([]migration, error) {
	dir := path.Join("migrations", d.name)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration file %s: want NNNN_name.sql", e.Name())
		}
		b, err := fs.ReadFile(migrationFS, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migration version %d appears twice", ms[i].version)
		}
	}
	return ms, nil
}

// migrate brings River's tables and ours up to date. On PostgreSQL a
// session advisory lock serializes processes that start together (several
// workers sharing one database); on SQLite one process owns the file, and
// holding a connection aside would starve the one-connection pool.
func (db *DB) migrate(ctx context.Context) error {
	if db.dialect.name == DriverPostgres {
		conn, err := db.sql.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrationLockKey); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
		// The unlock must run even when ctx is done; a closed connection
		// releases the lock too, so its error is of no consequence.
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrationLockKey) //nolint:errcheck
	}

	// River's migrations run each in their own transaction: some of
	// PostgreSQL's (enum values) cannot share one with what uses them.
	migrator, err := rivermigrate.New(db.river, &rivermigrate.Config{Logger: db.riverLogger})
	if err != nil {
		return fmt.Errorf("river: %w", err)
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("river: %w", err)
	}
	return db.migrateRecords(ctx)
}

// migrateRecords applies our pending migrations in one transaction: a
// failure leaves the schema as it was.
func (db *DB) migrateRecords(ctx context.Context) error {
	ms, err := db.dialect.migrations()
	if err != nil {
		return err
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op

	if _, err := tx.ExecContext(ctx, db.dialect.migrationsTable); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	applied, err := appliedVersions(ctx, tx)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if applied[m.version] {
			continue
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("apply %04d_%s: %w", m.version, m.name, err)
		}
		if _, err := db.exec(ctx, tx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			m.version, m.name, db.dialect.timeArg(time.Now())); err != nil {
			return fmt.Errorf("record %04d_%s: %w", m.version, m.name, err)
		}
		db.logger.Info("applied schema migration", "version", m.version, "name", m.name)
	}
	return tx.Commit()
}

func appliedVersions(ctx context.Context, tx *sql.Tx) (map[int]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	defer rows.Close()
	applied := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		applied[v] = true
	}
	return applied, rows.Err()
}
