package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/ocr"
	"github.com/noticescan/noticescan/pipeline"
	"github.com/noticescan/noticescan/records/sqlrecords"
	"github.com/noticescan/noticescan/service"
	"github.com/noticescan/noticescan/storage"
	"github.com/noticescan/noticescan/storage/disk"
	"github.com/noticescan/noticescan/storage/s3"
)

// app holds the service's open dependencies; close releases them in
// reverse order.
type app struct {
	cfg     config
	log     *slog.Logger
	db      *sqlrecords.DB
	objects storage.Store
	opener  *document.Opener
	pipe    *pipeline.Pipeline
	svc     *service.Service
	reg     *prometheus.Registry
	closers []func() error
}

func newLogger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level: %w", err)
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// openDB opens the records database: PostgreSQL when a URL is given,
// otherwise SQLite in the data directory.
func openDB(ctx context.Context, cfg config, log *slog.Logger) (*sqlrecords.DB, error) {
	c := sqlrecords.Config{Logger: log, RescueAfter: cfg.rescueAfter}
	if cfg.databaseURL != "" {
		c.Driver, c.DSN = sqlrecords.DriverPostgres, cfg.databaseURL
	} else {
		if err := privateDataDir(cfg.dataDir, log); err != nil {
			return nil, err
		}
		c.Driver, c.DSN = sqlrecords.DriverSQLite, filepath.Join(cfg.dataDir, dbFile)
		if err := createPrivate(c.DSN); err != nil {
			return nil, err
		}
	}
	// sqlrecords.Open's errors already say "open DRIVER database".
	return sqlrecords.Open(ctx, c)
}

func openObjects(ctx context.Context, cfg config, log *slog.Logger) (storage.Store, func() error, error) {
	if cfg.s3.endpoint == "" {
		if err := privateDataDir(cfg.dataDir, log); err != nil {
			return nil, nil, err
		}
		st, err := disk.New(filepath.Join(cfg.dataDir, "objects"))
		if err != nil {
			return nil, nil, fmt.Errorf("open object store: %w", err)
		}
		return st, st.Close, nil
	}
	st, err := s3.New(ctx, s3.Config{
		Endpoint: cfg.s3.endpoint, Bucket: cfg.s3.bucket, Region: cfg.s3.region,
		AccessKey: cfg.s3.accessKey, SecretKey: cfg.s3.secretKey, UseTLS: cfg.s3.tls,
		SSE: cfg.s3.sse, KMSKeyID: cfg.s3.kmsKeyID, Prefix: cfg.s3.prefix, CreateBucket: true,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("open s3 object store: %w", err)
	}
	return st, func() error { return nil }, nil
}

// batchSources opens the buckets batches read, with the service's S3
// settings; nil without S3. The service's own bucket is refused: it holds
// every tenant's files.
func batchSources(cfg config) func(ctx context.Context, bucket string) (storage.Store, error) {
	if cfg.s3.endpoint == "" {
		return nil
	}
	return func(ctx context.Context, bucket string) (storage.Store, error) {
		if bucket == cfg.s3.bucket {
			return nil, fmt.Errorf("%w: the service's own bucket is not a batch source", storage.ErrNotFound)
		}
		st, err := s3.New(ctx, s3.Config{
			Endpoint: cfg.s3.endpoint, Bucket: bucket, Region: cfg.s3.region,
			AccessKey: cfg.s3.accessKey, SecretKey: cfg.s3.secretKey, UseTLS: cfg.s3.tls,
		})
		if err != nil && !errors.Is(err, storage.ErrUnavailable) && ctx.Err() == nil {
			return nil, fmt.Errorf("%w: %v", storage.ErrNotFound, err)
		}
		return st, err
	}
}

// openApp opens everything a service process needs. withOCR starts the
// OCR engines, which only processes that run workers need.
func openApp(ctx context.Context, cfg config, log *slog.Logger, withOCR bool) (a *app, err error) {
	a = &app{cfg: cfg, log: log, reg: prometheus.NewRegistry()}
	defer func() {
		if err != nil {
			a.close()
		}
	}()
	a.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	registerBuildInfo(a.reg)
	if a.db, err = openDB(ctx, cfg, log); err != nil {
		return a, err
	}
	a.closers = append(a.closers, a.db.Close)
	db := a.db
	a.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "noticescan_queue_depth", Help: "Documents queued or being processed, all tenants.",
	}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		n, err := db.Pending(ctx)
		if err != nil {
			return -1
		}
		return float64(n)
	}))
	objects, closeObjects, err := openObjects(ctx, cfg, log)
	if err != nil {
		return a, err
	}
	a.objects = objects
	a.closers = append(a.closers, closeObjects)
	secret, err := webhookSecret(cfg)
	if err != nil {
		return a, err
	}
	var proc service.Processor
	if withOCR {
		a.opener, err = document.NewOpener(document.Config{PDFInstances: cfg.workers, PDFiumCacheDir: cacheDir("pdfium")})
		if err != nil {
			return a, fmt.Errorf("start document reader: %w", err)
		}
		a.closers = append(a.closers, a.opener.Close)
		limitGoMemory(a.opener.ReservedMemory(), cfg.workers)
		a.pipe, err = pipeline.New(a.opener, pipeline.Config{Workers: cfg.workers, OCR: ocr.Config{Fast: cfg.fastOCR}, Logger: log})
		if err != nil {
			return a, fmt.Errorf("start ocr: %w", err)
		}
		a.closers = append(a.closers, a.pipe.Close)
		proc = a.pipe
	}
	// A process on shared infrastructure may have no writable data dir:
	// the system's temporary directory serves then (files are 0600 there
	// too).
	spool, err := spoolDir(cfg.dataDir)
	if err != nil {
		log.Warn("uploads are received in the system's temporary directory", "error", err)
		spool = ""
	}
	a.svc = service.New(service.Config{
		Objects: a.objects, Records: a.db, Batches: a.db, Grants: a.db, Retention: a.db, Sources: batchSources(cfg), Processor: proc, Logger: log,
		Metrics: service.NewMetrics(a.reg), WebhookSecret: secret, MaxBytes: cfg.maxUpload, Egress: cfg.egress, SpoolDir: spool,
	})
	return a, nil
}

