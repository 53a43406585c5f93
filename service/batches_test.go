package service_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
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

// MustBatchService is MustService with batches, whose one readable
// source bucket, "intake", is a real disk store. Tenant acme is granted
// all of it, and the bucket "elsewhere", which does not exist.
func MustBatchService(tb testing.TB) (*service.Service, storage.Store, *sqlrecords.DB) {
	tb.Helper()
	dir := tb.TempDir()
	objects, err := disk.New(filepath.Join(dir, "objects"))
	if err != nil {
		tb.Fatal(err)
	}
	inbox, err := disk.New(filepath.Join(dir, "intake"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { objects.Close(); inbox.Close() })
	db, err := sqlrecords.Open(context.Background(), sqlrecords.Config{DSN: filepath.Join(dir, "db.sqlite")})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	for _, bucket := range []string{"intake", "elsewhere"} {
		if _, err := db.AllowSource(context.Background(), "acme", bucket, ""); err != nil {
			tb.Fatal(err)
		}
	}
	s := service.New(service.Config{Objects: objects, Records: db, Batches: db, Grants: db,
		Sources: func(_ context.Context, bucket string) (storage.Store, error) {
			if bucket != "intake" {
				return nil, fmt.Errorf("bucket %s: %w", bucket, storage.ErrNotFound)
			}
			return inbox, nil
		}})
	return s, inbox, db
}

// pastDeadline is a context whose deadline has passed but which is not
// done: a listing job at the end of its time, which must stop after each
// object.
type pastDeadline struct{ context.Context }

func (pastDeadline) Deadline() (time.Time, bool) { return time.Now().Add(-time.Second), true }

func TestService_ListBatch(t *testing.T) {
	ctx := context.Background()
	s, inbox, db := MustBatchService(t)
	for key, data := range map[string][]byte{
		"scans/a.png": png1x1, "scans/b.png": png1x1, "scans/notes.txt": []byte("not a notice"), "other/c.png": png1x1,
	} {
		if err := inbox.Put(ctx, key, bytes.NewReader(data), int64(len(data)), ""); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("ErrSourceNotAvailable", func(t *testing.T) {
		if _, err := s.CreateBatch(ctx, "acme", intake.BatchSource{Bucket: "elsewhere"}); !errors.Is(err, intake.ErrSourceNotAvailable) {
			t.Fatalf("CreateBatch of a missing bucket: %v", err)
		}
		noS3 := service.New(service.Config{Records: db, Batches: db, Grants: db})
		if _, err := noS3.CreateBatch(ctx, "acme", intake.BatchSource{Bucket: "intake"}); !errors.Is(err, intake.ErrSourceNotAvailable) {
			t.Fatalf("CreateBatch without S3: %v", err)
		}
	})
	t.Run("NotGranted", func(t *testing.T) {
		if _, err := db.AllowSource(ctx, "globex", "intake", "globex/"); err != nil {
			t.Fatal(err)
		}
		for _, src := range []intake.BatchSource{{Bucket: "intake", Prefix: "scans/"}, {Bucket: "intake"}, {Bucket: "intake", Prefix: "globex"}} {
			if _, err := s.CreateBatch(ctx, "globex", src); !errors.Is(err, intake.ErrSourceNotAvailable) {
				t.Errorf("globex's batch of %+v: %v, want ErrSourceNotAvailable", src, err)
			}
		}
		if _, err := s.CreateBatch(ctx, "initech", intake.BatchSource{Bucket: "intake"}); !errors.Is(err, intake.ErrSourceNotAvailable) {
			t.Errorf("a batch of a tenant with no grant: %v", err)
		}
	})
	t.Run("WithdrawnGrantStopsListing", func(t *testing.T) {
		if _, err := db.AllowSource(ctx, "hooli", "intake", "scans/"); err != nil {
			t.Fatal(err)
		}
		b, err := s.CreateBatch(ctx, "hooli", intake.BatchSource{Bucket: "intake", Prefix: "scans/"})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.DisallowSource(ctx, "hooli", "intake", "scans/"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ListBatch(ctx, b); !errors.Is(err, intake.ErrSourceNotAvailable) {
			t.Fatalf("listing after the grant was withdrawn: %v", err)
		}
	})
	t.Run("OneObjectPerSliceAtTheEndOfTime", func(t *testing.T) {
		b, err := s.CreateBatch(ctx, "acme", intake.BatchSource{Bucket: "intake", Prefix: "scans/"})
		if err != nil {
			t.Fatal(err)
		}
		slicesRun := 0
		for more := true; more; slicesRun++ {
			if b, err = db.Batch(ctx, "acme", b.ID); err != nil {
				t.Fatal(err)
			}
			if more, err = s.ListBatch(pastDeadline{ctx}, b); err != nil {
				t.Fatalf("ListBatch: %v", err)
			}
			if slicesRun > 5 {
				t.Fatal("listing does not end")
			}
		}
		if slicesRun != 3 {
			t.Errorf("%d slices, want 3: one object each", slicesRun)
		}
		if _, err := db.SealBatch(ctx, "acme", b.ID, ""); err != nil {
			t.Fatal(err)
		}
		var rows []results.Row
		if err := s.BatchResults(ctx, "acme", b.ID, func(r results.Row) error { rows = append(rows, r); return nil }); err != nil {
			t.Fatal(err)
		}
		var files []string
		for _, r := range rows {
			files = append(files, r.File)
		}
		if want := []string{"s3://intake/scans/a.png", "s3://intake/scans/b.png", "s3://intake/scans/notes.txt"}; !slices.Equal(files, want) {
			t.Fatalf("rows %q, want %q", files, want)
		}
		if rows[0].Status != "queued" || rows[0].SHA256 == "" || rows[1].SHA256 != rows[0].SHA256 {
			t.Errorf("document rows: %+v", rows[:2])
		}
		if rows[2].Status != "failed" || rows[2].Error == "" {
			t.Errorf("refused row: %+v", rows[2])
		}
	})
}

func TestService_UploadBatch(t *testing.T) {
	ctx := context.Background()
	s, _, db := MustBatchService(t)
	files := func(bodies ...[]byte) func() (intake.Upload, error) {
		i := 0
		return func() (intake.Upload, error) {
			if i == len(bodies) {
				return intake.Upload{}, io.EOF
			}
			i++
			if bodies[i-1] == nil {
				return intake.Upload{}, errors.New("request cut off")
			}
			return intake.Upload{Filename: fmt.Sprintf("f%d", i), Body: bytes.NewReader(bodies[i-1])}, nil
		}
	}
	t.Run("OK", func(t *testing.T) {
		b, err := s.UploadBatch(ctx, "acme", files(png1x1, []byte{}, []byte("text")))
		if err != nil {
			t.Fatal(err)
		}
		if want := (records.BatchCounts{Total: 3, Queued: 1, Failed: 2}); b.State != records.BatchRunning || b.Counts != want {
			t.Fatalf("batch %s %+v, want running %+v", b.State, b.Counts, want)
		}
	})
	t.Run("FailedRequestLeavesNoBatch", func(t *testing.T) {
		before, _ := db.Batches(ctx, "globex", 0)
		if _, err := s.UploadBatch(ctx, "globex", files(png1x1, nil)); err == nil {
			t.Fatal("UploadBatch with a failing part: no error")
		}
		after, _ := db.Batches(ctx, "globex", 0)
		if len(after) != len(before) {
			t.Fatalf("%d batches after a failed request, want %d", len(after), len(before))
		}
		if list, _ := s.Documents(ctx, "globex", records.Filter{}); len(list.Documents) != 1 {
			t.Fatalf("%d documents, want the file before the failure kept", len(list.Documents))
		}
	})
}
