package sqlrecords_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/records/sqlrecords"
	"github.com/noticescan/noticescan/results"
)

func mustBatch(t *testing.T, db *sqlrecords.DB, tenant, id string) records.Batch {
	t.Helper()
	b, err := db.Batch(t.Context(), tenant, id)
	if err != nil {
		t.Fatalf("Batch: %v", err)
	}
	return b
}

func mustItems(t *testing.T, db *sqlrecords.DB, tenant, id string) []records.BatchItem {
	t.Helper()
	var items []records.BatchItem
	if err := db.BatchItems(t.Context(), tenant, id, func(it records.BatchItem) error {
		items = append(items, it)
		return nil
	}); err != nil {
		t.Fatalf("BatchItems: %v", err)
	}
	return items
}

func TestDB_Batch(t *testing.T) {
	eachBackend(t, func(t *testing.T, newConfig func(t *testing.T) sqlrecords.Config) {
		db := mustOpen(t, newConfig(t))
		ctx := t.Context()
		existing := mustCreate(t, db, newDocument("acme", "seen-before"))

		b, err := db.CreateBatch(ctx, "acme", "upload", false)
		if err != nil {
			t.Fatalf("CreateBatch: %v", err)
		}
		var docs []records.Document
		for _, content := range []string{"seen-before", "new-1", "new-2"} {
			d, err := db.AddBatchDocument(ctx, b.ID, "file "+content, "", newDocument("acme", content))
			if err != nil {
				t.Fatalf("AddBatchDocument %s: %v", content, err)
			}
			docs = append(docs, d)
		}
		if err := db.AddBatchError(ctx, "acme", b.ID, "notes.txt", "", "unsupported type"); err != nil {
			t.Fatalf("AddBatchError: %v", err)
		}

		t.Run("KnownDocumentLinkedNotQueuedAgain", func(t *testing.T) {
			if docs[0].ID != existing.ID {
				t.Fatalf("batch item got document %s, want the existing %s", docs[0].ID, existing.ID)
			}
			if s := mustJobStates(t, db, sqlrecords.KindProcess); len(s) != 3 {
				t.Fatalf("process jobs %v, want 3: one per distinct document", s)
			}
		})
		t.Run("ListingUntilSealed", func(t *testing.T) {
			got := mustBatch(t, db, "acme", b.ID)
			want := records.BatchCounts{Total: 4, Queued: 3, Failed: 1}
			if got.State != records.BatchListing || got.Counts != want || got.FinishedAt != nil {
				t.Fatalf("batch %s %+v finished %v; want listing %+v", got.State, got.Counts, got.FinishedAt, want)
			}
			sealed, err := db.SealBatch(ctx, "acme", b.ID, "")
			if err != nil || sealed.State != records.BatchRunning {
				t.Fatalf("SealBatch: %s, %v; want running", sealed.State, err)
			}
			if err := db.AddBatchError(ctx, "acme", b.ID, "late.txt", "", "x"); !errors.Is(err, records.ErrNotFound) {
				t.Fatalf("AddBatchError after seal: %v, want ErrNotFound", err)
			}
		})
		t.Run("OtherTenantNotFound", func(t *testing.T) {
			if _, err := db.Batch(ctx, "globex", b.ID); !errors.Is(err, records.ErrNotFound) {
				t.Errorf("Batch of another tenant: %v", err)
			}
			if err := db.BatchItems(ctx, "globex", b.ID, func(records.BatchItem) error { return nil }); !errors.Is(err, records.ErrNotFound) {
				t.Errorf("BatchItems of another tenant: %v", err)
			}
			if _, err := db.AddBatchDocument(ctx, b.ID, "x", "", newDocument("globex", "intruder")); !errors.Is(err, records.ErrNotFound) {
				t.Errorf("AddBatchDocument to another tenant's batch: %v", err)
			}
			if list, err := db.Batches(ctx, "globex", 0); err != nil || len(list) != 0 {
				t.Errorf("Batches of another tenant: %d, %v", len(list), err)
			}
		})
		t.Run("DoneWhenDocumentsFinal", func(t *testing.T) {
			mustStart(t, db, sqlrecords.Handlers{
				Process: func(context.Context, records.Document, func(int, int)) (results.Outcome, error) {
					return twoFindings(), nil
				},
			}, 2)
			waitFor(t, "batch done", 20*time.Second, func() (bool, error) {
				got, err := db.Batch(ctx, "acme", b.ID)
				return got.State == records.BatchDone, err
			})
			got := mustBatch(t, db, "acme", b.ID)
			want := records.BatchCounts{Total: 4, Complete: 3, Failed: 1}
			if got.Counts != want || got.Identifiers != 6 || got.FinishedAt == nil || got.FinishedAt.Before(got.CreatedAt) {
				t.Fatalf("done batch: %+v, %d identifiers, finished %v; want %+v, 6, a time", got.Counts, got.Identifiers, got.FinishedAt, want)
			}
			items := mustItems(t, db, "acme", b.ID)
			var names []string
			for _, it := range items {
				names = append(names, it.Name)
			}
			if want := []string{"file seen-before", "file new-1", "file new-2", "notes.txt"}; !slices.Equal(names, want) {
				t.Fatalf("items %q, want %q in order", names, want)
			}
			for i, it := range items[:3] {
				if it.Document == nil || it.Document.ID != docs[i].ID || len(it.Document.Findings) != 2 || len(it.Document.Pages) != 1 {
					t.Errorf("item %d: document %+v, want %s with its pages and findings", i, it.Document, docs[i].ID)
				}
			}
			if it := items[3]; it.Document != nil || it.Error != "unsupported type" {
				t.Errorf("refused item: %+v", it)
			}
			list, err := db.Batches(ctx, "acme", 0)
			if err != nil || len(list) != 1 || list[0].ID != b.ID || list[0].Counts != want {
				t.Fatalf("Batches: %+v, %v", list, err)
			}
		})
		t.Run("DeletedDocumentCountsFailed", func(t *testing.T) {
			if _, err := db.DeleteDocument(ctx, "acme", docs[2].ID); err != nil {
				t.Fatal(err)
			}
			got := mustBatch(t, db, "acme", b.ID)
			if want := (records.BatchCounts{Total: 4, Complete: 2, Failed: 2}); got.Counts != want || got.State != records.BatchDone {
				t.Fatalf("after delete: %s %+v, want done %+v", got.State, got.Counts, want)
			}
			if it := mustItems(t, db, "acme", b.ID)[2]; it.Document != nil || it.Error == "" {
				t.Fatalf("item of a deleted document: %+v", it)
			}
		})
		t.Run("DeleteBatchKeepsDocuments", func(t *testing.T) {
			if err := db.DeleteBatch(ctx, "acme", b.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Batch(ctx, "acme", b.ID); !errors.Is(err, records.ErrNotFound) {
				t.Fatalf("Batch after delete: %v", err)
			}
			if _, err := db.Document(ctx, "acme", docs[1].ID); err != nil {
				t.Fatalf("document after batch delete: %v", err)
			}
		})
	})
}

// TestDB_BatchItemsPages checks that items come back whole and in order
// across several pages of reading.
func TestDB_BatchItemsPages(t *testing.T) {
	eachBackend(t, func(t *testing.T, newConfig func(t *testing.T) sqlrecords.Config) {
		db := mustOpen(t, newConfig(t))
		ctx := t.Context()
		b, err := db.CreateBatch(ctx, "acme", "upload", false)
		if err != nil {
			t.Fatal(err)
		}
		const n = 450
		for i := range n {
			if err := db.AddBatchError(ctx, "acme", b.ID, fmt.Sprintf("f%04d", i), "", "x"); err != nil {
				t.Fatal(err)
			}
		}
		items := mustItems(t, db, "acme", b.ID)
		if len(items) != n {
			t.Fatalf("%d items, want %d", len(items), n)
		}
		for i, it := range items {
			if want := fmt.Sprintf("f%04d", i); it.Name != want {
				t.Fatalf("item %d is %s, want %s", i, it.Name, want)
			}
		}
		stop := errors.New("stop")
		seen := 0
		err = db.BatchItems(ctx, "acme", b.ID, func(records.BatchItem) error { seen++; return stop })
		if !errors.Is(err, stop) || seen != 1 {
			t.Fatalf("BatchItems with fn failing: %v after %d, want fn's error after 1", err, seen)
		}
	})
}

func TestDB_ListBatch(t *testing.T) {
	eachBackend(t, func(t *testing.T, newConfig func(t *testing.T) sqlrecords.Config) {
		t.Run("SlicesContinueWhereTheyStopped", func(t *testing.T) {
			db := mustOpen(t, newConfig(t))
			ctx := t.Context()
			b, err := db.CreateBatch(ctx, "acme", "s3://bucket/prefix/", true)
			if err != nil {
				t.Fatal(err)
			}
			if s := mustJobStates(t, db, sqlrecords.KindList); len(s) != 1 || s[0] != "available" {
				t.Fatalf("list jobs %v, want one available", s)
			}
			keys := []string{"prefix/a.pdf", "prefix/b.png", "prefix/c.txt"}
			var calls atomic.Int32
			mustStart(t, db, sqlrecords.Handlers{
				Process: func(context.Context, records.Document, func(int, int)) (results.Outcome, error) {
					return twoFindings(), nil
				},
				// One key per slice, as a listing whose time runs out would.
				List: func(ctx context.Context, got records.Batch) (bool, error) {
					calls.Add(1)
					i := slices.Index(keys, got.ListedThrough) + 1
					if i == 2 {
						return false, db.AddBatchError(ctx, got.Tenant, got.ID, keys[i], keys[i], "unsupported type")
					}
					_, err := db.AddBatchDocument(ctx, got.ID, keys[i], keys[i], newDocument(got.Tenant, keys[i]))
					return true, err
				},
			}, 1)
			waitFor(t, "batch done", 20*time.Second, func() (bool, error) {
				got, err := db.Batch(ctx, "acme", b.ID)
				return got.State == records.BatchDone, err
			})
			got := mustBatch(t, db, "acme", b.ID)
			if want := (records.BatchCounts{Total: 3, Complete: 2, Failed: 1}); got.Counts != want || got.Error != "" || calls.Load() != 3 {
				t.Fatalf("batch %+v error %q after %d slices; want %+v after 3", got.Counts, got.Error, calls.Load(), want)
			}
			// River completes the last job just after it seals the batch.
			waitFor(t, "three list jobs completed", 10*time.Second, func() (bool, error) {
				s, err := sqlrecords.JobStates(ctx, db, sqlrecords.KindList)
				return slices.Equal(s, []string{"completed", "completed", "completed"}), err
			})
		})
		t.Run("FailingListingSealsWithError", func(t *testing.T) {
			db := mustOpen(t, newConfig(t))
			ctx := t.Context()
			b, err := db.CreateBatch(ctx, "acme", "s3://bucket/", true)
			if err != nil {
				t.Fatal(err)
			}
			var calls atomic.Int32
			mustStart(t, db, sqlrecords.Handlers{
				Process: func(context.Context, records.Document, func(int, int)) (results.Outcome, error) {
					return twoFindings(), nil
				},
				List: func(context.Context, records.Batch) (bool, error) {
					calls.Add(1)
					return false, errors.New("storage unavailable")
				},
			}, 1)
			waitFor(t, "batch sealed", 30*time.Second, func() (bool, error) {
				got, err := db.Batch(ctx, "acme", b.ID)
				return got.State != records.BatchListing, err
			})
			got := mustBatch(t, db, "acme", b.ID)
			if got.State != records.BatchDone || got.Error == "" || calls.Load() < 2 {
				t.Fatalf("batch %s error %q after %d attempts; want done with the error after retries", got.State, got.Error, calls.Load())
			}
		})
	})
}
