package sqlrecords_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/records/sqlrecords"
	"github.com/noticescan/noticescan/results"
)

// crashMidJob opens cfg's database, starts workers whose Process blocks on
// the document id, and kills them mid-job: their database connections close
// under them and nothing is stopped. The dead worker's Process returns a
// result when the test ends, which must then change nothing.
func crashMidJob(t *testing.T, cfg sqlrecords.Config, id string) {
	t.Helper()
	cfg.Logger = slog.New(slog.DiscardHandler) // its errors are the point
	db, err := sqlrecords.Open(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	release := make(chan struct{})
	var startOnce, releaseOnce sync.Once
	if err := db.Start(t.Context(), sqlrecords.Handlers{
		Process: func(_ context.Context, d records.Document, _ func(int, int)) (results.Outcome, error) {
			if d.ID == id {
				startOnce.Do(func() { close(started) })
			}
			<-release // the process dies here
			return twoFindings(), nil
		},
		Notify: func(context.Context, records.Document) error { return nil },
	}, 1); err != nil {
		t.Fatal(err)
	}
	select {
	case <-started:
	case <-time.After(30 * time.Second):
		t.Fatal("job did not start")
	}
	bury := sqlrecords.Crash(db)
	t.Cleanup(func() {
		releaseOnce.Do(func() { close(release) })
		bury()
	})
}

// TestDB_CrashRecovery: the next process completes a document whose worker
// died mid-job, exactly once. On PostgreSQL that takes River's rescuer, and
// first the dead process's leadership lease to expire (about 15 s).
func TestDB_CrashRecovery(t *testing.T) {
	eachBackend(t, func(t *testing.T, newConfig func(t *testing.T) sqlrecords.Config) {
		cfg := newConfig(t)
		// Rescued as soon as the dead process's leadership lease expires.
		cfg.RescueAfter, cfg.JobTimeout = 2*time.Second, 1500*time.Millisecond
		db := mustOpen(t, cfg)
		d := mustCreate(t, db, newDocument("acme", "interrupted"))
		crashMidJob(t, cfg, d.ID)

		var processed int
		var mu sync.Mutex
		mustStart(t, db, sqlrecords.Handlers{
			Process: func(context.Context, records.Document, func(int, int)) (results.Outcome, error) {
				mu.Lock()
				defer mu.Unlock()
				processed++
				return twoFindings(), nil
			},
		}, 1)
		final := waitFinal(t, db, "acme", d.ID, 45*time.Second)
		mu.Lock()
		defer mu.Unlock()
		if final.Status != records.StatusComplete || len(final.Findings) != 2 || processed != 1 {
			t.Fatalf("after recovery %s with %d findings, processed %d times; want complete, 2, once",
				final.Status, len(final.Findings), processed)
		}
		if _, findings, err := sqlrecords.ChildRows(t.Context(), db, d.ID); err != nil || findings != 2 {
			t.Fatalf("%d finding rows (%v), want 2", findings, err)
		}
	})
}

// TestDB_CrashLoop: a document that kills its worker on every attempt is
// marked failed rather than retried forever. SQLite only: on PostgreSQL the
// same spare attempt is reached through the rescuer, at 15 s or more per
// crash.
func TestDB_CrashLoop(t *testing.T) {
	t.Parallel()
	cfg := sqliteConfig(t)
	db := mustOpen(t, cfg)
	d := mustCreate(t, db, newDocument("acme", "poison"))
	// db is idle (never started), as a serving process without workers.
	for range 3 {
		crashMidJob(t, cfg, d.ID)
	}
	mustStart(t, db, sqlrecords.Handlers{
		Process: func(context.Context, records.Document, func(int, int)) (results.Outcome, error) {
			t.Error("Process called after the last attempt")
			return results.Outcome{}, nil
		},
	}, 1)
	final := waitFinal(t, db, "acme", d.ID, 15*time.Second)
	if final.Status != records.StatusFailed || final.Error == "" {
		t.Fatalf("after 3 crashes: %s %q, want failed", final.Status, final.Error)
	}
}
