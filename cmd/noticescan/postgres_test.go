package main_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/noticescan/noticescan/storage/storagetest"
)

// setupHint is what to run when a test's infrastructure is missing. A
// missing PostgreSQL or S3 server fails the tests: skipped, they would look
// green while testing nothing.
const setupHint = "run scripts/setup.sh test (it installs the S3 test server and starts PostgreSQL)"

// schemaPrefix starts every schema these tests create, followed by its
// creation time in Unix seconds.
const schemaPrefix = "noticescan_e2e_"

// mustPostgresSchema creates a fresh schema in the test database on
// 127.0.0.1:5432 (override with NOTICESCAN_TEST_POSTGRES), drops it when
// the test ends, and returns a database URL whose search_path is that
// schema, with the schema's name.
func mustPostgresSchema(tb testing.TB) (databaseURL, schema string) {
	tb.Helper()
	admin, dsn := mustPostgresAdmin(tb)
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dropStaleSchemas(ctx, admin)
	schema = fmt.Sprintf("%s%d_%s", schemaPrefix, time.Now().Unix(), strings.ToLower(rand.Text()[:8]))
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		admin, _ := mustPostgresAdmin(tb)
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

// schemaTables counts the tables in schema.
func schemaTables(tb testing.TB, schema string) int {
	tb.Helper()
	admin, _ := mustPostgresAdmin(tb)
	defer admin.Close()
	var n int
	err := admin.QueryRow(`SELECT count(*) FROM information_schema.tables WHERE table_schema = $1`, schema).Scan(&n)
	if err != nil {
		tb.Fatalf("count tables of %s: %v", schema, err)
	}
	return n
}

// dropStaleSchemas drops this package's schemas over an hour old, left by
// runs that were killed before their cleanup.
func dropStaleSchemas(ctx context.Context, admin *sql.DB) {
	rows, err := admin.QueryContext(ctx, `SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)`, schemaPrefix)
	if err != nil {
		return
	}
	var stale []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) != nil {
			break
		}
		created, _, _ := strings.Cut(strings.TrimPrefix(name, schemaPrefix), "_")
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

// mustPostgresAdmin connects to the test database as postgres or, failing
// that, root (both trusted on loopback).
func mustPostgresAdmin(tb testing.TB) (*sql.DB, string) {
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
	tb.Fatalf("PostgreSQL is not reachable on 127.0.0.1:5432, database test (%s): %s", strings.Join(errs, "; "), setupHint)
	return nil, ""
}

// mustStartS3 starts a real S3 server (versitygw) for the test, after
// checking that it is installed so that a missing one says how to get it.
func mustStartS3(tb testing.TB) *storagetest.S3Server {
	tb.Helper()
	path := os.Getenv(storagetest.VersitygwEnv)
	if path == "" {
		cache := os.Getenv("XDG_CACHE_HOME")
		if cache == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				tb.Fatalf("locate versitygw: %v; set %s or %s", err, storagetest.VersitygwEnv, setupHint)
			}
			cache = filepath.Join(home, ".cache")
		}
		path = filepath.Join(cache, "noticescan", "bin", "versitygw")
	}
	if _, err := os.Stat(path); err != nil {
		tb.Fatalf("the versitygw S3 server is not installed (%v): %s", err, setupHint)
	}
	return storagetest.StartS3(tb)
}
