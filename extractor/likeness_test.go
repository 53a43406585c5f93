package extractor_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
)

// drawShape is a glyph's Shape drawn in rows of '#' (ink) and '.' (paper).
func drawShape(rows ...string) []uint8 {
	out := make([]uint8, 0, extractor.ShapeCols*extractor.ShapeRows)
	for _, r := range rows {
		for _, c := range r {
			if c == '#' {
				out = append(out, 255)
			} else {
				out = append(out, 0)
			}
		}
	}
	return out
}

var (
	oneShape = drawShape(
		"...##...",
		"..###...",
		".####...",
		"...##...",
		"...##...",
		"...##...",
		"...##...",
		"...##...",
		"...##...",
		".######.")
	// A 1 with fax specks run into its stem's left, where a 4's bar
	// starts.
	oneSpeckShape = drawShape(
		"...##...",
		"..###...",
		".####...",
		"...##...",
		"...##...",
		"#..##...",
		"##.##...",
		"...##...",
		"...##...",
		".######.")
	fourShape = drawShape(
		".....##.",
		"....###.",
		"...#.##.",
		"..#..##.",
		".#...##.",
		"#....##.",
		"########",
		".....##.",
		".....##.",
		".....##.")
	// Any other digit: a ring.
	otherShape = drawShape(
		"..####..",
		".##..##.",
		"##....##",
		"##....##",
		"##....##",
		"##....##",
		"##....##",
		"##....##",
		".##..##.",
		"..####..")
)

// likenessPage is a page whose value word reads read over the glyphs of
// printed, the glyph at misreadAt drawn as shape and width wide (the
// others 10); confident words of 1s and 4s (only 1s without fours) give
// the page's own digits.
func likenessPage(read, printed string, misreadAt int, shape []uint8, width float64, fours bool) extractor.Page {
	p := valuePage("USCIS Online Account Number:", read, printed)
	v := &p.Words[len(p.Words)-1]
	v.Conf = 0.82
	for i := range v.Glyphs {
		switch {
		case i == misreadAt:
			v.Glyphs[i].Shape = shape
			v.Glyphs[i].Box.X1 = v.Glyphs[i].Box.X0 + width
		case printed[i] == '1':
			v.Glyphs[i].Shape = oneShape
		case printed[i] == '4':
			v.Glyphs[i].Shape = fourShape
		default:
			v.Glyphs[i].Shape = otherShape
		}
	}
	return withSamples(p, fours)
}

// withSamples adds to page p confident words of 1s and 4s (only 1s
// without fours), glyphs and shapes drawn: the page's own digits.
func withSamples(p extractor.Page, fours bool) extractor.Page {
	samples := "1141 4114 1411"
	if !fours {
		samples = "1111 1111 1111"
	}
	q := page(1, extractor.SourceOCR, at{50, 300, "Date: " + samples, 0.95})
	for _, w := range q.Words {
		for i := range len(w.Text) {
			if w.Text[i] < '0' || w.Text[i] > '9' {
				w.Glyphs = nil
				break
			}
			g := glyphOf(w.Text[i], w.Box.X0+float64(10*i))
			g.Shape = oneShape
			if w.Text[i] == '4' {
				g.Shape = fourShape
			}
			w.Glyphs = append(w.Glyphs, g)
		}
		p.Words = append(p.Words, w)
	}
	return p
}

// TestExtract_GlyphLikeness: on fax noise Tesseract reads a 1 with specks
// beside its stem as a 4, at 0.8 and more, and the glyph has no hole to
// tell it by. The page's own digits read with confidence do: a hole-less
// glyph read as 4 that matches the page's 1s far better than its 4s is
// put back to 1, when it is as narrow as a 1 beside the value's other
// digits. A glyph shaped like the page's 4s stays a 4, and so does one as
// wide as the digits beside it (a blurred 4 whose triangle filled), or
// one on a page with no confident 4 to compare with.
func TestExtract_GlyphLikeness(t *testing.T) {
	const read, printed = "630832241362", "630832211362"
	for _, tc := range []struct {
		name  string
		shape []uint8
		width float64
		fours bool
		want  string
	}{
		{"OKOneWithSpecksReadAsFour", oneSpeckShape, 8, true, printed},
		{"ErrFourWithoutHoleStaysAFour", fourShape, 8, true, read},
		{"ErrAsWideAsTheOtherDigits", oneSpeckShape, 10, true, read},
		{"ErrNoFoursToCompareWith", oneSpeckShape, 8, false, read},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{likenessPage(read, printed, 7, tc.shape, tc.width, tc.fours)})
			var got []extractor.Finding
			for _, f := range r.Findings {
				if f.Kind == extractor.KindOnlineAccountNumber {
					got = append(got, f)
				}
			}
			if len(got) != 1 || got[0].Value != tc.want {
				t.Fatalf("findings %v, want %s", found(r), tc.want)
			}
			repaired := slices.Contains(got[0].Corrections, "4→1 at 8 by its glyph")
			if repaired != (tc.want == printed) {
				t.Fatalf("corrections %q", got[0].Corrections)
			}
		})
	}
	// Both recognizers' re-reads repeat the 4: they misread the glyph as
	// the page did, and the page's own 1s still tell it. The repair
	// stands, as a value a person checks.
	t.Run("OKRepairStandsAgainstBothRecognizers", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{likenessPage(read, printed, 7, oneSpeckShape, 8, true)})
		r.ResolveSlots(func(extractor.Slot) []extractor.Reading {
			return readingsAt(0.8, read, read, read, read, read, read, read, read)
		})
		var got []string
		for _, f := range r.Findings {
			if f.Kind == extractor.KindOnlineAccountNumber {
				got = append(got, f.Value)
			}
		}
		if !slices.Equal(got, []string{printed}) {
			t.Fatalf("findings %v, want %s", found(r), printed)
		}
		if !slices.ContainsFunc(r.Warnings, func(w string) bool { return strings.Contains(w, "another value") }) {
			t.Fatalf("warnings %q, want the re-reads' other value named", r.Warnings)
		}
	})
}

// TestExtract_GlyphLikenessMergedGlyphs: noise ran "WAC" into one glyph
// and the last "11" into another, and cut by width the glyphs pair off
// one place out ("WAC" counted four wide): the narrow 1 after the C
// lines up with the 4 read after it. A glyph is compared with the
// page's 1s and 4s only where its word's glyphs pair off one for one, so
// the 4 stays.
func TestExtract_GlyphLikenessMergedGlyphs(t *testing.T) {
	const read = "WAC1497131411"
	p := page(1, extractor.SourceOCR, at{50, 100, "Receipt Number:", 0.95}, at{300, 100, read, 0.89})
	v := &p.Words[len(p.Words)-1]
	x := v.Box.X0
	for _, g := range []struct {
		w     float64
		c     byte
		shape []uint8
	}{{40, 'W', otherShape}, {8, '1', oneShape}, {10, '4', fourShape}, {10, '9', otherShape}, {10, '7', otherShape},
		{8, '1', oneShape}, {10, '3', otherShape}, {8, '1', oneShape}, {10, '4', fourShape}, {16, '1', oneShape}} {
		gl := glyphOf(g.c, x)
		gl.Box.X1 = x + g.w
		// Blur filled the 4s' triangles.
		gl.Holes = nil
		gl.Shape = g.shape
		v.Glyphs = append(v.Glyphs, gl)
		x += g.w
	}
	r := extractor.Extract([]extractor.Page{withSamples(p, true)})
	if got := found(r); len(got) != 1 || got[0].value != read {
		t.Fatalf("findings %v, want %s", got, read)
	}
}
