package main_test

import (
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/noticegen"
)

// TestCLI_BadEnvironmentRefused: every command that reads a setting from
// NOTICESCAN_* refuses a bad value with the variable's name, and a good
// value takes effect.
func TestCLI_BadEnvironmentRefused(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "x.pdf")
	if err := os.WriteFile(file, []byte("%PDF-1.4\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		env  string
		args []string
	}{
		{"NOTICESCAN_WORKERS=many", []string{"extract", file}},
		{"NOTICESCAN_FAST_OCR=maybe", []string{"extract", file}},
		{"NOTICESCAN_FAST_OCR=maybe", []string{"bench", file}},
		{"NOTICESCAN_WORKERS=-1", []string{"batch", "--out", filepath.Join(dir, "o.jsonl"), dir}},
		{"NOTICESCAN_MAX_UPLOAD=big", []string{"serve", "--data-dir", dir, "--addr", "127.0.0.1:0"}},
		{"NOTICESCAN_RESCUE_AFTER=soon", []string{"worker", "--data-dir", dir}},
		{"NOTICESCAN_S3_TLS=perhaps", []string{"purge", "--tenant", "acme", "--data-dir", dir}},
	} {
		name := strings.SplitN(tc.env, "=", 2)[0]
		_, stderr, err := runCLIStatus(t, []string{tc.env}, tc.args...)
		if err == nil || !strings.Contains(stderr, name) {
			t.Errorf("%s noticescan %s: %v, want refused naming %s; stderr: %s", tc.env, tc.args[0], err, name, stderr)
		}
	}
	// The environment is read, not only checked: 0 workers is a setting
	// extract cannot run with.
	_, stderr, err := runCLIStatus(t, []string{"NOTICESCAN_WORKERS=0"}, "extract", file)
	if err == nil || !strings.Contains(stderr, "--workers must be at least 1") {
		t.Errorf("NOTICESCAN_WORKERS=0 extract: %v; stderr: %s", err, stderr)
	}
	// A flag wins over the environment.
	_, stderr, err = runCLIStatus(t, []string{"NOTICESCAN_WORKERS=0"}, "extract", "--quiet", "--workers", "1", "--format", "jsonl", file)
	if strings.Contains(stderr, "--workers") {
		t.Errorf("--workers 1 over NOTICESCAN_WORKERS=0: %v; stderr: %s", err, stderr)
	}
}

// TestCLI_HelpListsEnvironment: each command's --help names the variables
// it reads, and only those.
func TestCLI_HelpListsEnvironment(t *testing.T) {
	for _, tc := range []struct {
		args      []string
		want, not []string
	}{
		{[]string{"extract", "--help"}, []string{"NOTICESCAN_WORKERS", "NOTICESCAN_FAST_OCR"}, []string{"NOTICESCAN_ADDR"}},
		{[]string{"serve", "--help"}, []string{"NOTICESCAN_ADDR", "NOTICESCAN_MAX_UPLOAD", "NOTICESCAN_WORKERS", "NOTICESCAN_S3_ENDPOINT"}, nil},
		{[]string{"worker", "--help"}, []string{"NOTICESCAN_DATABASE_URL", "NOTICESCAN_WORKERS", "NOTICESCAN_S3_ENDPOINT", "NOTICESCAN_METRICS_ADDR"},
			[]string{"NOTICESCAN_ADDR", "NOTICESCAN_MAX_UPLOAD", "NOTICESCAN_MIN_BODY_RATE", "NOTICESCAN_MAX_UPLOADS", "NOTICESCAN_MAX_PARTS", "NOTICESCAN_AUTH"}},
		{[]string{"keys", "--help"}, []string{"NOTICESCAN_DATA_DIR", "NOTICESCAN_DATABASE_URL"}, []string{"NOTICESCAN_WORKERS"}},
		{[]string{"tenants", "--help"}, []string{"NOTICESCAN_DATA_DIR", "NOTICESCAN_DATABASE_URL"}, nil},
		{[]string{"purge", "--help"}, []string{"NOTICESCAN_DATA_DIR", "NOTICESCAN_S3_ENDPOINT"}, []string{"NOTICESCAN_ADDR"}},
		{[]string{"batch", "--help"}, []string{"NOTICESCAN_WORKERS", "NOTICESCAN_S3_ENDPOINT"}, nil},
		{[]string{"bench", "--help"}, []string{"NOTICESCAN_FAST_OCR"}, []string{"NOTICESCAN_WORKERS"}},
		{[]string{"health", "--help"}, []string{"NOTICESCAN_ADDR", "--url", "/readyz"}, nil},
	} {
		out := runCLI(t, nil, tc.args...)
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("noticescan %s lacks %s:\n%s", strings.Join(tc.args, " "), w, out)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(out, n) {
				t.Errorf("noticescan %s lists %s, which it does not read:\n%s", strings.Join(tc.args, " "), n, out)
			}
		}
		if lines := strings.Count(out, "\n"); lines < 5 {
			t.Errorf("noticescan %s: %d lines of help", strings.Join(tc.args, " "), lines)
		}
	}
}

