package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/noticescan/noticescan/document/hostile"
)

// maxPeakRSS is the memory budget of the whole process for any one input
// up to the upload limit.
const maxPeakRSS = 1 << 30

// TestExtract_BombsPeakRSS runs extract, with its default workers, on one
// bomb of each shape built to inflate to 4 GiB (or to claim as many
// pixels): each must end in a report, refused or processed, never a crash,
// with the process's peak RSS, read from the kernel's accounting of the
// finished child, under 1 GiB. Linux only: Maxrss is in KiB there.
func TestExtract_BombsPeakRSS(t *testing.T) {
	dir := t.TempDir()
	var peak int64
	var peakOf string
	for _, b := range hostile.Bombs(4 << 30) {
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
