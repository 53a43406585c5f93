package ocr_test

import (
	"context"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/noticegen"
	"github.com/noticescan/noticescan/ocr"
)

// TestRecognize_TurnNeverReadsWorse reads generated scans and phone photos
// of a sheet on a desk, upright and turned by 90, 180 or 270 degrees: the
// orientation Recognize settles on for the turned page must find at least
// as many of the truth identifiers as the upright page does.
func TestRecognize_TurnNeverReadsWorse(t *testing.T) {
	dir := t.TempDir()
	truth, err := noticegen.Generate(dir, noticegen.Options{
		Seed: 71, Count: 3, MaxPages: 1, DPIs: []int{200},
		Formats:      []noticegen.Format{noticegen.FormatPNG, noticegen.FormatPhotoPDF},
		Degradations: []noticegen.Level{noticegen.LevelLight, noticegen.LevelMedium},
		DocTypes:     []noticegen.DocType{noticegen.DocReceipt, noticegen.DocApproval, noticegen.DocBiometrics},
	})
	if err != nil {
		t.Fatal(err)
	}
	op, err := document.NewOpener(document.Config{PDFiumCacheDir: filepath.Join(os.TempDir(), "noticescan-test-pdfium")})
	if err != nil {
		t.Fatal(err)
	}
	defer op.Close()
	e := mustEngine(t, ocr.Config{})
	total := 0
	for i, tr := range truth {
		img, dpi := mustPageImage(t, op, filepath.Join(dir, tr.File))
		upright := turnCounterclockwise(img, -tr.DegradationDetail.Turned[0]/90)
		q := 1 + i%3
		kept := mustRecognize(t, e, turnCounterclockwise(upright, -q), dpi)
		read := mustRecognize(t, e, upright, dpi)
		got, want := foundTruth(kept, tr), foundTruth(read, tr)
		t.Logf("%s (%s) turned %d: rotation %d finds %d of %d identifiers, the upright page (rotation %d) %d",
			tr.File, tr.Format, 90*q, kept.Rotation, got, len(tr.Findings), read.Rotation, want)
		// The page was turned q quarters clockwise, so the upright
		// reading's rotation plus q quarters back is the right one. A page
		// brought upright may still read a digit differently, since a
		// turned photo is restored from other pixels; a wrong turn that
		// reads worse is what must never happen.
		right := (read.Rotation + 360 - 90*q) % 360
		if kept.Rotation != right && got < want {
			t.Errorf("%s turned %d: read at rotation %d (upright is %d) finds %d identifiers, the upright page %d", tr.File, 90*q, kept.Rotation, right, got, want)
		}
		total += want
	}
	if total == 0 {
		t.Fatal("no identifier found on any upright page: nothing was compared")
	}
}

// mustPageImage decodes the first page of the file at path.
func mustPageImage(tb testing.TB, op *document.Opener, path string) (image.Image, float64) {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	d, err := op.Open(context.Background(), data)
	if err != nil {
		tb.Fatal(err)
	}
	defer d.Close()
	img, dpi, err := d.Image(context.Background(), 1)
	if err != nil {
		tb.Fatal(err)
	}
	return img, dpi
}

// turnCounterclockwise turns img q quarters counterclockwise (clockwise
// for a negative q).
func turnCounterclockwise(img image.Image, q int) *image.Gray {
	b := img.Bounds()
	g := image.NewGray(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g.Set(x, y, img.At(x, y))
		}
	}
	for range (q%4 + 4) % 4 {
		w, h := g.Bounds().Dx(), g.Bounds().Dy()
		out := image.NewGray(image.Rect(0, 0, h, w))
		for y := range h {
			for x := range w {
				// A counterclockwise quarter: (x, y) goes to (y, w-1-x).
				out.Pix[(w-1-x)*out.Stride+y] = g.Pix[y*g.Stride+x]
			}
		}
		g = out
	}
	return g
}

// foundTruth counts the truth identifiers that extraction finds in r.
func foundTruth(r *ocr.Recognition, tr noticegen.Truth) int {
	b := r.Image.Bounds()
	res := extractor.Extract([]extractor.Page{{Number: 1, Width: float64(b.Dx()), Height: float64(b.Dy()), Source: extractor.SourceOCR, Words: r.Words}})
	n := 0
	for _, want := range tr.Findings {
		for _, f := range res.Findings {
			if f.Kind == want.Kind && f.Value == want.Value {
				n++
				break
			}
		}
	}
	return n
}

func TestReadTurned_Guard(t *testing.T) {
	p := mustRenderPage(t, 300, noticeLines())
	e := mustEngine(t, ocr.Config{})
	for _, tc := range []struct {
		name       string
		lies, told int // clockwise quarters: how the page lies, the turn the ascender test gave
		want       int // rotation of the reading kept
	}{
		{"WrongTurnUndone180", 0, 2, 0},
		{"WrongTurnUndone90", 0, 1, 0},
		{"WrongTurnUndone270", 0, 3, 0},
		{"OtherSideTried", 1, 1, 270},
		{"RightTurnKept", 2, 2, 180},
		// The ascender test fooled by a heavy scan's noise, the page
		// upside down and left as it came: its poor reading is read
		// turned over too.
		{"UpsideDownTakenForUpright", 2, 0, 180},
		{"UprightLeftAlone", 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img := turnCounterclockwise(p.img, -tc.lies)
			rot, words, err := ocr.ReadTurned(e, img, tc.told)
			if err != nil {
				t.Fatal(err)
			}
			if rot != tc.want {
				t.Errorf("page lying at %d read at rotation %d, want %d", 90*tc.lies, rot, tc.want)
			}
			wantIdentifiers(t, words)
		})
	}
}

// TestRecognize_TurnedPageZerosUnslashed reads a noisy page in capitals
// (no ascenders tell which way is up before reading) turned each way, and
// checks that the page image re-reads see holds no slashed zero: a page
// the reading itself turned had its zeros looked at on their side.
func TestRecognize_TurnedPageZerosUnslashed(t *testing.T) {
	var lines []string
	for _, l := range noticeLines() {
		lines = append(lines, strings.ToUpper(l))
	}
	lines = append(lines, "RECEIPT NUMBER: WAC2100900070", "A-NUMBER: A200300400")
	page := faxLook(mustRenderPage(t, 200, lines).img, 0.002, 1)
	e := mustEngine(t, ocr.Config{})
	for _, q := range []int{0, 90, 180, 270} {
		r := mustRecognize(t, e, turnCW(page, q), 200)
		if !r.Denoised {
			t.Fatalf("turned %d: the fax page was not denoised", q)
		}
		if n := ocr.UnslashZeros(r.Image, r.DPI); n > 0 {
			t.Errorf("turned %d (read at rotation %d, %d passes): %d slashed zeros left on the page re-reads see", q, r.Rotation, r.Passes, n)
		}
	}
}
