package extractor

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
)

// Glyph is one character's ink in a word, as the image shows it: enough
// to tell apart the digits a recognizer confuses on a noisy page by the
// paper their strokes enclose. A 0's hole fills its middle, a 6's lies
// low, a 9's high, an 8 has two one above the other; 1, 2, 3, 5 and 7 have
// none. On the harsh development sets the rules below contradicted one of
// 2,294 digits read right, where Tesseract read a 0 as 6, a 6 as 5 or a 9
// as 8.
type Glyph struct {
	Box Box `json:"box"`
	// Holes are the paper regions the ink encloses, larger than a speck.
	Holes []Hole `json:"holes,omitempty"`
	// Slashed tells two holes that are the halves of a slashed zero's
	// oval, side by side, where an 8's lie one above the other.
	Slashed bool `json:"slashed,omitempty"`
	// Shape is the glyph's ink in ShapeCols × ShapeRows cells, row by
	// row, each the share of the cell inked (0-255). The cells span the
	// glyph's height and a digit's width, 0.75 of it (or the glyph's own
	// if wider), centred on the glyph: a 1 stays narrow in them.
	Shape []uint8 `json:"shape,omitempty"`
	// looks is the digit the page's own confident digits say the glyph
	// is, where they tell it from the one read (see markLooks); 0 when
	// they do not.
	looks byte
}

// ShapeCols and ShapeRows are the cells of a Glyph's Shape.
const ShapeCols, ShapeRows = 8, 10

// Hole is a region of paper a glyph's ink encloses.
type Hole struct {
	Box  Box     `json:"box"`
	Area float64 `json:"area"`
}

// Where a lone hole lies, as a share of its glyph's height from the top,
// and how tall it is. Measured on harsh scans in three typefaces: a 0's
// hole is centred at 0.39 to 0.59 of the glyph, a 6's at 0.55 to 0.75, a
// 9's at 0.26 to 0.44, a 4's at 0.38 to 0.55; only a 0's is more than half
// as tall as the glyph. The bounds below leave a margin on each side.
const (
	// zeroHoleLow and zeroHoleHigh bound the centre of a hole that shows
	// a 0.
	zeroHoleLow, zeroHoleHigh = 0.34, 0.64
	// sixHoleBelow is the highest centre a 6's hole has; nineHoleAbove
	// the lowest a 9's.
	sixHoleBelow, nineHoleAbove = 0.5, 0.5
	// tallHole is a hole's least height, as a share of the glyph's, that
	// only a 0 has.
	tallHole = 0.58
	// fourHoleLow and fourHoleHigh bound the centre of a closed 4's hole.
	fourHoleLow, fourHoleHigh = 0.3, 0.68
	// roundHole is the least height of a 6's or 9's hole, as a share of
	// the glyph's: a smaller one may be a 4's, or a stroke closed by noise.
	roundHole = 0.22
	// zeroWaist is the most paper between two holes, one above the other,
	// as a share of the glyph's height, for them to be a slashed zero's
	// halves meeting across its slash, not an 8's a waist apart: at most
	// 0.04 of the glyph for 29 zeros on the harsh development sets, at
	// least 0.06 for 458 eights. A wide waist makes no 8, though: a blurred
	// slash at 150 DPI parts a zero's halves as widely as an 8's.
	zeroWaist = 0.02
	// zeroSpan is the least height two holes span together, top of the
	// upper to bottom of the lower, as a share of the glyph's, to be a
	// slashed zero's halves: a blurred 4 showed two pinholes in the
	// middle of its triangle.
	zeroSpan = 0.5
	// twinHoles is the least area of the smaller of two holes, as a share
	// of the larger, for the pair to be an 8's or a slashed 0's rather than
	// a hole and a speck of noise closed off in a 9's tail or a 6's curl.
	twinHoles = 0.6
)

