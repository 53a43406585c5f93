package main_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// ServerOptions configures MustStartServer.
type ServerOptions struct {
	// DataDir is --data-dir; default a new temporary directory.
	DataDir string
	// Workers is --workers; zero keeps the server's default (CPUs).
	Workers int
	// LogLevel is --log-level; default debug, so the log check sees
	// everything the server can write.
	LogLevel string
	// Args are more serve flags.
	Args []string
	// Env is more environment, KEY=VALUE (NOTICESCAN_* settings).
	Env []string
}

// Server is a running `noticescan serve` subprocess on a loopback port.
// Its standard output and error, across restarts, are kept in memory.
type Server struct {
	// URL is the base URL, http://127.0.0.1:PORT.
	URL string
	// Addr is host:port.
	Addr    string
	DataDir string
	// Env is the extra environment the server runs with; keys commands
	// for its database need it too.
	Env []string

	tb   testing.TB
	args []string
	logs *syncBuffer

	mu   sync.Mutex
	proc *process // nil when stopped
}

// process is one run of the server.
type process struct {
	cmd    *exec.Cmd
	exited chan struct{} // closed once the process has been reaped
	err    error         // Wait's result, set before exited is closed
}

// MustStartServer starts noticescan serve and waits until /readyz answers.
// When the test ends the server is stopped with SIGTERM, must exit cleanly,
// and its whole log is checked for identifiers.
func MustStartServer(tb testing.TB, opts ServerOptions) *Server {
	tb.Helper()
	if opts.DataDir == "" {
		opts.DataDir = tb.TempDir()
	}
	if opts.LogLevel == "" {
		opts.LogLevel = "debug"
	}
	s := &Server{DataDir: opts.DataDir, Env: opts.Env, tb: tb, logs: &syncBuffer{}}
	s.args = append([]string{"--data-dir", opts.DataDir, "--log-level", opts.LogLevel}, opts.Args...)
	if opts.Workers > 0 {
		s.args = append(s.args, "--workers", fmt.Sprint(opts.Workers))
	}
	tb.Cleanup(s.cleanup)

	// The port is found by binding :0 and letting go, so another process
	// may take it first; then the server fails to listen and we try again.
	var err error
	for range 3 {
		s.Addr = net.JoinHostPort("127.0.0.1", mustFreePort(tb))
		s.URL = "http://" + s.Addr
		if err = s.start(); err == nil {
			return s
		}
		if !strings.Contains(err.Error(), "address already in use") {
			break
		}
	}
	tb.Fatalf("start server: %v\nserver log:\n%s", err, s.Logs())
	return nil
}

// MustCreateKey creates an API key for tenant in the server's database.
func (s *Server) MustCreateKey(tb testing.TB, tenant string) string {
	tb.Helper()
	return MustCreateKey(tb, s.DataDir, tenant, s.Env...)
}

// MustAllowSource lets tenant's batches read source (s3://BUCKET/PREFIX/).
func (s *Server) MustAllowSource(tb testing.TB, tenant, source string) {
	tb.Helper()
	runCLI(tb, s.Env, "tenants", "allow", "--tenant", tenant, "--data-dir", s.DataDir, source)
}

// PID is the running server's process ID, 0 when it is stopped.
func (s *Server) PID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc == nil {
		return 0
	}
	return s.proc.cmd.Process.Pid
}

// Logs returns everything the server wrote so far, in all its runs.
func (s *Server) Logs() string { return s.logs.String() }

func (s *Server) start() error {
	cmd := exec.Command(binary, append([]string{"serve", "--addr", s.Addr}, s.args...)...)
	cmd.Env = childEnv(s.Env...)
	cmd.Stdout, cmd.Stderr = s.logs, s.logs
	setPdeathsig(cmd)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("run %s: %w", binary, err)
	}
	p := &process{cmd: cmd, exited: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.exited)
	}()
	s.mu.Lock()
	s.proc = p
	s.mu.Unlock()
	if err := s.waitReady(p, 90*time.Second); err != nil {
		s.kill()
		return err
	}
	return nil
}

// waitReady polls /readyz, which answers once the database and the object
// store do.
func (s *Server) waitReady(p *process, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/readyz", nil)
		if err != nil {
			return err
		}
		if resp, err := httpClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-p.exited:
			return fmt.Errorf("serve exited before it was ready: %v; log:\n%s", p.err, s.Logs())
		case <-ctx.Done():
			return fmt.Errorf("serve not ready on %s after %v", s.Addr, timeout)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Kill ends the server with SIGKILL, as a crash or the OOM killer would,
// and waits for it to be gone.
func (s *Server) Kill() {
	s.tb.Helper()
	if !s.kill() {
		s.tb.Fatal("Kill: the server is not running")
	}
}

func (s *Server) kill() bool {
	s.mu.Lock()
	p := s.proc
	s.proc = nil
	s.mu.Unlock()
	if p == nil {
		return false
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.exited
	return true
}

// Stop ends the server with SIGTERM and checks that it shuts down cleanly
// (exit status 0) within a minute.
func (s *Server) Stop() {
	s.tb.Helper()
	s.mu.Lock()
	p := s.proc
	s.proc = nil
	s.mu.Unlock()
	if p == nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(time.Minute):
		_ = p.cmd.Process.Signal(syscall.SIGKILL)
		<-p.exited
		s.tb.Errorf("serve did not exit within a minute of SIGTERM")
		return
	}
	if p.err != nil {
		var ee *exec.ExitError
		if !errors.As(p.err, &ee) || ee.ExitCode() != 0 {
			s.tb.Errorf("serve did not shut down cleanly on SIGTERM: %v", p.err)
		}
	}
}

// Restart starts the server again on the same port, data and settings.
func (s *Server) Restart() {
	s.tb.Helper()
	s.mu.Lock()
	running := s.proc != nil
	s.mu.Unlock()
	if running {
		s.tb.Fatal("Restart: the server is still running; Kill or Stop it first")
	}
	if err := s.start(); err != nil {
		s.tb.Fatalf("restart server: %v", err)
	}
}

// Running reports whether the server process is alive.
func (s *Server) Running() bool {
	s.mu.Lock()
	p := s.proc
	s.mu.Unlock()
	if p == nil {
		return false
	}
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

func (s *Server) cleanup() {
	s.tb.Helper()
	s.Stop()
	logs := s.Logs()
	// A log check over nothing would pass while checking nothing.
	if !strings.Contains(logs, `"msg":"listening"`) {
		s.tb.Errorf("server log was not captured: no listening line in %d bytes", len(logs))
	}
	assertNoIdentifiers(s.tb, "server log", logs)
	if s.tb.Failed() {
		s.tb.Logf("server log (last 80 lines):\n%s", lastLines(logs, 80))
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func mustFreePort(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("find a free port: %v", err)
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}

// syncBuffer collects a subprocess's output, written from exec's copying
// goroutines while the test reads it.
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
