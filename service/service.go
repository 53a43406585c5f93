// Package service is the application layer behind the HTTP API and the job
// workers: it accepts uploads (object first, then the record and its job in
// one transaction), answers queries for a tenant's documents, and runs the
// processing and webhook jobs the queue hands it: Process (process.go) is
// the one place a queued document is read, Notify (notify.go) the one
// place its callback is sent.
//
// It holds no state of its own beyond its dependencies, so many processes
// (servers and workers) can share one database and one bucket.
//
// It knows no HTTP: it never imports api or gin. What it shares with api
// (uploads, batch sources) lives in intake, below both.
package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/egress"
	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/intake"
	"github.com/noticescan/noticescan/pipeline"
	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/storage"
)

// Processor reads a document; *pipeline.Pipeline is one.
type Processor interface {
	Process(ctx context.Context, in pipeline.Input) *pipeline.Report
}

// Config wires a Service.
type Config struct {
	Objects storage.Store
	Records records.Store
	// Batches holds batches; usually the same database as Records.
	Batches records.BatchStore
	// Sources opens an S3 bucket that batches may read, an error wrapping
	// storage.ErrNotFound when it does not exist or is refused. Nil when
	// there is no S3: batches then take uploaded files only.
	Sources func(ctx context.Context, bucket string) (storage.Store, error)
	// Grants says which sources each tenant's batches may read; nil grants
	// none.
	Grants records.SourceStore
	// Retention finds documents to purge; nil: Purge fails, Expire does
	// nothing.
	Retention records.RetentionStore
	// Processor may be nil in a process that only serves HTTP.
	Processor Processor
	Logger    *slog.Logger
	Metrics   *Metrics
	// WebhookSecret signs callbacks (HMAC-SHA256).
	WebhookSecret []byte
	// Egress decides which callback receivers may be called; nil allows
	// public addresses only.
	Egress *egress.Policy
	// HTTPClient sends callbacks; default dials through an egress.Dialer
	// under Egress, follows no redirect and times out after 10 s.
	HTTPClient *http.Client
	// PollInterval is how often Wait checks a document's status.
	PollInterval time.Duration
	// MaxBytes caps one upload (the API also limits the request).
	MaxBytes int64
	// SpoolDir holds uploads while they are received and hashed, as
	// private temporary files; default the system's temporary directory.
	SpoolDir string
}

// Service is the application behind the HTTP API (it implements the
// interfaces api consumes) and the queue's job handlers.
type Service struct {
	cfg Config
	log *slog.Logger
}

// New returns a Service over its dependencies.
func New(cfg Config) *Service {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = (&egress.Dialer{Policy: cfg.Egress}).Client(10 * time.Second)
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 200 * time.Millisecond
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = document.DefaultLimits().MaxBytes
	}
	return &Service{cfg: cfg, log: cfg.Logger}
}

// Authenticate returns the tenant of an API key.
func (s *Service) Authenticate(ctx context.Context, secret string) (string, error) {
	return s.cfg.Records.Authenticate(ctx, secret)
}

// Upload stores the file once per tenant by SHA-256 and queues it.
func (s *Service) Upload(ctx context.Context, tenant string, up intake.Upload) (records.Document, error) {
	d, err := s.store(ctx, tenant, up.Body, up.Filename)
	if err != nil {
		return records.Document{}, fmt.Errorf("upload: %w", err)
	}
	d.CallbackURL = up.CallbackURL
	doc, created, err := s.cfg.Records.CreateDocument(ctx, d)
	if err != nil {
		return records.Document{}, fmt.Errorf("upload: record: %w", err)
	}
	// A known document sent again with another callback gets it too:
	// at once if it is done, or when it is.
	if !created && up.CallbackURL != "" && up.CallbackURL != doc.CallbackURL {
		if doc, err = s.cfg.Records.SetCallback(ctx, tenant, doc.ID, up.CallbackURL); err != nil {
			return records.Document{}, fmt.Errorf("upload: set callback: %w", err)
		}
	}
	s.cfg.Metrics.upload(created)
	s.log.Info("document accepted", "tenant", tenant, "document", doc.ID, "created", created, "bytes", d.Size, "media_type", doc.MediaType)
	return doc, nil
}

