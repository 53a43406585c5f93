package sqlrecords

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	_ "modernc.org/sqlite" // registers "sqlite"
)

// Driver names accepted in Config.Driver.
const (
	DriverSQLite   = "sqlite"
	DriverPostgres = "postgres"
)

// dialect holds everything that differs between the two databases, so that
// the rest of the package is one body of SQL written with "?" placeholders.
type dialect struct {
	name string
	// dollar placeholders ($1, $2, ...) instead of "?".
	dollar bool
	// nativeTime: timestamps are bound and scanned as time.Time
	// (timestamptz); otherwise as INTEGER microseconds since the epoch.
	nativeTime bool
	// migrationsTable creates the table recording applied migrations.
	migrationsTable string
}

// openSQL opens the pool for cfg with the settings each database needs.
func openSQL(cfg Config) (*sql.DB, dialect, error) {
	switch cfg.Driver {
	case DriverSQLite:
		if cfg.DSN == "" || strings.ContainsAny(cfg.DSN, "?#") {
			return nil, dialect{}, fmt.Errorf("sqlite database path %q: must be a plain file path", cfg.DSN)
		}
		// WAL lets readers of other processes (a CLI, a backup) run beside
		// the writer; busy_timeout makes them wait rather than fail. The pool
		// holds ONE connection: River runs enough concurrent queries that a
		// second connection meets SQLITE_BUSY, and one connection serializes
		// them in Go instead. The consequence for this package: never use the
		// pool while holding a transaction, or it waits for itself.
		// _txlock=immediate takes the write lock at BEGIN, so a transaction
		// never fails halfway on upgrading a read lock. synchronous=FULL
		// syncs the WAL at every commit: an acknowledged upload survives a
		// power cut, not only a crash of this process.
		dsn := cfg.DSN + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
			"&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_txlock=immediate"
		db, err := sql.Open("sqlite", dsn)
		if err != nil {
			return nil, dialect{}, err
		}
		db.SetMaxOpenConns(1)
		return db, dialect{
			name: DriverSQLite,
			migrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
				version    INTEGER PRIMARY KEY,
				name       TEXT NOT NULL,
				applied_at INTEGER NOT NULL)`,
		}, nil
	case DriverPostgres:
		db, err := sql.Open("pgx", cfg.DSN)
		if err != nil {
			return nil, dialect{}, err
		}
		db.SetMaxOpenConns(cfg.MaxConns)
		db.SetMaxIdleConns(cfg.MaxConns)
		db.SetConnMaxIdleTime(5 * time.Minute)
		return db, dialect{
			name:       DriverPostgres,
			dollar:     true,
			nativeTime: true,
			migrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
				version    integer PRIMARY KEY,
				name       text NOT NULL,
				applied_at timestamptz NOT NULL)`,
		}, nil
	}
	return nil, dialect{}, fmt.Errorf("driver %q: want %q or %q", cfg.Driver, DriverSQLite, DriverPostgres)
}

// riverDriver returns River's driver for the dialect over the same pool,
// so that River's statements and ours can share one *sql.Tx.
func (d dialect) riverDriver(db *sql.DB) riverdriver.Driver[*sql.Tx] {
	if d.name == DriverSQLite {
		return riversqlite.New(db)
	}
	// Poll-only: new jobs are found within Config.PollInterval rather than
	// by LISTEN/NOTIFY, which would need a second, pgx-native pool whose
	// connections River keeps for itself (and breaks behind PgBouncer).
	return riverdatabasesql.New(db)
}

// completeJob marks job completed inside tx. River's function is generic in
// the driver type, which is known here only by dialect.
func completeJob[T river.JobArgs](ctx context.Context, d dialect, tx *sql.Tx, job *river.Job[T]) error {
	var err error
	if d.name == DriverSQLite {
		_, err = river.JobCompleteTx[*riversqlite.Driver](ctx, tx, job)
	} else {
		_, err = river.JobCompleteTx[*riverdatabasesql.Driver](ctx, tx, job)
	}
	if err != nil {
		return fmt.Errorf("complete job %d: %w", job.ID, err)
	}
	return nil
}

// rebind rewrites "?" placeholders for the dialect. Queries in this package
// hold no "?" inside literals.
func (d dialect) rebind(query string) string {
	if !d.dollar {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// timeArg is t as the dialect stores it.
func (d dialect) timeArg(t time.Time) any {
	if d.nativeTime {
		return t.UTC().Truncate(time.Microsecond)
	}
	return t.UnixMicro()
}

// nullTimeArg is timeArg with nil for a nil t.
func (d dialect) nullTimeArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return d.timeArg(*t)
}

// dbTime scans a timestamp stored by either dialect.
type dbTime struct {
	Time  time.Time
	Valid bool
}

// Scan implements sql.Scanner.
func (t *dbTime) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*t = dbTime{}
	case int64:
		*t = dbTime{Time: time.UnixMicro(v).UTC(), Valid: true}
	case time.Time:
		*t = dbTime{Time: v.UTC(), Valid: true}
	default:
		return fmt.Errorf("scan time: unexpected %T", v)
	}
	return nil
}

// ptr is the time as an optional field.
func (t dbTime) ptr() *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
