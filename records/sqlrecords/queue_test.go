package sqlrecords_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/records/sqlrecords"
	"github.com/noticescan/noticescan/results"
)

// twoFindings is a Process result; a duplicated write would show as four.
func twoFindings() results.Outcome {
	return results.Outcome{
		Status:   records.StatusComplete,
		Pages:    []results.Page{{Number: 1, Source: extractor.SourceTextLayer}},
		Findings: []extractor.Finding{receipt("EAC2190012345", 1), anumber("A123456789", 1)},
	}
}

func TestDB_Start(t *testing.T) {
	eachBackend(t, func(t *testing.T, newConfig func(t *testing.T) sqlrecords.Config) {
		t.Run("ErrInvalidHandlers", func(t *testing.T) {
			db := mustOpen(t, newConfig(t))
			if err := db.Start(t.Context(), sqlrecords.Handlers{}, 1); !errors.Is(err, records.ErrInvalid) {
				t.Fatalf("Start without handlers: %v, want ErrInvalid", err)
			}
		})
		t.Run("ProcessesOnceAndNotifies", func(t *testing.T) {
			t.Parallel()
			db := mustOpen(t, newConfig(t))
			in := newDocument("acme", "with-callback")
			in.CallbackURL = "https://example.com/hook"
			d := mustCreate(t, db, in)

			var processed atomic.Int32
			// probe is a document queued after d's job, once d is final: a
			// worker that finishes it has taken every job queued before.
			var probe atomic.Pointer[string]
			notified := make(chan records.Document, 10)
			progressSeen := make(chan struct{})
			h := sqlrecords.Handlers{
				Process: func(ctx context.Context, got records.Document, progress func(int, int)) (results.Outcome, error) {
					if id := probe.Load(); id != nil && got.ID == *id {
						return twoFindings(), nil
					}
					processed.Add(1)
					if got.ID != d.ID || got.Status != records.StatusProcessing {
						t.Errorf("Process got %s in status %s", got.ID, got.Status)
					}
					progress(1, 2)
					select {
					case <-progressSeen:
					case <-ctx.Done():
						return results.Outcome{}, ctx.Err()
					}
					return twoFindings(), nil
				},
				Notify: func(_ context.Context, got records.Document) error {
					notified <- got
					return nil
				},
			}
			mustStart(t, db, h, 2)

			waitFor(t, "progress", 10*time.Second, func() (bool, error) {
				got, err := db.Document(t.Context(), "acme", d.ID)
				return got.Status == records.StatusProcessing && got.PagesDone == 1 && got.PagesTotal == 2, err
			})
			close(progressSeen)
			final := waitFinal(t, db, "acme", d.ID, 10*time.Second)
			if final.Status != records.StatusComplete || len(final.Findings) != 2 || final.PagesDone != 1 {
				t.Fatalf("final document %+v", final)
			}
			select {
			case got := <-notified:
				if got.ID != d.ID || got.Status != records.StatusComplete || len(got.Findings) != 2 {
					t.Fatalf("Notify got %s %s with %d findings", got.ID, got.Status, len(got.Findings))
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Notify not called")
			}

			// Workers restarted find nothing left to do.
			if err := db.Stop(t.Context()); err != nil {
				t.Fatal(err)
			}
			p := mustCreate(t, db, newDocument("acme", "probe"))
			probe.Store(&p.ID)
			// One worker takes jobs in the order they were queued, so any
			// job of d's left to run runs before the probe's ends.
			mustStart(t, db, h, 1)
			waitFinal(t, db, "acme", p.ID, 10*time.Second)
			if n := processed.Load(); n != 1 {
				t.Fatalf("Process ran %d times, want 1", n)
			}
			// d's job and the probe's, each completed once.
			if s := mustJobStates(t, db, sqlrecords.KindProcess); !slices.Equal(s, []string{"completed", "completed"}) {
				t.Fatalf("process jobs %v", s)
			}
			waitFor(t, "notify job completed", 5*time.Second, func() (bool, error) {
				return slices.Equal(mustJobStates(t, db, sqlrecords.KindNotify), []string{"completed"}), nil
			})
			if len(notified) != 0 {
				t.Fatal("Notify called more than once")
			}
		})
		t.Run("RetriesThenFails", func(t *testing.T) {
			t.Parallel()
			db := mustOpen(t, newConfig(t))
			in := newDocument("acme", "unreadable")
			in.CallbackURL = "https://example.com/hook"
			d := mustCreate(t, db, in)
			var processed atomic.Int32
			notified := make(chan records.Status, 10)
			mustStart(t, db, sqlrecords.Handlers{
				Process: func(context.Context, records.Document, func(int, int)) (results.Outcome, error) {
					processed.Add(1)
					return results.Outcome{}, errors.New("page 1: decode image: unexpected EOF")
				},
				Notify: func(_ context.Context, got records.Document) error {
					notified <- got.Status
					return nil
				},
			}, 1)
			final := waitFinal(t, db, "acme", d.ID, 15*time.Second)
			if final.Status != records.StatusFailed || !strings.Contains(final.Error, "unexpected EOF") {
				t.Fatalf("final %s %q, want failed with the reason", final.Status, final.Error)
			}
			if n := processed.Load(); n != 3 {
				t.Fatalf("Process ran %d times, want 3", n)
			}
			select {
			case s := <-notified:
				if s != records.StatusFailed {
					t.Fatalf("notified of %s, want failed", s)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("failure not notified")
			}
		})
		t.Run("RetriesThenSucceeds", func(t *testing.T) {
			t.Parallel()
			db := mustOpen(t, newConfig(t))
			d := mustCreate(t, db, newDocument("acme", "flaky"))
			var processed atomic.Int32
			mustStart(t, db, sqlrecords.Handlers{
				Process: func(context.Context, records.Document, func(int, int)) (results.Outcome, error) {
					if processed.Add(1) == 1 {
						return results.Outcome{}, errors.New("object storage unavailable")
					}
					return twoFindings(), nil
				},
			}, 1)
			final := waitFinal(t, db, "acme", d.ID, 15*time.Second)
			if final.Status != records.StatusComplete || final.Error != "" || len(final.Findings) != 2 {
				t.Fatalf("final %s %q with %d findings", final.Status, final.Error, len(final.Findings))
			}
			if n := processed.Load(); n != 2 {
				t.Fatalf("Process ran %d times, want 2", n)
			}
		})
		t.Run("NotifyRetriedUntilSuccess", func(t *testing.T) {
			t.Parallel()
			db := mustOpen(t, newConfig(t))
			in := newDocument("acme", "hooked")
			in.CallbackURL = "https://example.com/hook"
			d := mustCreate(t, db, in)
			var calls atomic.Int32
			mustStart(t, db, sqlrecords.Handlers{
				Process: func(context.Context, records.Document, func(int, int)) (results.Outcome, error) {
					return twoFindings(), nil
				},
				Notify: func(context.Context, records.Document) error {
					if calls.Add(1) < 3 {
						return errors.New("callback answered 503")
					}
					return nil
				},
			}, 1)
			waitFinal(t, db, "acme", d.ID, 10*time.Second)
			waitFor(t, "notify job completed", 15*time.Second, func() (bool, error) {
				return slices.Equal(mustJobStates(t, db, sqlrecords.KindNotify), []string{"completed"}), nil
			})
			if n := calls.Load(); n != 3 {
				t.Fatalf("Notify called %d times, want 3", n)
			}
		})
	})
}

func TestDB_Stop(t *testing.T) {
	eachBackend(t, func(t *testing.T, newConfig func(t *testing.T) sqlrecords.Config) {
		cfg := newConfig(t)
		cfg.JobTimeout = cfg.RescueAfter - time.Millisecond // outlast Stop's deadline
		db := mustOpen(t, cfg)
		d := mustCreate(t, db, newDocument("acme", "long"))

		started := make(chan struct{})
		if err := db.Start(t.Context(), sqlrecords.Handlers{
			Process: func(ctx context.Context, _ records.Document, _ func(int, int)) (results.Outcome, error) {
				close(started)
				<-ctx.Done() // a document longer than the shutdown grace
				return results.Outcome{}, ctx.Err()
			},
			Notify: func(context.Context, records.Document) error { return nil },
		}, 1); err != nil {
			t.Fatal(err)
		}
		<-started
		ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
		defer cancel()
		if err := db.Stop(ctx); err != nil {
			t.Fatalf("Stop: %v", err)
		}
		got, err := db.Document(t.Context(), "acme", d.ID)
		if err != nil || got.Status.Final() {
			t.Fatalf("after Stop: %s, %v; want not final", got.Status, err)
		}

		var processed atomic.Int32
		mustStart(t, db, sqlrecords.Handlers{
			Process: func(context.Context, records.Document, func(int, int)) (results.Outcome, error) {
				processed.Add(1)
				return twoFindings(), nil
			},
		}, 1)
		final := waitFinal(t, db, "acme", d.ID, 10*time.Second)
		if final.Status != records.StatusComplete || processed.Load() != 1 {
			t.Fatalf("after restart %s, processed %d times", final.Status, processed.Load())
		}
	})
}
