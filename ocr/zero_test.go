package ocr

import (
	"image"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// TestUnslashZeros draws every digit and the letters whose holes look most
// like a slashed zero's (B, 8, g, %, &, two o's run together), one by one,
// in the Go fonts, whose zero is slashed, at the sizes notices print, and
// checks that exactly the slashed zeros were changed, and not the plain
// ovals of O and o. Below 10 points a bold zero's holes are pinholes, and
// it is left as it is.
func TestUnslashZeros(t *testing.T) {
	const dpi = 300
	const text = "0123456789 B8g%&@ oO 0oo0 80 08 AaQqDd 6890"
	for _, tc := range []struct {
		name string
		ttf  []byte
	}{
		{"GoMono", gomono.TTF},
		{"GoRegular", goregular.TTF},
		{"GoBold", gobold.TTF},
	} {
		for _, size := range []float64{10, 12, 14} {
			f, err := opentype.Parse(tc.ttf)
			if err != nil {
				t.Fatal(err)
			}
			face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: dpi, Hinting: font.HintingFull})
			if err != nil {
				t.Fatal(err)
			}
			g := image.NewGray(image.Rect(0, 0, 2400, 200))
			for i := range g.Pix {
				g.Pix[i] = 255
			}
			d := font.Drawer{Dst: g, Src: image.Black, Face: face, Dot: fixed.P(40, 120)}
			var boxes []image.Rectangle
			var chars []rune
			for _, r := range text {
				b, _ := d.BoundString(string(r))
				boxes = append(boxes, image.Rect(b.Min.X.Floor(), b.Min.Y.Floor(), b.Max.X.Ceil(), b.Max.Y.Ceil()))
				chars = append(chars, r)
				d.DrawString(string(r))
			}
			face.Close()
			before := toGray(g)
			n := unslashZeros(g, dpi)
			zeros := 0
			for i, r := range chars {
				changed := false
				for y := boxes[i].Min.Y; y < boxes[i].Max.Y; y++ {
					for x := boxes[i].Min.X; x < boxes[i].Max.X; x++ {
						if g.GrayAt(x, y) != before.GrayAt(x, y) {
							changed = true
						}
					}
				}
				want := r == '0'
				if want {
					zeros++
				}
				if changed != want {
					t.Errorf("%s %gpt: %q at %d changed %v, want %v", tc.name, size, r, i, changed, want)
				}
			}
			if n != zeros {
				t.Errorf("%s %gpt: %d erased, want %d", tc.name, size, n, zeros)
			}
		}
	}
}
