package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
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

// setting is one flag with its NOTICESCAN_* variable: bind gives the
// parser that stores a value into a config, and value is the default it
// starts from (def is how --help and the README say it).
type setting struct {
	flag, env, def, help string
	value                string
	// isBool lets the flag stand alone (--fast-ocr); the others take a
	// value, so "--auth false" still means false.
	isBool bool
	bind   func(c *config) func(string) error
}

// Settings come in groups, and each command takes the groups it uses, so
// that its --help lists only what changes it.
var (
	// storeSettings locate the records and, for the embedded default, the objects.
	storeSettings = []setting{
		{"data-dir", "NOTICESCAN_DATA_DIR", "./data", "embedded state: objects and SQLite database", "./data", false, str(func(c *config) *string { return &c.dataDir })},
		{"database-url", "NOTICESCAN_DATABASE_URL", "", "PostgreSQL URL; empty uses SQLite in the data dir", "", false, str(func(c *config) *string { return &c.databaseURL })},
	}
	// ocrSettings tune the reading of documents.
	ocrSettings = []setting{
		{"workers", "NOTICESCAN_WORKERS", "number of CPUs", "OCR workers in this process (serve: 0 = HTTP only)", strconv.Itoa(runtime.NumCPU()), false, func(c *config) func(string) error { return intSetter(&c.workers) }},
		{"fast-ocr", "NOTICESCAN_FAST_OCR", "false", "read 150-300 DPI scans as scanned, not at 300 DPI: faster, fewer numbers on poor scans", "false", true, func(c *config) func(string) error { return boolSetter(&c.fastOCR) }},
	}
	// httpSettings are the HTTP server's.
	httpSettings = []setting{
		{"addr", "NOTICESCAN_ADDR", "127.0.0.1:8080", "HTTP listen address", "127.0.0.1:8080", false, str(func(c *config) *string { return &c.addr })},
		{"max-upload", "NOTICESCAN_MAX_UPLOAD", "52428800", "largest accepted request body, bytes", strconv.Itoa(50 << 20), false, func(c *config) func(string) error { return int64Setter(&c.maxUpload) }},
		{"min-body-rate", "NOTICESCAN_MIN_BODY_RATE", "65536", "an upload body slower than this many bytes/s over each --body-window is cut (408)", strconv.Itoa(api.DefaultMinBodyRate), false, func(c *config) func(string) error { return int64Setter(&c.minBodyRate) }},
		{"body-window", "NOTICESCAN_BODY_WINDOW", "30s", "the window --min-body-rate is measured over", api.DefaultBodyWindow.String(), false, func(c *config) func(string) error { return durationSetter(&c.bodyWindow, false) }},
		{"max-uploads", "NOTICESCAN_MAX_UPLOADS", "16", "uploads received at once; more wait their turn up to --upload-wait", strconv.Itoa(api.DefaultMaxUploads), false, func(c *config) func(string) error { return intSetter(&c.maxUploads) }},
		{"upload-wait", "NOTICESCAN_UPLOAD_WAIT", "30s", "how long an upload beyond --max-uploads waits for its turn before 503 with Retry-After", api.DefaultUploadWait.String(), false, func(c *config) func(string) error { return durationSetter(&c.uploadWait, false) }},
		{"max-parts", "NOTICESCAN_MAX_PARTS", "100", "parts of one multipart request; more get 400", strconv.Itoa(api.DefaultMaxParts), false, func(c *config) func(string) error { return intSetter(&c.maxParts) }},
		{"auth", "NOTICESCAN_AUTH", "true", "require API keys; false is allowed only on a loopback address", "true", false, func(c *config) func(string) error { return boolSetter(&c.auth) }},
	}
	// jobSettings are those of a process that runs the service's jobs.
	jobSettings = []setting{
		{"metrics-addr", "NOTICESCAN_METRICS_ADDR", "", "serve /metrics without a key on this separate address; empty: on --addr, for requests with an API key", "", false, str(func(c *config) *string { return &c.metricsAddr })},
		{"log-level", "NOTICESCAN_LOG_LEVEL", "info", "debug, info, warn or error", "info", false, str(func(c *config) *string { return &c.logLevel })},
		{"retention-interval", "NOTICESCAN_RETENTION_INTERVAL", "1h", "how often serve and worker delete documents past their tenant's retention ('tenants retention'); 0 never", "1h", false, func(c *config) func(string) error { return durationSetter(&c.retentionEvery, true) }},
		{"rescue-after", "NOTICESCAN_RESCUE_AFTER", "5m", "PostgreSQL: rerun a job whose worker died after this long", "5m", false, func(c *config) func(string) error { return durationSetter(&c.rescueAfter, false) }},
		{"webhook-secret", "NOTICESCAN_WEBHOOK_SECRET", "generated in the data dir", "HMAC key for callback signatures", "", false, str(func(c *config) *string { return &c.webhookKey })},
		{"webhook-allow", "NOTICESCAN_WEBHOOK_ALLOW", "", "internal callback receivers allowed, comma-separated CIDRs and host names (e.g. 10.1.0.0/16,hooks.internal); others must be public", "", false, str(func(c *config) *string { return &c.webhookAllow })},
	}
	// s3Settings place the objects in S3 instead of the data dir.
	s3Settings = []setting{
		{"s3-endpoint", "NOTICESCAN_S3_ENDPOINT", "", "S3 host:port; set to store objects in S3 instead of the data dir", "", false, str(func(c *config) *string { return &c.s3.endpoint })},
		{"s3-bucket", "NOTICESCAN_S3_BUCKET", "noticescan", "bucket (created if missing)", "noticescan", false, str(func(c *config) *string { return &c.s3.bucket })},
		{"s3-region", "NOTICESCAN_S3_REGION", "us-east-1", "region", "us-east-1", false, str(func(c *config) *string { return &c.s3.region })},
		{"s3-access-key", "NOTICESCAN_S3_ACCESS_KEY", "", "access key", "", false, str(func(c *config) *string { return &c.s3.accessKey })},
		{"s3-secret-key", "NOTICESCAN_S3_SECRET_KEY", "", "secret key", "", false, str(func(c *config) *string { return &c.s3.secretKey })},
		{"s3-tls", "NOTICESCAN_S3_TLS", "true", "use https", "true", false, func(c *config) func(string) error { return boolSetter(&c.s3.tls) }},
		{"s3-sse", "NOTICESCAN_S3_SSE", "", "server-side encryption: AES256 or aws:kms", "", false, str(func(c *config) *string { return &c.s3.sse })},
		{"s3-kms-key-id", "NOTICESCAN_S3_KMS_KEY_ID", "", "KMS key for aws:kms", "", false, str(func(c *config) *string { return &c.s3.kmsKeyID })},
		{"s3-prefix", "NOTICESCAN_S3_PREFIX", "", "key prefix inside the bucket", "", false, str(func(c *config) *string { return &c.s3.prefix })},
	}
)

