package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/ocr"
	"github.com/noticescan/noticescan/results"
)

// Config sets up a Pipeline.
type Config struct {
	// Workers is the number of OCR engines, and so of pages recognized at
	// once. Default: the number of CPUs.
	Workers int
	OCR     ocr.Config
	Logger  *slog.Logger
}

// Pipeline processes documents. It is safe for concurrent use; OCR
// concurrency is bounded by the engine pool whatever the number of callers.
type Pipeline struct {
	opener  *document.Opener
	engines chan *ocr.Engine
	all     []*ocr.Engine
	log     *slog.Logger
	// rereadErr: the re-read model is there but cannot be loaded.
	rereadErr error
}

// New starts the engines. The opener is shared and not closed by the pipeline.
func New(opener *document.Opener, cfg Config) (*Pipeline, error) {
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.NumCPU()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	p := &Pipeline{opener: opener, engines: make(chan *ocr.Engine, cfg.Workers), log: cfg.Logger}
	for i := 0; i < cfg.Workers; i++ {
		e, err := ocr.NewEngine(cfg.OCR)
		if err != nil {
			p.Close()
			return nil, fmt.Errorf("start ocr engine %d: %w", i+1, err)
		}
		p.all = append(p.all, e)
		p.engines <- e
	}
	// Loaded now rather than at the first re-read, so a broken model is
	// reported when the process starts. Every engine finds the same file.
	if _, err := p.all[0].RereadModel(); err != nil {
		p.rereadErr = err
		p.log.Warn("identifier lines will be re-read with the page model", "error", err)
	}
	return p, nil
}

// RereadModelError reports a re-read model that is installed but cannot be
// loaded; identifier lines are then re-read with the page model, which
// reads them less well on poor scans.
func (p *Pipeline) RereadModelError() error { return p.rereadErr }

// Workers is the number of OCR engines.
func (p *Pipeline) Workers() int { return len(p.all) }

// Close stops the engines. Call it after every Process has returned.
func (p *Pipeline) Close() error {
	var errs []error
	for _, e := range p.all {
		errs = append(errs, e.Close())
	}
	p.all = nil
	return errors.Join(errs...)
}

// Input is one document to process.
type Input struct {
	// Name identifies the document in the report (a path or object key).
	Name string
	Data []byte
	// Progress, if set, is called after each page with pages done and total.
	Progress func(done, total int)
	// Previews asks for each page's image as a small JPEG (results.Page.Preview),
	// for a person to check the findings' boxes against.
	Previews bool
}

// ErrInternal marks a document or page that failed on a fault of the
// service's own rather than of the file: the report says so, and the rest
// of a batch goes on.
var ErrInternal = errors.New("internal error")

