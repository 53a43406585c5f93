package noticegen

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"image"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"github.com/noticescan/noticescan/extractor"
)

// TruthFile is the name of the truth file Generate writes next to the
// notices, one JSON Truth per line.
const TruthFile = "truth.jsonl"

// Finding is one identifier the extractor must report, normalized: 12
// digits; 3 uppercase letters and 10 digits; "A" and 9 digits.
type Finding struct {
	Kind  extractor.Kind `json:"kind"`
	Value string         `json:"value"`
}

// Distractor is a look-alike printed on the notice that must never be
// reported. Kind is one of barcode, tracking_number, document_id,
// bank_account, routing_number, online_access_code, phone, i94_number,
// sevis_id, ssn, fein, zip4, nvc_case_number, card_number, receipt_shaped
// (a non-office prefix) and invoice_id. Value is as printed.
type Distractor struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

// Truth describes one generated file and what is on it.
type Truth struct {
	File   string `json:"file"`
	Pages  int    `json:"pages"`
	Format Format `json:"format"`
	// Degradation is LevelNone for born-digital PDFs.
	Degradation Level `json:"degradation"`
	// DegradationDetail is nil for born-digital PDFs.
	DegradationDetail *Degradation `json:"degradation_detail"`
	DocType           DocType      `json:"doc_type"`
	// Findings are sorted by kind, then value; each appears once however
	// often it is printed.
	Findings    []Finding    `json:"findings"`
	Distractors []Distractor `json:"distractors,omitempty"`
}

// Generate writes opts.Count notices and TruthFile into dir, creating dir
// if needed, and returns the truth in file order. The same Options always
// produce byte-identical files.
func Generate(dir string, opts Options) ([]Truth, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	fonts, err := loadFonts(o.FontFiles)
	if err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	jobs := plan(o)
	truths := make([]Truth, len(jobs))
	errs := make([]error, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	workers := cmp.Or(o.Workers, runtime.GOMAXPROCS(0))
	for range min(workers, max(len(jobs), 1)) {
		wg.Go(func() {
			for i := range next {
				truths[i], errs[i] = buildFile(dir, jobs[i], o, fonts)
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("generate %s: %w", jobs[i].file, err)
		}
	}
	var b bytes.Buffer
	for _, t := range truths {
		line, err := json.Marshal(t)
		if err != nil {
			return nil, fmt.Errorf("generate: encode truth: %w", err)
		}
		b.Write(append(line, '\n'))
	}
	if err := os.WriteFile(filepath.Join(dir, TruthFile), b.Bytes(), 0o644); err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	return truths, nil
}

// ReadTruth parses a truth file as Generate writes it.
func ReadTruth(r io.Reader) ([]Truth, error) {
	var out []Truth
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var t Truth
		if err := json.Unmarshal(sc.Bytes(), &t); err != nil {
			return nil, fmt.Errorf("read truth line %d: %w", n, err)
		}
		out = append(out, t)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read truth: %w", err)
	}
	return out, nil
}

type job struct {
	index   int
	file    string
	format  Format
	level   Level
	docType DocType
	pages   int
}

// plan fixes every document's format, level, type and page count up
// front from a stream of its own, spreading each choice evenly so even a
// small batch covers all requested formats and levels.
func plan(o Options) []job {
	r := newRnd(o.Seed, math.MaxUint64)
	formats := spread(r, o.Formats, o.Count)
	levels := spread(r, o.Degradations, o.Count)
	types := spread(r, o.DocTypes, o.Count)
	// Types that need two pages go to multi-page files first, so single
	// images do not push them out of the balanced mix.
	assigned := make([]DocType, o.Count)
	var multi []int
	for i, f := range formats {
		if f.multiPage() {
			multi = append(multi, i)
		}
	}
	var rest []DocType
	for _, t := range types {
		switch {
		case layouts[t].minPages == 1:
			rest = append(rest, t)
		case len(multi) > 0:
			assigned[multi[0]] = t
			multi = multi[1:]
		default:
			rest = append(rest, fallbackType(o.DocTypes))
		}
	}
	for i := range assigned {
		if assigned[i] == "" {
			assigned[i], rest = rest[0], rest[1:]
		}
	}
	width := max(3, len(strconv.Itoa(o.Count-1)))
	jobs := make([]job, o.Count)
	for i := range jobs {
		j := job{index: i, format: formats[i], level: levels[i], docType: assigned[i], pages: 1}
		if j.format.multiPage() {
			j.pages = r.intIn(o.MinPages, o.MaxPages)
		}
		if j.format == FormatPDFMixed {
			j.pages = max(j.pages, 2) // one born-digital page, one scanned
		}
		j.pages = max(j.pages, layouts[j.docType].minPages)
		switch {
		case j.format == FormatPDFDigital:
			j.level = LevelNone
		case j.format.photo():
			j.level = LevelPhoto
		}
		j.file = fmt.Sprintf("notice-%0*d%s", width, i, j.format.ext())
		jobs[i] = j
	}
	return jobs
}

// fallbackType picks a requested type that fits on one page, or a
// receipt when none does.
func fallbackType(types []DocType) DocType {
	for _, t := range types {
		if layouts[t].minPages == 1 {
			return t
		}
	}
	return DocReceipt
}

func spread[T any](r *rnd, xs []T, n int) []T {
	out := make([]T, 0, n+len(xs))
	for len(out) < n {
		for _, i := range r.Perm(len(xs)) {
			out = append(out, xs[i])
		}
	}
	return out[:n]
}

// buildFile lays out, renders and writes one notice.
func buildFile(dir string, j job, o Options, fonts *fontSet) (Truth, error) {
	r := newRnd(o.Seed, uint64(j.index))
	d := newDoc(r)
	if o.AbbreviatedLabels {
		d.abbrev = newRnd(o.Seed, abbreviationStream+uint64(j.index))
	}
	layouts[j.docType].build(d, j.pages)
	t := Truth{File: j.file, Pages: len(d.pages), Format: j.format, Degradation: j.level, DocType: j.docType}
	t.Findings = slices.Clone(d.findings)
	slices.SortFunc(t.Findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Value, b.Value))
	})
	if t.Findings == nil {
		t.Findings = []Finding{}
	}
	seen := map[Distractor]bool{}
	for _, x := range d.distractors {
		if !seen[x] {
			seen[x] = true
			t.Distractors = append(t.Distractors, x)
		}
	}
	data, dg, err := encodeDoc(d.pages, j, o, fonts, r)
	if err != nil {
		return t, err
	}
	t.DegradationDetail = dg
	if err := os.WriteFile(filepath.Join(dir, j.file), data, 0o644); err != nil {
		return t, err
	}
	return t, nil
}

