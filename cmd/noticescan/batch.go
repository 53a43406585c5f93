package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/noticescan/noticescan/archive"
	"github.com/noticescan/noticescan/batch"
	"github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/ocr"
	"github.com/noticescan/noticescan/pipeline"
	"github.com/noticescan/noticescan/results"
	"github.com/noticescan/noticescan/storage/s3"
)

const batchHelp = `NAME
    noticescan batch - extract identifiers from folders, archives and
    buckets of notices, resumably

SYNOPSIS
    noticescan batch [OPTIONS] SOURCE... --out FILE.jsonl|FILE.csv|FILE.xlsx

DESCRIPTION
    Reads every document of each SOURCE, one at a time and several at once,
    and appends a row per document to FILE as soon as it is done. A SOURCE
    is one of:

      DIR                 every file below it, hidden folders skipped; the
                          .zip, .tar, .tar.gz and .tgz files in it are opened
      ARCHIVE             a .zip, .tar, .tar.gz or .tgz file (or a file whose
                          first bytes say it is one): every member, reported
                          as ARCHIVE!path/in/archive
      s3://BUCKET/PREFIX  every object whose key starts with PREFIX
      FILE                that one document

    Files that are not documents, by name and first bytes, are skipped.
    Documents are read as by 'noticescan extract': text layers of
    born-digital PDFs, Tesseract for scans and images. Archives are read as
    streams and nothing is ever extracted to disk: FILE is the only file
    written.

    FILE is read first when it exists, and the run resumes: a document
    whose content (SHA-256) already has a row there is skipped without OCR
    (its bytes are read only to compute the digest), as is a second copy of
    a document within the sources; an entry refused unread is skipped by
    name. Entries that could not be read for a reason that may pass (I/O or
    network errors) get no row, and are tried again by the next run. A last
    line cut short by a crash is removed and written again. Ctrl-C stops at
    once: documents in progress are not written, FILE stays valid, and the
    same command finishes the rest.

ARCHIVES
    Each of these gets a row with status failed and the reason, and is not
    read: a member whose name is absolute or climbs out with "..", symbolic
    and hard links, devices and fifos, encrypted (password-protected)
    members, archives inside an archive or bucket, entries over %d MiB,
    and zip members that expand more than %d:1. When the members of an
    archive would expand past %d times its size, or past %d GiB, that
    member is refused and so is the rest of the archive, with a row for
    the archive. A truncated or corrupt archive gives a row for the archive
    after the members before the damage. 7z, rar, bzip2, xz and zstd
    archives are refused: repack them as zip or tar.gz.

OPTIONS
    --out FILE            where rows go (required); created, or resumed
    --format FORMAT       jsonl, csv or xlsx (default: FILE's extension)
    --workers N           documents and pages read at once, one OCR engine
                          each (default: number of CPUs, here %d;
                          NOTICESCAN_WORKERS)
    --fast-ocr            read scans of 150 DPI and more as scanned instead of
                          at 300 DPI: ~1.5x the pages per minute on 150-200
                          DPI scans, fewer numbers read on poor ones
                          (NOTICESCAN_FAST_OCR)
    --quiet               no progress on standard error; the summary stays
    --progress MODE       auto (a bar on a terminal, else a line every
                          --progress-every), bar, lines or none
    --progress-every D    time between progress lines (default 10s)

    s3:// sources read the S3 settings of 'noticescan serve' (a flag wins
    over its environment variable); the bucket and prefix come from SOURCE:
    --s3-endpoint HOST[:PORT]  NOTICESCAN_S3_ENDPOINT, required for s3://
                               (s3.amazonaws.com for AWS)
    --s3-region REGION         NOTICESCAN_S3_REGION (default us-east-1)
    --s3-access-key KEY        NOTICESCAN_S3_ACCESS_KEY, and
    --s3-secret-key SECRET     NOTICESCAN_S3_SECRET_KEY (none: the AWS chain)
    --s3-tls true|false        NOTICESCAN_S3_TLS (default true)

OUTPUT
    One row per document, in the order documents finish, in the columns
    of extract's csv and xlsx and of the API's exports:

      file                path, ARCHIVE!member or s3://bucket/key
      sha256              of the document's bytes; empty if refused unread
      status              complete; partial: read, but identifiers may be
                          missing, check the pages the warnings name; or
                          failed
      error               why, when failed (or partial for a page that
                          could not be opened)
      media_type, pages   what the document is
      online_account_number, receipt_number, a_number
                          the values found, normalized, joined with ";"
      KIND_confidence     the best confidence among them, 0 to 1
      KIND_page           the page of each value, joined with ";"
      warnings            joined with "; "
      review              empty here (the API's reviews)
      document_id         empty here (the API's document id)
      read_at_utc         when reading ended, in UTC

    JSONL has these fields (pages and confidences as numbers, warnings as
    a list) and findings: every finding with its page, box, label,
    confidence and source. CSV has a header row and RFC 4180 quoting,
    starts with a UTF-8 byte order mark, ends lines with CRLF, turns line
    breaks inside a cell into spaces, and prefixes with ' a cell that
    starts with = + - @ (so that a spreadsheet shows it as text) and an
    identifier that starts with a digit (so that it keeps its zeros).
    xlsx is an Excel workbook with text cells for identifiers, a frozen
    header and columns sized to their content; its rows go to
    FILE.xlsx.jsonl as they are done (that file is what a second run
    resumes from: keep it beside the workbook), and the workbook is
    written from it when the run ends or is interrupted.

    A summary goes to standard error at the end: documents by status,
    documents skipped, identifiers found by kind, the first 20 failures
    with their reasons, and the first 20 partial documents to check with
    their warnings.

PARTIAL DOCUMENTS
    A document is partial when a page could not be opened or recognized,
    when a page with text was read as next to nothing ("page 2: text could
    not be read"), or when an identifier label was found but its value
    could not be read ("page 1: A-Number label found but its value could
    not be read"). Its row holds what was read; a person should check the
    pages its warnings name. A blank page or one with a few marks is not
    partial. Partial is a result to check, not a failure: it does not
    change the exit status.

EXIT STATUS
    0   every document complete or partial (the summary says how many
        partial documents need checking)
    1   a document failed, in this run or in FILE's earlier runs of the
        same sources, or a file could not be read
    2   usage error
    130 interrupted

EXAMPLES
    noticescan batch ~/scans --out results.jsonl
    noticescan batch mail-2019.zip mail-2020.tar.gz --out results.csv
    noticescan batch ~/scans --out results.xlsx
    NOTICESCAN_S3_ENDPOINT=s3.amazonaws.com NOTICESCAN_S3_ACCESS_KEY=AKIA... \
      NOTICESCAN_S3_SECRET_KEY=... noticescan batch s3://firm-scans/inbox/ --out inbox.jsonl
    noticescan batch --workers 2 --quiet ~/scans --out results.jsonl   # again: resumes
`

