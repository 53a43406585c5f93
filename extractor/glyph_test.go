package extractor_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
)

// glyphOf draws, in a glyph box 10 wide and 20 high at x, the holes a
// character's outline has: a tall one in the middle for 0, a low one for
// 6, a high one for 9, two for 8, a small one for 4 and A, none for the
// rest. "o" stands for two holes one above the other that ocr did not
// find a slashed zero's, a little apart; "w" for two that meet, as a
// slashed zero's halves do across the slash; "z" for a slashed zero's.
func glyphOf(c byte, x float64) extractor.Glyph {
	g := extractor.Glyph{Box: extractor.Box{X0: x, Y0: 0, X1: x + 10, Y1: 20}}
	hole := func(y0, y1 float64) extractor.Hole {
		return extractor.Hole{Box: extractor.Box{X0: x + 3, Y0: y0, X1: x + 7, Y1: y1}, Area: 4 * (y1 - y0)}
	}
	switch c {
	case '0':
		g.Holes = []extractor.Hole{hole(3, 17)}
	case 'o':
		g.Holes = []extractor.Hole{hole(3, 9.5), hole(10.5, 17)}
	case 'w':
		g.Holes = []extractor.Hole{hole(3, 10), hole(10, 17)}
	case 'z':
		g.Holes = []extractor.Hole{hole(3, 10), hole(10, 17)}
		g.Slashed = true
	case '6':
		g.Holes = []extractor.Hole{hole(10, 17)}
	case '9':
		g.Holes = []extractor.Hole{hole(3, 10)}
	case '8':
		g.Holes = []extractor.Hole{hole(3, 9), hole(11, 17)}
	case '4', 'A':
		g.Holes = []extractor.Hole{hole(7, 11)}
	}
	return g
}

// valuePage is a page whose value word reads read, with the glyphs of
// printed measured on it ("" for none).
func valuePage(label, read, printed string) extractor.Page {
	p := page(1, extractor.SourceOCR, at{50, 100, label, 0.95}, at{300, 100, read, 0.95})
	w := &p.Words[len(p.Words)-1]
	for i := range len(printed) {
		// Dashes are too short to be glyphs.
		if printed[i] != '-' {
			w.Glyphs = append(w.Glyphs, glyphOf(printed[i], w.Box.X0+float64(10*i)))
		}
	}
	return p
}

// TestExtract_GlyphRepairs: Tesseract reads, on fax noise, a digit for
// another whose outline holds other holes: a 0 as 6 or 8, a 9 as 8. The
// digit whose holes the glyph shows, of those mistaken for the digit read,
// is put back, and the correction says so. Where the glyph fits two such
// digits, where it fits the digit read, where glyphs and characters do not
// pair off, or where the digit read has no holes of its own, nothing is
// changed.
func TestExtract_GlyphRepairs(t *testing.T) {
	for _, tc := range []struct {
		name, read, printed, want, repair string
	}{
		{"OKZeroReadAsSix", "WAC2497362982", "WAC2497302982", "WAC2497302982", "6→0 at 9 by its glyph"},
		{"OKZeroReadAsEight", "WAC2497382982", "WAC2497302982", "WAC2497302982", "8→0 at 9 by its glyph"},
		{"OKNineReadAsEight", "A-088-309-821", "A-089-309-821", "A089309821", "8→9 at 4 by its glyph"},
		{"ErrZeroReadWhereTheGlyphHasASixsHole", "IOE8600259935", "IOE8660259935", "IOE8600259935", ""},
		{"OKMisreadLetterStillPairs", "¥SC2615529925", "YSC2015529925", "YSC2015529925", "6→0 at 5 by its glyph"},
		{"ErrTwoHolesFitZeroAndEight", "WAC2497362982", "WAC24973o2982", "WAC2497362982", ""},
		{"OKHolesMeetingReadAsSix", "WAC2497362982", "WAC24973w2982", "WAC2497302982", "6→0 at 9 by its glyph"},
		{"OKHolesMeetingReadAsEight", "WAC2497382982", "WAC24973w2982", "WAC2497302982", "8→0 at 9 by its glyph"},
		{"ErrEightsHolesForAZeroRead", "WAC2497302982", "WAC2497382982", "WAC2497302982", ""},
		{"OKSlashedZeroReadAsEight", "WAC2497382982", "WAC24973z2982", "WAC2497302982", "8→0 at 9 by its glyph"},
		{"OKSlashedZeroReadAsSix", "WAC2497362982", "WAC24973z2982", "WAC2497302982", "6→0 at 9 by its glyph"},
		{"ErrGlyphFitsTheDigitRead", "WAC2497362982", "WAC2497362982", "WAC2497362982", ""},
		{"ErrGlyphsDoNotPairOff", "WAC2497362982", "WAC249730298", "WAC2497362982", ""},
		{"ErrNoGlyphs", "WAC2497362982", "", "WAC2497362982", ""},
		{"ErrFiveWithAHoleIsNotSwapped", "WAC2497352982", "WAC2497362982", "WAC2497352982", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			label := "Receipt Number:"
			if strings.HasPrefix(tc.read, "A-") {
				label = "A-Number:"
			}
			r := extractor.Extract([]extractor.Page{valuePage(label, tc.read, tc.printed)})
			if len(r.Findings) != 1 || r.Findings[0].Value != tc.want {
				t.Fatalf("findings %v, want %s", found(r), tc.want)
			}
			got := slices.ContainsFunc(r.Findings[0].Corrections, func(c string) bool { return strings.Contains(c, "glyph") })
			if got != (tc.repair != "") || tc.repair != "" && !slices.Contains(r.Findings[0].Corrections, tc.repair) {
				t.Fatalf("corrections %q, want %q", r.Findings[0].Corrections, tc.repair)
			}
		})
	}
}

