package main_test

import (
	"bytes"
	"mime/multipart"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/noticescan/noticescan/noticegen"
)

// workerProc is a running `noticescan worker` subprocess.
type workerProc struct {
	cmd  *exec.Cmd
	logs *syncBuffer
	done chan struct{}
}

func mustStartWorker(tb testing.TB, env []string, args ...string) *workerProc {
	tb.Helper()
	w := &workerProc{logs: &syncBuffer{}, done: make(chan struct{})}
	w.cmd = exec.Command(binary, append([]string{"worker", "--log-level", "debug"}, args...)...)
	w.cmd.Env = childEnv(env...)
	w.cmd.Stdout, w.cmd.Stderr = w.logs, w.logs
	setPdeathsig(w.cmd)
	if err := w.cmd.Start(); err != nil {
		tb.Fatalf("start worker: %v", err)
	}
	go func() { w.cmd.Wait(); close(w.done) }()
	tb.Cleanup(func() {
		w.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-w.done:
		case <-time.After(40 * time.Second):
			w.cmd.Process.Kill()
			<-w.done
		}
		assertNoIdentifiers(tb, "worker log", w.logs.String())
	})
	return w
}

func (w *workerProc) processed() int {
	return strings.Count(w.logs.String(), `"msg":"document processed"`)
}

// TestScaleOut_WorkerKilled runs the shared topology: one API-only serve
// and two workers on one PostgreSQL and one S3 bucket. Uploads taken by
// the server are worked by both workers; one worker is killed (SIGKILL)
// mid-way, and every document still completes exactly once. The
// documents go in as one batch, which reaches done.
func TestScaleOut_WorkerKilled(t *testing.T) {
	t.Parallel()
	databaseURL, _ := mustPostgresSchema(t)
	s3 := mustStartS3(t)
	env := []string{
		"NOTICESCAN_DATABASE_URL=" + databaseURL,
		"NOTICESCAN_WEBHOOK_SECRET=scaleout-test-secret",
		"NOTICESCAN_S3_ENDPOINT=" + s3.Endpoint,
		"NOTICESCAN_S3_TLS=false",
		"NOTICESCAN_S3_BUCKET=scaleout",
		"NOTICESCAN_S3_REGION=" + s3.Region,
		"NOTICESCAN_S3_ACCESS_KEY=" + s3.AccessKey,
		"NOTICESCAN_S3_SECRET_KEY=" + s3.SecretKey,
		// A worker that dies has its jobs rerun after this long. Jobs time
		// out at four fifths of it, so it must leave room for a slow page
		// on a busy machine.
		"NOTICESCAN_RESCUE_AFTER=20s",
	}
	s := MustStartServer(t, ServerOptions{Args: []string{"--workers", "0"}, Env: env})
	key := s.MustCreateKey(t, "acme")
	// Gates catch the workers part way on any machine: a finishes one
	// document and holds its next; b holds its first until a is dead.
	gateA, gateB := mustGate(t, 1), mustGate(t, 0)
	a := mustStartWorker(t, append(slices.Clone(env), gateA.env()), "--workers", "1")
	b := mustStartWorker(t, append(slices.Clone(env), gateB.env()), "--workers", "1")

	notices := mustGenerate(t, noticegen.Options{
		Seed: 12, Count: 10, Formats: []noticegen.Format{noticegen.FormatPNG, noticegen.FormatPDFScan},
		Degradations: []noticegen.Level{noticegen.LevelNone}, DPIs: []int{100}, MaxPages: 1,
	})
	// People name files after their receipt numbers: the name must not
	// reach any log either.
	if f := notices[0].Truth.Findings; len(f) > 0 {
		named := filepath.Join(filepath.Dir(notices[0].Path), "notice "+f[0].Value+filepath.Ext(notices[0].Path))
		if err := os.Rename(notices[0].Path, named); err != nil {
			t.Fatal(err)
		}
		notices[0].Path = named
	}
	// All of them as one batch, taken by the server and worked by both
	// workers.
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	for _, n := range notices {
		part, err := mw.CreateFormFile("file", filepath.Base(n.Path))
		if err != nil {
			t.Fatal(err)
		}
		part.Write(n.Data)
	}
	mw.Close()
	submitted := mustSubmitBatch(t, s.URL, key, form.Bytes(), mw.FormDataContentType())
	if submitted.Counts.Total != len(notices) {
		t.Fatalf("batch accepted with %+v, want %d documents", submitted.Counts, len(notices))
	}
	bySHA := map[string]notice{}
	for _, n := range notices {
		bySHA[n.SHA] = n
	}
	ids := map[string]notice{}
	queued, _ := listAll(t, s.URL, key, nil, 100)
	for _, d := range queued {
		ids[d.ID] = bySHA[d.SHA256]
	}
	// Kill worker a once it has finished a document and holds its next,
	// while b holds its first.
	counts := waitStatuses(t, s, key, 90*time.Second, func(c map[string]int) bool {
		return c["complete"] == 1 && c["processing"] == 2
	})
	if a.processed() != 1 || counts["complete"] != 1 || counts["processing"] != 2 {
		t.Fatalf("worker a processed %d, documents %v; want one complete and one held by each worker", a.processed(), counts)
	}
	a.cmd.Process.Kill()
	<-a.done
	killedAfter := a.processed()
	gateB.open(t)

	counts = waitStatuses(t, s, key, 150*time.Second, func(c map[string]int) bool { return c["complete"] == len(notices) })
	if counts["complete"] != len(notices) {
		docs, _ := listAll(t, s.URL, key, nil, 100)
		for _, d := range docs {
			if d.Status != "complete" {
				t.Logf("%s: %s %s", ids[d.ID].Truth.File, d.Status, d.Error)
			}
		}
		t.Logf("worker b log (last lines):\n%s", lastLines(b.logs.String(), 30))
		t.Fatalf("after killing a worker: %v, want all %d complete", counts, len(notices))
	}
	docs, _ := listAll(t, s.URL, key, nil, 100)
	if len(docs) != len(notices) {
		t.Fatalf("%d documents listed, want %d", len(docs), len(notices))
	}
	for _, d := range docs {
		var full document
		getJSON(t, s.URL+"/v1/documents/"+d.ID, key, &full)
		seen := map[string]bool{}
		for _, k := range findingKeys(full.Findings) {
			if seen[k] {
				t.Errorf("%s: finding %s written twice", ids[d.ID].Truth.File, k)
			}
			seen[k] = true
		}
		if n := ids[d.ID]; len(full.Pages) != n.Truth.Pages {
			t.Errorf("%s: %d page records, want %d", n.Truth.File, len(full.Pages), n.Truth.Pages)
		}
	}
	bt := waitBatchDone(t, s.URL, key, submitted.ID, 30*time.Second)
	if want := (batchCounts{Total: len(notices), Complete: len(notices)}); bt.Counts != want {
		t.Errorf("batch after the kill: %+v, want %+v", bt.Counts, want)
	}
	if rows := mustBatchJSONL(t, s.URL, key, submitted.ID); len(rows) != len(notices) {
		t.Errorf("%d batch result rows, want %d", len(rows), len(notices))
	}
	if killedAfter == 0 || b.processed() == 0 {
		t.Errorf("documents processed: worker a %d (before it was killed), worker b %d; want both to have worked", killedAfter, b.processed())
	}
	t.Logf("worker a processed %d before SIGKILL, worker b %d", killedAfter, b.processed())
}
