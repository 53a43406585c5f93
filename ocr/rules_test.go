package ocr_test

import (
	"context"
	"image"
	"path/filepath"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/ocr"
)

// boxAround draws a rectangle of thickness t around b, grown by pad.
func boxAround(img *image.Gray, b extractor.Box, pad, t int) image.Rectangle {
	r := image.Rect(int(b.X0)-pad, int(b.Y0)-pad/2, int(b.X1)+pad, int(b.Y1)+pad/2)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if y < r.Min.Y+t || y >= r.Max.Y-t || x < r.Min.X+t || x >= r.Max.X-t {
				img.Pix[y*img.Stride+x] = 0
			}
		}
	}
	return r
}

// A value printed in a form's box is re-read: the box's edges would
// otherwise be read as characters, or make the line unreadable.
func TestEngine_ReadLineBoxedValue(t *testing.T) {
	p := mustRenderPage(t, 300, []string{"A142-472-588"})
	box := boxAround(p.img, p.boxes["A142-472-588"], 20, 2)
	img := degrade(p.img, 2, 20, 3)
	region := extractor.Box{X0: float64(box.Min.X), Y0: float64(box.Min.Y), X1: float64(box.Max.X), Y1: float64(box.Max.Y)}
	// Read with the page model: the re-read model reads this line's
	// characters with or without the box, though at a confidence of 0.
	e := mustEngine(t, ocr.Config{RereadTessdata: filepath.Join(t.TempDir(), "missing")})
	rs, err := e.ReadLine(context.Background(), img, region, "A0123456789")
	if err != nil {
		t.Fatal(err)
	}
	read := 0
	for _, r := range rs {
		got := strings.NewReplacer(" ", "", "-", "").Replace(r.Text)
		if strings.HasSuffix(got, "A142472588") && r.Conf >= 0.05 {
			read++
		}
	}
	if read < 2 {
		t.Errorf("%d variants read the boxed value with some confidence, want 2 or more: %+v", read, rs)
	}
}

func TestClearRules(t *testing.T) {
	p := mustRenderPage(t, 300, []string{"A142-472-588"})
	v := p.boxes["A142-472-588"]
	box := boxAround(p.img, v, 28, 4)
	crop := p.img.SubImage(box.Inset(-6)).(*image.Gray)
	out := ocr.ClearRules(crop)
	ink := func(g *image.Gray, x, y int) bool {
		return g.Pix[(y-g.Rect.Min.Y)*g.Stride+(x-g.Rect.Min.X)] < 128
	}
	inOut := func(x, y int) bool {
		return out.Pix[(y-box.Min.Y+6)*out.Stride+(x-box.Min.X+6)] < 128
	}
	edge, kept, text := 0, 0, 0
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			onEdge := y < box.Min.Y+4 || y >= box.Max.Y-4 || x < box.Min.X+4 || x >= box.Max.X-4
			switch {
			case onEdge && inOut(x, y):
				edge++
			case !onEdge && ink(crop, x, y):
				text++
				if inOut(x, y) {
					kept++
				}
			}
		}
	}
	if edge > 0 {
		t.Errorf("%d pixels of the box's edges left", edge)
	}
	if text == 0 || kept != text {
		t.Errorf("%d of %d text pixels kept", kept, text)
	}
	// Text alone has nothing to clear.
	plain := p.img.SubImage(image.Rect(int(v.X0)-10, int(v.Y0)-10, int(v.X1)+10, int(v.Y1)+10)).(*image.Gray)
	if got := ocr.ClearRules(plain); got != plain {
		t.Errorf("text without rules was changed")
	}
}