// TestResolveSlots_Glyphs: a first reading with a digit whose glyph has
// another's holes is replaced by the re-read value the glyphs show, and a
// repaired first reading stands against re-reads that repeat the misread
// digit, as a disputed value a person checks.
func TestResolveSlots_Glyphs(t *testing.T) {
	const printed, misread, eight = "WAC2497302982", "WAC2497362982", "WAC2497382982"
	t.Run("OKReReadShowsTheGlyphsDigit", func(t *testing.T) {
		// A slashed zero's halves fit a 0 and an 8: the glyph alone does
		// not choose, a re-read that reads 0 does.
		r := extractor.Extract([]extractor.Page{valuePage("Receipt Number:", misread, "WAC24973o2982")})
		r.ResolveSlots(func(extractor.Slot) []extractor.Reading {
			return readingsAt(0.5, misread, misread, printed, "WAC24")
		})
		if len(r.Findings) != 1 || r.Findings[0].Value != printed {
			t.Fatalf("findings %v, want %s", found(r), printed)
		}
	})
	t.Run("ErrReReadsTheGlyphsContradict", func(t *testing.T) {
		// The glyph shows a 6, with a hole; re-reads that read 5 do not
		// replace it. (Re-reads that read 0 may: blur fills a 0's oval
		// from one end.)
		const five = "WAC2497352982"
		r := extractor.Extract([]extractor.Page{valuePage("Receipt Number:", misread, "WAC2497362982")})
		r.ResolveSlots(func(extractor.Slot) []extractor.Reading {
			return readingsAt(0.9, five, five, five, misread, five, five, five, five)
		})
		if len(r.Findings) != 1 || r.Findings[0].Value != misread {
			t.Fatalf("findings %v, want %s", found(r), misread)
		}
	})
	// One recognizer repeats the misread digit: the repair stands, and a
	// person checks it. So it does when one re-read of either reads the
	// glyph's digit.
	for _, tc := range []struct {
		name string
		rds  []string
	}{
		{"OKRepairStandsAgainstOneRecognizer", []string{misread, misread, misread, misread}},
		{"OKRepairStandsWhenARereadReadsTheGlyphsDigit", []string{misread, misread, misread, misread, misread, misread, misread, "WAC-24-973-02982"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{valuePage("Receipt Number:", misread, printed)})
			r.ResolveSlots(func(extractor.Slot) []extractor.Reading { return readingsAt(0.9, tc.rds...) })
			if len(r.Findings) != 1 || r.Findings[0].Value != printed {
				t.Fatalf("findings %v, want %s", found(r), printed)
			}
			if !slices.ContainsFunc(r.Warnings, func(w string) bool { return strings.Contains(w, "another value") }) {
				t.Fatalf("warnings %q, want the re-reads' other value named", r.Warnings)
			}
		})
	}
	// Both recognizers read the digit as first read, and none the glyph's:
	// the glyph misled (an 8 whose waist blur opened into a 0's oval), and
	// the value is the one read, its repair gone. Re-reads with a digit
	// more or less than the value are not lined up with it.
	t.Run("OKBothRecognizersTakeTheRepairBack", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{valuePage("Receipt Number:", eight, printed)})
		r.ResolveSlots(func(extractor.Slot) []extractor.Reading {
			return readingsAt(0.8, eight, eight, "WAC-24-973-8298", eight, "WAC 24 973 82982", eight, eight, "WAC24973829822")
		})
		if len(r.Findings) != 1 || r.Findings[0].Value != eight {
			t.Fatalf("findings %v, want %s", found(r), eight)
		}
		if slices.ContainsFunc(r.Findings[0].Corrections, func(c string) bool { return strings.Contains(c, "glyph") }) {
			t.Fatalf("corrections %q, want the glyph's repair gone", r.Findings[0].Corrections)
		}
	})
	t.Run("ErrTooFewRereadsLinedUp", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{valuePage("Receipt Number:", eight, printed)})
		r.ResolveSlots(func(extractor.Slot) []extractor.Reading {
			return readingsAt(0.8, eight, eight, "WAC-24-973-8298", "WAC2497", "WAC 24 973", "W", eight, "WAC24973829822")
		})
		if len(r.Findings) != 1 || r.Findings[0].Value != printed {
			t.Fatalf("findings %v, want %s", found(r), printed)
		}
	})
	t.Run("OKEightReadStandsWithoutGlyphs", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{valuePage("Receipt Number:", eight, "")})
		r.ResolveSlots(func(extractor.Slot) []extractor.Reading {
			return readingsAt(0.9, eight, eight, eight, eight)
		})
		if len(r.Findings) != 1 || r.Findings[0].Value != eight {
			t.Fatalf("findings %v, want %s", found(r), eight)
		}
	})
}

