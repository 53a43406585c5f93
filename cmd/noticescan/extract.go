package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/noticescan/noticescan/batch"
	"github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/ocr"
	"github.com/noticescan/noticescan/pipeline"
	"github.com/noticescan/noticescan/results"
)

const extractHelp = `NAME
    noticescan extract - extract identifiers from immigration notices

SYNOPSIS
    noticescan extract [--format json|jsonl|csv|xlsx] [--workers N] [--fast-ocr]
                       [--quiet] FILE|DIR|- ...

DESCRIPTION
    Reads each FILE (PDF, PNG, JPEG, TIFF, GIF, BMP, WebP or HEIC; the type
    is taken from the bytes, not the name), every document under each DIR
    (recursively; files that are not documents are skipped), or standard
    input for "-". Born-digital PDF pages are read from their text layer;
    scanned pages and images are recognized with Tesseract, turned upright
    and deskewed, and identifier slots that do not validate are re-read.

    For each document it reports every labeled USCIS Online Account Number,
    receipt number and A-Number, with the page, box, label and confidence
    of each finding, so a person can check it.

OPTIONS
    --format FORMAT   json (an array, the default), jsonl (one document per
                      line), or the results table of batch and the API, one
                      row per document: csv or xlsx (an Excel workbook,
                      written when the last document is read)
    --workers N       documents and pages recognized at once; one OCR engine
                      each (default: number of CPUs, here %d)
    --fast-ocr[=true|false]
                      read scans of 150 DPI and more as scanned instead of
                      resampling them to 300 DPI: ~1.5x faster on 150-200 DPI
                      scans, but fewer numbers read on poor ones (fax, noise,
                      blur)
    --quiet           no progress lines on standard error

OUTPUT
    Each document: file, sha256, media_type, pages (source, rotation,
    ocr_confidence, seconds), findings (kind, value, display, page, bbox,
    label, confidence, source, corrections), warnings, status
    (complete | partial | failed) and error. Results come in input order.
    csv and xlsx give the results table of the README ("Results table"):
    file, sha256, status, error, media_type, pages, each kind's values
    (";" between several), best confidence and pages, warnings, review,
    document_id and read_at_utc.

    partial: the document was read, but identifiers may be missing and a
    person should check the pages its warnings name: a page could not be
    opened or recognized, a page with text was read as next to nothing
    ("page 2: text could not be read"), an identifier label was found
    but its value could not be read ("page 1: USCIS Online Account Number
    label found but its value could not be read"), or a Form I-797 page
    came without any receipt number ("page 1: a Form I-797 notice, but its
    receipt number could not be read"). A blank page or one with a few
    marks is not partial.

LIMITS
    Files over %d MiB, documents over %d pages and pages over %d megapixels
    are refused with an error; encrypted PDFs that need a password are
    refused; other files are still processed.

%s
EXIT STATUS
    0 every document complete or partial (partial ones are results to
    check; the summary line counts them), 1 any document failed or a file
    could not be read, 2 usage error.

EXAMPLES
    noticescan extract notice.pdf
    noticescan extract --format jsonl --workers 2 ~/scans > results.jsonl
    noticescan extract --format xlsx ~/scans > results.xlsx
    cat notice.jpg | noticescan extract -
`

type extractOptions struct {
	format string
	quiet  bool
	// cfg holds the OCR settings, which NOTICESCAN_WORKERS and
	// NOTICESCAN_FAST_OCR set as they do for serve.
	cfg config
}

func runExtract(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("extract", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	var o extractOptions
	fl.StringVar(&o.format, "format", "json", "")
	fl.BoolVar(&o.quiet, "quiet", false, "")
	o.cfg.register(fl, ocrSettings)
	limits := document.DefaultLimits()
	names, err := parseAnywhere(fl, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stdout, extractHelp, runtime.NumCPU(), limits.MaxBytes>>20, limits.MaxPages, limits.MaxPagePixels/1_000_000, envHelp(ocrSettings))
			return nil
		}
		return usageError("extract: %v (see 'noticescan extract --help')", err)
	}
	if err := o.cfg.envError(); err != nil {
		return usageError("extract: %v", err)
	}
	w, err := newReportWriter(o.format, stdout)
	if err != nil {
		return usageError("extract: %v", err)
	}
	if len(names) == 0 {
		return usageError("extract: no FILE, DIR or - given (see 'noticescan extract --help')")
	}
	if o.cfg.workers < 1 {
		return usageError("extract: --workers must be at least 1")
	}
	inputs, skipped, err := collectInputs(names)
	if err != nil {
		return &exitError{code: 1, err: fmt.Errorf("extract: %w", err)}
	}
	if skipped > 0 && !o.quiet {
		fmt.Fprintf(stderr, "noticescan: skipped %d file(s) under the given folders that are not documents\n", skipped)
	}

	opener, err := document.NewOpener(document.Config{Limits: limits, PDFInstances: o.cfg.workers, PDFiumCacheDir: cacheDir("pdfium")})
	if err != nil {
		return fmt.Errorf("start document reader: %w", err)
	}
	defer opener.Close()
	p, err := pipeline.New(opener, pipeline.Config{Workers: o.cfg.workers, OCR: ocr.Config{Fast: o.cfg.fastOCR}, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return fmt.Errorf("start ocr: %w", err)
	}
	defer p.Close()
	warnRereadModel(stderr, p)

	sum := summary{}
	err = processAll(ctx, p, inputs, stdin, o.cfg.workers, limits.MaxBytes, func(i int, r *pipeline.Report) error {
		sum.add(r)
		if !o.quiet {
			why := r.Error
			if r.Status == results.StatusPartial {
				why = checkReason(r)
			}
			fmt.Fprintf(stderr, "[%d/%d] %s: %s, %d finding(s), %.1fs%s\n", i+1, len(inputs), r.File, r.Status,
				len(r.Findings), r.Seconds, errSuffix(why))
		}
		return w.write(r)
	})
	if cerr := w.close(); err == nil {
		err = cerr
	}
	if !o.quiet {
		fmt.Fprintln(stderr, sum.String())
	}
	if err != nil {
		return err
	}
	if ctx.Err() != nil {
		return &exitError{code: 130, err: errors.New("interrupted")}
	}
	if sum.failed > 0 {
		return &exitError{code: 1}
	}
	return nil
}