// Each command's settings.
var (
	serveSettings  = groups(storeSettings, httpSettings, ocrSettings, jobSettings, s3Settings)
	workerSettings = groups(storeSettings, ocrSettings, jobSettings, s3Settings)
	adminSettings  = storeSettings
	purgeSettings  = groups(storeSettings, s3Settings)
	batchSettings  = groups(ocrSettings, s3Settings)
	// bench times pages one at a time with one engine: only how it reads.
	benchSettings = pick(ocrSettings, "fast-ocr")
)

// pick is the settings of g with the given flag names.
func pick(g []setting, names ...string) []setting {
	var out []setting
	for _, s := range g {
		if slices.Contains(names, s.flag) {
			out = append(out, s)
		}
	}
	return out
}

func groups(gs ...[]setting) []setting {
	var out []setting
	for _, g := range gs {
		out = append(out, g...)
	}
	return out
}

func str(field func(c *config) *string) func(c *config) func(string) error {
	return func(c *config) func(string) error {
		return func(s string) error { *field(c) = s; return nil }
	}
}

// register starts c from the defaults of every setting, takes the
// environment for those in use, and adds their flags to fl, which win over
// both. A bad environment value is kept for validate, which names the
// variable: a typo there must stop the command, not pass unnoticed.
func (c *config) register(fl *flag.FlagSet, use []setting) {
	for _, s := range groups(storeSettings, ocrSettings, httpSettings, jobSettings, s3Settings) {
		if err := s.bind(c)(s.value); err != nil {
			panic("default of --" + s.flag + ": " + err.Error())
		}
	}
	for _, s := range use {
		set := s.bind(c)
		if v, ok := os.LookupEnv(s.env); ok {
			if err := set(v); err != nil {
				c.envErr = append(c.envErr, fmt.Sprintf("%s: %v", s.env, err))
			}
		}
		if s.isBool {
			fl.BoolFunc(s.flag, s.help, set)
		} else {
			fl.Func(s.flag, s.help, set)
		}
	}
}

// envError reports the bad environment values register found.
func (c *config) envError() error {
	if len(c.envErr) == 0 {
		return nil
	}
	return fmt.Errorf("bad environment: %s", strings.Join(c.envErr, "; "))
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

// durationSetter parses a positive duration, or also 0 when zeroOK (a
// setting where 0 means never).
func durationSetter(p *time.Duration, zeroOK bool) func(string) error {
	return func(s string) error {
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 || d == 0 && !zeroOK {
			return fmt.Errorf("want a duration such as 5m, got %q", s)
		}
		*p = d
		return nil
	}
}

// validate checks the settings that cannot be checked one by one.
func (c *config) validate() error {
	if err := c.envError(); err != nil {
		return err
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

// settingsHelp renders a command's settings for its --help.
func settingsHelp(use []setting) string {
	var b strings.Builder
	for _, s := range use {
		fmt.Fprintf(&b, "    --%-18s %-29s %s (default: %s)\n", s.flag, s.env, s.help, orNone(s.def))
	}
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// parseAnywhere parses fl from args with flags before, between or after
// the arguments, which it returns in order; "--" ends the flags.
func parseAnywhere(fl *flag.FlagSet, args []string) ([]string, error) {
	var out []string
	for {
		if err := fl.Parse(args); err != nil {
			return nil, err
		}
		rest := fl.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(out, rest...), nil
		}
		if len(rest) == 0 {
			return out, nil
		}
		out = append(out, rest[0])
		args = rest[1:]
	}
}

// envHelp is the ENVIRONMENT section of a command's --help: each variable
// and the flag that wins over it.
func envHelp(use []setting) string {
	var b strings.Builder
	b.WriteString("ENVIRONMENT (a flag wins over its variable)\n")
	for _, s := range use {
		fmt.Fprintf(&b, "    %-28s --%s\n", s.env, s.flag)
	}
	return b.String()
}
