package service_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/intake"
	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/records/sqlrecords"
	"github.com/noticescan/noticescan/results"
	"github.com/noticescan/noticescan/service"
)

func TestService_Review(t *testing.T) {
	ctx := t.Context()
	s, _, db := MustService(t, "k")
	// A stand-in for OCR: the real pipeline runs in the binary's tests.
	err := db.Start(ctx, sqlrecords.Handlers{Process: func(context.Context, records.Document, func(int, int)) (results.Outcome, error) {
		return results.Outcome{Status: records.StatusComplete, Pages: []results.Page{{Number: 1}},
			Findings: []extractor.Finding{{Kind: extractor.KindANumber, Value: "A123456789", Page: 1, Confidence: 0.6}}}, nil
	}, Notify: s.Notify}, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Stop(context.Background()) })
	d, err := s.Upload(ctx, "acme", intake.Upload{Filename: "a.png", Body: bytes.NewReader(png1x1)})
	if err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if d, err = s.Wait(wctx, "acme", d.ID); err != nil || d.Status != records.StatusComplete {
		t.Fatalf("wait: %s, %v", d.Status, err)
	}

	t.Run("OKNormalized", func(t *testing.T) {
		got, err := s.Review(ctx, "acme", d.ID, 0, records.Review{Action: records.ReviewCorrect, Value: "a-123 456 780", Reviewer: "local"})
		if err != nil {
			t.Fatal(err)
		}
		if r := got.Reviews[len(got.Reviews)-1]; r.Value != "A123456780" || r.Finding != 0 {
			t.Fatalf("review = %+v; want the value normalized", r)
		}
	})
	t.Run("ErrInvalidValue", func(t *testing.T) {
		// A receipt number is not an A-Number.
		_, err := s.Review(ctx, "acme", d.ID, 0, records.Review{Action: records.ReviewCorrect, Value: "EAC2190012345", Reviewer: "local"})
		if !errors.Is(err, service.ErrInvalidValue) || !errors.Is(err, records.ErrInvalid) {
			t.Fatalf("err = %v; want ErrInvalidValue", err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		for _, n := range []int{-1, 1} {
			if _, err := s.Review(ctx, "acme", d.ID, n, records.Review{Action: records.ReviewConfirm, Reviewer: "local"}); !errors.Is(err, records.ErrNotFound) {
				t.Errorf("finding %d: %v; want ErrNotFound", n, err)
			}
		}
		if _, err := s.PageImage(ctx, "acme", d.ID, 1); !errors.Is(err, records.ErrNotFound) {
			t.Errorf("page image never made: %v; want ErrNotFound", err)
		}
	})
}
