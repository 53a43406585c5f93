package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/noticescan/noticescan/archive"
	"github.com/noticescan/noticescan/batch"
	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/pipeline"
	"github.com/noticescan/noticescan/results"
)

// batchProgress shows a run's progress on standard error: a bar on a
// terminal, a plain line every so often otherwise. The number of files is
// counted by a second, cheap walk of the sources (names only, no
// document is read) while the first one works, so the total and the ETA
// appear once that walk is done.
type batchProgress struct {
	w     io.Writer
	mode  string // bar, lines or none
	every time.Duration
	begin time.Time

	files, pages, failed, worked atomic.Int64
	total                        atomic.Int64
	counted                      atomic.Bool

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func newBatchProgress(w io.Writer, mode string, every time.Duration) *batchProgress {
	if mode == "auto" {
		mode = "lines"
		if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			mode = "bar"
		}
	}
	return &batchProgress{w: w, mode: mode, every: every, begin: time.Now(), cancel: func() {}}
}

// file counts an entry as finished; failed if it got a failed row or
// could not be read.
func (p *batchProgress) file(failed bool) {
	p.files.Add(1)
	if failed {
		p.failed.Add(1)
	}
}

// page counts a page read.
func (p *batchProgress) page() { p.pages.Add(1) }

// work counts a document that went through the pipeline, for the ETA.
func (p *batchProgress) work() { p.worked.Add(1) }

func (p *batchProgress) elapsed() time.Duration { return time.Since(p.begin) }

// start counts the entries of the sources and starts showing progress.
func (p *batchProgress) start(ctx context.Context, sources []batch.Source, lim archive.Limits) {
	p.begin = time.Now()
	if p.mode == "none" {
		return
	}
	ctx, p.cancel = context.WithCancel(ctx)
	p.wg.Go(func() {
		var n int64
		for _, s := range sources {
			_ = s.Count(ctx, lim, func(string) { n++; p.total.Store(n) })
		}
		p.counted.Store(ctx.Err() == nil)
	})
	p.wg.Go(func() {
		if p.mode == "bar" {
			p.showBar(ctx)
		} else {
			p.showLines(ctx)
		}
	})
}

// stop ends the display; the summary follows.
func (p *batchProgress) stop() {
	p.cancel()
	p.wg.Wait()
}

// status is the part of the display after the file count.
func (p *batchProgress) status() string {
	secs := max(time.Since(p.begin).Seconds(), 0.001)
	pages := p.pages.Load()
	eta := "?"
	if done, worked := p.files.Load(), p.worked.Load(); p.counted.Load() && worked > 0 {
		left := max(p.total.Load()-done, 0)
		eta = (time.Duration(float64(left)*secs/float64(worked)) * time.Second).Round(time.Second).String()
	}
	return fmt.Sprintf("%d pages, %.2f pages/s, %d failed, ETA %s", pages, float64(pages)/secs, p.failed.Load(), eta)
}

func (p *batchProgress) showLines(ctx context.Context) {
	t := time.NewTicker(p.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		total := "?"
		if p.counted.Load() {
			total = strconv.FormatInt(p.total.Load(), 10)
		}
		fmt.Fprintf(p.w, "noticescan batch: %d/%s files, %s\n", p.files.Load(), total, p.status())
	}
}

func (p *batchProgress) showBar(ctx context.Context) {
	bar := progressbar.NewOptions64(1,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(24),
		progressbar.OptionSetPredictTime(false),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionShowDescriptionAtLineEnd(),
	)
	update := func() {
		files := p.files.Load()
		// Until the count is done the bar's end moves with it, one
		// ahead of the files done so that the bar does not finish early.
		n := max(p.total.Load(), files+1)
		if p.counted.Load() {
			n = max(p.total.Load(), files, 1)
		}
		bar.ChangeMax64(n)
		_ = bar.Set64(files)
		bar.Describe("files; " + p.status())
	}
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		update()
		select {
		case <-ctx.Done():
			update()
			_ = bar.Exit()
			fmt.Fprintln(p.w)
			return
		case <-t.C:
		}
	}
}

// batchSummary adds up a run for the report at the end. It keeps the
// first failures only, never the rows.
type batchSummary struct {
	mu                                   sync.Mutex
	complete, partial, failed, refusedN  int
	unreadableN, interruptedN, pagesRead int
	skipped                              map[batch.Skip]int
	byKind                               map[extractor.Kind]int
	failures                             []string
	failuresN                            int
	checks                               []string // partial documents, first maxListedFailures
}

// maxListedFailures is how many failures the summary lists.
const maxListedFailures = 20

func newBatchSummary() *batchSummary {
	return &batchSummary{skipped: map[batch.Skip]int{}, byKind: map[extractor.Kind]int{}}
}

