package sqlrecords

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"

	"github.com/noticescan/noticescan/records"
)

var _ records.Store = (*DB)(nil)

// Defaults for Config's zero values.
const (
	DefaultRescueAfter  = 5 * time.Minute
	DefaultPollInterval = time.Second
	DefaultMaxConns     = 10
)

// Config says which database to open and how its jobs run.
type Config struct {
	// Driver is DriverSQLite (the default) or DriverPostgres.
	Driver string
	// DSN is the SQLite database's file path, or a PostgreSQL connection
	// string (URL or key=value). PostgreSQL's search_path parameter selects
	// the schema for our tables and River's.
	DSN    string
	Logger *slog.Logger

	// RescueAfter is how long a job may stay running before River's
	// rescuer, on PostgreSQL, decides its worker died and runs it again.
	// Default DefaultRescueAfter.
	RescueAfter time.Duration
	// JobTimeout cancels a job's context; it must be shorter than
	// RescueAfter, or a slow job would be rescued while it still runs.
	// Default four fifths of RescueAfter.
	JobTimeout time.Duration
	// PollInterval is how often idle workers look for new jobs. Default
	// DefaultPollInterval.
	PollInterval time.Duration
	// RetryBackoff is the wait before a failed job's first retry, doubled
	// for each later one. Zero keeps River's schedule (attempt⁴ seconds).
	RetryBackoff time.Duration
	// MaxConns bounds PostgreSQL connections; default DefaultMaxConns.
	// SQLite always uses one.
	MaxConns int
}

func (c Config) withDefaults() (Config, error) {
	if c.Driver == "" {
		c.Driver = DriverSQLite
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.RescueAfter == 0 {
		c.RescueAfter = DefaultRescueAfter
	}
	if c.JobTimeout == 0 {
		c.JobTimeout = c.RescueAfter * 4 / 5
	}
	if c.PollInterval == 0 {
		c.PollInterval = DefaultPollInterval
	}
	if c.MaxConns == 0 {
		c.MaxConns = DefaultMaxConns
	}
	switch {
	case c.RescueAfter < 0 || c.JobTimeout < 0 || c.PollInterval < 0 || c.RetryBackoff < 0 || c.MaxConns < 0:
		return c, fmt.Errorf("%w: negative duration or connection count", records.ErrInvalid)
	case c.JobTimeout >= c.RescueAfter:
		return c, fmt.Errorf("%w: job timeout %s must be shorter than rescue after %s", records.ErrInvalid, c.JobTimeout, c.RescueAfter)
	case c.Driver == DriverPostgres && c.MaxConns < 2:
		// Migrations hold one connection for their lock and run on another.
		return c, fmt.Errorf("%w: postgres needs at least 2 connections", records.ErrInvalid)
	}
	return c, nil
}

// DB is a records.Store and the job queue, over one database.
type DB struct {
	sql     *sql.DB
	dialect dialect
	cfg     Config
	logger  *slog.Logger
	// riverLogger passes on River's warnings and errors only; its
	// informational lines are about its own machinery.
	riverLogger *slog.Logger
	river       riverdriver.Driver[*sql.Tx]
	// inserter is an insert-only River client: inserting needs no running
	// workers, so uploads are accepted by processes that never Start.
	inserter *river.Client[*sql.Tx]
	// creates groups concurrent CreateDocument commits on SQLite; nil on
	// PostgreSQL, whose connections commit side by side.
	creates *createBatcher

	mu     sync.Mutex
	runner *runner // while started
}

// Open opens the database, applies pending migrations (River's and ours)
// and returns it ready for use. Workers run only after Start.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	sqlDB, d, err := openSQL(cfg)
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", cfg.Driver, err)
	}
	db := &DB{
		sql:         sqlDB,
		dialect:     d,
		cfg:         cfg,
		logger:      cfg.Logger,
		riverLogger: slog.New(minLevel{cfg.Logger.Handler(), slog.LevelWarn}).With("component", "river"),
	}
	db.river = d.riverDriver(sqlDB)
	if d.name == DriverSQLite {
		db.creates = &createBatcher{db: db}
	}
	db.inserter, err = river.NewClient(db.river, &river.Config{Logger: db.riverLogger})
	if err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open %s database: river client: %w", cfg.Driver, err)
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open %s database: %w", cfg.Driver, err)
	}
	if err := db.migrate(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open %s database: migrate: %w", cfg.Driver, err)
	}
	return db, nil
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.sql.PingContext(ctx); err != nil {
		return fmt.Errorf("ping %s database: %w", db.dialect.name, err)
	}
	return nil
}

// Close cancels running jobs, which run again on the next Start, waits
// briefly for them to return, and closes the database. Call Stop first to
// let jobs finish.
func (db *DB) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel()
	if db.creates != nil {
		db.creates.close()
	}
	stopErr := db.stop(ctx, true)
	return errors.Join(stopErr, db.sql.Close())
}

// closeTimeout bounds how long Close waits for cancelled jobs to return.
const closeTimeout = 10 * time.Second

func (db *DB) exec(ctx context.Context, q querier, query string, args ...any) (sql.Result, error) {
	return q.ExecContext(ctx, db.dialect.rebind(query), args...)
}

func (db *DB) query(ctx context.Context, q querier, query string, args ...any) (*sql.Rows, error) {
	return q.QueryContext(ctx, db.dialect.rebind(query), args...)
}

func (db *DB) queryRow(ctx context.Context, q querier, query string, args ...any) *sql.Row {
	return q.QueryRowContext(ctx, db.dialect.rebind(query), args...)
}

// now is the time stored for "now": UTC, at the microsecond precision both
// databases keep, so a value read back equals the one written.
func now() time.Time {
	return time.Now().UTC().Truncate(time.Microsecond)
}

// newID returns prefix and 20 random base32 characters (100 bits):
// unguessable, URL-safe, and lower case to read well in paths.
func newID(prefix string) string {
	return prefix + strings.ToLower(rand.Text()[:20])
}

// minLevel drops records below a level.
type minLevel struct {
	slog.Handler
	level slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.level && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(as []slog.Attr) slog.Handler {
	return minLevel{h.Handler.WithAttrs(as), h.level}
}

func (h minLevel) WithGroup(name string) slog.Handler {
	return minLevel{h.Handler.WithGroup(name), h.level}
}
