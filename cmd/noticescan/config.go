package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/noticescan/noticescan/api"
	"github.com/noticescan/noticescan/egress"
)

// config is everything the service commands read from flags and
// NOTICESCAN_* environment variables; flags win over the environment, the
// environment over the defaults. The defaults run on one machine with no
// set-up: files and an embedded database under the data directory.
type config struct {
	addr        string
	metricsAddr string
	dataDir     string
	databaseURL string
	workers     int
	fastOCR     bool
	maxUpload   int64
	// minBodyRate, bodyWindow, maxUploads and maxParts guard uploads
	// against slow and greedy clients (api.Config).
	minBodyRate int64
	bodyWindow  time.Duration
	maxUploads  int
	maxParts    int
	uploadWait  time.Duration
	// retentionEvery is how often serve and worker purge documents past
	// their tenant's retention; 0 never.
	retentionEvery time.Duration
	auth           bool
	logLevel       string
	rescueAfter    time.Duration
	webhookKey     string
	// webhookAllow is the operator's allow-list of internal callback
	// receivers; validate parses it into egress.
	webhookAllow string
	egress       *egress.Policy

	s3     s3Config
	envErr []string
}

type s3Config struct {
	endpoint, bucket, region, accessKey, secretKey, sse, kmsKeyID, prefix string
	tls                                                                   bool
}

// envVar describes one setting for the README table and --help.
type envVar struct{ flag, env, def, help string }

