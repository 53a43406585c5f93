package noticegen_test

import (
	"bytes"
	"image"
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	_ "golang.org/x/image/bmp"
	"golang.org/x/image/font/gofont/gomono"
	_ "golang.org/x/image/tiff"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/noticegen"
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range corpusDirs {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// corpusOpts covers every format, level and document type at least once.
// Scans are at 150 DPI, the cheapest realistic resolution, because image
// encoders dominate test time under -race.
var corpusOpts = noticegen.Options{Seed: 7, Count: 12, Turned: true, DPIs: []int{150}}

// corpusDirs are removed when the tests end.
var corpusDirs []string

// lazyCorpus is a set of notices generated once, on first use, and shared
// by the tests that read it.
type lazyCorpus struct {
	opts   noticegen.Options
	once   sync.Once
	dir    string
	truths []noticegen.Truth
	err    error
}

func (c *lazyCorpus) must(tb testing.TB) (string, []noticegen.Truth) {
	tb.Helper()
	c.once.Do(func() {
		if c.dir, c.err = os.MkdirTemp("", "noticegen-test-"); c.err != nil {
			return
		}
		corpusDirs = append(corpusDirs, c.dir)
		c.truths, c.err = noticegen.Generate(c.dir, c.opts)
	})
	if c.err != nil {
		tb.Fatal(c.err)
	}
	return c.dir, c.truths
}

var mainCorpus = &lazyCorpus{opts: corpusOpts}

// mustCorpus generates the shared corpus once for all tests.
func mustCorpus(tb testing.TB) (string, []noticegen.Truth) { return mainCorpus.must(tb) }

func TestGenerate_Deterministic(t *testing.T) {
	dir, truths := mustCorpus(t)
	t.Run("SameSeed", func(t *testing.T) {
		again := t.TempDir()
		if _, err := noticegen.Generate(again, corpusOpts); err != nil {
			t.Fatal(err)
		}
		for _, name := range append(files(truths), noticegen.TruthFile) {
			if !bytes.Equal(mustRead(t, filepath.Join(dir, name)), mustRead(t, filepath.Join(again, name))) {
				t.Errorf("%s differs between runs with the same seed", name)
			}
		}
	})
	t.Run("OtherSeed", func(t *testing.T) {
		other := t.TempDir()
		o := corpusOpts
		o.Seed++
		o.Count = 4
		others, err := noticegen.Generate(other, o)
		if err != nil {
			t.Fatal(err)
		}
		if reflect.DeepEqual(others, truths[:len(others)]) {
			t.Errorf("seeds %d and %d give the same truth", corpusOpts.Seed, o.Seed)
		}
		for i, tr := range others {
			if tr.File == truths[i].File && bytes.Equal(mustRead(t, filepath.Join(other, tr.File)), mustRead(t, filepath.Join(dir, tr.File))) {
				t.Errorf("%s is the same for seeds %d and %d", tr.File, corpusOpts.Seed, o.Seed)
			}
		}
	})
}

func TestGenerate_TruthFile(t *testing.T) {
	dir, truths := mustCorpus(t)
	f, err := os.Open(filepath.Join(dir, noticegen.TruthFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	read, err := noticegen.ReadTruth(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(read) != len(truths) {
		t.Fatalf("truth file has %d lines, Generate returned %d", len(read), len(truths))
	}
	for i := range read {
		if read[i].File != truths[i].File || !slices.Equal(read[i].Findings, truths[i].Findings) {
			t.Errorf("line %d: %+v, want %+v", i+1, read[i], truths[i])
		}
	}
}

var valuePattern = map[extractor.Kind]*regexp.Regexp{
	extractor.KindOnlineAccountNumber: regexp.MustCompile(`^[0-9]{12}$`),
	extractor.KindReceiptNumber:       regexp.MustCompile(`^[A-Z]{3}[0-9]{10}$`),
	extractor.KindANumber:             regexp.MustCompile(`^A[0-9]{9}$`),
}

func TestGenerate_TruthValid(t *testing.T) {
	_, truths := mustCorpus(t)
	seen := map[string]bool{}
	for _, tr := range truths {
		seen[string(tr.Format)] = true
		seen[string(tr.Degradation)] = true
		seen[string(tr.DocType)] = true
		if !slices.IsSortedFunc(tr.Findings, func(a, b noticegen.Finding) int {
			return strings.Compare(string(a.Kind)+a.Value, string(b.Kind)+b.Value)
		}) {
			t.Errorf("%s: findings not sorted: %v", tr.File, tr.Findings)
		}
		values := map[string]bool{}
		for _, f := range tr.Findings {
			re, ok := valuePattern[f.Kind]
			switch {
			case !ok:
				t.Errorf("%s: unknown kind %q", tr.File, f.Kind)
			case !re.MatchString(f.Value):
				t.Errorf("%s: %s %q is not normalized", tr.File, f.Kind, f.Value)
			case f.Kind == extractor.KindReceiptNumber && !noticegen.IsOfficeCode(f.Value[:3]):
				t.Errorf("%s: receipt %q has no office prefix", tr.File, f.Value)
			case values[f.Value]:
				t.Errorf("%s: %q listed twice", tr.File, f.Value)
			}
			values[f.Value] = true
			values[strings.TrimPrefix(f.Value, "A")] = true
		}
		for _, d := range tr.Distractors {
			v := strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(d.Value))
			if values[v] || values["A"+v] {
				t.Errorf("%s: distractor %s %q is also truth", tr.File, d.Kind, d.Value)
			}
		}
		if tr.Format == noticegen.FormatPDFDigital && tr.DegradationDetail != nil {
			t.Errorf("%s: born-digital PDF has degradation detail", tr.File)
		}
		if dg := tr.DegradationDetail; dg != nil && (len(dg.Turned) != tr.Pages || len(dg.Skew) != tr.Pages) {
			t.Errorf("%s: per-page detail for %d/%d pages, want %d", tr.File, len(dg.Turned), len(dg.Skew), tr.Pages)
		}
	}
	for _, want := range noticegen.AllFormats() {
		if !seen[string(want)] {
			t.Errorf("corpus has no %s file", want)
		}
	}
	for _, want := range noticegen.AllDocTypes() {
		if !seen[string(want)] {
			t.Errorf("corpus has no %s document", want)
		}
	}
}

func TestGenerate_FilesDecode(t *testing.T) {
	dir, truths := mustCorpus(t)
	for _, tr := range truths {
		t.Run(tr.File, func(t *testing.T) {
			data := mustRead(t, filepath.Join(dir, tr.File))
			switch {
			case strings.HasSuffix(tr.File, ".pdf"):
				doc := mustParsePDF(t, data)
				if len(doc.pages) != tr.Pages {
					t.Errorf("%d pages, truth says %d", len(doc.pages), tr.Pages)
				}
			case strings.HasSuffix(tr.File, ".tif"):
				if n := tiffPages(t, data); n != tr.Pages {
					t.Errorf("%d pages, truth says %d", n, tr.Pages)
				}
				mustDecode(t, data, tr)
			default:
				if o := tr.DegradationDetail.EXIFOrientation; o != 0 {
					i := bytes.Index(data, []byte("Exif\x00\x00MM"))
					if i < 0 || int(data[i+25]) != o {
						t.Errorf("no EXIF Orientation %d", o)
					}
				}
				if tr.Pages != 1 {
					t.Errorf("single-image file with %d pages", tr.Pages)
				}
				mustDecode(t, data, tr)
			}
		})
	}
}

// mustDecode decodes the (first) page and checks its size against the DPI.
func mustDecode(t *testing.T, data []byte, tr noticegen.Truth) {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	dpi := tr.DegradationDetail.DPI
	long, short := 11*dpi, 17*dpi/2
	b := img.Bounds()
	if w, h := b.Dx(), b.Dy(); !(w == short && h == long) && !(w == long && h == short) {
		t.Errorf("page is %dx%d, want letter at %d DPI", w, h, dpi)
	}
}

// tiffPages walks the IFD chain of a little-endian TIFF.
func tiffPages(t *testing.T, b []byte) int {
	t.Helper()
	if string(b[:4]) != "II*\x00" {
		t.Fatalf("not a little-endian TIFF")
	}
	le := func(p []byte) int { return int(p[0]) | int(p[1])<<8 | int(p[2])<<16 | int(p[3])<<24 }
	n := 0
	for off := le(b[4:]); off != 0; n++ {
		if off+2 > len(b) || n > 100 {
			t.Fatalf("bad IFD offset %d", off)
		}
		entries := int(b[off]) | int(b[off+1])<<8
		off = le(b[off+2+12*entries:])
	}
	return n
}

func TestPDF_TextLayer(t *testing.T) {
	dir, truths := mustCorpus(t)
	checked := map[noticegen.Format]int{}
	for _, tr := range truths {
		if !strings.HasSuffix(tr.File, ".pdf") {
			continue
		}
		doc := mustParsePDF(t, mustRead(t, filepath.Join(dir, tr.File)))
		var printed, hidden strings.Builder
		for i, pg := range doc.pages {
			switch {
			case pg.image && pg.invisible:
				hidden.WriteString(strings.Join(pg.text, "\n"))
			case pg.image && len(pg.text) > 0:
				t.Errorf("%s page %d: scanned page has visible text", tr.File, i+1)
			case !pg.image:
				printed.WriteString(strings.Join(pg.text, "\n") + "\n")
			}
		}
		switch tr.Format {
		case noticegen.FormatPDFDigital:
			checked[tr.Format]++
			text := squash(printed.String())
			for _, f := range tr.Findings {
				if !strings.Contains(text, core(f)) {
					t.Errorf("%s: text layer lacks %s %s", tr.File, f.Kind, f.Value)
				}
			}
			for _, d := range tr.Distractors {
				if !strings.Contains(printed.String(), d.Value) {
					t.Errorf("%s: distractor %s %q is not printed", tr.File, d.Kind, d.Value)
				}
			}
		case noticegen.FormatPDFScanText:
			checked[tr.Format]++
			if hidden.Len() == 0 {
				t.Errorf("%s: no invisible text layer", tr.File)
			}
			text := squash(hidden.String())
			for _, f := range tr.Findings {
				if strings.Contains(text, core(f)) {
					t.Errorf("%s: copier layer reads %s %s correctly", tr.File, f.Kind, f.Value)
				}
			}
		case noticegen.FormatPDFMixed:
			checked[tr.Format]++
			if doc.pages[0].image || !doc.pages[len(doc.pages)-1].image {
				t.Errorf("%s: want a born-digital page 1 and scanned pages after", tr.File)
			}
		}
	}
	for _, f := range []noticegen.Format{noticegen.FormatPDFDigital, noticegen.FormatPDFScanText, noticegen.FormatPDFMixed} {
		if checked[f] == 0 {
			t.Errorf("corpus has no %s file to check", f)
		}
	}
}

// squash drops the separators identifiers are printed with.
func squash(s string) string { return strings.NewReplacer(" ", "", "-", "").Replace(s) }

// core is the part of a value every printed spelling contains: A-Numbers
// may lose their letter and leading zeros.
func core(f noticegen.Finding) string {
	if f.Kind == extractor.KindANumber {
		return strings.TrimLeft(f.Value[1:], "0")
	}
	return f.Value
}

func TestGenerate_Options(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		truths, err := noticegen.Generate(t.TempDir(), noticegen.Options{
			Seed: 3, Count: 4, Formats: []noticegen.Format{noticegen.FormatPNG, noticegen.FormatGIF},
			Degradations: []noticegen.Level{noticegen.LevelLight}, MinPages: 2, MaxPages: 3, DPIs: []int{100},
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range truths {
			if tr.Format != noticegen.FormatPNG && tr.Format != noticegen.FormatGIF {
				t.Errorf("%s: format %s not requested", tr.File, tr.Format)
			}
			if tr.Pages != 1 || tr.Degradation != noticegen.LevelLight {
				t.Errorf("%s: %d pages at %s, want 1 at light", tr.File, tr.Pages, tr.Degradation)
			}
			if slices.ContainsFunc(tr.DegradationDetail.Turned, func(d int) bool { return d != 0 }) {
				t.Errorf("%s: turned page without Turned", tr.File)
			}
		}
	})
	t.Run("EXIF", func(t *testing.T) {
		dir := t.TempDir()
		truths, err := noticegen.Generate(dir, noticegen.Options{
			Seed: 5, Count: 6, Formats: []noticegen.Format{noticegen.FormatJPEG},
			Degradations: []noticegen.Level{noticegen.LevelLight}, Turned: true, DPIs: []int{100},
		})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, tr := range truths {
			dg := tr.DegradationDetail
			if dg.EXIFOrientation == 0 {
				continue
			}
			n++
			want := map[int]int{3: 180, 6: 270, 8: 90}[dg.EXIFOrientation]
			cfg, _, err := image.DecodeConfig(bytes.NewReader(mustRead(t, filepath.Join(dir, tr.File))))
			if err != nil || dg.Turned[0] != want || (want != 180) != (cfg.Width > cfg.Height) {
				t.Errorf("%s: orientation %d, turned %d, stored %dx%d (%v)", tr.File, dg.EXIFOrientation, dg.Turned[0], cfg.Width, cfg.Height, err)
			}
		}
		if n == 0 {
			t.Error("no JPEG stored turned with an EXIF orientation")
		}
	})
	for name, o := range map[string]noticegen.Options{
		"ErrUnknownFormat":  {Formats: []noticegen.Format{"docx"}},
		"ErrUnknownLevel":   {Degradations: []noticegen.Level{"extreme"}},
		"ErrUnknownDocType": {DocTypes: []noticegen.DocType{"passport"}},
		"ErrPageRange":      {MinPages: 3, MaxPages: 2},
		"ErrCount":          {Count: -1},
		"ErrDPI":            {DPIs: []int{2400}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := noticegen.Generate(t.TempDir(), o); err == nil {
				t.Error("no error")
			}
		})
	}
}

func files(truths []noticegen.Truth) []string {
	var out []string
	for _, tr := range truths {
		out = append(out, tr.File)
	}
	return out
}

func mustRead(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkGenerate measures ten mixed notices at the default resolutions.
func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		if _, err := noticegen.Generate(b.TempDir(), noticegen.Options{Seed: 1, Count: 10, Turned: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// Fonts from files print the scans, and only the scans, in them: the truth
// stays that of the seed.
func TestGenerate_FontFiles(t *testing.T) {
	mono := filepath.Join(t.TempDir(), "mono.ttf")
	if err := os.WriteFile(mono, gomono.TTF, 0o644); err != nil {
		t.Fatal(err)
	}
	o := noticegen.Options{Seed: 5, Count: 2, Formats: []noticegen.Format{noticegen.FormatPNG}, DPIs: []int{100}}
	plain := t.TempDir()
	want, err := noticegen.Generate(plain, o)
	if err != nil {
		t.Fatal(err)
	}
	o.FontFiles = []string{mono, mono, mono}
	dir := t.TempDir()
	got, err := noticegen.Generate(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("truth changed with the fonts")
	}
	for _, tr := range got {
		if bytes.Equal(mustRead(t, filepath.Join(dir, tr.File)), mustRead(t, filepath.Join(plain, tr.File))) {
			t.Errorf("%s is the same in the monospaced font", tr.File)
		}
	}
	for _, files := range [][]string{{mono}, {mono, mono, filepath.Join(t.TempDir(), "missing.ttf")}} {
		o.FontFiles = files
		if _, err := noticegen.Generate(t.TempDir(), o); err == nil {
			t.Errorf("fonts %v: no error", files)
		}
	}
}
