package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"
)

const workerHelp = `NAME
    noticescan worker - run only OCR job workers, no HTTP

SYNOPSIS
    noticescan worker --database-url URL --s3-endpoint HOST:PORT [flags]

DESCRIPTION
    Works the processing queue of a shared PostgreSQL database, reading
    uploads from the shared S3 bucket. Run as many as the load needs, on
    as many machines; 'noticescan serve' instances take the uploads. On
    SIGINT or SIGTERM it lets running jobs finish for up to 30 seconds and
    leaves the rest queued for other workers.

SETTINGS (flag, environment variable, meaning)
%s`

func runWorker(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("worker", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	var cfg config
	cfg.register(fl, workerSettings)
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stdout, workerHelp, settingsHelp(workerSettings))
			return nil
		}
		return usageError("worker: %v (see 'noticescan worker --help')", err)
	}
	if err := cfg.validate(); err != nil {
		return usageError("worker: %v", err)
	}
	if cfg.workers < 1 {
		return usageError("worker: --workers must be at least 1")
	}
	log, err := newLogger(stderr, cfg.logLevel)
	if err != nil {
		return usageError("worker: %v", err)
	}
	a, err := openApp(ctx, cfg, log, true)
	if err != nil {
		return err
	}
	defer a.close()
	if err := a.startWorkers(ctx); err != nil {
		return err
	}
	if cfg.metricsAddr != "" {
		if err := serveMetrics(ctx, cfg.metricsAddr, a.reg, log); err != nil {
			a.stopWorkers(time.Second)
			return fmt.Errorf("worker: %w", err)
		}
	}
	a.expireEvery(ctx, cfg.retentionEvery)
	log.Info("worker started", "database", dbKind(cfg), "objects", objectsKind(cfg), "workers", cfg.workers)
	<-ctx.Done()
	log.Info("worker stopping")
	a.stopWorkers(30 * time.Second)
	return nil
}