var settings = []envVar{
	{"addr", "NOTICESCAN_ADDR", "127.0.0.1:8080", "HTTP listen address"},
	{"metrics-addr", "NOTICESCAN_METRICS_ADDR", "", "serve /metrics without a key on this separate address; empty: on --addr, for requests with an API key"},
	{"data-dir", "NOTICESCAN_DATA_DIR", "./data", "embedded state: objects and SQLite database"},
	{"database-url", "NOTICESCAN_DATABASE_URL", "", "PostgreSQL URL; empty uses SQLite in the data dir"},
	{"workers", "NOTICESCAN_WORKERS", "number of CPUs", "OCR workers in this process (serve: 0 = HTTP only)"},
	{"fast-ocr", "NOTICESCAN_FAST_OCR", "false", "read 150-300 DPI scans as scanned, not at 300 DPI: faster, fewer numbers on poor scans"},
	{"max-upload", "NOTICESCAN_MAX_UPLOAD", "52428800", "largest accepted request body, bytes"},
	{"min-body-rate", "NOTICESCAN_MIN_BODY_RATE", "65536", "an upload body slower than this many bytes/s over each --body-window is cut (408)"},
	{"body-window", "NOTICESCAN_BODY_WINDOW", "30s", "the window --min-body-rate is measured over"},
	{"max-uploads", "NOTICESCAN_MAX_UPLOADS", "16", "uploads received at once; more wait their turn up to --upload-wait"},
	{"upload-wait", "NOTICESCAN_UPLOAD_WAIT", "30s", "how long an upload beyond --max-uploads waits for its turn before 503 with Retry-After"},
	{"max-parts", "NOTICESCAN_MAX_PARTS", "100", "parts of one multipart request; more get 400"},
	{"retention-interval", "NOTICESCAN_RETENTION_INTERVAL", "1h", "how often serve and worker delete documents past their tenant's retention ('tenants retention'); 0 never"},
	{"auth", "NOTICESCAN_AUTH", "true", "require API keys; false is allowed only on a loopback address"},
	{"log-level", "NOTICESCAN_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"rescue-after", "NOTICESCAN_RESCUE_AFTER", "5m", "PostgreSQL: rerun a job whose worker died after this long"},
	{"webhook-secret", "NOTICESCAN_WEBHOOK_SECRET", "generated in the data dir", "HMAC key for callback signatures"},
	{"webhook-allow", "NOTICESCAN_WEBHOOK_ALLOW", "", "internal callback receivers allowed, comma-separated CIDRs and host names (e.g. 10.1.0.0/16,hooks.internal); others must be public"},
	{"s3-endpoint", "NOTICESCAN_S3_ENDPOINT", "", "S3 host:port; set to store objects in S3 instead of the data dir"},
	{"s3-bucket", "NOTICESCAN_S3_BUCKET", "noticescan", "bucket (created if missing)"},
	{"s3-region", "NOTICESCAN_S3_REGION", "us-east-1", "region"},
	{"s3-access-key", "NOTICESCAN_S3_ACCESS_KEY", "", "access key"},
	{"s3-secret-key", "NOTICESCAN_S3_SECRET_KEY", "", "secret key"},
	{"s3-tls", "NOTICESCAN_S3_TLS", "true", "use https"},
	{"s3-sse", "NOTICESCAN_S3_SSE", "", "server-side encryption: AES256 or aws:kms"},
	{"s3-kms-key-id", "NOTICESCAN_S3_KMS_KEY_ID", "", "KMS key for aws:kms"},
	{"s3-prefix", "NOTICESCAN_S3_PREFIX", "", "key prefix inside the bucket"},
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

// register adds the service flags to fl, with defaults from the environment.
func (c *config) register(fl *flag.FlagSet) {
	fl.StringVar(&c.addr, "addr", env("NOTICESCAN_ADDR", "127.0.0.1:8080"), "")
	fl.StringVar(&c.metricsAddr, "metrics-addr", env("NOTICESCAN_METRICS_ADDR", ""), "")
	fl.StringVar(&c.dataDir, "data-dir", env("NOTICESCAN_DATA_DIR", "./data"), "")
	fl.StringVar(&c.databaseURL, "database-url", env("NOTICESCAN_DATABASE_URL", ""), "")
	fl.StringVar(&c.logLevel, "log-level", env("NOTICESCAN_LOG_LEVEL", "info"), "")
	fl.StringVar(&c.webhookKey, "webhook-secret", env("NOTICESCAN_WEBHOOK_SECRET", ""), "")
	fl.StringVar(&c.webhookAllow, "webhook-allow", env("NOTICESCAN_WEBHOOK_ALLOW", ""), "")
	fl.StringVar(&c.s3.endpoint, "s3-endpoint", env("NOTICESCAN_S3_ENDPOINT", ""), "")
	fl.StringVar(&c.s3.bucket, "s3-bucket", env("NOTICESCAN_S3_BUCKET", "noticescan"), "")
	fl.StringVar(&c.s3.region, "s3-region", env("NOTICESCAN_S3_REGION", "us-east-1"), "")
	fl.StringVar(&c.s3.accessKey, "s3-access-key", env("NOTICESCAN_S3_ACCESS_KEY", ""), "")
	fl.StringVar(&c.s3.secretKey, "s3-secret-key", env("NOTICESCAN_S3_SECRET_KEY", ""), "")
	fl.StringVar(&c.s3.sse, "s3-sse", env("NOTICESCAN_S3_SSE", ""), "")
	fl.StringVar(&c.s3.kmsKeyID, "s3-kms-key-id", env("NOTICESCAN_S3_KMS_KEY_ID", ""), "")
	fl.StringVar(&c.s3.prefix, "s3-prefix", env("NOTICESCAN_S3_PREFIX", ""), "")
	fl.Func("workers", "", intSetter(&c.workers))
	fl.BoolFunc("fast-ocr", "", boolSetter(&c.fastOCR))
	fl.Func("max-upload", "", int64Setter(&c.maxUpload))
	fl.Func("auth", "", boolSetter(&c.auth))
	fl.Func("min-body-rate", "", int64Setter(&c.minBodyRate))
	fl.Func("body-window", "", durationSetter(&c.bodyWindow))
	fl.Func("max-uploads", "", intSetter(&c.maxUploads))
	fl.Func("max-parts", "", intSetter(&c.maxParts))
	fl.Func("upload-wait", "", durationSetter(&c.uploadWait))
	fl.Func("retention-interval", "", durationSetter(&c.retentionEvery))
	fl.Func("s3-tls", "", boolSetter(&c.s3.tls))
	fl.Func("rescue-after", "", durationSetter(&c.rescueAfter))
	c.workers = runtime.NumCPU()
	c.maxUpload = 50 << 20
	c.minBodyRate, c.bodyWindow = api.DefaultMinBodyRate, api.DefaultBodyWindow
	c.maxUploads, c.maxParts = api.DefaultMaxUploads, api.DefaultMaxParts
	c.uploadWait = api.DefaultUploadWait
	c.retentionEvery = time.Hour
	c.auth = true
	c.s3.tls = true
	c.rescueAfter = 5 * time.Minute
	for _, s := range []struct {
		env string
		set func(string) error
	}{
		{"NOTICESCAN_WORKERS", intSetter(&c.workers)},
		{"NOTICESCAN_FAST_OCR", boolSetter(&c.fastOCR)},
		{"NOTICESCAN_MAX_UPLOAD", int64Setter(&c.maxUpload)},
		{"NOTICESCAN_AUTH", boolSetter(&c.auth)},
		{"NOTICESCAN_MIN_BODY_RATE", int64Setter(&c.minBodyRate)},
		{"NOTICESCAN_BODY_WINDOW", durationSetter(&c.bodyWindow)},
		{"NOTICESCAN_MAX_UPLOADS", intSetter(&c.maxUploads)},
		{"NOTICESCAN_MAX_PARTS", intSetter(&c.maxParts)},
		{"NOTICESCAN_UPLOAD_WAIT", durationSetter(&c.uploadWait)},
		{"NOTICESCAN_RETENTION_INTERVAL", durationSetter(&c.retentionEvery)},
		{"NOTICESCAN_S3_TLS", boolSetter(&c.s3.tls)},
		{"NOTICESCAN_RESCUE_AFTER", durationSetter(&c.rescueAfter)},
	} {
		if v, ok := os.LookupEnv(s.env); ok {
			if err := s.set(v); err != nil {
				// Reported by validate; a bad environment must not start a server silently.
				c.envErr = append(c.envErr, fmt.Sprintf("%s: %v", s.env, err))
			}
		}
	}
}

func intSetter(p *int) func(string) error {
	return func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return fmt.Errorf("want a whole number >= 0, got %q", s)
		}
		*p = n
		return nil
	}
}