// TestExtract_GlyphRepairsMergedGlyphs: noise ran two digits of the value
// together into one glyph twice as wide. The other glyphs still pair with
// their characters, and the misread 0 is put back. A glyph too narrow for
// two leaves the pairing unknown, and nothing is changed.
func TestExtract_GlyphRepairsMergedGlyphs(t *testing.T) {
	const read, printed = "WAC2497362982", "WAC2497302982"
	for _, tc := range []struct {
		name  string
		width float64
		want  string
	}{
		{"OKTwoRunTogether", 20, printed},
		{"ErrNotWideEnoughForTwo", 14, read},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := valuePage("Receipt Number:", read, printed)
			w := &p.Words[len(p.Words)-1]
			merged := w.Glyphs[3]
			merged.Box.X1 = merged.Box.X0 + tc.width
			merged.Holes = nil
			w.Glyphs = append(append(w.Glyphs[:3:3], merged), w.Glyphs[5:]...)
			r := extractor.Extract([]extractor.Page{p})
			if len(r.Findings) != 1 || r.Findings[0].Value != tc.want {
				t.Fatalf("findings %v, want %s", found(r), tc.want)
			}
		})
	}
}

// TestExtract_GlyphRepairsCutMergedGlyph: blur ran the 9 and the slashed
// 0 of "490" together into one glyph, and Tesseract read the group "498";
// the word's two glyphs have no median to tell the merged one by, the
// value's other words do. Cut in two, its right half shows the 0's halves
// meeting, and the 0 is put back. A hole across the cut leaves both
// halves unknown.
func TestExtract_GlyphRepairsCutMergedGlyph(t *testing.T) {
	for _, tc := range []struct {
		name   string
		across bool
		want   string
	}{
		{"OKCut", false, "IOE0449020352"},
		{"ErrHoleAcrossTheCut", true, "IOE0449820352"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := page(1, extractor.SourceOCR, at{50, 100, "Receipt Number:", 0.95}, at{300, 100, "IOE 04 498 20352", 0.95})
			for i, printed := range []string{"IOE", "04", "4", "20352"} {
				w := &p.Words[2+i]
				for k := range len(printed) {
					w.Glyphs = append(w.Glyphs, glyphOf(printed[k], w.Box.X0+float64(10*k)))
				}
			}
			w := &p.Words[4]
			x := w.Box.X0 + 10
			merged := extractor.Glyph{Box: extractor.Box{X0: x, Y0: 0, X1: x + 20, Y1: 20}}
			nine, zero := glyphOf('9', x), glyphOf('w', x+10)
			merged.Holes = append(nine.Holes, zero.Holes...)
			if tc.across {
				merged.Holes = append(merged.Holes, extractor.Hole{Box: extractor.Box{X0: x + 8, Y0: 12, X1: x + 12, Y1: 16}, Area: 16})
			}
			w.Glyphs = append(w.Glyphs, merged)
			r := extractor.Extract([]extractor.Page{p})
			if len(r.Findings) != 1 || r.Findings[0].Value != tc.want {
				t.Fatalf("findings %v, want %s", found(r), tc.want)
			}
		})
	}
}

// TestExtract_GlyphRepairsBlurredLoops: on a blurred scan an 8's small
// upper loop fills and leaves a 6's hole, and a 4's triangle shows two
// pinholes: both read right, neither is changed.
func TestExtract_GlyphRepairsBlurredLoops(t *testing.T) {
	for _, tc := range []struct {
		name  string
		digit byte
		holes []extractor.Box
	}{
		{"EightUpperLoopFilled", '8', []extractor.Box{{Y0: 10, Y1: 17}}},
		{"FourTwoPinholes", '4', []extractor.Box{{Y0: 7, Y1: 11}, {Y0: 11.5, Y1: 13.5}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			read := "STA10243525" + string(tc.digit) + "6"
			p := valuePage("Receipt Number:", read, read)
			w := &p.Words[len(p.Words)-1]
			g := &w.Glyphs[11]
			g.Holes = nil
			for _, b := range tc.holes {
				b.X0, b.X1 = g.Box.X0+3, g.Box.X0+7
				g.Holes = append(g.Holes, extractor.Hole{Box: b, Area: 4 * (b.Y1 - b.Y0)})
			}
			r := extractor.Extract([]extractor.Page{p})
			if len(r.Findings) != 1 || r.Findings[0].Value != read {
				t.Fatalf("findings %v, want %s", found(r), read)
			}
		})
	}
}
