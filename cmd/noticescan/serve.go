package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/noticescan/noticescan/api"
	"github.com/noticescan/noticescan/service"
	"github.com/noticescan/noticescan/web"
)

const serveHelp = `NAME
    noticescan serve - run the HTTP API and, by default, the OCR workers

SYNOPSIS
    noticescan serve [--addr HOST:PORT] [--data-dir DIR] [flags]

DESCRIPTION
    With no settings it runs on one machine with no set-up: uploads are
    kept under DIR/objects and records and jobs in DIR/noticescan.db
    (SQLite). Give --database-url for PostgreSQL and --s3-endpoint for S3;
    then several serve and worker processes can share them.

    Clients authenticate with API keys made by 'noticescan keys create'.
    When the database holds no key at all, serve makes one for tenant
    'default' and prints it once on standard error, with the page's URL.
    On SIGINT or SIGTERM the server stops taking requests, lets running
    jobs finish for up to 30 seconds, and leaves the rest queued for the
    next start: an acknowledged upload is never lost.

SETTINGS (flag, environment variable, meaning)
%s
ENDPOINTS
    POST /v1/documents, GET /v1/documents[/{id}[/file]], DELETE /v1/documents/{id},
    GET /v1/findings, POST /v1/batches, GET /v1/batches[/{id}[/results]],
    GET /healthz, /readyz, /metrics (with an API key, or on --metrics-addr
    without one), /openapi.yaml
`

// The service answers every route: api finds the batch routes by a type
// assertion, so a missing method would drop them without a compile error.
var (
	_ api.Service      = (*service.Service)(nil)
	_ api.BatchService = (*service.Service)(nil)
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	var cfg config
	cfg.register(fl, serveSettings)
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stdout, serveHelp, settingsHelp(serveSettings))
			return nil
		}
		return usageError("serve: %v (see 'noticescan serve --help')", err)
	}
	if fl.NArg() > 0 {
		return usageError("serve: unexpected argument %q", fl.Arg(0))
	}
	if err := cfg.validate(); err != nil {
		return usageError("serve: %v", err)
	}
	if !cfg.auth && !loopback(cfg.addr) {
		return usageError("serve: --auth=false is allowed only on a loopback address, not %s", cfg.addr)
	}
	log, err := newLogger(stderr, cfg.logLevel)
	if err != nil {
		return usageError("serve: %v", err)
	}
	a, err := openApp(ctx, cfg, log, cfg.workers > 0)
	if err != nil {
		return err
	}
	defer a.close()
	if cfg.workers > 0 {
		if err := a.startWorkers(ctx); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		a.stopWorkers(time.Second)
		return fmt.Errorf("serve: %w", err)
	}
	var metrics http.Handler
	if cfg.metricsAddr == "" {
		metrics = promhttp.HandlerFor(a.reg, promhttp.HandlerOpts{})
	} else if err := serveMetrics(ctx, cfg.metricsAddr, a.reg, log); err != nil {
		ln.Close()
		a.stopWorkers(time.Second)
		return fmt.Errorf("serve: %w", err)
	}
	h := api.New(api.Config{
		Service: a.svc, Logger: log, MaxUploadBytes: cfg.maxUpload, OpenAccess: !cfg.auth,
		Metrics: metrics, ObserveRequest: requestMetrics(a.reg), Page: web.Handler(), Callbacks: cfg.egress,
		MinBodyRate: cfg.minBodyRate, BodyWindow: cfg.bodyWindow, MaxUploads: cfg.maxUploads, MaxParts: cfg.maxParts, UploadWait: cfg.uploadWait,
	})
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	log.Info("listening", "addr", "http://"+ln.Addr().String(), "data_dir", cfg.dataDir,
		"database", dbKind(cfg), "objects", objectsKind(cfg), "workers", cfg.workers, "auth", cfg.auth)
	if cfg.auth {
		if err := firstKey(ctx, a, cfg, pageURL(ln.Addr()), stderr); err != nil {
			log.Warn("first key", "error", err)
		}
	}
	a.expireEvery(ctx, cfg.retentionEvery)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		a.stopWorkers(30 * time.Second)
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Warn("http shutdown", "error", err)
	}
	a.stopWorkers(30 * time.Second)
	return nil
}

// firstTenant owns the key a server makes on its first start.
const firstTenant = "default"

// firstKey makes a key when the database holds none at all, revoked ones
// included, and prints it once with the way in: the one moment a new
// installation needs a key is its first start, and the secret is never
// shown again (only its hash is stored). A database that has ever held a
// key gets none, so a restart prints nothing and a revoked set of keys is
// not silently replaced. The keys command is named as this program was
// started (./bin/noticescan, noticescan), so the line can be pasted.
func firstKey(ctx context.Context, a *app, cfg config, url string, w io.Writer) error {
	// One step, not a look then a make: servers starting together on an
	// empty database make one key between them, and only its maker prints.
	secret, key, made, err := a.db.CreateFirstKey(ctx, firstTenant)
	if err != nil || !made {
		return err
	}
	fmt.Fprintf(w, `
noticescan: first start: there were no API keys, so key %s was made for tenant %q.
It is shown this once (only its hash is kept); sign in at %s with:

    %s

More keys: %s keys create --tenant NAME %s

`, key.ID, key.Tenant, url, secret, os.Args[0], keysWhere(cfg))
	return nil
}

// keysWhere is the database argument of a keys command for the database
// this server uses; a PostgreSQL URL may hold a password, so it is named
// by its variable.
func keysWhere(cfg config) string {
	if cfg.databaseURL != "" {
		return `--database-url "$NOTICESCAN_DATABASE_URL"`
	}
	return "--data-dir " + cfg.dataDir
}

// pageURL is where a browser on this machine finds the page: an
// unspecified listen address (0.0.0.0, ::) is reached on loopback.
func pageURL(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return "http://" + addr.String() + "/"
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, fmt.Sprint(tcp.Port)) + "/"
}

func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func dbKind(cfg config) string {
	if cfg.databaseURL != "" {
		return "postgres"
	}
	return "sqlite"
}

func objectsKind(cfg config) string {
	if cfg.s3.endpoint != "" {
		return "s3"
	}
	return "disk"
}
