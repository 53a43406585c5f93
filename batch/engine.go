package batch

import (
	"context"
	"errors"
	"sync"
)

// Engine is the one loop of a batch, for the command line and the server
// alike: it walks its sources in order, skips what an earlier run or an
// earlier copy already has a row for, and hands each document to Read and
// every other entry to Entry. What a row is and where it goes is the
// front end's: the command line writes it to its output file, the server
// records a batch item.
type Engine struct {
	// Sources are walked one after the other, in order.
	Sources []Source
	// Options bound the entries and may stop the walk between two.
	Options Options
	// Workers is how many documents Read is given at once, each on its
	// own goroutine, while the walk reads the next entry. With 0, Read
	// runs in the walk, in order, before the next entry is fetched: what
	// a listing that resumes after its last key needs.
	Workers int
	// Done, when set, is what already has a row: a document whose digest
	// it holds, or a refused entry whose NameKey it holds, is skipped, and
	// the rest are claimed in it so that a second copy is skipped too.
	// Without it every entry is handed on (the server links copies to one
	// stored document instead).
	Done *Seen
	// NameKey is how a refused entry, which has no digest, is known in
	// Done; without it refused entries are not deduplicated.
	NameKey func(name string) string
	// Read is given each Document not skipped. With Workers > 0 it runs
	// on a worker, may keep the Item, and its error stops the run.
	Read func(ctx context.Context, it *Item) error
	// Entry is given each Refused, NotDocument or Unreadable entry not
	// skipped, in the walk; its error stops the run.
	Entry func(ctx context.Context, it *Item) error
	// Skipped, when set, is told of each entry Done skips, and why.
	Skipped func(it *Item, why Skip)
	// SourceFailed, when set, is told of a source that could not be read
	// to its end (a missing path, a bucket that cannot be listed, Next's
	// error); the run goes on with the next source unless it returns an
	// error. Without it, that error ends the run.
	SourceFailed func(s Source, err error) error
}

// stepError carries an error of Read or Entry through the walk, so that
// it is told apart from a source's own.
type stepError struct{ err error }

func (e *stepError) Error() string { return e.err.Error() }
func (e *stepError) Unwrap() error { return e.err }

// Run walks every source and returns once every document handed to Read
// is done. It returns the first error of Read, Entry or SourceFailed (as
// they gave it), ctx's error when ctx ends first, or, without
// SourceFailed, a source's error.
func (e *Engine) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var (
		jobs chan *Item
		wg   sync.WaitGroup
	)
	if e.Workers > 0 {
		jobs = make(chan *Item)
		for range e.Workers {
			wg.Go(func() {
				for it := range jobs {
					if err := e.Read(ctx, it); err != nil {
						cancel(&stepError{err})
					}
				}
			})
		}
	}
	err := e.walk(ctx, jobs)
	if jobs != nil {
		close(jobs)
		wg.Wait()
	}
	var step *stepError
	if cause := context.Cause(ctx); errors.As(cause, &step) {
		return step.err
	}
	if errors.As(err, &step) {
		return step.err
	}
	return err
}

// walk reads the sources in order and dispatches their entries.
func (e *Engine) walk(ctx context.Context, jobs chan<- *Item) error {
	for _, s := range e.Sources {
		err := s.Walk(ctx, e.Options, func(it *Item) error {
			if err := e.entry(ctx, it, jobs); err != nil {
				return &stepError{err}
			}
			return nil
		})
		var step *stepError
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.As(err, &step):
			return err
		case err != nil && e.SourceFailed == nil:
			return err
		case err != nil:
			if err := e.SourceFailed(s, err); err != nil {
				return &stepError{err}
			}
		}
	}
	return nil
}

// entry decides what becomes of one item: a skip, Entry, or Read. The
// walk has read the item's bytes already, because a tar member's bytes
// are gone once the walk moves on; the unbuffered channel keeps at most
// one document waiting beyond those being read.
func (e *Engine) entry(ctx context.Context, it *Item, jobs chan<- *Item) error {
	if it.Kind != Document {
		if it.Kind == Refused && e.Done != nil && e.NameKey != nil {
			if why, ok := e.Done.ClaimName(e.NameKey(it.Name)); !ok {
				e.skip(it, why)
				return nil
			}
		}
		return e.Entry(ctx, it)
	}
	if e.Done != nil {
		if why, ok := e.Done.Claim(it.SHA256()); !ok {
			e.skip(it, why)
			return nil
		}
	}
	if jobs == nil {
		return e.Read(ctx, it)
	}
	select {
	case jobs <- it:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (e *Engine) skip(it *Item, why Skip) {
	if e.Skipped != nil {
		e.Skipped(it, why)
	}
}
