package service

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/pipeline"
	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/results"
	"github.com/noticescan/noticescan/storage"
)

// Process is the one place a queued document is read: it fetches the
// original, holds it to the upload limit, runs the pipeline, counts the
// report, stores the page previews beside the original and returns the
// outcome for the queue to write, as it is, with the job's completion. A
// document that cannot be read (corrupt, encrypted, too large) is a final
// failed outcome, not an error: retrying would fail the same way. Errors
// (storage down, shutdown) make the queue retry the job.
func (s *Service) Process(ctx context.Context, d records.Document, progress func(done, total int)) (_ results.Outcome, err error) {
	defer func() {
		if err != nil {
			s.cfg.Metrics.jobFailed("process")
			s.log.Warn("process job failed", "document", d.ID, "error", err)
		}
	}()
	if s.cfg.Processor == nil {
		return results.Outcome{}, errors.New("process: this process has no OCR pipeline")
	}
	rc, _, err := s.cfg.Objects.Get(ctx, d.ObjectKey)
	if err != nil {
		return results.Outcome{}, fmt.Errorf("process %s: get object: %w", d.ID, err)
	}
	// The store may hold a document from before the limit was lowered (or
	// written around this service): it is read only up to the upload limit,
	// and refused past it like an upload of that size.
	data, err := io.ReadAll(io.LimitReader(rc, s.cfg.MaxBytes+1))
	rc.Close()
	if err != nil {
		return results.Outcome{}, fmt.Errorf("process %s: read object: %w", d.ID, err)
	}
	var rep *pipeline.Report
	if int64(len(data)) > s.cfg.MaxBytes {
		rep = &pipeline.Report{File: d.Filename, Outcome: results.Outcome{Status: results.StatusFailed,
			Error: fmt.Errorf("stored document is over %d bytes: %w", s.cfg.MaxBytes, document.ErrTooLarge).Error()}}
	} else {
		rep = s.cfg.Processor.Process(ctx, pipeline.Input{Name: d.Filename, Data: data, Progress: progress, Previews: true})
	}
	if ctx.Err() != nil {
		return results.Outcome{}, fmt.Errorf("process %s: %w", d.ID, ctx.Err())
	}
	s.cfg.Metrics.report(rep)
	s.savePreviews(ctx, d, rep.Pages)
	return rep.Outcome, nil
}

// savePreviews stores the pages' previews. A preview that cannot be
// stored is logged and skipped: the result matters, the picture helps.
func (s *Service) savePreviews(ctx context.Context, d records.Document, pages []results.Page) {
	for _, p := range pages {
		if p.Preview == nil {
			continue
		}
		key, err := storage.PreviewKey(d.Tenant, d.SHA256, p.Number)
		if err == nil {
			err = s.cfg.Objects.Put(ctx, key, bytes.NewReader(p.Preview), int64(len(p.Preview)), "image/jpeg")
		}
		if err != nil {
			s.log.Warn("store page preview", "document", d.ID, "page", p.Number, "error", err)
		}
	}
}
