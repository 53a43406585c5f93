package ocr_test

import (
	"image"
	"slices"
	"testing"

	"github.com/noticescan/noticescan/ocr"
)

func TestRemoveSpecks(t *testing.T) {
	p := mustRenderPage(t, 300, noticeLines())
	// Fax-sized dots (2×3 and 3×4 pixels) on the blank lower half, far
	// from the print and from each other.
	dots := []image.Rectangle{}
	for i := range 400 {
		x, y := 150+(i%20)*110, 1800+(i/20)*60
		dots = append(dots, image.Rect(x, y, x+2+i%2, y+3+i%2))
	}
	t.Run("OK", func(t *testing.T) {
		img := toGrayCopy(p.img)
		for _, d := range dots {
			fill(img, d, 0)
		}
		if !ocr.RemoveSpecks(img, 300) {
			t.Fatal("page with 400 specks not cleaned")
		}
		for _, d := range dots {
			if v := minIn(img, d.Inset(-1)); v < 200 {
				t.Fatalf("speck at %v left (gray %d)", d, v)
			}
		}
		// Print is untouched, down to the dots of i and the periods.
		for i, v := range p.img.Pix {
			if v < 128 && img.Pix[i] != v {
				t.Fatalf("print pixel (%d, %d) changed from %d to %d", i%p.img.Stride, i/p.img.Stride, v, img.Pix[i])
			}
		}
	})
	t.Run("CleanPageUntouched", func(t *testing.T) {
		img := toGrayCopy(p.img)
		if ocr.RemoveSpecks(img, 300) {
			t.Error("clean page reported as cleaned")
		}
		for i, v := range p.img.Pix {
			if img.Pix[i] != v {
				t.Fatalf("pixel (%d, %d) changed", i%p.img.Stride, i/p.img.Stride)
			}
		}
	})
}

func toGrayCopy(g *image.Gray) *image.Gray {
	out := image.NewGray(g.Bounds())
	copy(out.Pix, g.Pix)
	return out
}

func fill(g *image.Gray, r image.Rectangle, v uint8) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			g.Pix[y*g.Stride+x] = v
		}
	}
}

func minIn(g *image.Gray, r image.Rectangle) uint8 {
	m := uint8(255)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			m = min(m, g.Pix[y*g.Stride+x])
		}
	}
	return m
}

func TestFlatten(t *testing.T) {
	p := mustRenderPage(t, 100, noticeLines())
	// No noise: every paper pixel must come out white.
	img := faint(p.img, 100, 200, 0, 1)
	flat := ocr.Flatten(img, 100)
	b := p.img.Bounds()
	for y := 0; y < b.Dy(); y += 3 {
		for x := 0; x < b.Dx(); x += 3 {
			// Paper well away from print, under the stain or not.
			i := y*p.img.Stride + x
			if minIn(p.img, image.Rect(x-6, y-6, x+7, y+7).Intersect(b)) == 255 && flat.Pix[i] < 245 {
				t.Fatalf("paper at (%d, %d) is %d after flattening (was %d), want white", x, y, flat.Pix[i], img.Pix[i])
			}
		}
	}
	// Print keeps its contrast to the paper, the same under the stain as
	// elsewhere: the stain no longer spreads the darkest pixels of the
	// words apart.
	spread := func(g *image.Gray) (lo, hi uint8) {
		lo = 255
		for _, b := range p.boxes {
			v := minIn(g, image.Rect(int(b.X0), int(b.Y0), int(b.X1), int(b.Y1)))
			lo, hi = min(lo, v), max(hi, v)
		}
		return lo, hi
	}
	lo0, hi0 := spread(img)
	lo, hi := spread(flat)
	t.Logf("darkest pixel of words: %d..%d before, %d..%d after", lo0, hi0, lo, hi)
	if hi > 200 || 3*int(hi-lo) > 2*int(hi0-lo0) {
		t.Errorf("darkest pixel of words %d..%d after flattening, want under 200 and a band narrower by a third", lo, hi)
	}
}

// Smoothing keeps strokes a few pixels wide dark and flat paper flat,
// thins a lone dot out to near paper, and leaves its input alone.
func TestSmooth(t *testing.T) {
	const w, h = 60, 40
	g := whiteGray(w, h)
	fill(g, image.Rect(10, 5, 16, 35), 0) // a stroke 6 px wide
	g.Pix[20*g.Stride+40] = 0             // a lone dot
	before := toGrayCopy(g)
	out := ocr.Smooth(g, 1)
	if !slices.Equal(g.Pix, before.Pix) {
		t.Fatal("the input was changed")
	}
	if v := out.GrayAt(13, 20).Y; v > 40 {
		t.Errorf("stroke centre %d, want it dark", v)
	}
	if v := out.GrayAt(40, 20).Y; v < 200 {
		t.Errorf("lone dot %d, want it near paper", v)
	}
	for _, p := range []image.Point{{0, 0}, {w - 1, h - 1}, {50, 5}, {30, 38}} {
		if v := out.GrayAt(p.X, p.Y).Y; v != 255 {
			t.Errorf("paper at %v is %d, want 255", p, v)
		}
	}
}
