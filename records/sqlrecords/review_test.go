package sqlrecords_test

import (
	"errors"
	"testing"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/records/sqlrecords"
)

func TestDB_AddReview(t *testing.T) {
	eachBackend(t, func(t *testing.T, newConfig func(t *testing.T) sqlrecords.Config) {
		db := mustOpen(t, newConfig(t))
		ctx := t.Context()
		docs := processedCorpus(t, db)
		b := docs["receipt-b"]

		t.Run("OK", func(t *testing.T) {
			if _, err := db.AddReview(ctx, "acme", b.ID, records.Review{Finding: 1, Action: records.ReviewConfirm, Reviewer: "local"}); err != nil {
				t.Fatal(err)
			}
			d, err := db.AddReview(ctx, "acme", b.ID, records.Review{Finding: 1, Action: records.ReviewCorrect, Value: "A987654321", Reviewer: "nsk_abcdefgh"})
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Reviews) != 2 || d.Reviews[0].Action != records.ReviewConfirm || d.Reviews[1].Value != "A987654321" ||
				d.Reviews[1].Reviewer != "nsk_abcdefgh" || d.Reviews[1].At.IsZero() || d.Reviews[1].Finding != 1 {
				t.Fatalf("reviews = %+v; want confirm then correct, stamped", d.Reviews)
			}
			// The finding itself keeps what was read.
			if d.Findings[1].Value != "A123456789" {
				t.Errorf("finding value = %s; the original must be kept", d.Findings[1].Value)
			}
			got, err := db.Document(ctx, "acme", b.ID)
			if err != nil || len(got.Reviews) != 2 {
				t.Fatalf("Document: %d reviews, %v; want 2", len(got.Reviews), err)
			}
		})
		t.Run("CorrectedValueFindsDocument", func(t *testing.T) {
			found, err := db.FindingDocuments(ctx, "acme", extractor.KindANumber, "A987654321")
			if err != nil || len(found) != 1 || found[0].ID != b.ID {
				t.Fatalf("FindingDocuments(corrected) = %d docs, %v; want the reviewed one", len(found), err)
			}
			list, err := db.Documents(ctx, "acme", records.Filter{Query: "a987654321"})
			if err != nil || len(list.Documents) != 1 || list.Documents[0].ID != b.ID {
				t.Fatalf("Documents(q=corrected) = %d docs, %v; want the reviewed one", len(list.Documents), err)
			}
			if other, err := db.FindingDocuments(ctx, "acme", extractor.KindReceiptNumber, "A987654321"); err != nil || len(other) != 0 {
				t.Fatalf("corrected A-Number found as a receipt number: %d, %v", len(other), err)
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			for _, c := range []struct {
				tenant, id string
				finding    int
			}{{"acme", b.ID, 2}, {"acme", "doc_nope", 0}, {"globex", b.ID, 0}} {
				_, err := db.AddReview(ctx, c.tenant, c.id, records.Review{Finding: c.finding, Action: records.ReviewReject, Reviewer: "local"})
				if !errors.Is(err, records.ErrNotFound) {
					t.Errorf("AddReview(%s, finding %d) = %v; want ErrNotFound", c.tenant, c.finding, err)
				}
			}
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			for _, r := range []records.Review{
				{Action: "approve", Reviewer: "local"},
				{Action: records.ReviewCorrect, Reviewer: "local"},
				{Action: records.ReviewConfirm, Value: "A1", Reviewer: "local"},
				{Action: records.ReviewConfirm},
			} {
				if _, err := db.AddReview(ctx, "acme", b.ID, r); !errors.Is(err, records.ErrInvalid) {
					t.Errorf("AddReview(%+v) = %v; want ErrInvalid", r, err)
				}
			}
		})
		t.Run("DeletedWithDocument", func(t *testing.T) {
			if _, err := db.DeleteDocument(ctx, "acme", b.ID); err != nil {
				t.Fatal(err)
			}
			if found, err := db.FindingDocuments(ctx, "acme", extractor.KindANumber, "A987654321"); err != nil || len(found) != 0 {
				t.Fatalf("after delete: %d docs, %v; want none", len(found), err)
			}
		})
	})
}