// holeShape is what a glyph's holes say: how many, and for one, where it
// lies and how tall it is; for two, whether they are alike in size or
// which is the smaller, and how far apart they lie.
type holeShape struct {
	n          int
	cy, h      float64 // one hole: centre and height, shares of the glyph's
	alike      bool    // two holes of about one size
	smallUpper bool    // two holes, the upper one much the smaller
	waist      float64 // two holes: the paper between them, a share of the glyph's height
	span       float64 // two holes: the height they span together, a share of the glyph's
}

func shapeOf(g Glyph) holeShape {
	gh := g.Box.Y1 - g.Box.Y0
	s := holeShape{n: len(g.Holes)}
	if gh <= 0 {
		return holeShape{n: -1}
	}
	switch s.n {
	case 1:
		b := g.Holes[0].Box
		s.cy = ((b.Y0+b.Y1)/2 - g.Box.Y0) / gh
		s.h = (b.Y1 - b.Y0) / gh
	case 2:
		up, down := g.Holes[0], g.Holes[1]
		if up.Box.Y0+up.Box.Y1 > down.Box.Y0+down.Box.Y1 {
			up, down = down, up
		}
		s.waist = (down.Box.Y0 - up.Box.Y1) / gh
		s.span = (down.Box.Y1 - up.Box.Y0) / gh
		small, large := min(up.Area, down.Area), max(up.Area, down.Area)
		s.alike = small >= twinHoles*large
		s.smallUpper = !s.alike && up.Area < down.Area
	}
	return s
}

// contradicts reports whether glyph g cannot be digit d: it has holes a
// hole-less digit lacks, or holes of another digit's shape. A glyph with
// no holes contradicts no digit, since a broken stroke opens a hole,
// but a 4 the page's own 1s match (see markLooks).
func contradicts(d byte, g Glyph) bool {
	if g.Slashed {
		return d != '0'
	}
	s := shapeOf(g)
	if d == '4' && s.n == 0 && g.looks == '1' {
		return true
	}
	if s.n <= 0 {
		return false
	}
	switch d {
	case '1', '2', '3', '5', '7':
		return true
	case '0':
		// Blur fills a 0's oval from one end: a hole low or high in it
		// may still be a 0's.
		return s.n == 2 && s.span < zeroSpan || s.n > 2
	case '6':
		return s.n == 1 && (s.cy < sixHoleBelow || s.h >= tallHole) || s.n == 2 && !s.smallUpper || s.n > 2
	case '9':
		return s.n == 1 && (s.cy > nineHoleAbove || s.h >= tallHole) || s.n == 2 && (s.alike || s.smallUpper) || s.n > 2
	case '8':
		// Blur fills an 8's smaller upper loop first: one hole low in
		// it is still an 8's, one high or as tall as a 0's is not.
		return s.n == 1 && (s.h >= tallHole || s.cy < nineHoleAbove) || s.n == 2 && s.waist <= zeroWaist || s.n > 2
	case '4':
		return s.n == 1 && (s.cy < fourHoleLow || s.cy > fourHoleHigh || s.h >= tallHole) || s.n > 1
	}
	return false
}

// fits reports whether glyph g shows the holes of digit d, not merely
// none that contradict it.
func fits(d byte, g Glyph) bool {
	if g.Slashed {
		return d == '0'
	}
	s := shapeOf(g)
	if s.n < 0 || contradicts(d, g) {
		return false
	}
	switch d {
	case '1', '2', '3', '5', '7':
		return s.n == 0
	case '6', '9':
		return s.n == 2 || s.n == 1 && s.h >= roundHole
	case '0':
		return s.n == 2 || s.n == 1 && s.cy >= zeroHoleLow && s.cy <= zeroHoleHigh
	case '4':
		return s.n >= 1
	case '8':
		return s.n == 2
	}
	return false
}

// smallMarks are the marks too short to be glyphs (see ocr.Glyphs): they
// pair with none.
const smallMarks = ".,-–—_:;'\"`~‘’“”·•"

