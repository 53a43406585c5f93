package main_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite" // the driver sqliteJobStates reads with

	"github.com/noticescan/noticescan/records/pgtest"
	"github.com/noticescan/noticescan/storage/storagetest"
)

// setupHint is what to run when a test's infrastructure is missing. A
// missing PostgreSQL or S3 server fails the tests: skipped, they would look
// green while testing nothing.
const setupHint = "run scripts/setup.sh test (it installs the S3 test server and starts PostgreSQL)"

// mustPostgresSchema gives the test a fresh schema in the PostgreSQL test
// database and returns a database URL whose search_path is that schema,
// with the schema's name.
func mustPostgresSchema(tb testing.TB) (databaseURL, schema string) {
	tb.Helper()
	return pgtest.Schema(tb, "noticescan_e2e_")
}

// schemaTables counts the tables in schema.
func schemaTables(tb testing.TB, schema string) int {
	tb.Helper()
	admin, _ := pgtest.Admin(tb)
	defer admin.Close()
	var n int
	err := admin.QueryRow(`SELECT count(*) FROM information_schema.tables WHERE table_schema = $1`, schema).Scan(&n)
	if err != nil {
		tb.Fatalf("count tables of %s: %v", schema, err)
	}
	return n
}

// postgresJobStates returns the states of schema's queued jobs of kind,
// oldest first.
func postgresJobStates(tb testing.TB, schema, kind string) []string {
	tb.Helper()
	admin, _ := pgtest.Admin(tb)
	defer admin.Close()
	return jobStates(tb, admin, `SELECT state FROM `+pgx.Identifier{schema, "river_job"}.Sanitize()+` WHERE kind = $1 ORDER BY id`, kind)
}

// sqliteJobStates returns the states of the queued jobs of kind in the
// SQLite database at path, oldest first. It reads while the server runs.
func sqliteJobStates(tb testing.TB, path, kind string) []string {
	tb.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	defer db.Close()
	return jobStates(tb, db, `SELECT state FROM river_job WHERE kind = ? ORDER BY id`, kind)
}

func jobStates(tb testing.TB, db *sql.DB, query, kind string) []string {
	tb.Helper()
	rows, err := db.Query(query, kind)
	if err != nil {
		tb.Fatalf("list %s jobs: %v", kind, err)
	}
	defer rows.Close()
	var states []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			tb.Fatalf("list %s jobs: %v", kind, err)
		}
		states = append(states, s)
	}
	if err := rows.Err(); err != nil {
		tb.Fatalf("list %s jobs: %v", kind, err)
	}
	return states
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
