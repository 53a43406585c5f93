package service

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/noticescan/noticescan/archive"
	"github.com/noticescan/noticescan/batch"
	"github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/intake"
	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/results"
	"github.com/noticescan/noticescan/storage"
)

// uploadSource is the Source of a batch of files sent in the request.
const uploadSource = "upload"

// maxListSlice bounds one listing job; a listing that takes longer goes
// on in a new job, so that no job runs into its timeout.
const maxListSlice = time.Minute

// CreateBatch checks that the tenant may read the source and that its
// bucket can be opened, then records the batch and queues its listing in
// one transaction.
func (s *Service) CreateBatch(ctx context.Context, tenant string, src intake.BatchSource) (records.Batch, error) {
	if _, err := s.source(ctx, tenant, src.Bucket, src.Prefix); err != nil {
		return records.Batch{}, fmt.Errorf("create batch: %w", err)
	}
	b, err := s.cfg.Batches.CreateBatch(ctx, tenant, "s3://"+src.Bucket+"/"+src.Prefix, true)
	if err != nil {
		return records.Batch{}, fmt.Errorf("create batch: %w", err)
	}
	s.log.Info("batch accepted", "tenant", tenant, "batch", b.ID, "source", "s3")
	return b, nil
}

// source opens a bucket that the tenant's batches may read under prefix.
// A source not granted to the tenant, and a bucket that is missing or
// refused, are the same intake.ErrSourceNotAvailable, and the grant is
// checked first: what a tenant may not read, it cannot probe either.
func (s *Service) source(ctx context.Context, tenant, bucket, prefix string) (storage.Store, error) {
	if err := s.granted(ctx, tenant, bucket, prefix); err != nil {
		return nil, err
	}
	if s.cfg.Sources == nil {
		return nil, fmt.Errorf("%w: no S3 configured", intake.ErrSourceNotAvailable)
	}
	st, err := s.cfg.Sources(ctx, bucket)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, fmt.Errorf("%w: %v", intake.ErrSourceNotAvailable, err)
	}
	if err != nil {
		return nil, fmt.Errorf("open source bucket: %w", err)
	}
	return st, nil
}

// granted reports, as an error, whether the operator allowed tenant's
// batches to read bucket under prefix.
func (s *Service) granted(ctx context.Context, tenant, bucket, prefix string) error {
	if s.cfg.Grants == nil {
		return fmt.Errorf("%w: no sources granted", intake.ErrSourceNotAvailable)
	}
	grants, err := s.cfg.Grants.Sources(ctx, tenant)
	if err != nil {
		return fmt.Errorf("read source grants: %w", err)
	}
	for _, g := range grants {
		if g.Covers(bucket, prefix) {
			return nil
		}
	}
	return fmt.Errorf("%w: not granted to the tenant", intake.ErrSourceNotAvailable)
}

// UploadBatch stores and queues every file before it returns, as Upload
// does for one. When next fails, the batch is removed and the files
// before the failure stay uploaded, as with Upload.
func (s *Service) UploadBatch(ctx context.Context, tenant string, next func() (intake.Upload, error)) (_ records.Batch, err error) {
	up, err := next()
	if err != nil {
		return records.Batch{}, fmt.Errorf("upload batch: %w", err)
	}
	b, err := s.cfg.Batches.CreateBatch(ctx, tenant, uploadSource, false)
	if err != nil {
		return records.Batch{}, fmt.Errorf("upload batch: %w", err)
	}
	defer func() {
		if err != nil {
			if derr := s.cfg.Batches.DeleteBatch(context.WithoutCancel(ctx), tenant, b.ID); derr != nil {
				s.log.Warn("remove failed batch", "batch", b.ID, "error", derr)
			}
		}
	}()
	files := 0
	for ; err == nil; up, err = next() {
		if aerr := s.addToBatch(ctx, b, up.Filename, "", up.Body); aerr != nil {
			return records.Batch{}, fmt.Errorf("upload batch %s: file %d: %w", b.ID, files+1, aerr)
		}
		files++
	}
	if !errors.Is(err, io.EOF) {
		return records.Batch{}, fmt.Errorf("upload batch %s: %w", b.ID, err)
	}
	if b, err = s.cfg.Batches.SealBatch(ctx, tenant, b.ID, ""); err != nil {
		return records.Batch{}, fmt.Errorf("upload batch: %w", err)
	}
	s.log.Info("batch accepted", "tenant", tenant, "batch", b.ID, "source", uploadSource, "files", files)
	return b, nil
}

// addToBatch stores a file and adds its document to the batch as name, or
// adds an item with the reason when the file is not a document we read.
func (s *Service) addToBatch(ctx context.Context, b records.Batch, name, listedThrough string, r io.Reader) error {
	d, err := s.store(ctx, b.Tenant, r, name[strings.LastIndex(name, "/")+1:])
	if refused(err) {
		return s.cfg.Batches.AddBatchError(ctx, b.Tenant, b.ID, name, listedThrough, err.Error())
	}
	if err != nil {
		return err
	}
	_, err = s.cfg.Batches.AddBatchDocument(ctx, b.ID, name, listedThrough, d)
	return err
}