func int64Setter(p *int64) func(string) error {
	return func(s string) error {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			return fmt.Errorf("want a positive number of bytes, got %q", s)
		}
		*p = n
		return nil
	}
}

func boolSetter(p *bool) func(string) error {
	return func(s string) error {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("want true or false, got %q", s)
		}
		*p = b
		return nil
	}
}

func durationSetter(p *time.Duration) func(string) error {
	return func(s string) error {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return fmt.Errorf("want a duration such as 5m, got %q", s)
		}
		*p = d
		return nil
	}
}

// validate checks the settings that cannot be checked one by one.
func (c *config) validate() error {
	if len(c.envErr) > 0 {
		return fmt.Errorf("bad environment: %s", strings.Join(c.envErr, "; "))
	}
	if c.dataDir == "" {
		return fmt.Errorf("--data-dir must not be empty")
	}
	abs, err := filepath.Abs(c.dataDir)
	if err != nil {
		return fmt.Errorf("--data-dir: %w", err)
	}
	c.dataDir = abs
	if c.egress, err = egress.ParseAllow(c.webhookAllow); err != nil {
		return fmt.Errorf("--webhook-allow: %w", err)
	}
	return nil
}

// settingsHelp renders the settings table for --help.
func settingsHelp() string {
	var b strings.Builder
	for _, s := range settings {
		fmt.Fprintf(&b, "    --%-16s %-28s %s (default: %s)\n", s.flag, s.env, s.help, orNone(s.def))
	}
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
