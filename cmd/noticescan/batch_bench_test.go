package main_test

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	docread "github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/noticegen"
)

// BenchmarkBatchVsTesseract times `noticescan batch` on 200 scanned pages
// (100 two-page scanned PDFs at 150 and 200 DPI, every degradation level)
// against `xargs -P <cores>` running `tesseract IMG stdout tsv` with
// OMP_THREAD_LIMIT=1 on the same page images, extracted to PNG first. Our
// side does more per page: orientation, deskew, extraction and re-reads of
// doubtful identifiers. It reports pages per minute for both, their ratio,
// and the peak RSS of the batch process; and the same for batch
// --fast-ocr, which reads the pages at their own resolution as the CLI
// does instead of at 300 DPI.
//
// The pages=2000 case runs batch on a tar of the same 100 PDFs ten times
// over under distinct names, to show that memory does not grow with the
// archive: the tar is streamed, and the nine copies of each document are
// read, hashed and skipped as duplicates, so 200 pages are recognized.
// Run it with `make bench`, or
//
//	go test -run '^$' -bench BatchVsTesseract -benchtime 1x ./cmd/noticescan
func BenchmarkBatchVsTesseract(b *testing.B) {
	if _, err := exec.LookPath("tesseract"); err != nil {
		b.Fatalf("the tesseract CLI is the baseline: %v", err)
	}
	dir := b.TempDir()
	bin := filepath.Join(dir, "noticescan")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build noticescan: %v\n%s", err, out)
	}
	docs := filepath.Join(dir, "docs")
	truths, err := noticegen.Generate(docs, noticegen.Options{
		Seed: 200, Count: 100, MinPages: 2, MaxPages: 2, DPIs: []int{150, 200},
		Formats: []noticegen.Format{noticegen.FormatPDFScan},
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := os.Remove(filepath.Join(docs, noticegen.TruthFile)); err != nil {
		b.Fatal(err)
	}
	pages := batchExtractPages(b, docs, filepath.Join(dir, "pages"), truths)
	tarPath := batchRepeatTar(b, docs, filepath.Join(dir, "repeated.tar"), truths, 10)
	workers := runtime.NumCPU()

	b.Run("pages=200", func(b *testing.B) {
		var ours, fast, cli time.Duration
		var rss int64
		n := 0
		for b.Loop() {
			d, peak, read := batchRunTimed(b, bin, docs, filepath.Join(b.TempDir(), "out.jsonl"), workers)
			if read != len(pages) {
				b.Fatalf("batch read %d pages, want %d", read, len(pages))
			}
			ours += d
			rss = max(rss, peak)
			d, _, read = batchRunTimed(b, bin, docs, filepath.Join(b.TempDir(), "out.jsonl"), workers, "--fast-ocr")
			if read != len(pages) {
				b.Fatalf("batch --fast-ocr read %d pages, want %d", read, len(pages))
			}
			fast += d
			cli += batchRunTesseract(b, pages, workers)
			n++
		}
		perMin := func(d time.Duration) float64 { return float64(n*len(pages)) / d.Minutes() }
		b.ReportMetric(perMin(ours), "batch_pages/min")
		b.ReportMetric(perMin(fast), "fast_ocr_pages/min")
		b.ReportMetric(perMin(cli), "tesseract_pages/min")
		b.ReportMetric(perMin(ours)/perMin(cli), "ratio")
		b.ReportMetric(perMin(fast)/perMin(cli), "fast_ocr_ratio")
		b.ReportMetric(float64(rss)/(1<<20), "peak_rss_MB")
	})
	b.Run("pages=2000", func(b *testing.B) {
		var ours time.Duration
		var rss int64
		n := 0
		for b.Loop() {
			d, peak, read := batchRunTimed(b, bin, tarPath, filepath.Join(b.TempDir(), "out.jsonl"), workers)
			if read != len(pages) {
				b.Fatalf("batch read %d pages, want the %d distinct ones", read, len(pages))
			}
			ours += d
			rss = max(rss, peak)
			n++
		}
		b.ReportMetric(float64(n*len(pages)*10)/ours.Minutes(), "archive_pages/min")
		b.ReportMetric(float64(rss)/(1<<20), "peak_rss_MB")
	})
}

// batchPage is one extracted page image and its resolution.
type batchPage struct {
	path string
	dpi  int
}

// batchExtractPages writes every page of the generated PDFs as PNG, the image
// our pipeline recognizes, for the tesseract CLI.
func batchExtractPages(b *testing.B, docs, out string, truths []noticegen.Truth) []batchPage {
	b.Helper()
	if err := os.MkdirAll(out, 0o755); err != nil {
		b.Fatal(err)
	}
	op, err := docread.NewOpener(docread.Config{PDFiumCacheDir: filepath.Join(os.TempDir(), "noticescan-test-pdfium")})
	if err != nil {
		b.Fatal(err)
	}
	defer op.Close()
	ctx := context.Background()
	var pages []batchPage
	for _, tr := range truths {
		data, err := os.ReadFile(filepath.Join(docs, tr.File))
		if err != nil {
			b.Fatal(err)
		}
		doc, err := op.Open(ctx, data)
		if err != nil {
			b.Fatal(err)
		}
		for n := 1; n <= doc.NumPages(); n++ {
			img, dpi, err := doc.Image(ctx, n)
			if err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
				b.Fatal(err)
			}
			p := filepath.Join(out, fmt.Sprintf("%s-%d.png", strings.TrimSuffix(tr.File, ".pdf"), n))
			if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
				b.Fatal(err)
			}
			pages = append(pages, batchPage{p, int(dpi + 0.5)})
		}
		doc.Close()
	}
	return pages
}

