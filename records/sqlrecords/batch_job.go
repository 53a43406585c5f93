package sqlrecords

import (
	"context"
	"errors"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/noticescan/noticescan/records"
)

const (
	kindList  = "list_batch"
	queueList = "list"
	// listAttempts: a listing that fails this often ends, and the batch is
	// sealed with the error. River is allowed one attempt more, as for
	// processing (see processWorker.Work).
	listAttempts = 5
	// listWorkers: listings mostly wait on the network; a few at a time
	// keep one huge batch from holding up the others.
	listWorkers = 2
)

type listArgs struct {
	Tenant  string `json:"tenant"`
	BatchID string `json:"batch_id"`
}

func (listArgs) Kind() string { return kindList }

func (listArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueList, MaxAttempts: listAttempts + 1}
}

// listWorker runs Handlers.List for a batch still listing. A listing that
// stops with more to do hands over to a new job, queued in the same
// transaction that completes this one, so that one long listing never
// outlives a job's timeout and only one job lists a batch at a time.
type listWorker struct {
	river.WorkerDefaults[listArgs]
	db   *DB
	run  *runner
	list func(ctx context.Context, b records.Batch) (more bool, err error)
}

func (w *listWorker) Work(ctx context.Context, job *river.Job[listArgs]) error {
	db := w.db
	log := db.logger.With("batch", job.Args.BatchID, "attempt", job.Attempt)
	b, err := db.Batch(ctx, job.Args.Tenant, job.Args.BatchID)
	if err != nil {
		if errors.Is(err, records.ErrNotFound) {
			return nil // deleted
		}
		return fmt.Errorf("list batch %s: %w", job.Args.BatchID, err)
	}
	if b.State != records.BatchListing {
		return nil
	}
	if job.Attempt > listAttempts {
		log.Error("listing interrupted on every attempt; sealing the batch")
		_, err := db.SealBatch(context.WithoutCancel(ctx), b.Tenant, b.ID,
			fmt.Sprintf("listing the source was interrupted %d times", listAttempts))
		return err
	}
	more, err := w.list(ctx, b)
	if err != nil {
		if ctx.Err() != nil && w.run.stopping.Load() {
			log.Info("listing interrupted by shutdown")
			return river.JobSnooze(0)
		}
		if job.Attempt < listAttempts {
			log.Warn("listing failed; will retry", "max_attempts", listAttempts)
			return fmt.Errorf("list batch %s: %w", b.ID, err)
		}
		log.Error("listing failed on the last attempt; sealing the batch")
		_, serr := db.SealBatch(context.WithoutCancel(ctx), b.Tenant, b.ID, err.Error())
		return serr
	}
	if !more {
		_, err := db.SealBatch(context.WithoutCancel(ctx), b.Tenant, b.ID, "")
		return err
	}
	return db.continueListing(ctx, job)
}

// continueListing queues the next listing job and completes this one in
// one transaction.
func (db *DB) continueListing(ctx context.Context, job *river.Job[listArgs]) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), finishTimeout)
	defer cancel()
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("continue listing %s: %w", job.Args.BatchID, err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	if _, err := db.inserter.InsertTx(ctx, tx, job.Args, nil); err != nil {
		return fmt.Errorf("continue listing %s: %w", job.Args.BatchID, err)
	}
	if err := completeJob(ctx, db.dialect, tx, job); err != nil {
		return fmt.Errorf("continue listing %s: %w", job.Args.BatchID, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("continue listing %s: commit: %w", job.Args.BatchID, err)
	}
	return nil
}
