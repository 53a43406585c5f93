package ocr_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/noticescan/noticescan/ocr"
)

// benchPages renders the notice and a longer variant at 300 DPI.
func benchPages(tb testing.TB) []*page {
	tb.Helper()
	long := append([]string{}, noticeLines()...)
	for range 3 {
		long = append(long, noticeLines()[8:]...)
	}
	return []*page{mustRenderPage(tb, 300, noticeLines()), mustRenderPage(tb, 300, long)}
}

// BenchmarkRecognizeVsCLI reads the same 300-DPI pages with an Engine and
// with the tesseract command (TSV output, the CLI's equivalent of words
// with boxes), one at a time, and reports the time per page of each and
// their ratio. The CLI reads PNG files, as it would in a shell pipeline.
func BenchmarkRecognizeVsCLI(b *testing.B) {
	if _, err := exec.LookPath("tesseract"); err != nil {
		b.Fatalf("tesseract CLI needed for the comparison: %v", err)
	}
	pages := benchPages(b)
	dir := b.TempDir()
	files := make([]string, len(pages))
	for i, p := range pages {
		var buf bytes.Buffer
		if err := png.Encode(&buf, p.img); err != nil {
			b.Fatal(err)
		}
		files[i] = filepath.Join(dir, fmt.Sprintf("page%d.png", i))
		if err := os.WriteFile(files[i], buf.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	e := mustEngine(b, ocr.Config{})
	// CPU time is reported next to wall time because it holds up on a busy
	// machine, where wall time mostly measures the neighbours.
	var engine, cli, engineCPU, cliCPU time.Duration
	n := 0
	for b.Loop() {
		for i, p := range pages {
			start, startCPU := time.Now(), processCPU(b)
			r, err := e.Recognize(context.Background(), p.img, 300)
			if err != nil {
				b.Fatal(err)
			}
			engine += time.Since(start)
			engineCPU += processCPU(b) - startCPU
			if !strings.Contains(texts(r.Words), "EAC2190012345") {
				b.Fatal("engine missed the receipt number")
			}

			start = time.Now()
			cmd := exec.Command("tesseract", files[i], "stdout", "tsv")
			cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
			out, err := cmd.Output()
			if err != nil {
				b.Fatalf("tesseract CLI: %v", err)
			}
			cli += time.Since(start)
			cliCPU += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			if !bytes.Contains(out, []byte("EAC2190012345")) {
				b.Fatal("CLI missed the receipt number")
			}
			n++
		}
	}
	b.ReportMetric(float64(engine.Nanoseconds())/float64(n), "engine-ns/page")
	b.ReportMetric(float64(cli.Nanoseconds())/float64(n), "cli-ns/page")
	b.ReportMetric(float64(cli)/float64(engine), "cli/engine")
	b.ReportMetric(float64(engineCPU.Nanoseconds())/float64(n), "engine-cpu-ns/page")
	b.ReportMetric(float64(cliCPU.Nanoseconds())/float64(n), "cli-cpu-ns/page")
	b.ReportMetric(float64(cliCPU)/float64(engineCPU), "cli/engine-cpu")
}

// processCPU is the user and system time this process has used so far.
func processCPU(tb testing.TB) time.Duration {
	tb.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRecognizeParallel reads pages with two engines at once, the
// pipeline's shape on two cores. Run it with OMP_THREAD_LIMIT unset (the
// benchmark re-executes itself with 1) and with OMP_THREAD_LIMIT=64 to
// see what the limit is worth.
func BenchmarkRecognizeParallel(b *testing.B) {
	p := benchPages(b)[0]
	engines := []*ocr.Engine{mustEngine(b, ocr.Config{}), mustEngine(b, ocr.Config{})}
	start, startCPU := time.Now(), processCPU(b)
	pages := 0
	for b.Loop() {
		var wg sync.WaitGroup
		for _, e := range engines {
			wg.Go(func() {
				if _, err := e.Recognize(context.Background(), p.img, 300); err != nil {
					b.Error(err)
				}
			})
		}
		wg.Wait()
		pages += len(engines)
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(pages), "ns/page")
	b.ReportMetric(float64(time.Since(start).Nanoseconds())*float64(len(engines))/float64(pages), "ns/page-per-worker")
	b.ReportMetric(float64((processCPU(b)-startCPU).Nanoseconds())/float64(pages), "cpu-ns/page")
}

// BenchmarkRecognize reads an upright page (one pass) and an upside-down
// one (a second pass with orientation detection); the difference is the
// cost of the orientation check.
func BenchmarkRecognize(b *testing.B) {
	p := benchPages(b)[0]
	for _, c := range []struct {
		name string
		turn int
	}{{"Upright", 0}, {"UpsideDown", 180}} {
		b.Run(c.name, func(b *testing.B) {
			img := turnCW(p.img, c.turn)
			e := mustEngine(b, ocr.Config{})
			startCPU := processCPU(b)
			for b.Loop() {
				r, err := e.Recognize(context.Background(), img, 300)
				if err != nil {
					b.Fatal(err)
				}
				if r.Rotation != (360-c.turn)%360 {
					b.Fatalf("rotation %d", r.Rotation)
				}
			}
			b.ReportMetric(float64((processCPU(b)-startCPU).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkReadLine re-reads the account number line in the four variants
// with a loaded engine.
func BenchmarkReadLine(b *testing.B) {
	p := benchPages(b)[0]
	first, last := p.boxes["1234"], p.boxes["9012"]
	region := first
	region.X1 = last.X1
	e := mustEngine(b, ocr.Config{})
	startCPU := processCPU(b)
	for b.Loop() {
		rs, err := e.ReadLine(context.Background(), p.img, region, "0123456789")
		if err != nil {
			b.Fatal(err)
		}
		if len(rs) == 0 || strings.ReplaceAll(rs[0].Text, " ", "") != "123456789012" {
			b.Fatalf("read %+v", rs)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/4, "ns/variant")
	b.ReportMetric(float64((processCPU(b)-startCPU).Nanoseconds())/float64(b.N)/4, "cpu-ns/variant")
}
