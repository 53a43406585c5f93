package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"

	"github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/ocr"
)

const benchHelp = `NAME
    noticescan bench - time our page reading against the tesseract CLI

SYNOPSIS
    noticescan bench [--pages N] [--fast-ocr] FILE|DIR ...

DESCRIPTION
    For every page of the given documents (up to --pages), in one run and
    on the same page images:
      scanned pages:      the tesseract CLI (TSV, OMP_THREAD_LIMIT=1) against
                          our in-process recognition, and against our whole
                          page (recognition, extraction and slot re-reads);
      born-digital pages: reading the text layer against OCR of the same
                          page rendered at 300 DPI.
    Pages are timed one at a time with one engine. Prints each page and the
    totals with their ratios. --fast-ocr times our reading as
    'noticescan extract --fast-ocr' does it.
`

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("bench", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	maxPages := fl.Int("pages", 60, "")
	var cfg config
	cfg.register(fl, benchSettings)
	names, err := parseAnywhere(fl, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, benchHelp+"\n"+envHelp(benchSettings))
			return nil
		}
		return usageError("bench: %v", err)
	}
	if err := cfg.envError(); err != nil {
		return usageError("bench: %v", err)
	}
	if len(names) == 0 {
		return usageError("bench: no FILE or DIR given")
	}
	if _, err := exec.LookPath("tesseract"); err != nil {
		return fmt.Errorf("bench: the tesseract CLI is the baseline and is not installed: %w", err)
	}
	inputs, _, err := collectInputs(names)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	op, err := document.NewOpener(document.Config{PDFiumCacheDir: cacheDir("pdfium")})
	if err != nil {
		return err
	}
	defer op.Close()
	eng, err := ocr.NewEngine(ocr.Config{Fast: cfg.fastOCR})
	if err != nil {
		return err
	}
	defer eng.Close()
	tmp, err := os.MkdirTemp("", "noticescan-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	var t benchTotals
	fmt.Fprintf(stdout, "%-40s %4s %-10s %9s %9s %9s %9s %9s\n", "file", "page", "kind", "cli_s", "cli_norm_s", "ocr_s", "page_s", "text_s")
	for _, name := range inputs {
		if t.pages >= *maxPages || ctx.Err() != nil {
			break
		}
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "bench: %v\n", err)
			continue
		}
		doc, err := op.Open(ctx, data)
		if err != nil {
			fmt.Fprintf(stderr, "bench: %s: %v\n", name, err)
			continue
		}
		for n := 1; n <= doc.NumPages() && t.pages < *maxPages; n++ {
			row, err := benchPage(ctx, doc, n, eng, tmp)
			if err != nil {
				fmt.Fprintf(stderr, "bench: %s page %d: %v\n", name, n, err)
				continue
			}
			t.add(row)
			fmt.Fprintf(stdout, "%-40s %4d %-10s %9.3f %9.3f %9.3f %9.3f %9.4f\n", trimName(name, 40), n, row.kind, row.cli, row.cliNorm, row.ocr, row.page, row.text)
		}
		doc.Close()
	}
	t.print(stdout)
	return nil
}

type benchRow struct {
	kind                 string
	cli, ocr, page, text float64
	// cliNorm is the CLI on the normalized image our engine read (rescaled
	// toward 300 DPI, deskewed, upright): the same pixels for both.
	cliNorm float64
}

func benchPage(ctx context.Context, doc *document.Document, n int, eng *ocr.Engine, tmp string) (benchRow, error) {
	pg, err := doc.Page(ctx, n)
	if err != nil {
		return benchRow{}, err
	}
	row := benchRow{kind: "scan"}
	if pg.Text != nil && len(pg.Text.Words) > 0 && !pg.Scan {
		row.kind = "digital"
		start := time.Now()
		pg, err := doc.Page(ctx, n)
		if err != nil {
			return row, err
		}
		extractor.Extract([]extractor.Page{*pg.Text})
		row.text = time.Since(start).Seconds()
	}
	img, dpi, err := doc.Image(ctx, n)
	if err != nil {
		return row, err
	}
	file := filepath.Join(tmp, fmt.Sprintf("page-%d.png", n))
	if err := writePNG(file, img); err != nil {
		return row, err
	}
	if row.cli, err = timeCLI(ctx, file); err != nil {
		return row, err
	}

	start := time.Now()
	rec, err := eng.Recognize(ctx, img, dpi)
	if err != nil {
		return row, err
	}
	row.ocr = time.Since(start).Seconds()
	p := extractor.Page{Number: n, Width: float64(rec.Image.Bounds().Dx()), Height: float64(rec.Image.Bounds().Dy()), Source: extractor.SourceOCR, Words: rec.Words}
	res := extractor.Extract([]extractor.Page{p})
	for _, s := range res.Slots {
		if _, err := eng.ReadLine(ctx, rec.Image, s.Region, s.Charset); err != nil {
			return row, err
		}
	}
	row.page = time.Since(start).Seconds()

	norm := filepath.Join(tmp, fmt.Sprintf("norm-%d.png", n))
	if err := writePNG(norm, rec.Image); err != nil {
		return row, err
	}
	row.cliNorm, err = timeCLI(ctx, norm)
	return row, err
}

func timeCLI(ctx context.Context, file string) (float64, error) {
	cmd := exec.CommandContext(ctx, "tesseract", file, "stdout", "tsv")
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("tesseract CLI: %w", err)
	}
	return time.Since(start).Seconds(), nil
}

func writePNG(path string, img image.Image) error {
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o600)
}

type benchTotals struct {
	pages                                   int
	scan, digital                           int
	scanCLI, scanOCR, scanPage, scanCLINorm float64
	digitalText, digitalOCR, digitalPageOCR float64
}

func (t *benchTotals) add(r benchRow) {
	t.pages++
	if r.kind == "digital" {
		t.digital++
		t.digitalText += r.text
		t.digitalOCR += r.ocr
		t.digitalPageOCR += r.page
		return
	}
	t.scan++
	t.scanCLI += r.cli
	t.scanOCR += r.ocr
	t.scanPage += r.page
	t.scanCLINorm += r.cliNorm
}

func (t benchTotals) print(w io.Writer) {
	fmt.Fprintf(w, "\n%d pages (%d scanned, %d born-digital), GOMAXPROCS %d\n", t.pages, t.scan, t.digital, runtime.GOMAXPROCS(0))
	if t.scan > 0 {
		n := float64(t.scan)
		fmt.Fprintf(w, "scanned pages: tesseract CLI %.3f s/page, our recognition %.3f s/page (ratio %.2f), our whole page %.3f s/page (ratio %.2f)\n",
			t.scanCLI/n, t.scanOCR/n, t.scanOCR/t.scanCLI, t.scanPage/n, t.scanPage/t.scanCLI)
		fmt.Fprintf(w, "same pixels: tesseract CLI on our normalized page %.3f s/page, our recognition %.3f s/page (ratio %.2f)\n",
			t.scanCLINorm/n, t.scanOCR/n, t.scanOCR/t.scanCLINorm)
	}
	if t.digital > 0 {
		n := float64(t.digital)
		fmt.Fprintf(w, "born-digital pages: text layer %.4f s/page, OCR of the same page %.3f s/page: text layer %.0fx faster\n",
			t.digitalText/n, t.digitalOCR/n, t.digitalOCR/t.digitalText)
	}
}

func trimName(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n+1:]
}