// valueGlyphs lines up the glyphs of a value's words with the characters
// of value v: the words' characters, right-aligned with v, each word's
// glyphs paired with its characters (see pairGlyphs). A misread letter
// ("¥" for Y) still pairs with its glyph. A position is nil where a word's
// glyphs and characters do not pair off (a stroke broken in two), or
// where the words' character is not v's or a look-alike of it: then
// nothing is known there.
func valueGlyphs(ws []*word, v string) []*Glyph {
	var chars []rune
	var gs []*Glyph
	m := glyphWidth(ws)
	for _, w := range ws {
		cs := glyphChars(w.text)
		chars = append(chars, cs...)
		gs = append(gs, pairGlyphs(w.glyphs, len(cs), m)...)
	}
	out := make([]*Glyph, len(v))
	for k := 1; k <= min(len(chars), len(v)); k++ {
		c, vc := chars[len(chars)-k], rune(v[len(v)-k])
		if c != vc && digitRepairs[c] != vc {
			// The words hold more or other than the value: line
			// nothing up rather than a glyph with the wrong character.
			if vc >= '0' && vc <= '9' {
				return make([]*Glyph, len(v))
			}
			continue
		}
		out[len(v)-k] = gs[len(gs)-k]
	}
	return out
}

// glyphChars is the characters of text that have glyphs of their own:
// all but spaces and smallMarks.
func glyphChars(text string) []rune {
	var cs []rune
	for _, r := range text {
		if !unicode.IsSpace(r) && !strings.ContainsRune(smallMarks, r) {
			cs = append(cs, r)
		}
	}
	return cs
}

// mergedWidth is the least width, in median glyph widths, of a glyph
// taken for characters run together: a W or an M is up to half again as
// wide as a digit.
const mergedWidth = 1.7

// glyphWidth is the median width of the glyphs of a value's words, 0 when
// they have none. A word of two or three glyphs, one of them two digits
// run together ("498" in two), has no median of its own to tell that
// one's width by.
func glyphWidth(ws []*word) float64 {
	var all []float64
	for _, w := range ws {
		for _, g := range w.glyphs {
			all = append(all, g.Box.X1-g.Box.X0)
		}
	}
	if len(all) == 0 {
		return 0
	}
	slices.Sort(all)
	return all[len(all)/2]
}

// pairGlyphs pairs a word's glyphs with its n characters, nil where not
// known. Glyphs noise or blur ran together come out as one, as wide as
// the characters in it (m is the median glyph width of the value, see
// glyphWidth): when the widths account for the n characters, each
// glyph of one character's width pairs with its own, and a merged one is
// cut into as many of equal width, each with the holes that lie wholly
// in it (digits are printed in equal widths); one that a hole crosses
// into stays unknown.
func pairGlyphs(gs []Glyph, n int, m float64) []*Glyph {
	out := make([]*Glyph, n)
	if len(gs) == n {
		for i := range gs {
			out[i] = &gs[i]
		}
		return out
	}
	if len(gs) == 0 || len(gs) > n {
		return out
	}
	ws := make([]float64, len(gs))
	for i, g := range gs {
		ws[i] = g.Box.X1 - g.Box.X0
	}
	if m <= 0 {
		return out
	}
	spans := make([]int, len(gs))
	total := 0
	for i, w := range ws {
		spans[i] = 1
		if w >= mergedWidth*m {
			spans[i] = int(math.Round(w / m))
		}
		total += spans[i]
	}
	if total != n {
		return out
	}
	at := 0
	for i, k := range spans {
		if k == 1 {
			out[at] = &gs[i]
		} else {
			for j, part := range cutGlyph(gs[i], k) {
				out[at+j] = part
			}
		}
		at += k
	}
	return out
}

