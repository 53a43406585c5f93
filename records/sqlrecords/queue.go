package sqlrecords

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/results"
)

// Job kinds, queues and attempt caps. Kinds and queues are stored in
// River's table: renaming one strands the jobs already queued under it.
const (
	kindProcess  = "process_document"
	kindNotify   = "notify_document"
	queueProcess = "process"
	queueNotify  = "notify"

	// processAttempts: a document that fails this often is marked failed.
	// River is allowed one attempt more (see processWorker.Work).
	processAttempts = 3
	// notifyAttempts: with River's backoff, 8 attempts span about 1.3 h
	// of a callback endpoint being down.
	notifyAttempts = 8
	// notifyWorkers: notifications are short HTTP calls; their own queue
	// keeps them from waiting behind long documents.
	notifyWorkers = 4

	// progressEvery throttles progress writes; the last page is always
	// written.
	progressEvery = 500 * time.Millisecond
	// finishTimeout bounds the final write of a job, which runs even after
	// the job's context ends so that a finished result is not thrown away.
	finishTimeout = 30 * time.Second
)

// Handlers are what workers run: the queue decides when a job runs and
// records what it returned, and never calls above itself for anything
// else. Process and Notify are required.
type Handlers struct {
	// Process reads document d and returns its outcome, which the worker
	// writes as it is (previews aside) in the transaction that completes
	// the job. progress may be called (from any goroutine) as pages are
	// done. An error is retried; after the last attempt the document is
	// marked failed with it. An Outcome whose Status is empty counts as
	// complete.
	Process func(ctx context.Context, d records.Document, progress func(done, total int)) (results.Outcome, error)
	// Notify tells d's CallbackURL that processing ended; an error is
	// retried with backoff.
	Notify func(ctx context.Context, d records.Document) error
	// List walks a batch's source from b.ListedThrough on, adding items
	// with AddBatchDocument and AddBatchError, and reports whether it
	// stopped with more to list (to stay within the job's timeout). An
	// error is retried; after the last attempt the batch is sealed with
	// it, so its text must hold no file name or key. Nil in a process
	// that takes no batches.
	List func(ctx context.Context, b records.Batch) (more bool, err error)
}

type processArgs struct {
	Tenant     string `json:"tenant"`
	DocumentID string `json:"document_id"`
}

func (processArgs) Kind() string { return kindProcess }

func (processArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueProcess, MaxAttempts: processAttempts + 1}
}

type notifyArgs struct {
	Tenant     string `json:"tenant"`
	DocumentID string `json:"document_id"`
}

func (notifyArgs) Kind() string { return kindNotify }

func (notifyArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueNotify, MaxAttempts: notifyAttempts}
}

// runner is one Start's River client.
type runner struct {
	client *river.Client[*sql.Tx]
	// stopping is set before running jobs are cancelled, so that a job
	// cancelled by shutdown does not count as a failed attempt.
	stopping atomic.Bool
}