// expireEvery purges documents past their tenant's retention now and then
// every interval until ctx ends; every serve and worker process does, and
// a document two of them find is deleted once.
func (a *app) expireEvery(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		return
	}
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			if err := a.svc.Expire(ctx, time.Now()); err != nil && ctx.Err() == nil {
				a.log.Warn("retention", "error", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// startWorkers runs processing jobs in this process.
func (a *app) startWorkers(ctx context.Context) error {
	process := newTestGate().process(a.svc.Process)
	return a.db.Start(ctx, sqlrecords.Handlers{Process: process, Notify: a.svc.Notify, List: a.svc.ListBatch}, a.cfg.workers)
}

// stopWorkers lets in-flight jobs finish for up to grace; what does not
// finish stays queued and runs again on the next start.
func (a *app) stopWorkers(grace time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := a.db.Stop(ctx); err != nil {
		a.log.Warn("stop workers", "error", err)
	}
}

func (a *app) close() {
	var errs []error
	for i := len(a.closers) - 1; i >= 0; i-- {
		errs = append(errs, a.closers[i]())
	}
	if err := errors.Join(errs...); err != nil {
		a.log.Warn("close", "error", err)
	}
}

// webhookSecret is the configured secret, or one generated once and kept
// in the data directory so callbacks stay verifiable across restarts.
func webhookSecret(cfg config) ([]byte, error) {
	if cfg.webhookKey != "" {
		return []byte(cfg.webhookKey), nil
	}
	if cfg.databaseURL != "" {
		// Processes sharing a database must sign callbacks with one key;
		// a key generated per data dir would differ between them.
		return nil, fmt.Errorf("--webhook-secret (NOTICESCAN_WEBHOOK_SECRET) is required when processes share a database (--database-url)")
	}
	path := filepath.Join(cfg.dataDir, "webhook.secret")
	if b, err := os.ReadFile(path); err == nil {
		return []byte(strings.TrimSpace(string(b))), nil
	}
	b := make([]byte, 32)
	rand.Read(b)
	s := hex.EncodeToString(b)
	if err := os.MkdirAll(cfg.dataDir, privateDir); err != nil {
		return nil, fmt.Errorf("webhook secret: %w", err)
	}
	if err := os.WriteFile(path, []byte(s+"\n"), privateFile); err != nil {
		return nil, fmt.Errorf("webhook secret: %w", err)
	}
	return []byte(s), nil
}
