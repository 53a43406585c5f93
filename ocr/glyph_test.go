package ocr

import (
	"fmt"
	"image"
	"image/color"
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

// TestGlyphs_OneReadAsFour draws, in the Go fonts, a line of the page's
// own 1s and 4s and an account number one of whose 1s lost its foot serif
// to the scan (on harsh scans a 1 comes out narrower than the digits
// beside it), with or without a speck touching its stem's left, as fax
// noise does, and hands the extractor a reading with that 1 read as 4.
// The glyphs' shapes, compared with the page's own digits, put the 1
// back; a reading whose 4 is printed as a 4 stays.
func TestGlyphs_OneReadAsFour(t *testing.T) {
	const printed, misread = "630832211362", "630832241362"
	line := []string{"USCIS", "Online", "Account", "Number:", printed, "1141", "4114", "1411", "6304"}
	for _, tc := range goFonts {
		for _, speck := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/speck=%v", tc.name, speck), func(t *testing.T) {
				g, boxes := drawLine(t, tc.ttf, 12, line...)
				words := []extractor.Word{}
				for i, w := range line {
					words = append(words, extractor.Word{Text: w, Box: boxes[i], Conf: 0.95})
				}
				words[4].Text, words[4].Conf = misread, 0.82
				// The value's eighth glyph is the second 1 of "2211".
				gs := Glyphs(g, boxes[4])
				if len(gs) != len(printed) {
					t.Fatalf("%d glyphs in %s", len(gs), printed)
				}
				stem := trimFoot(g, gs[7].Box)
				if speck {
					one := gs[7].Box
					y := int(one.Y0 + 0.6*(one.Y1-one.Y0))
					for x := stem - 3; x <= stem; x++ {
						for dy := range 3 {
							g.SetGray(x, y+dy, color.Gray{})
						}
					}
				}
				for i := 4; i < len(words); i++ {
					words[i].Glyphs = Glyphs(g, boxes[i])
				}
				res := extractor.Extract([]extractor.Page{{Number: 1, Width: 2000, Height: 200, Source: extractor.SourceOCR, Words: words}})
				var got []string
				for _, f := range res.Findings {
					got = append(got, f.Value)
				}
				if len(got) != 1 || got[0] != printed {
					t.Fatalf("findings %v, want %s", got, printed)
				}
			})
		}
	}
	// A 4 printed where a 4 was read stays a 4, its hole filled by blur.
	for _, tc := range goFonts {
		t.Run(tc.name+"/printedFour", func(t *testing.T) {
			g, boxes := drawLine(t, tc.ttf, 12, "USCIS", "Online", "Account", "Number:", misread, "1141", "4114", "1411")
			var words []extractor.Word
			for i, w := range []string{"USCIS", "Online", "Account", "Number:", misread, "1141", "4114", "1411"} {
				words = append(words, extractor.Word{Text: w, Box: boxes[i], Conf: 0.95})
			}
			words[4].Conf = 0.82
			for i := 4; i < len(words); i++ {
				words[i].Glyphs = Glyphs(g, boxes[i])
				for k := range words[i].Glyphs {
					words[i].Glyphs[k].Holes = nil
				}
			}
			res := extractor.Extract([]extractor.Page{{Number: 1, Width: 2000, Height: 200, Source: extractor.SourceOCR, Words: words}})
			if len(res.Findings) != 1 || res.Findings[0].Value != misread {
				t.Fatalf("findings %+v, want %s", res.Findings, misread)
			}
		})
	}
}

// trimFoot erases, in glyph box b of g, a 1's foot serif and flag: the
// ink left and right of its stem, as found on its middle row. It returns
// the stem's left edge.
func trimFoot(g *image.Gray, b extractor.Box) int {
	y := int((b.Y0 + b.Y1) / 2)
	x0, x1 := -1, -1
	for x := int(b.X0); x < int(b.X1); x++ {
		if g.GrayAt(x, y).Y < 128 {
			if x0 < 0 {
				x0 = x
			}
			x1 = x + 1
		}
	}
	for yy := int(b.Y0); yy < int(b.Y1); yy++ {
		for x := int(b.X0); x < int(b.X1); x++ {
			if x < x0 || x >= x1 {
				g.SetGray(x, yy, color.Gray{Y: 255})
			}
		}
	}
	return x0
}
