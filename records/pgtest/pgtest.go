// Package pgtest gives each test a schema of its own in the PostgreSQL test
// database on 127.0.0.1:5432 (database "test", trusted; override with
// NOTICESCAN_TEST_POSTGRES), so tests run in parallel and leave nothing
// behind. A server that cannot be reached fails the test: skipped, a
// PostgreSQL test would look green while testing nothing.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the pgx database/sql driver
)

// SetupHint is what to run when the test database is down.
const SetupHint = "run scripts/setup.sh test (it starts PostgreSQL), or: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"

// Schema creates a fresh schema named prefix, its creation time in Unix
// seconds and a random suffix, drops it when the test ends, and returns a
// database URL whose search_path is that schema, with the schema's name.
// Schemas with the same prefix over an hour old, left by runs killed
// before their cleanup, are dropped on the way.
func Schema(tb testing.TB, prefix string) (databaseURL, schema string) {
	tb.Helper()
	admin, dsn := Admin(tb)
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dropStale(ctx, admin, prefix)
	schema = fmt.Sprintf("%s%d_%s", prefix, time.Now().Unix(), strings.ToLower(rand.Text()[:8]))
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		admin, _ := Admin(tb)
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "search_path=" + schema, schema
}

// Admin connects to the test database as postgres or, failing that, root
// (both trusted on loopback), and returns the connection and its URL.
func Admin(tb testing.TB) (*sql.DB, string) {
	tb.Helper()
	dsns := []string{
		"postgres://postgres@127.0.0.1:5432/test?sslmode=disable",
		"postgres://root@127.0.0.1:5432/test?sslmode=disable",
	}
	if env := os.Getenv("NOTICESCAN_TEST_POSTGRES"); env != "" {
		dsns = []string{env}
	}
	var errs []string
	for _, dsn := range dsns {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = db.PingContext(ctx)
		cancel()
		if err == nil {
			return db, dsn
		}
		db.Close()
		errs = append(errs, err.Error())
	}
	tb.Fatalf("PostgreSQL is not reachable on 127.0.0.1:5432, database test (%s): %s", strings.Join(errs, "; "), SetupHint)
	return nil, ""
}

// dropStale drops prefix's schemas over an hour old. Younger ones may
// belong to a run going on now.
func dropStale(ctx context.Context, admin *sql.DB, prefix string) {
	rows, err := admin.QueryContext(ctx, `SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)`, prefix)
	if err != nil {
		return
	}
	var stale []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) != nil {
			break
		}
		created, _, _ := strings.Cut(strings.TrimPrefix(name, prefix), "_")
		if sec, err := strconv.ParseInt(created, 10, 64); err != nil || time.Since(time.Unix(sec, 0)) > time.Hour {
			stale = append(stale, name)
		}
	}
	rows.Close()
	for _, name := range stale {
		// Another run may be dropping it too; losing that race is fine.
		_, _ = admin.ExecContext(ctx, "DROP SCHEMA IF EXISTS "+name+" CASCADE")
	}
}