// encodeDoc turns laid-out pages into the bytes of j's format.
func encodeDoc(pages []*page, j job, o Options, fonts *fontSet, r *rnd) ([]byte, *Degradation, error) {
	if j.format.photo() {
		return encodePhotos(pages, j, o, fonts, r)
	}
	var buf bytes.Buffer
	if j.format == FormatPDFDigital {
		pp := make([]pdfPage, len(pages))
		for i, p := range pages {
			pp[i] = pdfPage{w: pageW, h: pageH, content: vectorContent(p)}
		}
		err := writePDF(&buf, string(j.docType), pp)
		return buf.Bytes(), nil, err
	}
	first := 0
	if j.format == FormatPDFMixed {
		first = 1
	}
	dg := planDegradation(r, j.level, j.format, len(pages), first, o)
	rn := newRenderer(fonts, dg.DPI)
	storesJPEG := dg.JPEGQuality > 0 && j.format != FormatPNG && j.format != FormatTIFF && j.format != FormatGIF && j.format != FormatBMP
	scans := make([]*image.Gray, len(pages))
	for i := first; i < len(pages); i++ {
		img, err := rn.render(pages[i])
		if err != nil {
			return nil, nil, fmt.Errorf("page %d: render: %w", i+1, err)
		}
		keep := *dg
		if storesJPEG {
			keep.JPEGQuality = 0 // the final encode is the JPEG step
		}
		if scans[i], err = degrade(img, &keep, i, r); err != nil {
			return nil, nil, fmt.Errorf("page %d: %w", i+1, err)
		}
	}
	var err error
	switch j.format {
	case FormatPNG:
		err = encodePNG(&buf, scans[0], dg.DPI)
	case FormatGIF:
		err = encodeGIF(&buf, scans[0])
	case FormatBMP:
		err = encodeBMP(&buf, scans[0], dg.DPI)
	case FormatTIFF:
		err = writeTIFF(&buf, scans, dg.Bilevel, dg.DPI)
	case FormatJPEG:
		var b []byte
		b, err = encodeJPEG(scans[0], dg.JPEGQuality, dg.DPI, dg.EXIFOrientation)
		buf.Write(b)
	default:
		pp := make([]pdfPage, len(pages))
		for i, p := range pages {
			if i < first {
				pp[i] = pdfPage{w: pageW, h: pageH, content: vectorContent(p)}
				continue
			}
			img := scans[i]
			b, jerr := encodeJPEG(img, dg.JPEGQuality, dg.DPI, 0)
			if jerr != nil {
				return nil, nil, fmt.Errorf("page %d: %w", i+1, jerr)
			}
			w := float64(img.Rect.Dx()) * 72 / float64(dg.DPI)
			h := float64(img.Rect.Dy()) * 72 / float64(dg.DPI)
			content := imageContent(w, h)
			if j.format == FormatPDFScanText {
				content = append(content, copierLayer(p, r)...)
			}
			pp[i] = pdfPage{w: w, h: h, content: content, jpeg: b, imgW: img.Rect.Dx(), imgH: img.Rect.Dy()}
		}
		err = writePDF(&buf, string(j.docType), pp)
	}
	if err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), dg, nil
}
