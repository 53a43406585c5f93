package sqlrecords_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/records/sqlrecords"
)

type createResult struct {
	in      records.Document
	out     records.Document
	created bool
	err     error
}

// createAll calls CreateDocument for each of docs at once and returns
// their results in the same order.
func createAll(ctx context.Context, db *sqlrecords.DB, docs []records.Document, acked *atomic.Int32) []createResult {
	res := make([]createResult, len(docs))
	var wg sync.WaitGroup
	for i, d := range docs {
		wg.Go(func() {
			out, created, err := db.CreateDocument(ctx, d)
			res[i] = createResult{in: d, out: out, created: created, err: err}
			if err == nil && acked != nil {
				acked.Add(1)
			}
		})
	}
	wg.Wait()
	return res
}

// checkStored reopens cfg's database and checks that every acknowledged
// result's document is there, with a process job for each one created,
// and returns the reopened database.
func checkStored(t *testing.T, cfg sqlrecords.Config, res []createResult) *sqlrecords.DB {
	t.Helper()
	db := mustOpen(t, cfg)
	created := 0
	for _, r := range res {
		if r.err != nil {
			continue
		}
		got, err := db.Document(t.Context(), r.in.Tenant, r.out.ID)
		if err != nil {
			t.Errorf("acknowledged %s: %v", r.in.Filename, err)
			continue
		}
		if got.SHA256 != r.in.SHA256 {
			t.Errorf("acknowledged %s: stored sha256 %s, want %s", r.in.Filename, got.SHA256, r.in.SHA256)
		}
		if r.created {
			created++
		}
	}
	states, err := sqlrecords.JobStates(t.Context(), db, sqlrecords.KindProcess)
	if err != nil {
		t.Fatal(err)
	}
	if len(states) < created {
		t.Errorf("%d process jobs for %d acknowledged new documents", len(states), created)
	}
	return db
}

// TestDB_CreateDocumentsShareCommit: uploads that arrive while a commit is
// under way share the next one; each is stored and queued once it
// returns, a duplicate in the same commit finds the first, and one whose
// insert fails gets its error while the others commit.
func TestDB_CreateDocumentsShareCommit(t *testing.T) {
	cfg := sqliteConfig(t)
	db, err := sqlrecords.Open(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// A real failure of one insert inside the shared transaction.
	if err := sqlrecords.Exec(t.Context(), db, `CREATE TRIGGER refuse BEFORE INSERT ON documents
		WHEN NEW.filename = 'refused.pdf' BEGIN SELECT RAISE(ABORT, 'refused'); END`); err != nil {
		t.Fatal(err)
	}

	const n = 12
	var docs []records.Document
	for i := range n - 2 {
		docs = append(docs, newDocument("acme", fmt.Sprintf("notice-%d", i)))
	}
	refused := newDocument("acme", "refused")
	docs = append(docs, refused, docs[3]) // the last is a copy of docs[3]

	// Hold the only connection so that every call queues behind the first
	// commit, however many of them that commit took before it blocked.
	release, err := sqlrecords.HoldConnection(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan []createResult)
	go func() { done <- createAll(t.Context(), db, docs, nil) }()
	waitFor(t, "all calls queued", 30*time.Second, func() (bool, error) {
		_, queued := sqlrecords.CreateBatches(db)
		return queued == n, nil
	})
	if err := release(); err != nil {
		t.Fatal(err)
	}
	res := <-done

	if batches, _ := sqlrecords.CreateBatches(db); batches > 2 {
		t.Errorf("%d calls took %d commits, want at most 2", n, batches)
	}
	ids := map[string]string{}
	for _, r := range res {
		switch {
		case r.in.Filename == refused.Filename:
			if r.err == nil {
				t.Errorf("refused insert returned no error")
			}
			continue
		case r.err != nil:
			t.Errorf("CreateDocument(%s): %v", r.in.Filename, r.err)
			continue
		}
		if prev, ok := ids[r.in.SHA256]; ok {
			if r.out.ID != prev {
				t.Errorf("copy of %s got document %s, want %s", r.in.Filename, r.out.ID, prev)
			}
		} else {
			ids[r.in.SHA256] = r.out.ID
		}
	}
	created := 0
	for _, r := range res {
		if r.created {
			created++
		}
	}
	if created != n-2 {
		t.Errorf("%d documents created, want %d (one refused, one copy)", created, n-2)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	reopened := checkStored(t, cfg, res)
	states, err := sqlrecords.JobStates(t.Context(), reopened, sqlrecords.KindProcess)
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != n-2 {
		t.Errorf("%d process jobs, want %d", len(states), n-2)
	}
}

// TestDB_CreateDocumentsCrash: a process killed while uploads are being
// committed loses none that was acknowledged.
func TestDB_CreateDocumentsCrash(t *testing.T) {
	cfg := sqliteConfig(t)
	crashCfg := cfg
	crashCfg.Logger = slog.New(slog.DiscardHandler) // its errors are the point
	db, err := sqlrecords.Open(t.Context(), crashCfg)
	if err != nil {
		t.Fatal(err)
	}
	var docs []records.Document
	for i := range 60 {
		docs = append(docs, newDocument("acme", fmt.Sprintf("crash-%d", i)))
	}
	var acked atomic.Int32
	done := make(chan []createResult)
	go func() { done <- createAll(t.Context(), db, docs, &acked) }()
	waitFor(t, "first uploads acknowledged", 30*time.Second, func() (bool, error) {
		return acked.Load() >= 5, nil
	})
	bury := sqlrecords.Crash(db)
	res := <-done
	bury()
	if acked.Load() == 0 {
		t.Fatal("no upload acknowledged")
	}
	checkStored(t, cfg, res)
}
