package main_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The tests in this package run the real noticescan binary as a
// subprocess, the way an operator runs it: serve on a loopback port, keys
// and extract from the command line. TestMain builds it once per run,
// without -race: the product is the subject here, and the race detector
// would only make its OCR several times slower.

// binary is the path of the noticescan binary built by TestMain.
var binary string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "noticescan-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "create build dir:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "noticescan")
	gobin, err := exec.LookPath("go")
	if err != nil {
		fmt.Fprintln(os.Stderr, "go is not on the PATH; it is needed to build the binary under test:", err)
		return 1
	}
	build := exec.Command(gobin, "build", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build noticescan:", err)
		return 1
	}
	return m.Run()
}

// childEnv is this process's environment without any NOTICESCAN_*
// setting of the developer's (which would change the server under test),
// plus extra.
func childEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NOTICESCAN_") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// runCLI runs one noticescan command to the end and returns its standard
// output; a non-zero exit fails the test.
func runCLI(tb testing.TB, env []string, args ...string) string {
	tb.Helper()
	out, errOut, err := runCLIStatus(tb, env, args...)
	if err != nil {
		tb.Fatalf("noticescan %s: %v\nstderr:\n%s", strings.Join(args, " "), err, errOut)
	}
	return out
}

// runCLIStatus runs one noticescan command and returns its outputs and
// its exit error, if any.
func runCLIStatus(tb testing.TB, env []string, args ...string) (stdout, stderr string, err error) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = childEnv(env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.String(), e.String(), err
}

// MustCreateKey creates an API key for tenant in the database of dataDir
// (or of NOTICESCAN_DATABASE_URL in env) and returns its secret, which
// keys create prints alone on its last line.
func MustCreateKey(tb testing.TB, dataDir, tenant string, env ...string) string {
	tb.Helper()
	out := runCLI(tb, env, "keys", "create", "--tenant", tenant, "--data-dir", dataDir)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	secret := strings.TrimSpace(lines[len(lines)-1])
	if secret == "" || strings.ContainsAny(secret, " \t") {
		tb.Fatalf("keys create: last line %q is not a key secret; output:\n%s", secret, out)
	}
	return secret
}

// MustKeyID finds the ID of tenant's key with this secret in the output of
// keys list, by the secret's prefix that the list shows.
func MustKeyID(tb testing.TB, dataDir, tenant, secret string, env ...string) string {
	tb.Helper()
	out := runCLI(tb, env, "keys", "list", "--tenant", tenant, "--data-dir", dataDir)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "ID") {
		tb.Fatalf("keys list: no header line; output:\n%s", out)
	}
	for _, line := range lines[1:] {
		f := strings.Fields(line)
		if len(f) >= 3 && f[1] == tenant && f[2] != "" && strings.HasPrefix(secret, f[2]) {
			return f[0]
		}
	}
	tb.Fatalf("keys list: no key of tenant %s with the new key's prefix; output:\n%s", tenant, out)
	return ""
}
