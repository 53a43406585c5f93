package ocr_test

import (
	"context"
	"image"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/ocr"
)

// A value whose re-read crop, a cell under its label, catches the tops of
// the next line's letters: Tesseract's single-line mode read nothing at
// all from such crops; the value's own line alone reads.

// readVariants re-reads region of img with the page's model alone (the
// re-read model is pointed at a missing directory) and counts the
// variants whose text match accepts.
func readVariants(t *testing.T, img *image.Gray, region extractor.Box, charset string, match func(string) bool) ([]extractor.Reading, int) {
	t.Helper()
	e := mustEngine(t, ocr.Config{RereadTessdata: filepath.Join(t.TempDir(), "missing")})
	rs, err := e.ReadLine(context.Background(), img, region, charset)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rs {
		if match(r.Text) {
			n++
		}
	}
	return rs, n
}

func TestEngine_ReadLineNextLineAtEdge(t *testing.T) {
	const value = "IOE-02-804-33088"
	p := mustRenderPage(t, 300, []string{value, "NOTICE DATE"})
	v := p.boxes[value]
	h := v.Y1 - v.Y0
	region := extractor.Box{X0: v.X0 - 0.6*h, Y0: v.Y0 - 0.4*h, X1: v.X1 + 0.6*h, Y1: v.Y1 + 1.4*h}
	rs, read := readVariants(t, p.img, region, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", func(text string) bool {
		return strings.Contains(strings.NewReplacer(" ", "", "-", "").Replace(text), "IOE0280433088")
	})
	if read < 2 {
		t.Errorf("%d variants read the value, want 2 or more: %+v", read, rs)
	}
}

// A faint value under a stain that darkens its left half: Otsu's single
// threshold, Tesseract's own or the variants', takes the stained paper for
// ink or the faint print for paper, and every variant read nothing. The
// crop's paper is flattened first.
func TestEngine_ReadLineUnderStain(t *testing.T) {
	const value = "IOE9845157891"
	p := mustRenderPage(t, 300, []string{"Receipt #: " + value})
	v := p.boxes[value]
	h := v.Y1 - v.Y0
	cx, cy, radius := v.X0+0.3*(v.X1-v.X0), (v.Y0+v.Y1)/2, 3*h
	b := p.img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			i := p.img.PixOffset(x, y)
			// Faint print: black becomes mid gray.
			g := 255 - (255-float64(p.img.Pix[i]))*0.45
			if d := math.Hypot(float64(x)-cx, float64(y)-cy); d < radius {
				g *= 0.55 + 0.45*d/radius
			}
			p.img.Pix[i] = uint8(g)
		}
	}
	region := extractor.Box{X0: v.X0, Y0: v.Y0, X1: v.X1, Y1: v.Y1}
	rs, read := readVariants(t, p.img, region, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", func(text string) bool {
		return strings.ReplaceAll(text, " ", "") == value
	})
	if read < 2 {
		t.Errorf("%d variants read the value, want 2 or more: %+v", read, rs)
	}
}

// Only a crop whose paper changes across it is flattened: gray but even
// paper, as a whole scan's, is read as it is.
func TestUnevenPaper(t *testing.T) {
	p := mustRenderPage(t, 300, []string{"Receipt #: IOE9845157891"})
	even, stained := image.NewGray(p.img.Bounds()), image.NewGray(p.img.Bounds())
	w := float64(p.img.Bounds().Dx())
	for i, v := range p.img.Pix {
		x := float64(i % p.img.Stride)
		even.Pix[i] = uint8(float64(v) * 0.85)
		stained.Pix[i] = uint8(float64(v) * (0.55 + 0.45*x/w))
	}
	for _, tc := range []struct {
		name string
		img  *image.Gray
		want bool
	}{{"white", p.img, false}, {"gray", even, false}, {"stained", stained, true}} {
		if got := ocr.UnevenPaper(tc.img); got != tc.want {
			t.Errorf("%s paper: uneven %v, want %v", tc.name, got, tc.want)
		}
	}
}
