package storagetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// VersitygwEnv names the environment variable that overrides where StartS3
// looks for the versitygw binary.
const VersitygwEnv = "NOTICESCAN_VERSITYGW"

// S3Server is a running versitygw gateway serving the posix backend from a
// temporary directory. It accepts only its own root credentials.
type S3Server struct {
	// Endpoint is host:port, without a scheme; the server speaks plain HTTP.
	Endpoint  string
	Region    string
	AccessKey string
	SecretKey string
	// Dir holds one directory per bucket, one file per object.
	Dir string

	cmd      *exec.Cmd
	exited   chan struct{} // closed when the process has been reaped
	log      *syncBuffer
	stopOnce sync.Once
}

// StartS3 starts a fresh S3 server on a free loopback port and stops it when
// the test ends. The binary comes from $NOTICESCAN_VERSITYGW or the cache
// that scripts/s3server.sh installs into. A missing binary fails the test
// rather than skipping it: a skipped S3 suite looks green while testing
// nothing.
func StartS3(tb testing.TB) *S3Server {
	tb.Helper()
	bin, err := versitygwPath()
	if err != nil {
		tb.Fatal(err)
	}

	// The port is picked by binding :0 and releasing it, so another process
	// can take it before versitygw binds; try again on a new port then.
	var lastErr error
	for range 3 {
		s, err := startS3(tb, bin)
		if err == nil {
			return s
		}
		lastErr = err
	}
	tb.Fatalf("start S3 server: %v", lastErr)
	return nil
}

// Stop kills the server and waits for it to exit, so a test can check how a
// client behaves when storage goes away. It is safe to call more than once.
func (s *S3Server) Stop() {
	s.stopOnce.Do(func() {
		_ = s.cmd.Process.Kill()
		<-s.exited
	})
}

// URL is the server's base URL.
func (s *S3Server) URL() string { return "http://" + s.Endpoint }

func startS3(tb testing.TB, bin string) (*S3Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	dir := tb.TempDir()
	s := &S3Server{
		Endpoint:  net.JoinHostPort("127.0.0.1", port),
		Region:    "us-east-1",
		AccessKey: "NS" + randomHex(9),
		SecretKey: randomHex(20),
		Dir:       filepath.Join(dir, "data"),
		exited:    make(chan struct{}),
		log:       &syncBuffer{},
	}
	if err := os.Mkdir(s.Dir, 0o755); err != nil {
		return nil, err
	}
	posix := []string{"posix", s.Dir}
	// versitygw keeps metadata (the content type) in extended attributes,
	// set on the new file before it is linked into place, so metadata and
	// bytes change together. Without user xattrs (older tmpfs) it needs a
	// sidecar directory, which is written separately: concurrent overwrites
	// of one key can then pair one write's bytes with another's metadata.
	if !supportsXattr(dir) {
		meta := filepath.Join(dir, "meta")
		if err := os.Mkdir(meta, 0o755); err != nil {
			return nil, err
		}
		posix = []string{"posix", "--sidecar", meta, s.Dir}
		tb.Logf("S3 server: %s has no user xattrs, using sidecar metadata; concurrent overwrite tests may fail (point TMPDIR at ext4, xfs or btrfs)", dir)
	}
	s.cmd = exec.Command(bin, append([]string{
		"--port", s.Endpoint,
		"--access", s.AccessKey,
		"--secret", s.SecretKey,
		"--region", s.Region,
		"--health", "/health",
		"--quiet",
	}, posix...)...)
	s.cmd.Env = serverEnv(os.Environ())
	s.cmd.Stdout = s.log
	s.cmd.Stderr = s.log
	s.cmd.Dir = dir
	setPdeathsig(s.cmd)
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("run %s: %w", bin, err)
	}
	go func() {
		_ = s.cmd.Wait()
		close(s.exited)
	}()
	tb.Cleanup(s.Stop)

	if err := s.waitReady(15 * time.Second); err != nil {
		s.Stop()
		return nil, fmt.Errorf("%w\nversitygw output:\n%s", err, s.log.String())
	}
	return s, nil
}

// waitReady polls the health endpoint: the process may take a moment to
// bind, and a test that starts before that would see connection refused.
func (s *S3Server) waitReady(timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL()+"/health", nil)
		if err != nil {
			return err
		}
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.exited:
			return fmt.Errorf("versitygw exited before serving on %s", s.Endpoint)
		case <-ctx.Done():
			return fmt.Errorf("versitygw not ready on %s after %v", s.Endpoint, timeout)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// versitygwPath finds the binary where scripts/s3server.sh puts it; the two
// must agree on the cache path.
func versitygwPath() (string, error) {
	path := os.Getenv(VersitygwEnv)
	if path == "" {
		cache := os.Getenv("XDG_CACHE_HOME")
		if cache == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", fmt.Errorf("locate versitygw: %w; set %s", err, VersitygwEnv)
			}
			cache = filepath.Join(home, ".cache")
		}
		path = filepath.Join(cache, "noticescan", "bin", "versitygw")
	}
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("versitygw S3 server not found at %s (%v): run scripts/s3server.sh to install it, or set %s to its path", path, err, VersitygwEnv)
	}
	return path, nil
}

// serverEnv drops versitygw's own settings from the developer's environment:
// it reads VGW_* and ROOT_* variables as flag defaults, and a stray
// VGW_READ_ONLY or IAM setting would change the server under test.
func serverEnv(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "VGW_") && !strings.HasPrefix(kv, "ROOT_") {
			out = append(out, kv)
		}
	}
	return out
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find free port: %w", err)
	}
	defer l.Close()
	_, port, err := net.SplitHostPort(l.Addr().String())
	return port, err
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails on supported platforms
	return strings.ToUpper(hex.EncodeToString(b))
}

// syncBuffer collects the server's output for failure messages; the process
// writes to it from exec's copying goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
