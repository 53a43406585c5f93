package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/noticescan/noticescan/document/hostile"
	"github.com/noticescan/noticescan/noticegen"
)

// maxPeakRSS is the memory budget of the whole process for any one input
// up to the upload limit.
const maxPeakRSS = 1 << 30

// bombs are built once for both tests: under the race detector, building
// gigabyte streams takes seconds.
var bombs = sync.OnceValue(func() []hostile.Bomb { return hostile.Bombs(4 << 30) })

// TestExtract_BombsPeakRSS runs extract, with its default workers, on one
// bomb of each shape built to inflate to 4 GiB (or to claim as many
// pixels): each must end in a report, refused or processed, never a crash,
// with the process's peak RSS, read from the kernel's accounting of the
// finished child, under 1 GiB. Linux only: Maxrss is in KiB there.
func TestExtract_BombsPeakRSS(t *testing.T) {
	dir := t.TempDir()
	var peak int64
	var peakOf string
	for _, b := range bombs() {
		t.Run(b.Name, func(t *testing.T) {
			path := filepath.Join(dir, b.Name)
			if err := os.WriteFile(path, b.Data, 0o600); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, binary, "extract", "--format", "jsonl", "--quiet", path)
			cmd.Env = childEnv()
			var out, errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errOut
			err := cmd.Run()
			var exit *exec.ExitError
			if err != nil && (!errors.As(err, &exit) || exit.ExitCode() != 1) {
				t.Fatalf("extract: %v (a document failing exits 1)\nstderr:\n%s", err, errOut.String())
			}
			if s := errOut.String(); strings.Contains(s, "panic") || strings.Contains(s, "fatal error") {
				t.Fatalf("extract crashed:\n%s", s)
			}
			var rep struct {
				Status string `json:"status"`
				Error  string `json:"error"`
			}
			if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
				t.Fatalf("report: %v\n%s", err, out.String())
			}
			switch {
			case rep.Status == "failed" && rep.Error == "":
				t.Errorf("failed without saying why")
			case rep.Status != "failed" && rep.Status != "complete" && rep.Status != "partial":
				t.Errorf("status %q", rep.Status)
			}
			rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10
			t.Logf("%s: %d bytes on disk, peak RSS %d MiB, %s: %.120s", b.Name, len(b.Data), rss>>20, rep.Status, rep.Error)
			if rss > maxPeakRSS {
				t.Errorf("peak RSS %d MiB, over the budget of %d MiB", rss>>20, maxPeakRSS>>20)
			}
			if rss > peak {
				peak, peakOf = rss, b.Name
			}
		})
	}
	t.Logf("largest peak RSS: %d MiB (%s)", peak>>20, peakOf)
}

// TestServe_BombsPeakRSS uploads every bomb at once to serve, with its
// default workers, then a real notice, and waits for each document to end:
// each bomb must end failed with a reason or read, the notice complete
// after them, and the server's high-water RSS (VmHWM, which the kernel
// keeps for a running process) stay under 1 GiB.
func TestServe_BombsPeakRSS(t *testing.T) {
	s := MustStartServer(t, ServerOptions{LogLevel: "info"})
	key := s.MustCreateKey(t, "acme")
	dir := t.TempDir()
	ids := map[string]string{}
	defer func() {
		// Last in the queue, so the instances the bombs wore out serve it.
		n := mustGenerate(t, noticegen.Options{Seed: 11, Count: 1, Formats: []noticegen.Format{noticegen.FormatPDFDigital}})[0]
		_, d := upload(t, s.URL, key, n.Path, 3*time.Minute)
		if d.Status != "complete" || len(d.Findings) == 0 || len(n.Truth.Findings) == 0 {
			t.Errorf("a notice after the bombs: %s with %d findings (%s), want complete with its %d", d.Status, len(d.Findings), d.Error, len(n.Truth.Findings))
		}
	}()
	for _, b := range bombs() {
		path := filepath.Join(dir, b.Name)
		if err := os.WriteFile(path, b.Data, 0o600); err != nil {
			t.Fatal(err)
		}
		_, d := upload(t, s.URL, key, path, 0)
		ids[b.Name] = d.ID
	}
	deadline := time.Now().Add(5 * time.Minute)
	for name, id := range ids {
		var d document
		for {
			getJSON(t, s.URL+"/v1/documents/"+id, key, &d)
			if d.Status == "failed" || d.Status == "complete" || d.Status == "partial" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: still %s after 5 minutes", name, d.Status)
			}
			time.Sleep(500 * time.Millisecond)
		}
		if d.Status == "failed" && d.Error == "" {
			t.Errorf("%s: failed without saying why", name)
		}
		t.Logf("%s: %s %.120s", name, d.Status, d.Error)
	}
	s.mu.Lock()
	pid := s.proc.cmd.Process.Pid
	s.mu.Unlock()
	hwm := vmHWM(t, pid)
	t.Logf("serve peak RSS: %d MiB", hwm>>20)
	if hwm > maxPeakRSS {
		t.Errorf("serve peak RSS %d MiB, over the budget of %d MiB", hwm>>20, maxPeakRSS>>20)
	}
}

// vmHWM reads the peak resident set size of a running process, in bytes.
func vmHWM(tb testing.TB, pid int) int64 {
	tb.Helper()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kib, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				tb.Fatalf("VmHWM %q: %v", v, err)
			}
			return kib << 10
		}
	}
	tb.Fatalf("no VmHWM in /proc/%d/status", pid)
	return 0
}