// batchOptions is the command line of batch.
type batchOptions struct {
	cfg      config
	out      string
	format   string
	quiet    bool
	progress string
	every    time.Duration
	sources  []string
}

func runBatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseBatch(args)
	if errors.Is(err, flag.ErrHelp) {
		lim, def := document.DefaultLimits(), archive.DefaultLimits()
		fmt.Fprintf(stdout, batchHelp, lim.MaxBytes>>20, def.MaxRatio, def.MaxRatio, def.MaxArchiveBytes>>30, runtime.NumCPU())
		return nil
	}
	if err != nil {
		return usageError("batch: %v (see 'noticescan batch --help')", err)
	}
	sources, err := openBatchSources(ctx, o)
	if err != nil {
		return err
	}
	out, done, err := openBatchOutput(o.out, o.format)
	if err != nil {
		var ue *exitError
		if errors.As(err, &ue) {
			return err
		}
		return fmt.Errorf("batch: %w", err)
	}
	defer out.close()

	limits := document.DefaultLimits()
	opener, err := document.NewOpener(document.Config{Limits: limits, PDFInstances: o.cfg.workers, PDFiumCacheDir: cacheDir("pdfium")})
	if err != nil {
		return fmt.Errorf("start document reader: %w", err)
	}
	defer opener.Close()
	p, err := pipeline.New(opener, pipeline.Config{Workers: o.cfg.workers, OCR: ocr.Config{Fast: o.cfg.fastOCR}})
	if err != nil {
		return fmt.Errorf("start ocr: %w", err)
	}
	defer p.Close()
	warnRereadModel(stderr, p)

	mode := o.progress
	if o.quiet {
		mode = "none"
	}
	b := &batchRun{
		pipe: p, out: out, done: done, workers: o.cfg.workers,
		lim:  archive.Limits{MaxEntryBytes: limits.MaxBytes},
		sum:  newBatchSummary(),
		prog: newBatchProgress(stderr, mode, o.every),
		gate: newTestGate(),
	}
	runErr := b.run(ctx, sources)
	if err := out.close(); runErr == nil && err != nil {
		runErr = fmt.Errorf("batch: close %s: %w", o.out, err)
	}
	b.sum.print(stderr, o.out, b.prog.elapsed())
	switch {
	case runErr != nil:
		return runErr
	case ctx.Err() != nil:
		return &exitError{code: 130, err: errors.New("interrupted; run the same command again to finish")}
	case b.sum.anyFailed():
		return &exitError{code: 1}
	}
	return nil
}