// Start runs up to workers documents at a time (and notifications on the
// side) until Stop or Close. ctx bounds starting only.
//
// Crash recovery differs by database. On SQLite one process owns the file,
// so jobs found running at Start were left by a process that is gone: they
// are made available at once, and a stale leader lease is dropped. Only
// one process may Start workers on a SQLite file. On PostgreSQL other
// processes may be working right now, so a job of a dead worker waits for
// River's rescuer to find it running for longer than Config.RescueAfter
// (JobTimeout is shorter, so a live job never looks dead).
func (db *DB) Start(ctx context.Context, h Handlers, workers int) error {
	if h.Process == nil || h.Notify == nil {
		return fmt.Errorf("start workers: %w: Process and Notify handlers are required", records.ErrInvalid)
	}
	if workers <= 0 {
		return fmt.Errorf("start workers: %w: %d workers", records.ErrInvalid, workers)
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.runner != nil {
		return errors.New("start workers: already started")
	}
	if db.dialect.name == DriverSQLite {
		if err := db.recoverOrphans(ctx); err != nil {
			return fmt.Errorf("start workers: %w", err)
		}
	}

	run := &runner{}
	ws := river.NewWorkers()
	river.AddWorker(ws, &processWorker{db: db, run: run, process: h.Process})
	river.AddWorker(ws, &notifyWorker{db: db, notify: h.Notify})
	queues := map[string]river.QueueConfig{queueProcess: {MaxWorkers: workers}, queueNotify: {MaxWorkers: notifyWorkers}}
	if h.List != nil {
		river.AddWorker(ws, &listWorker{db: db, run: run, list: h.List})
		queues[queueList] = river.QueueConfig{MaxWorkers: listWorkers}
	}
	var retry river.ClientRetryPolicy
	if db.cfg.RetryBackoff > 0 {
		retry = doublingRetry{first: db.cfg.RetryBackoff}
	}
	client, err := river.NewClient(db.river, &river.Config{
		Logger:               db.riverLogger,
		Workers:              ws,
		Queues:               queues,
		JobTimeout:           db.cfg.JobTimeout,
		RescueStuckJobsAfter: db.cfg.RescueAfter,
		RetryPolicy:          retry,
		FetchPollInterval:    db.cfg.PollInterval,
		FetchCooldown:        min(river.FetchCooldownDefault, db.cfg.PollInterval),
	})
	if err != nil {
		return fmt.Errorf("start workers: %w", err)
	}
	// The client outlives ctx: only Stop and Close end it.
	if err := client.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("start workers: %w", err)
	}
	run.client = client
	db.runner = run
	return nil
}

// recoverOrphans makes jobs left running by a dead process available again
// and drops its leadership lease, which would otherwise keep River's
// maintenance (retry scheduling, rescue) idle until it expired. Correct on
// SQLite only, where no other process works the same queue.
func (db *DB) recoverOrphans(ctx context.Context) error {
	res, err := db.sql.ExecContext(ctx, `UPDATE river_job SET state = 'available' WHERE state = 'running'`)
	if err != nil {
		return fmt.Errorf("recover orphaned jobs: %w", err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		db.logger.Warn("jobs of an earlier run were interrupted; running them again", "jobs", n)
	}
	if _, err := db.sql.ExecContext(ctx, `DELETE FROM river_leader`); err != nil {
		return fmt.Errorf("drop stale leader: %w", err)
	}
	return nil
}

// Stop stops fetching jobs and waits for running ones until ctx is done;
// then it cancels them, and they run again on the next Start.
func (db *DB) Stop(ctx context.Context) error {
	return db.stop(ctx, false)
}

func (db *DB) stop(ctx context.Context, cancelNow bool) error {
	db.mu.Lock()
	run := db.runner
	db.runner = nil
	db.mu.Unlock()
	if run == nil {
		return nil
	}
	if !cancelNow {
		err := run.client.Stop(ctx)
		if err == nil {
			return nil
		}
		if ctx.Err() == nil {
			return fmt.Errorf("stop workers: %w", err)
		}
		db.logger.Warn("stop deadline passed with jobs running; cancelling them, they will run again")
	}
	run.stopping.Store(true)
	// Cancelled jobs return promptly; the bound is for one that ignores
	// its context.
	hardCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), closeTimeout)
	defer cancel()
	if err := run.client.StopAndCancel(hardCtx); err != nil {
		return fmt.Errorf("stop workers: cancel running jobs: %w", err)
	}
	return nil
}

// doublingRetry waits first, then twice as long after each failure.
type doublingRetry struct{ first time.Duration }

func (p doublingRetry) NextRetry(job *rivertype.JobRow) time.Time {
	// Errors rather than Attempt count failures: snoozes do not add one.
	n := min(len(job.Errors), 20)
	return time.Now().Add(p.first << n)
}