// batchRepeatTar writes a tar holding the documents times times, under
// distinct names.
func batchRepeatTar(b *testing.B, docs, path string, truths []noticegen.Truth, times int) string {
	b.Helper()
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	tw := tar.NewWriter(f)
	for i := range times {
		for _, tr := range truths {
			data, err := os.ReadFile(filepath.Join(docs, tr.File))
			if err != nil {
				b.Fatal(err)
			}
			hdr := &tar.Header{Name: fmt.Sprintf("copy-%02d/%s", i, tr.File), Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg}
			if err := tw.WriteHeader(hdr); err != nil {
				b.Fatal(err)
			}
			if _, err := tw.Write(data); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// batchRunTimed runs batch on source into a fresh output and returns its
// wall time, its peak RSS in bytes (VmHWM, sampled from /proc while it
// runs; 0 where there is no /proc) and the pages it read.
func batchRunTimed(b *testing.B, bin, source, out string, workers int, flags ...string) (time.Duration, int64, int) {
	b.Helper()
	cmd := exec.Command(bin, append([]string{"batch", source, "--out", out, "--workers", strconv.Itoa(workers), "--quiet"}, flags...)...)
	// Set here, so the process does not re-execute itself and its peak
	// is sampled from the start.
	cmd.Env = batchEnv("OMP_THREAD_LIMIT=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var peak int64
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			d := time.Since(start)
			if err != nil {
				b.Fatalf("batch: %v\n%s", err, stderr.String())
			}
			return d, peak, batchSummaryCount(b, stderr.String(), `pages read: (\d+)`)
		case <-tick.C:
			peak = max(peak, batchPeakRSS(cmd.Process.Pid))
		}
	}
}

// batchPeakRSS reads a process's peak resident set size from /proc, in bytes.
func batchPeakRSS(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// batchRunTesseract recognizes the pages with the tesseract CLI, workers
// at once, as a person would script it, and returns the wall time.
func batchRunTesseract(b *testing.B, pages []batchPage, workers int) time.Duration {
	b.Helper()
	var list strings.Builder
	for _, p := range pages {
		fmt.Fprintf(&list, "%s\n%d\n", p.path, p.dpi)
	}
	cmd := exec.Command("xargs", "-P", strconv.Itoa(workers), "-n", "2", "-d", "\n",
		"sh", "-c", `exec tesseract "$0" stdout --dpi "$1" tsv > /dev/null 2>&1`)
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	cmd.Stdin = strings.NewReader(list.String())
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("xargs tesseract: %v\n%s", err, out)
	}
	return time.Since(start)
}
