package ocr

import (
	"image"
	"image/color"
	"testing"

	"golang.org/x/image/font/gofont/gomono"

	"github.com/noticescan/noticescan/extractor"
)

// TestClearSpecks draws a receipt number, dashes included, and strews fax
// dots around and between its glyphs, none touching them. Three or more
// are painted out and the print is left as drawn, dashes too; two are
// left, as is a crop without any.
func TestClearSpecks(t *testing.T) {
	g, boxes := drawLine(t, gomono.TTF, 12, "IOE-04-213-38284")
	b := boxes[0]
	crop := func() *image.Gray {
		r := image.Rect(int(b.X0)-20, int(b.Y0)-20, int(b.X1)+20, int(b.Y1)+20)
		return toGray(g.SubImage(r))
	}
	clean := crop()
	// Dots of 2×2 pixels, 5 pixels above the first glyphs' ink, clear of
	// the print.
	var dots []image.Point
	for _, gl := range Glyphs(clean, boxesIn(clean))[:3] {
		dots = append(dots, image.Pt(int(gl.Box.X0+gl.Box.X1)/2, int(gl.Box.Y0)-7))
	}
	speckled := func(n int) *image.Gray {
		c := crop()
		for _, p := range dots[len(dots)-n:] {
			for dy := range 2 {
				for dx := range 2 {
					c.SetGray(p.X+dx, p.Y+dy, color.Gray{})
				}
			}
		}
		return c
	}
	got := clearSpecks(speckled(3))
	if !same(got, clean) {
		t.Errorf("three specks: the crop differs from the print as drawn in %d pixels", differ(got, clean))
	}
	if got := clearSpecks(speckled(2)); same(got, clean) {
		t.Error("two specks were painted out, want the crop left as it was")
	}
	if got := clearSpecks(crop()); !same(got, clean) {
		t.Errorf("a clean crop changed in %d pixels", differ(got, clean))
	}
}

// boxesIn is the whole of g as a box.
func boxesIn(g *image.Gray) extractor.Box {
	return extractor.Box{X1: float64(g.Bounds().Dx()), Y1: float64(g.Bounds().Dy())}
}

func differ(a, b *image.Gray) int {
	n := 0
	for i := range a.Pix {
		if a.Pix[i] != b.Pix[i] {
			n++
		}
	}
	return n
}

func same(a, b *image.Gray) bool { return differ(a, b) == 0 }