// Process reads one document and extracts its identifiers. It never
// panics on bad input: a document that cannot be read gives a failed report
// whose Err is one of document's sentinels.
func (p *Pipeline) Process(ctx context.Context, in Input) *Report {
	start := time.Now()
	sum := sha256.Sum256(in.Data)
	rep := &Report{File: in.Name, SHA256: hex.EncodeToString(sum[:]), Outcome: results.Outcome{Pages: []results.Page{}, Findings: []extractor.Finding{}, Warnings: []string{}}}
	defer func() {
		rep.Seconds = time.Since(start).Seconds()
		// No file name: people name files after their receipt numbers. The
		// caller logs the document's id; the sha256 ties the line to it.
		p.log.Info("document processed", "sha256", rep.SHA256[:12], "status", rep.Status, "pages", len(rep.Pages),
			"findings", len(rep.Findings), "seconds", rep.Seconds, "error", rep.Error)
	}()
	defer func() {
		// A fault of ours on one document fails that document, with
		// its pages' reports, not the batch or the server around it.
		if v := recover(); v != nil {
			p.log.Error("document processing panicked", "sha256", rep.SHA256[:12], "panic", v, "stack", string(debug.Stack()))
			rep.fail(fmt.Errorf("%w: %v", ErrInternal, v))
		}
	}()
	doc, err := p.opener.Open(ctx, in.Data)
	if err != nil {
		rep.fail(err) // the opener's errors already say "open"
		if mt, serr := document.Sniff(in.Data); serr == nil {
			rep.MediaType = mt
		}
		return rep
	}
	defer doc.Close()
	rep.MediaType = doc.MediaType
	n := doc.NumPages()
	read := p.pages(ctx, doc, n, in.Progress, in.Previews)

	var pages []extractor.Page
	readings := map[slotKey][]extractor.Reading{}
	var failed []error
	var unreadPages []int
	for _, r := range read {
		if r.illegible {
			unreadPages = append(unreadPages, r.rep.Number)
		}
		rep.Pages = append(rep.Pages, r.rep)
		if r.err != nil {
			failed = append(failed, fmt.Errorf("page %d: %w", r.rep.Number, r.err))
			continue
		}
		pages = append(pages, r.page)
		for k, v := range r.readings {
			readings[k] = v
		}
	}
	res := extractor.Extract(pages)
	res.ResolveSlots(func(s extractor.Slot) []extractor.Reading { return readings[keyOf(s)] })
	var illegible []string
	for _, n := range unreadPages {
		// A card's copy carries one identifier; read, the small print
		// around it that OCR lost holds nothing more to miss.
		if !res.CardRead(n) {
			illegible = append(illegible, fmt.Sprintf("page %d: text could not be read", n))
		}
	}
	rep.Findings = append(rep.Findings, res.Findings...)
	rep.Warnings = append(rep.Warnings, illegible...)
	rep.Warnings = append(rep.Warnings, res.Warnings...)
	switch {
	case len(failed) == 0 && (len(illegible) > 0 || len(res.Unread()) > 0 || len(res.Missing()) > 0):
		// Every page was read, but a page or a label's value came out as
		// nothing, or a form came without the identifier it always
		// carries: identifiers may be missing, and the warnings say where.
		rep.Status = results.StatusPartial
	case len(failed) == 0:
		rep.Status = results.StatusComplete
	case len(failed) < n:
		rep.Status = results.StatusPartial
		rep.err = errors.Join(failed...)
		rep.Error = rep.err.Error()
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("%d of %d pages could not be read", len(failed), n))
	default:
		rep.fail(errors.Join(failed...))
	}
	return rep
}

func (r *Report) fail(err error) {
	r.Status = results.StatusFailed
	r.err = err
	r.Error = err.Error()
}

type pageResult struct {
	page     extractor.Page
	rep      results.Page
	readings map[slotKey][]extractor.Reading
	// illegible: the page has text that its reading does not explain.
	illegible bool
	err       error
}

// slotKey identifies a slot across the per-page and whole-document
// extraction runs, which find the same slots from the same words.
type slotKey struct {
	kind   extractor.Kind
	page   int
	region extractor.Box
}

func keyOf(s extractor.Slot) slotKey { return slotKey{s.Kind, s.Page, s.Region} }

// pages reads every page, as many at once as there are engines. A page
// takes an engine before its image is decoded, so decoded images never
// outnumber engines.
func (p *Pipeline) pages(ctx context.Context, doc *document.Document, n int, progress func(int, int), previews bool) []pageResult {
	out := make([]pageResult, n)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex // documents are read one call at a time
		done int
		sem  = make(chan struct{}, cap(p.engines))
	)
	for i := 1; i <= n; i++ {
		if ctx.Err() != nil {
			out[i-1] = pageResult{rep: results.Page{Number: i, Error: ctx.Err().Error()}, err: ctx.Err()}
			continue
		}
		sem <- struct{}{}
		wg.Add(1)
		go func(i int) {
			defer func() {
				// Recovered here, in the page's own goroutine: a panic
				// there would end the process before Process could see it.
				if v := recover(); v != nil {
					p.log.Error("page processing panicked", "page", i, "panic", v, "stack", string(debug.Stack()))
					err := fmt.Errorf("%w: %v", ErrInternal, v)
					out[i-1] = pageResult{rep: results.Page{Number: i, Error: err.Error()}, err: err}
				}
				<-sem
				wg.Done()
			}()
			r := p.page(ctx, doc, &mu, i, previews)
			if r.err != nil {
				r.rep.Error = r.err.Error()
			}
			out[i-1] = r
			if progress != nil {
				mu.Lock()
				done++
				d := done
				mu.Unlock()
				progress(d, n)
			}
		}(i)
	}
	wg.Wait()
	return out
}