// TestKeys_RevokeFlagsEitherSide: keys revoke takes its flags before or
// after the key ID.
func TestKeys_RevokeFlagsEitherSide(t *testing.T) {
	dir := t.TempDir()
	a, b := MustCreateKey(t, dir, "acme"), MustCreateKey(t, dir, "acme")
	idA, idB := MustKeyID(t, dir, "acme", a), MustKeyID(t, dir, "acme", b)
	runCLI(t, nil, "keys", "revoke", "--tenant", "acme", "--data-dir", dir, idA)
	runCLI(t, nil, "keys", "revoke", idB, "--tenant", "acme", "--data-dir", dir)
	out := runCLI(t, nil, "keys", "list", "--tenant", "acme", "--data-dir", dir)
	for _, id := range []string{idA, idB} {
		line := regexp.MustCompile(`(?m)^` + id + `\s.*$`).FindString(out)
		if f := strings.Fields(line); len(f) != 5 || f[4] == "-" {
			t.Errorf("key %s not revoked: %q\n%s", id, line, out)
		}
	}
}

// stutter finds an error that says the same step twice in a row
// ("open: open:"), or "".
func stutter(s string) string {
	ms := regexp.MustCompile(`(\w+): `).FindAllStringSubmatchIndex(s, -1)
	for i := 1; i < len(ms); i++ {
		if ms[i][0] == ms[i-1][1] && s[ms[i][2]:ms[i][3]] == s[ms[i-1][2]:ms[i-1][3]] {
			return s[ms[i-1][0]:ms[i][1]]
		}
	}
	return ""
}

// TestExtract_ErrorsSayItOnce: a file of the wrong type fails with an
// error that names the step once.
func TestExtract_ErrorsSayItOnce(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("not a notice, just words\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, stderr, err := runCLIStatus(t, nil, "extract", "--format", "jsonl", text, filepath.Join(dir, "missing.pdf"))
	if err == nil {
		t.Fatalf("extract of a text file and a missing one succeeded:\n%s", out)
	}
	if !strings.Contains(out+stderr, "unsupported file type") && !strings.Contains(out+stderr, "no such file") {
		t.Fatalf("no error about the files:\n%s\n%s", out, stderr)
	}
	if stutter("x: open: open: y") == "" {
		t.Fatal("the stutter check finds nothing")
	}
	if m := stutter(out + stderr); m != "" {
		t.Errorf("an error says %q twice:\n%s\n%s", m, out, stderr)
	}
}

// TestHealth_FollowsConfiguredAddress: with NOTICESCAN_ADDR set as for the
// server, health asks that port, an unspecified host on loopback.
func TestHealth_FollowsConfiguredAddress(t *testing.T) {
	// The server's log is checked for identifiers; one notice gives it some
	// to look for.
	mustGenerate(t, noticegen.Options{Seed: 13, Count: 1, Formats: []noticegen.Format{noticegen.FormatPDFDigital}})
	s := MustStartServer(t, ServerOptions{Args: []string{"--workers", "0"}})
	_, port, err := net.SplitHostPort(s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	if out := runCLI(t, []string{"NOTICESCAN_ADDR=0.0.0.0:" + port}, "health"); strings.TrimSpace(out) != "ok" {
		t.Errorf("health: %q", out)
	}
	if _, stderr, err := runCLIStatus(t, []string{"NOTICESCAN_ADDR=127.0.0.1:" + mustFreePort(t)}, "health"); err == nil {
		t.Errorf("health against a port nobody listens on passed; stderr %s", stderr)
	}
}

// TestREADME_SettingsMatchHelp: every variable serve reads is in the
// README's configuration table, with the default serve --help gives when
// that default is a number, a duration or a switch.
func TestREADME_SettingsMatchHelp(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(`(?m)^\s+--\S+\s+(NOTICESCAN_[A-Z0-9_]+)\s.*\(default: ([^)]*)\)$`)
	literal := regexp.MustCompile(`^([0-9]+[a-z]*|true|false)$`)
	rows := row.FindAllStringSubmatch(runCLI(t, nil, "serve", "--help"), -1)
	if len(rows) < 20 {
		t.Fatalf("serve --help lists %d settings; the pattern is stale", len(rows))
	}
	for _, m := range rows {
		env, def := m[1], m[2]
		var line string
		for _, l := range strings.Split(string(readme), "\n") {
			if strings.HasPrefix(l, "|") && strings.Contains(l, "`"+env+"`") {
				line = l
				break
			}
		}
		if line == "" {
			t.Errorf("README's configuration table has no row for %s", env)
			continue
		}
		if literal.MatchString(def) && !strings.Contains(line, "`"+def+"`") {
			t.Errorf("README says for %s: %s; serve --help says the default is %s", env, line, def)
		}
	}
}

// TestREADME_LimitsMatchHelp: the README's limits table gives the limits
// extract --help prints from the code, and the HTTP body limit of serve.
func TestREADME_LimitsMatchHelp(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`Files over (\d+) MiB, documents over (\d+) pages and pages over (\d+) megapixels`).FindStringSubmatch(runCLI(t, nil, "extract", "--help"))
	if m == nil {
		t.Fatal("extract --help does not state its limits; the pattern is stale")
	}
	for _, want := range []string{
		"| document size | " + m[1] + " MiB |",
		"| pages per document | " + m[2] + " |",
		"| pixels per page | " + m[3] + " megapixels",
		"| HTTP request body | 50 MiB (`--max-upload`, 52428800 bytes) |",
	} {
		if !strings.Contains(string(readme), want) {
			t.Errorf("README's limits table lacks %q", want)
		}
	}
	if !strings.Contains(runCLI(t, nil, "serve", "--help"), "NOTICESCAN_MAX_UPLOAD         largest accepted request body, bytes (default: 52428800)") {
		t.Error("serve --help no longer gives 52428800 as the --max-upload default; update the README's limits table and this test")
	}
}