// refused reports whether err rejects a file for good, whatever attempt.
func refused(err error) bool {
	for _, e := range []error{document.ErrEmpty, document.ErrTooLarge, document.ErrUnsupportedType, document.ErrCorrupt, document.ErrEncrypted} {
		if errors.Is(err, e) {
			return true
		}
	}
	return archive.Permanent(err)
}

// ListBatch is the queue's listing job: it walks the batch's S3 prefix in
// key order from after b.ListedThrough, fetching each object and adding it
// to the batch with the key as the new ListedThrough, in one transaction
// per object, so that a listing interrupted anywhere goes on where it
// stopped and never adds an object twice. Only the current object is in
// memory. It stops with more = true when its time slice is up.
//
// What an object is follows package batch: a document is stored and
// queued (copies share one stored document), and an object refused or not
// a document becomes an item with the reason; an object that cannot be
// read now fails the job, which the queue retries.
//
// Returned errors never carry a key: the queue logs them, and keys are
// file names.
func (s *Service) ListBatch(ctx context.Context, b records.Batch) (more bool, err error) {
	bucket, prefix, ok := strings.Cut(strings.TrimPrefix(b.Source, "s3://"), "/")
	if !ok || !strings.HasPrefix(b.Source, "s3://") {
		return false, fmt.Errorf("list batch %s: source is not an S3 prefix", b.ID)
	}
	// Checked again at each slice: a grant withdrawn stops the listing.
	st, err := s.source(ctx, b.Tenant, bucket, prefix)
	if err != nil {
		return false, fmt.Errorf("list batch %s: %w", b.ID, opaque(err))
	}
	end := time.Now().Add(maxListSlice)
	if dl, ok := ctx.Deadline(); ok {
		end = time.Now().Add(min(maxListSlice, time.Until(dl)/2))
	}
	var (
		errSlice = errors.New("time slice over")
		stepErr  error
		added    int
	)
	opts := batch.Options{
		Limits: archive.Limits{MaxEntryBytes: s.cfg.MaxBytes},
		Next: func() error {
			if added > 0 && time.Now().After(end) {
				return errSlice
			}
			return nil
		},
	}
	// Workers 0: each object is added before the next is fetched, so
	// that ListedThrough only grows. No done set: copies are linked to one
	// stored document by the store.
	step := func(err error) error {
		if err != nil {
			stepErr = opaque(err)
			return stepErr
		}
		added++
		return nil
	}
	e := &batch.Engine{
		Sources: []batch.Source{batch.Bucket(st, bucket, prefix, b.ListedThrough)},
		Options: opts,
		Read: func(ctx context.Context, it *batch.Item) error {
			return step(s.addToBatch(ctx, b, it.Name, it.Key, bytes.NewReader(it.Data)))
		},
		Entry: func(ctx context.Context, it *batch.Item) error {
			if it.Kind == batch.Unreadable {
				return step(it.Err)
			}
			return step(s.cfg.Batches.AddBatchError(ctx, b.Tenant, b.ID, it.Name, it.Key, it.Err.Error()))
		},
	}
	walkErr := e.Run(ctx)
	switch {
	case errors.Is(walkErr, errSlice):
		s.log.Info("batch listing continues", "batch", b.ID, "added", added)
		return true, nil
	case stepErr != nil:
		return false, fmt.Errorf("list batch %s: object %d of this slice: %w", b.ID, added+1, stepErr)
	case walkErr != nil:
		return false, fmt.Errorf("list batch %s: list source: %w", b.ID, opaque(walkErr))
	}
	s.log.Info("batch listed", "batch", b.ID, "added", added)
	return false, nil
}

// opaque keeps of err only what callers branch on: the text of storage
// errors names buckets and keys, which must not reach logs.
func opaque(err error) error {
	for _, e := range []error{context.Canceled, context.DeadlineExceeded, storage.ErrUnavailable, records.ErrNotFound, intake.ErrSourceNotAvailable} {
		if errors.Is(err, e) {
			return e
		}
	}
	return errors.New("storage or database error")
}

// Batch returns a tenant's batch with its progress counts.
func (s *Service) Batch(ctx context.Context, tenant, id string) (records.Batch, error) {
	return s.cfg.Batches.Batch(ctx, tenant, id)
}

// Batches lists a tenant's newest batches.
func (s *Service) Batches(ctx context.Context, tenant string) ([]records.Batch, error) {
	return s.cfg.Batches.Batches(ctx, tenant, 0)
}

// BatchResults gives each item of a batch as a row of batch output.
func (s *Service) BatchResults(ctx context.Context, tenant, id string, fn func(results.Row) error) error {
	return s.cfg.Batches.BatchItems(ctx, tenant, id, func(it records.BatchItem) error {
		r := results.Row{File: it.Name, Status: string(records.StatusFailed), Error: it.Error}
		if d := it.Document; d != nil {
			r = results.Row{
				File: it.Name, SHA256: d.SHA256, Status: string(d.Status), Error: d.Error, MediaType: d.MediaType,
				Pages: len(d.Pages), Findings: d.Findings, Warnings: d.Warnings, DocumentID: d.ID,
			}
			if d.CompletedAt != nil {
				r.ReadAt = *d.CompletedAt
			}
		}
		return fn(r)
	})
}