func (p *Pipeline) page(ctx context.Context, doc *document.Document, mu *sync.Mutex, n int, previews bool) (r pageResult) {
	start := time.Now()
	r.rep.Number = n
	defer func() { r.rep.Seconds = time.Since(start).Seconds() }()
	mu.Lock()
	pg, err := doc.Page(ctx, n)
	mu.Unlock()
	if err != nil {
		r.err = err
		return r
	}
	if pg.Text != nil && len(pg.Text.Words) > 0 && useTextLayer(pg) {
		r.page = *pg.Text
		r.page.Number = n
		r.page.Source = extractor.SourceTextLayer
		r.rep.Source = extractor.SourceTextLayer
		r.rep.OCRConfidence = 1
		r.rep.Width, r.rep.Height = r.page.Width, r.page.Height
		if previews {
			// Text-layer boxes are in points on the upright page; the
			// rendering is upright too, so one scale maps them. It is
			// drawn at the preview's width, not at Image's 300 DPI.
			mu.Lock()
			img, err := doc.Render(ctx, n, previewDPI(r.page.Width))
			mu.Unlock()
			if err == nil {
				r.rep.Preview, err = preview(img)
			}
			if err != nil {
				p.log.Warn("page preview", "page", n, "error", err)
			}
		}
		return r
	}
	var e *ocr.Engine
	select {
	case e = <-p.engines:
	case <-ctx.Done():
		r.err = ctx.Err()
		return r
	}
	defer func() { p.engines <- e }()
	mu.Lock()
	img, dpi, err := doc.Image(ctx, n)
	mu.Unlock()
	if err != nil {
		r.err = err
		return r
	}
	rec, err := e.Recognize(ctx, img, dpi)
	if err != nil {
		r.err = fmt.Errorf("recognize: %w", err)
		return r
	}
	r.page = extractor.Page{
		Number: n, Width: float64(rec.Image.Bounds().Dx()), Height: float64(rec.Image.Bounds().Dy()),
		Source: extractor.SourceOCR, Words: rec.Words,
	}
	r.rep.Source = extractor.SourceOCR
	r.illegible = rec.Illegible()
	r.rep.Rotation = rec.Rotation
	r.rep.OCRConfidence = rec.MeanConf
	r.rep.Width, r.rep.Height = r.page.Width, r.page.Height
	if previews {
		// From the normalized image, not the input: the boxes are in its
		// pixels, after deskewing and turning upright.
		if r.rep.Preview, err = preview(rec.Image); err != nil {
			p.log.Warn("page preview", "page", n, "error", err)
		}
	}
	res := extractor.Extract([]extractor.Page{r.page})
	// A garbled caption over a number printed like an A-Number is re-read
	// on its own; where the readings agree on a label, it replaces what
	// the page read there, and the page is extracted again.
	recaptioned := false
	for _, c := range res.Captions() {
		rds, err := e.ReadLine(ctx, rec.Image, c.Region, c.Charset)
		if err != nil {
			p.log.Debug("caption re-read failed", "page", n, "kind", c.Kind, "error", err)
			continue
		}
		r.rep.Rereads++
		var ok bool
		if r.page, ok = extractor.Recaption(r.page, c, rds); ok {
			recaptioned = true
		}
	}
	if recaptioned {
		res = extractor.Extract([]extractor.Page{r.page})
	}
	// Re-read this page's open slots now, while the engine and the
	// normalized image are at hand; the document-level pass picks the
	// readings up by slot.
	slots := res.Slots
	if len(slots) > 0 {
		r.readings = map[slotKey][]extractor.Reading{}
	}
	for _, s := range slots {
		var rds []extractor.Reading
		var err error
		switch {
		case s.Sure():
			rds, err = e.ConfirmLine(ctx, rec.Image, s.Region, s.Charset, s.Confirmer())
		case s.Current != "":
			rds, err = e.CheckLine(ctx, rec.Image, s.Region, s.Charset)
		default:
			rds, err = e.ReadLine(ctx, rec.Image, s.Region, s.Charset)
		}
		if err == nil && s.WantsSecondModel(rds) {
			// The page model's readings stand if the second look fails.
			if more, err := e.SecondLook(ctx, rec.Image, s.Region, s.Charset); err != nil {
				p.log.Debug("second look failed", "page", n, "kind", s.Kind, "error", err)
			} else {
				rds = append(rds, more...)
			}
		}
		if err != nil {
			p.log.Debug("re-read failed", "page", n, "kind", s.Kind, "error", err)
			continue
		}
		r.readings[keyOf(s)] = rds
		r.rep.Rereads++
	}
	return r
}

// useTextLayer decides whether a page's text layer is trusted. A
// born-digital page's text is exact. A scanned page's invisible text came
// from some copier's OCR: it often carries identifiers with a wrong digit
// that still validate, so it is never trusted and the image is read instead.
func useTextLayer(pg *document.Page) bool {
	return !pg.Scan
}