func (s *batchSummary) add(r *pipeline.Report) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pagesRead += len(r.Pages)
	for _, f := range r.Findings {
		s.byKind[f.Kind]++
	}
	switch r.Status {
	case results.StatusComplete:
		s.complete++
		return
	case results.StatusPartial:
		s.partial++
		if len(s.checks) < maxListedFailures {
			s.checks = append(s.checks, printable(r.File)+": "+checkReason(r))
		}
		return
	default:
		s.failed++
	}
	s.fail(r.File, r.Error)
}

// checkReason is what makes a partial document worth checking: its
// warnings name the pages (and labels), never a value.
func checkReason(r *pipeline.Report) string {
	var why []string
	for _, w := range r.Warnings {
		if strings.Contains(w, "could not be read") {
			why = append(why, w)
		}
	}
	if len(why) == 0 && r.Error != "" {
		why = append(why, r.Error)
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(strings.Join(why, "; "), "\n", "; ")), " ")
}

func (s *batchSummary) refused(name string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failed++
	s.refusedN++
	s.fail(name, err.Error())
}

// unreadable records an entry or source that could not be read for a
// reason that may pass (I/O, network): it gets no row, so the next run
// tries it again.
func (s *batchSummary) unreadable(name string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.unreadableN++
	s.fail(name, err.Error()+" (no row written; the next run tries again)")
}

func (s *batchSummary) skip(why batch.Skip) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.skipped[why]++
}

func (s *batchSummary) interrupted() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.interruptedN++
}

// fail lists a failure; s.mu is held.
func (s *batchSummary) fail(name, reason string) {
	s.failuresN++
	if len(s.failures) < maxListedFailures {
		reason = strings.Join(strings.Fields(strings.ReplaceAll(reason, "\n", "; ")), " ")
		s.failures = append(s.failures, printable(name)+": "+reason)
	}
}

// anyFailed reports whether the exit status must say that something failed.
func (s *batchSummary) anyFailed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.failed+s.unreadableN+s.skipped[batch.SkipDoneFailed] > 0
}

// print writes the summary.
func (s *batchSummary) print(w io.Writer, out string, elapsed time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	written := s.complete + s.partial + s.failed
	fmt.Fprintf(w, "noticescan batch: %d row(s) written to %s in %s\n", written, out, elapsed.Round(time.Second))
	fmt.Fprintf(w, "  written: %d complete, %d partial (to check), %d failed (%d refused unread)\n", s.complete, s.partial, s.failed, s.refusedN)
	done := s.skipped[batch.SkipDone] + s.skipped[batch.SkipDoneFailed]
	fmt.Fprintf(w, "  skipped: %d already in %s (%d of them failed), %d duplicate(s), %d not document(s)\n",
		done, out, s.skipped[batch.SkipDoneFailed], s.skipped[batch.SkipDuplicate], s.skipped[batch.SkipNotDocument])
	fmt.Fprintf(w, "  pages read: %d (%.2f pages/s)\n", s.pagesRead, float64(s.pagesRead)/max(elapsed.Seconds(), 0.001))
	var kinds []string
	for _, k := range extractor.Kinds() {
		kinds = append(kinds, fmt.Sprintf("%d %s", s.byKind[k], kindLabel(k)))
	}
	fmt.Fprintf(w, "  found: %s\n", strings.Join(kinds, ", "))
	if s.unreadableN > 0 {
		fmt.Fprintf(w, "  unreadable: %d (no row; run again to retry)\n", s.unreadableN)
	}
	if s.failuresN > 0 {
		fmt.Fprintf(w, "  failures (first %d of %d):\n", len(s.failures), s.failuresN)
		for _, f := range s.failures {
			fmt.Fprintf(w, "    %s\n", f)
		}
	}
	if s.partial > 0 {
		fmt.Fprintf(w, "  to check (first %d of %d partial):\n", len(s.checks), s.partial)
		for _, c := range s.checks {
			fmt.Fprintf(w, "    %s\n", c)
		}
	}
	if s.interruptedN > 0 {
		fmt.Fprintf(w, "  interrupted: %d document(s) in progress not written\n", s.interruptedN)
	}
}

func kindLabel(k extractor.Kind) string {
	switch k {
	case extractor.KindOnlineAccountNumber:
		return "online account number(s)"
	case extractor.KindReceiptNumber:
		return "receipt number(s)"
	case extractor.KindANumber:
		return "A-Number(s)"
	}
	return string(k)
}

// printable quotes a name that holds control characters, which a hostile
// archive can put in member names to garble a terminal.
func printable(name string) string {
	if strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return strconv.Quote(name)
	}
	return name
}
