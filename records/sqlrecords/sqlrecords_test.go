package sqlrecords_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/records/pgtest"
	"github.com/noticescan/noticescan/records/sqlrecords"
)

// Every test runs against both databases: SQLite in a temporary file, and
// the PostgreSQL on 127.0.0.1:5432 (database "test"; override with
// NOTICESCAN_TEST_POSTGRES), in a schema of its own that is dropped after.
// A PostgreSQL that cannot be reached fails the tests rather than skipping
// them: a suite that quietly tests half the backends tests nothing.

// backend makes a fresh, empty database's Config for one test.
type backend struct {
	name      string
	newConfig func(t *testing.T) sqlrecords.Config
}

// eachBackend runs fn against every backend, in parallel with each other
// and with other tests: they share nothing but the PostgreSQL server.
func eachBackend(t *testing.T, fn func(t *testing.T, newConfig func(t *testing.T) sqlrecords.Config)) {
	t.Helper()
	t.Parallel()
	for _, b := range []backend{
		{sqlrecords.DriverSQLite, sqliteConfig},
		{sqlrecords.DriverPostgres, postgresConfig},
	} {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			fn(t, b.newConfig)
		})
	}
}

// testDefaults are short so that retries happen within a test, yet leave
// a slow machine (-race) time to finish a job before it times out.
func testDefaults(t *testing.T, cfg sqlrecords.Config) sqlrecords.Config {
	cfg.Logger = testLogger(t)
	cfg.RescueAfter = 10 * time.Second
	cfg.JobTimeout = 8 * time.Second
	cfg.PollInterval = 50 * time.Millisecond
	cfg.RetryBackoff = 20 * time.Millisecond
	return cfg
}

func sqliteConfig(t *testing.T) sqlrecords.Config {
	return testDefaults(t, sqlrecords.Config{
		Driver: sqlrecords.DriverSQLite,
		DSN:    filepath.Join(t.TempDir(), "records.db"),
	})
}

func postgresConfig(t *testing.T) sqlrecords.Config {
	t.Helper()
	dsn, _ := pgtest.Schema(t, "sqlrecords_")
	return testDefaults(t, sqlrecords.Config{
		Driver:   sqlrecords.DriverPostgres,
		DSN:      dsn,
		MaxConns: 8,
	})
}

// mustOpen opens cfg's database and closes it when the test ends.
func mustOpen(t *testing.T, cfg sqlrecords.Config) *sqlrecords.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := sqlrecords.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

// mustStart starts workers and stops them (gracefully) when the test ends.
func mustStart(t *testing.T, db *sqlrecords.DB, h sqlrecords.Handlers, workers int) {
	t.Helper()
	if h.Notify == nil {
		h.Notify = func(context.Context, records.Document) error { return nil }
	}
	if err := db.Start(t.Context(), h, workers); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := db.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
}

// newDocument is an upload of content for tenant.
func newDocument(tenant, content string) records.Document {
	sum := sha256.Sum256([]byte(content))
	key := hex.EncodeToString(sum[:])
	return records.Document{
		Tenant:    tenant,
		SHA256:    key,
		Filename:  content + ".pdf",
		MediaType: "application/pdf",
		Size:      int64(len(content)),
		ObjectKey: "documents/" + tenant + "/" + key,
	}
}

func mustCreate(t *testing.T, db *sqlrecords.DB, d records.Document) records.Document {
	t.Helper()
	got, created, err := db.CreateDocument(t.Context(), d)
	if err != nil {
		t.Fatalf("CreateDocument: %v", err)
	}
	if !created {
		t.Fatalf("CreateDocument(%s): created = false, want true", d.Filename)
	}
	return got
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, timeout time.Duration, cond func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, err := cond()
		if err != nil {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitFinal waits until the document is final and returns it.
func waitFinal(t *testing.T, db *sqlrecords.DB, tenant, id string, timeout time.Duration) records.Document {
	t.Helper()
	var d records.Document
	waitFor(t, "document "+id+" final", timeout, func() (bool, error) {
		var err error
		d, err = db.Document(t.Context(), tenant, id)
		return err == nil && d.Status.Final(), err
	})
	return d
}

func mustJobStates(t *testing.T, db *sqlrecords.DB, kind string) []string {
	t.Helper()
	states, err := sqlrecords.JobStates(t.Context(), db, kind)
	if err != nil {
		t.Fatalf("JobStates: %v", err)
	}
	return states
}

// testLogger writes warnings to the test log, and drops what workers
// abandoned by a simulated crash log after the test has ended.
func testLogger(t *testing.T) *slog.Logger {
	w := &testWriter{t: t}
	t.Cleanup(w.close)
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type testWriter struct {
	mu   sync.Mutex
	t    *testing.T
	done bool
}

func (w *testWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.t.Log(strings.TrimSpace(string(p)))
	}
	return len(p), nil
}

func (w *testWriter) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.done = true
}

func TestOpen(t *testing.T) {
	eachBackend(t, func(t *testing.T, newConfig func(t *testing.T) sqlrecords.Config) {
		t.Run("ErrInvalidTimeouts", func(t *testing.T) {
			cfg := newConfig(t)
			cfg.JobTimeout = cfg.RescueAfter
			if _, err := sqlrecords.Open(t.Context(), cfg); !errors.Is(err, records.ErrInvalid) {
				t.Fatalf("Open with JobTimeout = RescueAfter: %v, want ErrInvalid", err)
			}
		})
		t.Run("MigrationsIdempotent", func(t *testing.T) {
			cfg := newConfig(t)
			first := mustOpen(t, cfg)
			want, err := sqlrecords.AppliedMigrations(t.Context(), first)
			if err != nil || want == 0 {
				t.Fatalf("AppliedMigrations = %d, %v; want some", want, err)
			}
			d := mustCreate(t, first, newDocument("acme", "kept"))
			if err := first.Close(); err != nil {
				t.Fatal(err)
			}
			// Two more at once: the second process of a deployment starting
			// beside the first.
			var wg sync.WaitGroup
			dbs := make([]*sqlrecords.DB, 2)
			errs := make([]error, 2)
			for i := range dbs {
				wg.Go(func() { dbs[i], errs[i] = sqlrecords.Open(t.Context(), cfg) })
			}
			wg.Wait()
			for i, db := range dbs {
				if errs[i] != nil {
					t.Fatalf("Open again: %v", errs[i])
				}
				t.Cleanup(func() { db.Close() })
				if n, err := sqlrecords.AppliedMigrations(t.Context(), db); err != nil || n != want {
					t.Fatalf("AppliedMigrations after reopen = %d, %v; want %d", n, err, want)
				}
			}
			if _, err := dbs[0].Document(t.Context(), "acme", d.ID); err != nil {
				t.Fatalf("document after reopen: %v", err)
			}
			if err := dbs[1].Ping(t.Context()); err != nil {
				t.Fatalf("Ping: %v", err)
			}
		})
	})
}
