package api_test

import (
	"context"
	"io"

	"github.com/noticescan/noticescan/intake"
	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/results"
)

// stubBatches is the STUB of api.BatchService, for error injection and
// for checking what request parsing hands over, as stubService is. Files
// given to UploadBatch are read and recorded.
type stubBatches struct {
	stubService
	createBatch  func(ctx context.Context, tenant string, src intake.BatchSource) (records.Batch, error)
	batch        func(ctx context.Context, tenant, id string) (records.Batch, error)
	batchResults func(ctx context.Context, tenant, id string, fn func(results.Row) error) error
	files        []stubUpload
}

func (s *stubBatches) CreateBatch(ctx context.Context, tenant string, src intake.BatchSource) (records.Batch, error) {
	if s.createBatch != nil {
		return s.createBatch(ctx, tenant, src)
	}
	return records.Batch{ID: "bat_1", Source: "s3://" + src.Bucket + "/" + src.Prefix, State: records.BatchListing}, nil
}

func (s *stubBatches) UploadBatch(ctx context.Context, tenant string, next func() (intake.Upload, error)) (records.Batch, error) {
	for {
		up, err := next()
		if err == io.EOF {
			return records.Batch{ID: "bat_2", Source: "upload", State: records.BatchRunning,
				Counts: records.BatchCounts{Total: len(s.files), Queued: len(s.files)}}, nil
		}
		if err != nil {
			return records.Batch{}, err
		}
		body, err := io.ReadAll(up.Body)
		if err != nil {
			return records.Batch{}, err
		}
		s.files = append(s.files, stubUpload{Tenant: tenant, Filename: up.Filename, Body: body})
	}
}

func (s *stubBatches) Batch(ctx context.Context, tenant, id string) (records.Batch, error) {
	if s.batch != nil {
		return s.batch(ctx, tenant, id)
	}
	return records.Batch{}, records.ErrNotFound
}

func (s *stubBatches) Batches(ctx context.Context, tenant string) ([]records.Batch, error) {
	return nil, nil
}

func (s *stubBatches) BatchResults(ctx context.Context, tenant, id string, fn func(results.Row) error) error {
	if s.batchResults != nil {
		return s.batchResults(ctx, tenant, id, fn)
	}
	return nil
}