// parseBatch reads the command line. Flags may come before, between or
// after the sources, as the synopsis shows; "--" ends the flags.
func parseBatch(args []string) (*batchOptions, error) {
	o := &batchOptions{}
	fl := flag.NewFlagSet("batch", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	o.cfg.register(fl, batchSettings)
	fl.StringVar(&o.out, "out", "", "")
	fl.StringVar(&o.format, "format", "", "")
	fl.BoolVar(&o.quiet, "quiet", false, "")
	fl.StringVar(&o.progress, "progress", "auto", "")
	fl.DurationVar(&o.every, "progress-every", 10*time.Second, "")
	var err error
	if o.sources, err = parseAnywhere(fl, args); err != nil {
		return nil, err
	}
	if err := o.cfg.envError(); err != nil {
		return nil, err
	}
	switch {
	case o.out == "":
		return nil, errors.New("--out FILE is required")
	case len(o.sources) == 0:
		return nil, errors.New("no SOURCE given")
	case o.cfg.workers < 1:
		return nil, errors.New("--workers must be at least 1")
	case o.every <= 0:
		return nil, errors.New("--progress-every must be positive")
	}
	switch o.progress {
	case "auto", "bar", "lines", "none":
	default:
		return nil, fmt.Errorf("--progress %q: want auto, bar, lines or none", o.progress)
	}
	if o.format == "" {
		o.format = strings.TrimPrefix(strings.ToLower(filepath.Ext(o.out)), ".")
	}
	if o.format != "jsonl" && o.format != "csv" && o.format != "xlsx" {
		return nil, fmt.Errorf("output format %q: name --out FILE.jsonl, FILE.csv or FILE.xlsx, or give --format jsonl|csv|xlsx", o.format)
	}
	return o, nil
}

// openBatchSources checks every SOURCE before any work starts, so a typo
// fails at once rather than hours in.
func openBatchSources(ctx context.Context, o *batchOptions) ([]batch.Source, error) {
	var out []batch.Source
	for _, src := range o.sources {
		if !strings.HasPrefix(src, "s3://") {
			if _, err := os.Stat(src); err != nil {
				return nil, usageError("batch: SOURCE %v", err)
			}
			out = append(out, batch.Path(src))
			continue
		}
		bucket, prefix, _ := strings.Cut(strings.TrimPrefix(src, "s3://"), "/")
		if bucket == "" {
			return nil, usageError("batch: SOURCE %q: want s3://BUCKET/PREFIX", src)
		}
		if o.cfg.s3.endpoint == "" {
			return nil, usageError("batch: SOURCE %s needs --s3-endpoint or NOTICESCAN_S3_ENDPOINT (s3.amazonaws.com for AWS)", src)
		}
		st, err := s3.New(ctx, s3.Config{
			Endpoint: o.cfg.s3.endpoint, Bucket: bucket, Region: o.cfg.s3.region,
			AccessKey: o.cfg.s3.accessKey, SecretKey: o.cfg.s3.secretKey, UseTLS: o.cfg.s3.tls,
		})
		if err != nil {
			return nil, fmt.Errorf("batch: SOURCE %s: %w", src, err)
		}
		out = append(out, batch.Bucket(st, bucket, prefix, ""))
	}
	return out, nil
}

// batchRun is one run of the batch command over its sources.
type batchRun struct {
	pipe    *pipeline.Pipeline
	out     *batchOutput
	done    *batch.Seen
	workers int
	lim     archive.Limits
	sum     *batchSummary
	prog    *batchProgress
	gate    *testGate
}

// errWrite is the cause of a run stopped because FILE cannot be written.
var errWrite = errors.New("write failed")

// run reads the sources through the batch engine: the done set comes from
// FILE, and each row goes to FILE as it is done. It returns an error only
// when the output cannot be written.
//
// Batch never extracts anything to disk: an entry's bytes go to memory,
// within the document size limit, and the output is the only file written,
// so no member name, however hostile, can place a file anywhere.
func (b *batchRun) run(ctx context.Context, sources []batch.Source) error {
	b.prog.start(ctx, sources, b.lim)
	defer b.prog.stop()
	e := &batch.Engine{
		Sources: sources,
		Options: batch.Options{Limits: b.lim},
		Workers: b.workers,
		Done:    b.done,
		NameKey: b.out.nameKey,
		Read:    b.process,
		Entry:   b.entry,
		Skipped: func(_ *batch.Item, why batch.Skip) {
			b.sum.skip(why)
			b.prog.file(false)
		},
		SourceFailed: func(s batch.Source, err error) error {
			b.sum.unreadable(s.Name(), err)
			return nil
		},
	}
	if err := e.Run(ctx); errors.Is(err, errWrite) {
		return fmt.Errorf("batch: %w", err)
	}
	return nil
}

// entry writes the row of an entry refused for good (a hostile member, a
// corrupt archive), and counts the others, which get no row: a
// non-document is skipped, and an unreadable entry is tried again by the
// next run.
func (b *batchRun) entry(_ context.Context, it *batch.Item) error {
	switch it.Kind {
	case batch.Refused:
		if err := b.out.write(refusedRow(it.Name, it.Err)); err != nil {
			return fmt.Errorf("%w: %w", errWrite, err)
		}
		b.sum.refused(it.Name, it.Err)
		b.prog.file(true)
	case batch.Unreadable:
		b.sum.unreadable(it.Name, it.Err)
		b.prog.file(true)
	default:
		b.sum.skip(batch.SkipNotDocument)
		b.prog.file(false)
	}
	return nil
}

// process runs one document through the pipeline and writes its row. A
// document cut short by an interrupt is not written: the next run redoes
// it whole.
func (b *batchRun) process(ctx context.Context, it *batch.Item) error {
	if b.gate.wait(ctx) != nil {
		b.sum.interrupted()
		return nil
	}
	rep := b.pipe.Process(ctx, pipeline.Input{Name: it.Name, Data: it.Data, Progress: func(int, int) { b.prog.page() }})
	if ctx.Err() != nil && rep.Status != results.StatusComplete {
		b.sum.interrupted()
		return nil
	}
	if err := b.out.write(rowFromReport(rep)); err != nil {
		return fmt.Errorf("%w: %w", errWrite, err)
	}
	b.sum.add(rep)
	b.prog.work()
	b.prog.file(rep.Status == results.StatusFailed)
	return nil
}
