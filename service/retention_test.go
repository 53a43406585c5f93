package service_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/noticescan/noticescan/intake"
	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/records/sqlrecords"
	"github.com/noticescan/noticescan/results"
	"github.com/noticescan/noticescan/service"
	"github.com/noticescan/noticescan/storage"
	"github.com/noticescan/noticescan/storage/disk"
)

// TestService_Expire finishes one document for each of two tenants, one
// with a retention of a day, and expires as of two days later: only the
// tenant with a retention loses its document, records and object.
func TestService_Expire(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	objects, err := disk.New(filepath.Join(dir, "objects"))
	if err != nil {
		t.Fatal(err)
	}
	defer objects.Close()
	db, err := sqlrecords.Open(ctx, sqlrecords.Config{DSN: filepath.Join(dir, "db.sqlite"), PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := service.New(service.Config{Objects: objects, Records: db, Retention: db})
	if err := db.SetRetention(ctx, "acme", 1); err != nil {
		t.Fatal(err)
	}
	docs := map[string]records.Document{}
	for _, tenant := range []string{"acme", "globex"} {
		if docs[tenant], err = s.Upload(ctx, tenant, intake.Upload{Filename: "a.png", Body: bytes.NewReader(png1x1)}); err != nil {
			t.Fatal(err)
		}
	}
	// Processing itself is tested elsewhere: a result is written directly.
	if err := db.Start(t.Context(), sqlrecords.Handlers{
		Process: func(context.Context, records.Document, func(int, int)) (results.Outcome, error) {
			return results.Outcome{Status: records.StatusComplete}, nil
		},
		Notify: func(context.Context, records.Document) error { return nil },
	}, 1); err != nil {
		t.Fatal(err)
	}
	defer db.Stop(context.WithoutCancel(ctx)) //nolint:errcheck
	for tenant, d := range docs {
		wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		got, err := s.Wait(wctx, tenant, d.ID)
		cancel()
		if err != nil || !got.Status.Final() {
			t.Fatalf("%s's document: %s, %v", tenant, got.Status, err)
		}
	}

	if err := s.Expire(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Document(ctx, "acme", docs["acme"].ID); err != nil {
		t.Fatalf("expired within its retention: %v", err)
	}
	if err := s.Expire(ctx, time.Now().AddDate(0, 0, 2)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Document(ctx, "acme", docs["acme"].ID); !errors.Is(err, records.ErrNotFound) {
		t.Errorf("acme's document two days past a one-day retention: %v, want ErrNotFound", err)
	}
	if _, err := objects.Stat(ctx, docs["acme"].ObjectKey); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("acme's original is left: %v", err)
	}
	if _, err := s.Document(ctx, "globex", docs["globex"].ID); err != nil {
		t.Errorf("globex, without a retention, lost its document: %v", err)
	}
}
