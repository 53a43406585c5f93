package ocr_test

import (
	"image"
	"math/rand/v2"
	"testing"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/ocr"
)

// bilevel thresholds g at mid-gray, as a fax machine does.
func bilevel(g *image.Gray) *image.Gray {
	out := image.NewGray(g.Bounds())
	for i, v := range g.Pix {
		if v >= 128 {
			out.Pix[i] = 255
		}
	}
	return out
}

// faxNoise blackens dots over the whole of img, print included: share of
// the pixel pairs start a dot one or two pixels wide and two rows high, the
// shape of a noise dot on a standard-mode fax stretched to square pixels.
func faxNoise(img *image.Gray, share float64, seed uint64) *image.Gray {
	out := toGrayCopy(img)
	w, h := out.Bounds().Dx(), out.Bounds().Dy()
	rng := rand.New(rand.NewPCG(seed, 9))
	for range int(share * float64(w*h/2)) {
		x, y, dw := rng.IntN(w-2), 2*rng.IntN(h/2-1), 1+rng.IntN(2)
		fill(out, image.Rect(x, y, x+dw, y+2), 0)
	}
	return out
}

// dottedPage is the test notice in bilevel with a line of i, j and zeros
// whose centre carries a dot, as some typewriter and OCR-B faces draw it.
func dottedPage(tb testing.TB, dpi float64) (*image.Gray, []image.Rectangle) {
	tb.Helper()
	lines := append(noticeLines(), "ij iii jjj 0000 i.j.0")
	p := mustRenderPage(tb, dpi, lines)
	img := bilevel(p.img)
	var zeroDots []image.Rectangle
	b := p.boxes["0000"]
	cw := (b.X1 - b.X0) / 4
	d := max(2, int(dpi/100))
	for k := range 4 {
		cx, cy := int(b.X0+cw*(float64(k)+0.5)), int((b.Y0+b.Y1)/2)
		r := image.Rect(cx-d/2, cy-d/2, cx-d/2+d, cy-d/2+d)
		fill(img, r, 0)
		zeroDots = append(zeroDots, r)
	}
	return img, zeroDots
}

func TestRemoveSpecks_DenseNoise(t *testing.T) {
	for _, dpi := range []float64{200, 300} {
		clean, zeroDots := dottedPage(t, dpi)
		img := faxNoise(clean, 0.01, uint64(dpi))
		if !ocr.RemoveSpecks(img, dpi) {
			t.Fatalf("%v DPI: page strewn with dots not cleaned", dpi)
		}
		// Every pixel of print stays, down to the dots of i and j, the
		// periods and the dots inside the zeros.
		for i, v := range clean.Pix {
			if v == 0 && img.Pix[i] != 0 {
				t.Fatalf("%v DPI: print pixel (%d, %d) erased", dpi, i%clean.Stride, i/clean.Stride)
			}
		}
		for _, r := range zeroDots {
			if minIn(img, r) != 0 {
				t.Fatalf("%v DPI: dot of a zero at %v erased", dpi, r)
			}
		}
		// Noise on open paper goes, save the rare clumps of dots that
		// grew to the size of print.
		near := nearInk(clean, 12)
		left, open := 0, 0
		for i, v := range img.Pix {
			if near[i] {
				continue
			}
			open++
			if v == 0 {
				left++
			}
		}
		t.Logf("%v DPI: %d dark pixels left on %d pixels of open paper", dpi, left, open)
		if float64(left) > 0.0005*float64(open) {
			t.Errorf("%v DPI: %d dark pixels left on %d pixels of open paper, want under 0.05%%", dpi, left, open)
		}
	}
}

// nearInk marks the pixels of g within d pixels (in x and in y) of a black
// one, by a separable sliding window.
func nearInk(g *image.Gray, d int) []bool {
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	rows := make([]bool, w*h)
	for y := range h {
		last := -d - 1
		for x := range w {
			if g.Pix[y*g.Stride+x] == 0 {
				last = x
			}
			if x-last <= d {
				rows[y*w+x] = true
			}
		}
		last = w + d + 1
		for x := w - 1; x >= 0; x-- {
			if g.Pix[y*g.Stride+x] == 0 {
				last = x
			}
			if last-x <= d {
				rows[y*w+x] = true
			}
		}
	}
	out := make([]bool, w*h)
	for x := range w {
		last := -d - 1
		for y := range h {
			if rows[y*w+x] {
				last = y
			}
			if y-last <= d {
				out[y*w+x] = true
			}
		}
		last = h + d + 1
		for y := h - 1; y >= 0; y-- {
			if rows[y*w+x] {
				last = y
			}
			if last-y <= d {
				out[y*w+x] = true
			}
		}
	}
	return out
}

func TestEngine_Recognize_DenseFaxNoise(t *testing.T) {
	// A 200-DPI bilevel fax page with noise dots over the whole of it,
	// print included: a person reads it easily.
	clean, _ := dottedPage(t, 200)
	img := faxNoise(clean, 0.01, 5)
	e := mustEngine(t, ocr.Config{})
	r := mustRecognize(t, e, img, 200)
	if !r.Denoised {
		t.Error("page strewn with dots not reported as denoised")
	}
	wantFindings(t, r, "EAC2190012345", "123456789012", "A123456789")
}

// wantFindings fails unless extraction from r's words finds every value
// in want.
func wantFindings(tb testing.TB, r *ocr.Recognition, want ...string) {
	tb.Helper()
	b := r.Image.Bounds()
	res := extractor.Extract([]extractor.Page{{Number: 1, Width: float64(b.Dx()), Height: float64(b.Dy()), Source: extractor.SourceOCR, Words: r.Words}})
	found := map[string]bool{}
	for _, f := range res.Findings {
		found[f.Value] = true
	}
	for _, v := range want {
		if !found[v] {
			tb.Errorf("%s not found; words: %s", v, texts(r.Words))
		}
	}
}
