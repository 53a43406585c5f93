package sqlrecords

import (
	"context"
	"database/sql"
	"fmt"
	"os"
)

// SnapshotSQLite writes a consistent copy of the SQLite database at src to
// dst, which must not exist, while other connections and processes keep
// using it: VACUUM INTO reads the database in one transaction. Unlike
// Open, it applies no migrations and starts no queue client, so a backup
// leaves the live database as it found it. PostgreSQL is backed up with
// its own tools (pg_dump).
func SnapshotSQLite(ctx context.Context, src, dst string) error {
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("snapshot sqlite database: %w", err)
	}
	db, err := sql.Open("sqlite", src+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("snapshot sqlite database: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		return fmt.Errorf("snapshot sqlite database %s: %w", src, err)
	}
	return nil
}
