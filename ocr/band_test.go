package ocr_test

import (
	"context"
	"image"
	"image/color"
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

// A value in a form's cell with a dashed rule under it and the next
// cell's caption at the crop's lower edge: the rule's rows hold the most
// ink of any single row, and a band kept around them alone read nothing
// (every variant of a fax's "A 206 074 883" read "A" or less; kept
// around the value, all eight read it). The band is the run of rows
// holding the most ink: the value's line, the rule whitened.
func TestLineBandDashedRuleUnderValue(t *testing.T) {
	p := mustRenderPage(t, 300, []string{"A 206 074 883", "Applicant"})
	first, last, next := p.boxes["A"], p.boxes["883"], p.boxes["Applicant"]
	h := last.Y1 - first.Y0
	rule := int(first.Y1 + 0.6*(next.Y0-first.Y1))
	for x := int(first.X0 - h); x < int(last.X1+h); x++ {
		if (x/24)%3 == 2 {
			continue
		}
		for dy := range 3 {
			p.img.SetGray(x, rule+dy, color.Gray{})
		}
	}
	crop := image.Rect(int(first.X0-h), int(first.Y0-0.4*h), int(last.X1+h), int(next.Y0+0.45*(next.Y1-next.Y0)))
	g := image.NewGray(image.Rect(0, 0, crop.Dx(), crop.Dy()))
	for y := range crop.Dy() {
		copy(g.Pix[y*g.Stride:(y+1)*g.Stride], p.img.Pix[p.img.PixOffset(crop.Min.X, crop.Min.Y+y):])
	}
	band, ok := ocr.LineBand(g)
	if !ok {
		t.Fatal("no band found, though the rule and the next line lie outside the value's")
	}
	inked := func(y int) bool {
		for x := range band.Bounds().Dx() {
			if band.GrayAt(x, y).Y < 128 {
				return true
			}
		}
		return false
	}
	mid := int((first.Y0+first.Y1)/2) - crop.Min.Y
	if !inked(mid) || inked(rule+1-crop.Min.Y) {
		t.Errorf("value's middle row inked %v, rule's row inked %v; want the value kept and the rule whitened", inked(mid), inked(rule+1-crop.Min.Y))
	}
}
