package ocr_test

import (
	"image"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/ocr"
)

// grainy prints g's page on gray paper with gray ink, softened and
// strewn with grain, as a cheap scanner set dark sends a page: ink at
// ink and paper at paper, each pixel off by Gaussian noise of sigma.
func grainy(g *image.Gray, ink, paper uint8, sigma float64, seed uint64) *image.Gray {
	out := blur121(g)
	rng := rand.New(rand.NewPCG(seed, 7))
	for i, v := range out.Pix {
		level := float64(ink) + float64(paper-ink)*float64(v)/255 + sigma*rng.NormFloat64()
		out.Pix[i] = uint8(min(255, max(0, level)))
	}
	return out
}

// A page of faint gray print on gray, grainy paper has ink, though too
// little of it stands apart for Otsu's split: measured as blank, its
// reading of nothing went without a word. The same grain on blank paper,
// or a page showing through from its back, is no ink.
func TestInkMap_FaintPrintOnGrainyPaper(t *testing.T) {
	const dpi = 300
	clean := mustRenderPage(t, dpi, noticeLines()).img
	w, h := clean.Bounds().Dx(), clean.Bounds().Dy()
	want := ocr.InkShare(clean, dpi)
	if want < 0.005 {
		t.Fatalf("the clean page's ink share is %.4f: no text to measure", want)
	}
	if got := ocr.InkShare(grainy(clean, 150, 210, 20, 1), dpi); got < want/3 {
		t.Errorf("faint print on grainy paper: ink share %.4f, want at least a third of the clean page's %.4f", got, want)
	}
	if got := ocr.InkShare(grainy(whiteGray(w, h), 150, 210, 20, 2), dpi); got != 0 {
		t.Errorf("grainy blank paper: ink share %.4f, want 0", got)
	}
	back := whiteGray(w, h)
	for y := range h {
		for x := range w {
			back.Pix[y*back.Stride+x] = 255 - (255-clean.Pix[y*clean.Stride+w-1-x])/12
		}
	}
	if got := ocr.InkShare(grainy(back, 150, 210, 20, 3), dpi); got != 0 {
		t.Errorf("a back side showing through grainy paper: ink share %.4f, want 0", got)
	}
}

// A page scanned dark, gray print on gray paper with grain as coarse as
// its strokes, at 150 DPI: Tesseract read it as nothing until the grain
// was smoothed away.
func TestEngine_RecognizeGrainyPage(t *testing.T) {
	const dpi = 150
	p := mustRenderPage(t, dpi, noticeLines())
	img := grainy(blur121(p.img), 106, 215, 20, 4)
	e := mustEngine(t, ocr.Config{})
	r := mustRecognize(t, e, img, dpi)
	// The A-Number's 1 comes out as l now and then, which the extractor
	// repairs; the other two are read as printed.
	all := texts(r.Words)
	for _, want := range []string{"EAC2190012345", "1234 5678 9012"} {
		if !strings.Contains(all, want) {
			t.Errorf("%q not read; words: %s", want, all)
		}
	}
	if !r.Denoised {
		t.Error("the grainy page is not marked denoised")
	}
}