// cacheDir is where compiled PDF engine code is kept between runs, so a
// process does not spend seconds compiling it again; "" disables caching
// when there is no user cache directory.
func cacheDir(name string) string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "noticescan", name)
}

func errSuffix(e string) string {
	if e == "" {
		return ""
	}
	return " (" + e + ")"
}

// collectInputs expands folders (recursively, sorted) and keeps named
// files and "-" as given.
func collectInputs(args []string) (inputs []string, skipped int, err error) {
	for _, a := range args {
		if a == "-" {
			inputs = append(inputs, a)
			continue
		}
		st, err := os.Stat(a)
		if err != nil {
			return nil, 0, err
		}
		if !st.IsDir() {
			inputs = append(inputs, a)
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path != a && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.Type().IsRegular() {
				return nil
			}
			if isDocumentFile(path) {
				found = append(found, path)
			} else {
				skipped++
			}
			return nil
		})
		if err != nil {
			return nil, 0, fmt.Errorf("walk %s: %w", a, err)
		}
		sort.Strings(found)
		inputs = append(inputs, found...)
	}
	return inputs, skipped, nil
}

// isDocumentFile applies the batch rule of what counts as a document to a
// file, reading its first bytes only when its name does not settle it.
func isDocumentFile(path string) bool {
	if batch.DocumentName(path) {
		return true
	}
	f, err := os.Open(path)
	if err != nil {
		return true // let processing report the error
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	return batch.IsDocument(path, head[:n])
}

// processAll runs the documents through the pipeline, several at once,
// and hands reports to emit in input order.
func processAll(ctx context.Context, p *pipeline.Pipeline, inputs []string, stdin io.Reader, workers int, maxBytes int64,
	emit func(int, *pipeline.Report) error) error {
	type result struct {
		i int
		r *pipeline.Report
	}
	jobs := make(chan int)
	results := make(chan result, workers)
	var wg sync.WaitGroup
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results <- result{i, processOne(ctx, p, inputs[i], stdin, maxBytes)}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range inputs {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	pending := map[int]*pipeline.Report{}
	next := 0
	var err error
	for res := range results {
		pending[res.i] = res.r
		for pending[next] != nil {
			if err == nil {
				err = emit(next, pending[next])
			}
			delete(pending, next)
			next++
		}
	}
	return err
}

func processOne(ctx context.Context, p *pipeline.Pipeline, name string, stdin io.Reader, maxBytes int64) *pipeline.Report {
	data, err := readInput(name, stdin, maxBytes)
	if err != nil {
		return &pipeline.Report{File: name, Outcome: results.Outcome{Status: results.StatusFailed, Error: err.Error()}}
	}
	return p.Process(ctx, pipeline.Input{Name: name, Data: data})
}

func readInput(name string, stdin io.Reader, maxBytes int64) ([]byte, error) {
	var r io.Reader = stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("read: %w", err)
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.Size() > maxBytes {
			return nil, fmt.Errorf("read: %w: %d bytes, the limit is %d", document.ErrTooLarge, st.Size(), maxBytes)
		}
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if int64(len(data)) > maxBytes {
		return nil, fmt.Errorf("read: %w: over %d bytes", document.ErrTooLarge, maxBytes)
	}
	return data, nil
}

type summary struct {
	docs, complete, partial, failed int
	byKind                          map[string]int
}

func (s *summary) add(r *pipeline.Report) {
	s.docs++
	switch r.Status {
	case results.StatusComplete:
		s.complete++
	case results.StatusPartial:
		s.partial++
	default:
		s.failed++
	}
	if s.byKind == nil {
		s.byKind = map[string]int{}
	}
	for _, f := range r.Findings {
		s.byKind[string(f.Kind)]++
	}
}

func (s summary) String() string {
	return fmt.Sprintf("%d document(s): %d complete, %d partial (to check), %d failed; found %d online account, %d receipt, %d A-Number",
		s.docs, s.complete, s.partial, s.failed, s.byKind["online_account_number"], s.byKind["receipt_number"], s.byKind["a_number"])
}

// warnRereadModel names a re-read model that is installed but cannot be
// loaded: the run goes on, reading poor scans less well.
func warnRereadModel(stderr io.Writer, p *pipeline.Pipeline) {
	if err := p.RereadModelError(); err != nil {
		fmt.Fprintf(stderr, "noticescan: warning: %v; until then identifier lines are re-read with the page model, less well on poor scans\n", err)
	}
}