// store checks a file's bytes and stores them once per tenant by SHA-256,
// and returns the document to record for them. The bytes are spooled to a
// temporary file while hashed, never held whole in memory. The object is
// written before the record: a failure between the two leaves an
// unreferenced object that the same upload reuses, never a record
// without its file.
func (s *Service) store(ctx context.Context, tenant string, r io.Reader, filename string) (records.Document, error) {
	sp, err := spool(s.cfg.SpoolDir, r, s.cfg.MaxBytes)
	if err != nil {
		return records.Document{}, err
	}
	defer sp.close()
	if sp.size == 0 {
		return records.Document{}, document.ErrEmpty
	}
	mt, err := document.Sniff(sp.head)
	if err != nil {
		return records.Document{}, err
	}
	key, err := storage.DocumentKey(tenant, sp.sha)
	if err != nil {
		return records.Document{}, err
	}
	if _, err := s.cfg.Objects.Stat(ctx, key); errors.Is(err, storage.ErrNotFound) {
		if err := s.cfg.Objects.Put(ctx, key, sp.reader(), sp.size, mt); err != nil {
			return records.Document{}, fmt.Errorf("store object: %w", err)
		}
	} else if err != nil {
		return records.Document{}, fmt.Errorf("stat object: %w", err)
	}
	return records.Document{
		Tenant: tenant, SHA256: sp.sha, Filename: filename, MediaType: mt, Size: sp.size,
		ObjectKey: key, Status: records.StatusQueued,
	}, nil
}

// Document returns a tenant's document.
func (s *Service) Document(ctx context.Context, tenant, id string) (records.Document, error) {
	return s.cfg.Records.Document(ctx, tenant, id)
}

// Wait polls until the document's status is final or ctx ends, and then
// returns its latest state. Polling the database (not an in-process signal)
// works when another process runs the job.
func (s *Service) Wait(ctx context.Context, tenant, id string) (records.Document, error) {
	t := time.NewTicker(s.cfg.PollInterval)
	defer t.Stop()
	for {
		d, err := s.cfg.Records.Document(context.WithoutCancel(ctx), tenant, id)
		if err != nil || d.Status.Final() {
			return d, err
		}
		select {
		case <-ctx.Done():
			return d, nil
		case <-t.C:
		}
	}
}

// Open returns the original file of a tenant's document.
func (s *Service) Open(ctx context.Context, tenant, id string) (io.ReadCloser, records.Document, error) {
	d, err := s.cfg.Records.Document(ctx, tenant, id)
	if err != nil {
		return nil, records.Document{}, err
	}
	rc, _, err := s.cfg.Objects.Get(ctx, d.ObjectKey)
	if err != nil {
		return nil, records.Document{}, fmt.Errorf("open %s: %w", id, err)
	}
	return rc, d, nil
}

// Documents lists a tenant's documents.
func (s *Service) Documents(ctx context.Context, tenant string, f records.Filter) (records.DocumentList, error) {
	return s.cfg.Records.Documents(ctx, tenant, f)
}

// FindingDocuments lists the tenant's documents carrying an identifier.
func (s *Service) FindingDocuments(ctx context.Context, tenant string, kind extractor.Kind, value string) ([]records.Document, error) {
	return s.cfg.Records.FindingDocuments(ctx, tenant, kind, value)
}

// Delete removes a document's records, then its object. A failure to
// delete the object is logged, not returned: the records are gone, and the
// object is unreachable without them.
func (s *Service) Delete(ctx context.Context, tenant, id string) error {
	// The pages name the previews; the deleted record comes back without them.
	full, _ := s.cfg.Records.Document(ctx, tenant, id)
	d, err := s.cfg.Records.DeleteDocument(ctx, tenant, id)
	if err != nil {
		return err
	}
	if err := s.cfg.Objects.Delete(ctx, d.ObjectKey); err != nil {
		s.log.Warn("delete object", "document", id, "error", err)
	}
	s.deletePreviews(ctx, d, len(full.Pages))
	return nil
}

// Ready checks the database and the object store.
func (s *Service) Ready(ctx context.Context) error {
	if err := s.cfg.Records.Ping(ctx); err != nil {
		return fmt.Errorf("database: %w", errors.Join(storage.ErrUnavailable, err))
	}
	var err error
	if c, ok := s.cfg.Objects.(storage.Checker); ok {
		err = c.Check(ctx)
	} else {
		err = s.cfg.Objects.List(ctx, "readyz/", func(storage.Info) error { return nil })
	}
	if err != nil {
		return fmt.Errorf("object store: %w", err)
	}
	return nil
}