// cutGlyph cuts glyph g, k characters run together, into k of equal
// width, nil where a hole crosses a cut.
func cutGlyph(g Glyph, k int) []*Glyph {
	out := make([]*Glyph, k)
	w := (g.Box.X1 - g.Box.X0) / float64(k)
	crossed := make([]bool, k)
	for j := range k {
		b := g.Box
		b.X0, b.X1 = g.Box.X0+float64(j)*w, g.Box.X0+float64(j+1)*w
		out[j] = &Glyph{Box: b}
	}
	for _, h := range g.Holes {
		a := int((h.Box.X0 - g.Box.X0) / w)
		z := int((h.Box.X1 - 1 - g.Box.X0) / w)
		a, z = max(0, min(a, k-1)), max(0, min(z, k-1))
		if a != z {
			crossed[a], crossed[z] = true, true
			continue
		}
		out[a].Holes = append(out[a].Holes, h)
	}
	for j := range k {
		if crossed[j] {
			out[j] = nil
		}
	}
	return out
}

// shapeMisfits counts the digits of value v whose glyph, where gs knows
// it, contradicts them.
func shapeMisfits(gs []*Glyph, v string) int {
	n := 0
	for i := range min(len(gs), len(v)) {
		if gs[i] != nil && v[i] >= '0' && v[i] <= '9' && contradicts(v[i], *gs[i]) {
			n++
		}
	}
	return n
}

// shapeBacks reports whether the glyphs gs back value w over value v: v
// has digits its glyphs contradict, w none, and every digit in which w
// differs from v has a glyph that shows w's.
func shapeBacks(gs []*Glyph, w, v string) bool {
	if len(w) != len(v) || len(gs) != len(v) || w == v || shapeMisfits(gs, v) == 0 || shapeMisfits(gs, w) > 0 {
		return false
	}
	for i := range len(v) {
		if w[i] == v[i] {
			continue
		}
		if gs[i] == nil || !fits(w[i], *gs[i]) {
			return false
		}
	}
	return true
}

// shapeSwaps are the digits Tesseract reads for others of a like outline
// on noisy pages, by the digit it read: a glyph whose holes contradict
// the digit read and fit one of these alone was that one (a 1 for a 4
// only as the page's own 1s tell it). A 5 read for a
// 6 is left alone: on a fresh set the one 5 with a hole was a 5. An 8 is
// never put back to a 6: blur fills its upper loop, and what is left has
// a 6's hole. A 0 read is never put back: on a blurred scan a 0's hole
// lay as low as a 6's.
var shapeSwaps = map[byte]string{
	'4': "016", '6': "08", '8': "09", '9': "08",
}

// shapeDigit is the digit glyph g shows when it contradicts read digit d:
// the one digit Tesseract mistakes for d (see shapeSwaps) whose holes g
// fits. Only digits with holes are swapped: noise that closes the gap of
// a 5's bowl or a 3's gives it a 6's or an 8's holes.
func shapeDigit(d byte, g Glyph) (byte, bool) {
	if !contradicts(d, g) {
		return 0, false
	}
	var only byte
	for _, c := range []byte(shapeSwaps[d]) {
		if fits(c, g) {
			if only != 0 {
				return 0, false
			}
			only = c
		}
	}
	return only, only != 0
}

// byGlyph ends the correction a glyph's repair notes (see unshape).
const byGlyph = "by its glyph"

// shapeRepair puts, in value v, the digit each glyph of gs shows where it
// contradicts the digit read (see shapeDigit), and says where in repairs.
func shapeRepair(v string, gs []*Glyph) (string, []string) {
	b := []byte(v)
	var repairs []string
	for i := range min(len(b), len(gs)) {
		if gs[i] == nil || b[i] < '0' || b[i] > '9' {
			continue
		}
		if d, ok := shapeDigit(b[i], *gs[i]); ok {
			repairs = append(repairs, fmt.Sprintf("%c→%c at %d %s", b[i], d, i+1, byGlyph))
			b[i] = d
		}
	}
	return string(b), repairs
}
