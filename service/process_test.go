package service_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/intake"
	"github.com/noticescan/noticescan/pipeline"
	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/records/sqlrecords"
	"github.com/noticescan/noticescan/results"
	"github.com/noticescan/noticescan/service"
	"github.com/noticescan/noticescan/storage/disk"
)

// countingProcessor stands in for the OCR pipeline, which these tests do
// not run: what is checked is whether the service hands it the document.
type countingProcessor struct{ calls int }

func (p *countingProcessor) Process(_ context.Context, in pipeline.Input) *pipeline.Report {
	p.calls++
	return &pipeline.Report{File: in.Name, Outcome: results.Outcome{Status: results.StatusComplete}}
}

// TestService_Process_StoredOverLimit stores a document under a generous
// limit and processes it under a smaller one: the stored bytes are refused
// as an upload of their size would be, and never reach the pipeline.
func TestService_Process_StoredOverLimit(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	objects, err := disk.New(filepath.Join(dir, "objects"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { objects.Close() })
	db, err := sqlrecords.Open(ctx, sqlrecords.Config{DSN: filepath.Join(dir, "db.sqlite")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	proc := &countingProcessor{}
	at := func(maxBytes int64) *service.Service {
		return service.New(service.Config{Objects: objects, Records: db, Processor: proc, MaxBytes: maxBytes})
	}
	d, err := at(1<<20).Upload(ctx, "acme", intake.Upload{Filename: "a.png", Body: bytes.NewReader(png1x1)})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("UnderTheLimit", func(t *testing.T) {
		res, err := at(int64(len(png1x1))).Process(ctx, d, nil)
		if err != nil || res.Status != records.StatusComplete || proc.calls != 1 {
			t.Fatalf("status %q, %d calls, err %v", res.Status, proc.calls, err)
		}
	})
	t.Run("OverTheLimit", func(t *testing.T) {
		res, err := at(int64(len(png1x1))-1).Process(ctx, d, nil)
		if err != nil || res.Status != records.StatusFailed || !strings.Contains(res.Error, "too large") {
			t.Fatalf("status %q, error %q, err %v", res.Status, res.Error, err)
		}
		if proc.calls != 1 {
			t.Errorf("the pipeline ran %d times, want once (for the first subtest)", proc.calls)
		}
	})
}
