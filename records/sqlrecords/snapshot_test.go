package sqlrecords_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/noticescan/noticescan/records/sqlrecords"
)

// TestSnapshotSQLite copies a database another connection holds open,
// inside an open write transaction: the copy has what was committed and
// nothing of the transaction.
func TestSnapshotSQLite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "live.db")
	live, err := sql.Open("sqlite", src+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	if _, err := live.ExecContext(ctx, "CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('committed')"); err != nil {
		t.Fatal(err)
	}
	tx, err := live.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "INSERT INTO t VALUES ('uncommitted')"); err != nil {
		t.Fatal(err)
	}

	dst := filepath.Join(dir, "copy.db")
	if err := sqlrecords.SnapshotSQLite(ctx, src, dst); err != nil {
		t.Fatal(err)
	}
	cp, err := sql.Open("sqlite", dst)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	var n int
	var v string
	if err := cp.QueryRowContext(ctx, "SELECT count(*), max(v) FROM t").Scan(&n, &v); err != nil {
		t.Fatal(err)
	}
	if n != 1 || v != "committed" {
		t.Errorf("copy holds %d rows, max %q; want only the committed one", n, v)
	}
	if err := sqlrecords.SnapshotSQLite(ctx, src, dst); err == nil {
		t.Error("snapshot over an existing file succeeded")
	}
	if err := sqlrecords.SnapshotSQLite(ctx, filepath.Join(dir, "none.db"), filepath.Join(dir, "x.db")); err == nil {
		t.Error("snapshot of a missing database succeeded")
	}
}
