package sqlrecords_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/records/sqlrecords"
	"github.com/noticescan/noticescan/results"
)

// classedError is a delivery failure of a given class, as the service
// reports one.
type classedError string

func (e classedError) Error() string         { return "delivery failed: " + string(e) }
func (e classedError) CallbackClass() string { return string(e) }

func TestDB_CallbackState(t *testing.T) {
	eachBackend(t, func(t *testing.T, newConfig func(t *testing.T) sqlrecords.Config) {
		db := mustOpen(t, newConfig(t))
		ctx := t.Context()
		const secretURL = "https://hooks.example/cb?token=s3cret-token"
		flaky := newDocument("acme", "flaky-receiver")
		flaky.CallbackURL = secretURL
		flaky = mustCreate(t, db, flaky)
		down := newDocument("acme", "down-receiver")
		down.CallbackURL = "https://down.example/cb"
		down = mustCreate(t, db, down)
		late := mustCreate(t, db, newDocument("acme", "callback-added-later"))

		got, err := db.Document(ctx, "acme", flaky.ID)
		if err != nil || got.Callback == nil || got.Callback.State != records.CallbackPending || got.Callback.Receiver != "https://hooks.example" {
			t.Fatalf("a new document's callback: %+v, %v; want pending to https://hooks.example", got.Callback, err)
		}
		if b, _ := json.Marshal(got); strings.Contains(string(b), "s3cret") {
			t.Errorf("the document as shown carries the callback URL's secret: %s", b)
		}

		var (
			mu    sync.Mutex
			tries = map[string]int{}
		)
		mustStart(t, db, sqlrecords.Handlers{
			Process: func(context.Context, records.Document, func(int, int)) (results.Outcome, error) {
				return twoFindings(), nil
			},
			Notify: func(_ context.Context, d records.Document) error {
				mu.Lock()
				defer mu.Unlock()
				tries[d.ID]++
				switch {
				case d.ID == down.ID:
					return classedError("connection_refused")
				case d.ID == flaky.ID && tries[d.ID] == 1:
					return errors.Join(errors.New("wrapped"), classedError("http_503"))
				}
				return nil
			},
		}, 1)

		state := func(id, want string) records.Document {
			var d records.Document
			waitFor(t, id+" callback "+want, 60*time.Second, func() (bool, error) {
				var err error
				d, err = db.Document(ctx, "acme", id)
				return d.Callback != nil && d.Callback.State == want, err
			})
			return d
		}
		if d := state(flaky.ID, records.CallbackDelivered); d.Callback.Attempts != 2 || d.Callback.At == nil {
			t.Errorf("flaky receiver: %+v, want delivered on attempt 2", d.Callback)
		}
		if d := state(down.ID, records.CallbackGivenUp); d.Callback.Attempts < 2 || d.Callback.LastError != "connection_refused" {
			t.Errorf("down receiver: %+v, want given up after every attempt, class connection_refused", d.Callback)
		}

		t.Run("NewCallbackOnFinishedDocument", func(t *testing.T) {
			waitFinal(t, db, "acme", late.ID, 30*time.Second)
			if d, _ := db.Document(ctx, "acme", late.ID); d.Callback != nil {
				t.Fatalf("a document uploaded without a callback shows one: %+v", d.Callback)
			}
			d, err := db.SetCallback(ctx, "acme", late.ID, "https://later.example/cb")
			if err != nil || d.Callback == nil || d.Callback.State != records.CallbackPending {
				t.Fatalf("SetCallback: %+v, %v", d.Callback, err)
			}
			state(late.ID, records.CallbackDelivered)
			if _, err := db.SetCallback(ctx, "globex", late.ID, "https://x.example/"); !errors.Is(err, records.ErrNotFound) {
				t.Errorf("another tenant's SetCallback: %v, want ErrNotFound", err)
			}
		})
	})
}
