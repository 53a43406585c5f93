package ocr

import (
	"fmt"
	"image"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
)

// drawLine draws words, space-separated, in a face of ttf at size points
// and 300 DPI, and returns the page and each word's box.
func drawLine(t *testing.T, ttf []byte, size float64, words ...string) (*image.Gray, []extractor.Box) {
	t.Helper()
	g, d := blankDrawer(t, ttf, size, 300, 2000)
	var boxes []extractor.Box
	for i, w := range words {
		if i > 0 {
			d.DrawString("  ")
		}
		b, _ := d.BoundString(w)
		boxes = append(boxes, extractor.Box{X0: float64(b.Min.X.Floor()), Y0: float64(b.Min.Y.Floor()), X1: float64(b.Max.X.Ceil()), Y1: float64(b.Max.Y.Ceil())})
		d.DrawString(w)
	}
	return g, boxes
}

// TestGlyphs draws the digits in the Go fonts at the sizes notices print
// and checks that each comes out as one glyph with the holes of its shape:
// none for 1, 2, 3, 5, 7; one in the lower half for 6, the upper half for
// 9; two for 8 and for the slashed zero, told apart as the zero's halves
// side by side, and one tall one once the slash is erased.
func TestGlyphs(t *testing.T) {
	const digits = "0123456789"
	for _, tc := range goFonts {
		for _, size := range []float64{10, 12, 14} {
			t.Run(fmt.Sprintf("%s/%gpt", tc.name, size), func(t *testing.T) {
				g, boxes := drawLine(t, tc.ttf, size, strings.Split("0 1 2 3 4 5 6 7 8 9 . -", " ")...)
				unslashed := toGray(g)
				unslashZeros(unslashed, 300)
				for i, b := range boxes {
					gs := Glyphs(g, b)
					if i >= len(digits) {
						// A dot or a dash alone is the tallest ink in its box:
						// measured against nothing taller, it is a glyph.
						continue
					}
					if len(gs) != 1 {
						t.Fatalf("%c: %d glyphs, want 1", digits[i], len(gs))
					}
					holes := gs[0].Holes
					cy := func(k int) float64 {
						gb, hb := gs[0].Box, holes[k].Box
						return ((hb.Y0+hb.Y1)/2 - gb.Y0) / (gb.Y1 - gb.Y0)
					}
					switch d := digits[i]; d {
					case '1', '2', '3', '5', '7':
						if len(holes) != 0 {
							t.Errorf("%c: %d holes, want none", d, len(holes))
						}
					case '8', '0':
						if len(holes) != 2 {
							t.Errorf("%c: %d holes, want 2", d, len(holes))
						}
						if gs[0].Slashed != (d == '0') {
							t.Errorf("%c: slashed %v", d, gs[0].Slashed)
						}
					case '6':
						if len(holes) != 1 || cy(0) < 0.5 {
							t.Errorf("6: holes %v, want one in the lower half", holes)
						}
					case '9':
						if len(holes) != 1 || cy(0) > 0.5 {
							t.Errorf("9: holes %v, want one in the upper half", holes)
						}
					case '4':
						if len(holes) != 1 {
							t.Errorf("4: %d holes, want 1", len(holes))
						}
					}
				}
				if gs := Glyphs(unslashed, boxes[0]); len(gs) != 1 || len(gs[0].Holes) != 1 {
					t.Errorf("unslashed 0: %+v, want one glyph with one hole", gs)
				}
			})
		}
	}
}

// TestGlyphs_RepairMisreadDigit hands the extractor a receipt number as
// Tesseract misreads it on fax noise, with the glyphs measured on the
// drawn value: a 0 read as 6 and as 8, a 9 read as 8. The glyphs put the
// printed digit back. Read right, the value is left as it is.
func TestGlyphs_RepairMisreadDigit(t *testing.T) {
	const printed = "WAC2497302982"
	for _, tc := range goFonts {
		for _, read := range []string{"WAC2497362982", "WAC2497382982", "WAC2487302982", printed} {
			t.Run(tc.name+"/"+read, func(t *testing.T) {
				g, boxes := drawLine(t, tc.ttf, 12, "Receipt", "Number:", printed)
				// The page is read after its zeros' slashes are erased.
				unslashZeros(g, 300)
				words := []extractor.Word{{Text: "Receipt", Box: boxes[0], Conf: 0.9}, {Text: "Number:", Box: boxes[1], Conf: 0.9}, {Text: read, Box: boxes[2], Conf: 0.9}}
				words[2].Glyphs = Glyphs(g, boxes[2])
				res := extractor.Extract([]extractor.Page{{Number: 1, Width: 2000, Height: 200, Source: extractor.SourceOCR, Words: words}})
				if len(res.Findings) != 1 || res.Findings[0].Value != printed {
					t.Fatalf("findings %+v, want %s", res.Findings, printed)
				}
				if f := res.Findings[0]; (read != printed) != (len(f.Corrections) == 1) {
					t.Errorf("corrections %q for a reading %s", f.Corrections, read)
				}
			})
		}
	}
}
