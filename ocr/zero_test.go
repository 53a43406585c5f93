package ocr

import (
	"bytes"
	"image"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/tiff"
)

// goFonts are the fonts whose zero is slashed.
var goFonts = []struct {
	name string
	ttf  []byte
}{
	{"GoMono", gomono.TTF},
	{"GoRegular", goregular.TTF},
	{"GoBold", gobold.TTF},
}

// TestUnslashZeros draws every digit and the letters whose holes look most
// like a slashed zero's (B, 8, g, %, &, two o's run together), one by one,
// in the Go fonts, whose zero is slashed, at the sizes notices print, and
// checks that exactly the slashed zeros were changed, and not the plain
// ovals of O and o. Below 10 points a bold zero's holes are pinholes, and
// it is left as it is.
func TestUnslashZeros(t *testing.T) {
	const dpi = 300
	const text = "0123456789 B8g%&@ oO 0oo0 80 08 AaQqDd 6890"
	for _, tc := range goFonts {
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

// TestUnslashZeros_RunTogether draws the glyphs run together, as on a
// smeared fax or in a bold re-read: a sixth of their advance closer, each
// touching the next, every slashed zero must lose its slash; a quarter
// closer, overlapping, some zeros' holes close, but still nothing outside
// a zero may change. Holes of neighbours (an A's and a 0's, a 9's and a
// 6's, the paper two 8's enclose) must not pass for one zero's halves.
// Bold type touching at 10 points is left out: its holes are near
// pinholes, and a neighbour closes some.
func TestUnslashZeros_RunTogether(t *testing.T) {
	const dpi = 300
	const text = "A0430 1020 B80 08 6890 96 88 AaQqDd 0oo0 g%&@ 9A0"
	for _, tc := range goFonts {
		for _, size := range []float64{10, 12, 14} {
			for _, closer := range []fixed.Int26_6{6, 4} {
				touching := closer == 6
				if touching && tc.name == "GoBold" && size < 12 {
					continue
				}
				g, zeros := drawRunTogether(t, tc.ttf, size, dpi, text, closer)
				before := toGray(g)
				unslashZeros(g, dpi)
				changed := make([]bool, len(zeros))
				for y := range g.Bounds().Dy() {
					for x := range g.Bounds().Dx() {
						if g.GrayAt(x, y) == before.GrayAt(x, y) {
							continue
						}
						in := false
						for i, z := range zeros {
							if image.Pt(x, y).In(z) {
								changed[i], in = true, true
							}
						}
						if !in {
							t.Fatalf("%s %gpt, 1/%d closer: (%d,%d) changed outside every zero", tc.name, size, closer, x, y)
						}
					}
				}
				for i, c := range changed {
					if touching && !c {
						t.Errorf("%s %gpt: zero %d of %q kept its slash", tc.name, size, i+1, text)
					}
				}
			}
		}
	}
}

// newFace is a face of font ttf at size points and dpi.
func newFace(t *testing.T, ttf []byte, size, dpi float64) font.Face {
	t.Helper()
	f, err := opentype.Parse(ttf)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: dpi, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	return face
}

// blankDrawer is a white picture w pixels wide and 200 high, and a drawer
// on it in a face of ttf at size points and dpi, its dot on a baseline
// 120 pixels down. The face is closed when the test ends.
func blankDrawer(t *testing.T, ttf []byte, size, dpi float64, w int) (*image.Gray, *font.Drawer) {
	t.Helper()
	face := newFace(t, ttf, size, dpi)
	t.Cleanup(func() { face.Close() })
	g := image.NewGray(image.Rect(0, 0, w, 200))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	return g, &font.Drawer{Dst: g, Src: image.Black, Face: face, Dot: fixed.P(40, 120)}
}

// drawRunTogether draws text at size points, each glyph 1/closer of its
// advance closer to the last (0: set as the font spaces it), and returns the picture and the boxes of
// its zeros.
func drawRunTogether(t *testing.T, ttf []byte, size, dpi float64, text string, closer fixed.Int26_6) (*image.Gray, []image.Rectangle) {
	t.Helper()
	g, d := blankDrawer(t, ttf, size, dpi, 2400)
	var zeros []image.Rectangle
	for _, r := range text {
		b, adv := d.BoundString(string(r))
		if r == '0' {
			zeros = append(zeros, image.Rect(b.Min.X.Floor(), b.Min.Y.Floor(), b.Max.X.Ceil(), b.Max.Y.Ceil()))
		}
		d.DrawString(string(r))
		if r != ' ' && closer > 0 {
			d.Dot.X -= adv / closer
		}
	}
	return g, zeros
}

// TestLineImage_ZerosUnslashed checks that every variant of a re-read
// line is handed to Tesseract with its zeros unslashed, whatever the page
// was: a gray page is not cleaned, and its slashed zeros were re-read as
// 6 by every variant.
func TestLineImage_ZerosUnslashed(t *testing.T) {
	g, zeros := drawRunTogether(t, gomono.TTF, 12, 300, "NBC1719072517", 0)
	crop := toGray(g.SubImage(image.Rect(20, 60, 600, 150)))
	if n := unslashZeros(toGray(crop), 300); n != len(zeros) {
		t.Fatalf("the crop has %d slashed zeros, want %d", n, len(zeros))
	}
	for _, v := range lineVariants(false) {
		img, err := tiff.Decode(bytes.NewReader(lineImage(crop, float64(v.scale), v)))
		if err != nil {
			t.Fatal(err)
		}
		if n := unslashZeros(toGray(img), 300*float64(v.scale)); n != 0 {
			t.Errorf("%s: %d slashed zeros left", v.name, n)
		}
	}
}
