package noticegen_test

import (
	"bytes"
	"image"
	"image/color"
	"path/filepath"
	"testing"

	"github.com/noticescan/noticescan/noticegen"
)

// TestFax_DenseNoise checks that dense fax noise makes every TIFF a
// bilevel 200-DPI fax strewn with thousands of dots far smaller than the
// letters, while the letters themselves survive. The same notices faxed
// with normal noise are the baseline the dots are counted against.
func TestFax_DenseNoise(t *testing.T) {
	o := noticegen.Options{
		Seed: 2, Count: 2, Formats: []noticegen.Format{noticegen.FormatTIFF},
		Degradations: []noticegen.Level{noticegen.LevelHeavy}, MaxPages: 1, Workers: 1,
	}
	plainDir := t.TempDir()
	plain, err := noticegen.Generate(plainDir, o)
	if err != nil {
		t.Fatal(err)
	}
	o.FaxNoise = noticegen.FaxNoiseDense
	dir := t.TempDir()
	dense, err := noticegen.Generate(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	for i, tr := range dense {
		dg := tr.DegradationDetail
		if !dg.Fax || !dg.Bilevel || dg.DPI != 200 || dg.Dots < 2000 {
			t.Fatalf("%s: fax %v, bilevel %v at %d DPI with %d dots; want a dense 200-DPI fax", tr.File, dg.Fax, dg.Bilevel, dg.DPI, dg.Dots)
		}
		if !plain[i].DegradationDetail.Fax || plain[i].DegradationDetail.Dots != 0 {
			t.Fatalf("%s: seed %d no longer faxes it without dense noise; pick another", tr.File, o.Seed)
		}
		data := mustRead(t, filepath.Join(dir, tr.File))
		mustDecode(t, data, tr)
		small, large, gray := components(t, data)
		base, baseLarge, _ := components(t, mustRead(t, filepath.Join(plainDir, tr.File)))
		if gray > 0 {
			t.Errorf("%s: %d pixels neither black nor white", tr.File, gray)
		}
		// Dots landing on or next to ink merge with it; most do not.
		if small-base < dg.Dots/2 {
			t.Errorf("%s: %d specks of at most 9 pixels, %d without dense noise, for %d dots", tr.File, small, base, dg.Dots)
		}
		if large < baseLarge*8/10 {
			t.Errorf("%s: %d components of 20 pixels or more, %d without dense noise; the text is lost", tr.File, large, baseLarge)
		}
	}
}

// components counts 8-connected black components of at most 9 pixels
// and of at least 20 on a page, and the pixels that are not pure black or
// white.
func components(t *testing.T, data []byte) (small, large, gray int) {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	black := make([]bool, w*h)
	for y := range h {
		for x := range w {
			switch color.GrayModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.Gray).Y {
			case 0:
				black[y*w+x] = true
			case 255:
			default:
				gray++
			}
		}
	}
	seen := make([]bool, w*h)
	var stack []int
	for start := range black {
		if !black[start] || seen[start] {
			continue
		}
		n := 0
		seen[start] = true
		stack = append(stack[:0], start)
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			n++
			x, y := i%w, i/w
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					nx, ny := x+dx, y+dy
					if nx < 0 || ny < 0 || nx >= w || ny >= h {
						continue
					}
					if j := ny*w + nx; black[j] && !seen[j] {
						seen[j] = true
						stack = append(stack, j)
					}
				}
			}
		}
		switch {
		case n <= 9:
			small++
		case n >= 20:
			large++
		}
	}
	return small, large, gray
}
