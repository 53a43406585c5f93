package sqlrecords

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/riverqueue/river"

	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/results"
)

// processWorker runs Handlers.Process for a document and records the
// result together with the job's completion.
type processWorker struct {
	river.WorkerDefaults[processArgs]
	db      *DB
	run     *runner
	process func(ctx context.Context, d records.Document, progress func(done, total int)) (results.Outcome, error)
}

func (w *processWorker) Work(ctx context.Context, job *river.Job[processArgs]) error {
	db := w.db
	log := db.logger.With("document", job.Args.DocumentID, "attempt", job.Attempt)
	d, err := db.documentWhere(ctx, db.sql, `tenant = ? AND id = ?`, job.Args.Tenant, job.Args.DocumentID)
	if errors.Is(err, records.ErrNotFound) {
		log.Info("document deleted before processing")
		return nil
	}
	if err != nil {
		return fmt.Errorf("process document %s: %w", job.Args.DocumentID, err)
	}
	if d.Status.Final() {
		// Only a duplicate job can get here: the result and the completion
		// of the job that wrote it were one transaction.
		return db.finish(ctx, job, d, results.Outcome{})
	}
	if job.Attempt > processAttempts {
		// Every attempt ended without a word: the process died (a document
		// that exhausts memory, say) and River's rescuer, or Start on
		// SQLite, put the job back. This spare attempt records the failure
		// instead of crashing once more; without it River would discard
		// the job and leave the document processing forever.
		log.Error("processing interrupted on every attempt; marking the document failed")
		return db.finish(ctx, job, d, results.Outcome{Status: records.StatusFailed,
			Error: fmt.Sprintf("processing was interrupted %d times", processAttempts)})
	}
	if err := db.setStatus(ctx, d, records.StatusProcessing); err != nil {
		return fmt.Errorf("process document %s: %w", d.ID, err)
	}
	d.Status = records.StatusProcessing

	res, err := w.process(ctx, d, db.progress(ctx, d))
	if err == nil && res.Status == "" {
		res.Status = records.StatusComplete
	}
	if err == nil && !res.Status.Final() {
		err = fmt.Errorf("processing returned status %q, which is not final", res.Status)
	}
	if err != nil {
		if ctx.Err() != nil && w.run.stopping.Load() {
			// Shutdown, not failure: back to the queue without using up an
			// attempt.
			log.Info("processing interrupted by shutdown")
			return river.JobSnooze(0)
		}
		if job.Attempt < processAttempts {
			log.Warn("processing failed; will retry", "max_attempts", processAttempts, "error", err)
			if serr := db.setStatus(context.WithoutCancel(ctx), d, records.StatusQueued); serr != nil {
				log.Warn("set document queued", "error", serr)
			}
			return fmt.Errorf("process document %s: %w", d.ID, err)
		}
		log.Error("processing failed on the last attempt", "error", err)
		res = results.Outcome{Status: records.StatusFailed, Error: err.Error()}
	}
	return db.finish(ctx, job, d, res)
}

// finish writes res for d, queues its notification and completes job in
// one transaction, so that the result is written exactly once however
// often the job runs. A zero res (document already final) only completes
// the job.
func (db *DB) finish(ctx context.Context, job *river.Job[processArgs], d records.Document, res results.Outcome) error {
	// Detached from the job's context, which may have just timed out or
	// been cancelled: the work is done and worth keeping. The River client
	// travels in the context's values, which JobCompleteTx needs.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), finishTimeout)
	defer cancel()

	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("finish document %s: %w", d.ID, err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op

	if res.Status != "" {
		written, err := db.writeResult(ctx, tx, d, res)
		if err != nil {
			return fmt.Errorf("finish document %s: %w", d.ID, err)
		}
		// The URL as it is now: a re-upload may have set one since d was read.
		var callback string
		if err := db.queryRow(ctx, tx, `SELECT callback_url FROM documents WHERE tenant = ? AND id = ?`, d.Tenant, d.ID).Scan(&callback); err != nil {
			return fmt.Errorf("finish document %s: %w", d.ID, err)
		}
		if written && callback != "" {
			if _, err := db.inserter.InsertTx(ctx, tx, notifyArgs{Tenant: d.Tenant, DocumentID: d.ID}, nil); err != nil {
				return fmt.Errorf("finish document %s: queue notification: %w", d.ID, err)
			}
		}
	}
	if err := completeJob(ctx, db.dialect, tx, job); err != nil {
		return fmt.Errorf("finish document %s: %w", d.ID, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("finish document %s: commit: %w", d.ID, err)
	}
	return nil
}

// setStatus moves a document that is not final to status, clearing its
// progress.
func (db *DB) setStatus(ctx context.Context, d records.Document, status records.Status) error {
	_, err := db.exec(ctx, db.sql, `UPDATE documents SET status = ?, pages_done = 0, updated_at = ?
		WHERE tenant = ? AND id = ? AND status NOT IN (?, ?, ?)`,
		string(status), db.dialect.timeArg(now()), d.Tenant, d.ID,
		records.StatusComplete, records.StatusPartial, records.StatusFailed)
	if err != nil {
		return fmt.Errorf("set status %s: %w", status, err)
	}
	return nil
}

// progress returns the callback Process reports pages to. Writes are
// throttled to one per progressEvery, except the last page's; a failed
// write is only logged, progress being advisory.
func (db *DB) progress(ctx context.Context, d records.Document) func(done, total int) {
	var (
		mu   sync.Mutex
		last time.Time
	)
	return func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if done < total && time.Since(last) < progressEvery {
			return
		}
		last = time.Now()
		if _, err := db.exec(ctx, db.sql, `UPDATE documents SET pages_done = ?, pages_total = ?, updated_at = ?
			WHERE tenant = ? AND id = ? AND status = ?`,
			done, total, db.dialect.timeArg(now()), d.Tenant, d.ID, records.StatusProcessing); err != nil && ctx.Err() == nil {
			db.logger.Warn("record progress", "document", d.ID, "error", err)
		}
	}
}

// notifyWorker runs Handlers.Notify; River retries it on error.
type notifyWorker struct {
	river.WorkerDefaults[notifyArgs]
	db     *DB
	notify func(ctx context.Context, d records.Document) error
}

func (w *notifyWorker) Work(ctx context.Context, job *river.Job[notifyArgs]) error {
	d, err := w.db.documentWhere(ctx, w.db.sql, `tenant = ? AND id = ?`, job.Args.Tenant, job.Args.DocumentID)
	if errors.Is(err, records.ErrNotFound) {
		return nil // deleted since: nothing to tell
	}
	if err != nil {
		return fmt.Errorf("notify document %s: %w", job.Args.DocumentID, err)
	}
	nerr := w.notify(ctx, d)
	if d.CallbackURL != "" {
		if err := w.db.recordDelivery(context.WithoutCancel(ctx), d, job.Attempt, job.MaxAttempts, nerr); err != nil {
			w.db.logger.Warn("record callback delivery", "document", d.ID, "error", err)
		}
	}
	if nerr != nil {
		w.db.logger.Warn("callback failed", "document", d.ID, "attempt", job.Attempt,
			"max_attempts", job.MaxAttempts, "error", nerr)
		return fmt.Errorf("notify document %s: %w", d.ID, nerr)
	}
	return nil
}
