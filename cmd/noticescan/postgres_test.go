package main_test

import (
	"os"
	"path/filepath"
	"testing"

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
