package extractor

import (
	"math"
	"slices"
)

// A glyph is also compared with the page's own digits, the ones
// Tesseract read with confidence: the same typeface, at the same size,
// through the same scan. On fax noise Tesseract reads a 1 with a speck
// beside its stem as a 4, at up to 0.9, and the 1 has no hole to tell it
// by (a blurred 4's triangle fills too). The page's 1s tell it.

// Likeness bounds. A glyph looks like a 1 rather than a 4 when its
// likeness to the page's 1s is at least lookLike and exceeds its
// likeness to the page's 4s by lookMargin. On four harsh development
// sets the ten hole-less glyphs read as 4 that passed were all 1s (or
// Is), the three misread values among them exceeding by 0.3 to 1.1, and
// none of 274 4s with a hole passed.
const (
	lookLike   = 0.5
	lookMargin = 0.2
	// lookConf is the least word confidence of a sample of the page's
	// digits.
	lookConf = 0.85
	// lookHeight is how far, as a share of a glyph's height, a sample's
	// may differ: the body's digits and a value's set in another size
	// are other shapes.
	lookHeight = 0.2
	// lookNearest is how many of the nearest samples of a digit its
	// likeness averages.
	lookNearest = 3
	// narrowOne is the widest a glyph taken for a 1 may be, as a share of
	// the median glyph of its word of at least narrowAmong: a scanned 1
	// is narrower than the digits beside it. Of the confident digits of
	// the harsh development sets, 70% of the 1s and 3% of the 4s were as
	// narrow.
	narrowOne   = 0.9
	narrowAmong = 4
)

// shapeSample is one glyph of the page's confident digits.
type shapeSample struct {
	g *Glyph
	h float64
	v []float64
}

// shapeVector is a glyph's Shape centred on its mean and scaled to unit
// length, so that a likeness is a correlation; nil when the glyph has
// none or is one flat shade.
func shapeVector(g *Glyph) []float64 {
	if len(g.Shape) != ShapeCols*ShapeRows {
		return nil
	}
	m := 0.0
	for _, c := range g.Shape {
		m += float64(c)
	}
	m /= float64(len(g.Shape))
	v := make([]float64, len(g.Shape))
	n := 0.0
	for i, c := range g.Shape {
		v[i] = float64(c) - m
		n += v[i] * v[i]
	}
	if n == 0 {
		return nil
	}
	n = math.Sqrt(n)
	for i := range v {
		v[i] /= n
	}
	return v
}

// markLooks sets, on the glyphs of words ws, the digit the page's own
// confident digits say a glyph read as 4 is, where they say 1 (see
// Glyph.looks), in words whose glyphs pair off with their characters.
// The words' glyphs are copied first: the page is the caller's.
func markLooks(ws []*word) {
	pool := map[byte][]shapeSample{}
	for _, w := range ws {
		if len(w.glyphs) == 0 {
			continue
		}
		w.glyphs = slices.Clone(w.glyphs)
		if w.conf < lookConf {
			continue
		}
		cs := pairedChars(w)
		if cs == nil {
			continue
		}
		for i, c := range cs {
			if c != '1' && c != '4' {
				continue
			}
			g := &w.glyphs[i]
			if v := shapeVector(g); v != nil {
				pool[c] = append(pool[c], shapeSample{g: g, h: g.Box.Y1 - g.Box.Y0, v: v})
			}
		}
	}
	if len(pool['1']) == 0 || len(pool['4']) == 0 {
		return
	}
	for _, w := range ws {
		cs := pairedChars(w)
		if !slices.Contains(cs, '4') || len(w.glyphs) < narrowAmong {
			continue
		}
		median := glyphWidth([]*word{w})
		for i := range w.glyphs {
			g := &w.glyphs[i]
			if cs[i] != '4' || len(g.Holes) > 0 || g.Slashed || g.Box.X1-g.Box.X0 > narrowOne*median {
				continue
			}
			v := shapeVector(g)
			if v == nil {
				continue
			}
			one, ok1 := likeness(g, v, pool['1'])
			four, ok4 := likeness(g, v, pool['4'])
			if ok1 && ok4 && one >= lookLike && one-four >= lookMargin {
				g.looks = '1'
			}
		}
	}
}

// pairedChars is the characters of word w, one for each of its glyphs
// (non-ASCII ones as 0x7f), or nil when they do not pair off one for one:
// a glyph is known to be read as a character only then. Glyphs noise ran
// together are cut by width later (see pairGlyphs), and a cut can shift
// the pairing by one: a 1 beside a 4 would pass for the 4.
func pairedChars(w *word) []byte {
	rs := glyphChars(w.text)
	if len(rs) != len(w.glyphs) {
		return nil
	}
	cs := make([]byte, len(rs))
	for i, r := range rs {
		cs[i] = byte(min(r, 0x7f))
	}
	return cs
}

// likeness is the mean correlation of glyph g (shape vector v) with its
// lookNearest nearest samples of about its height, g itself left out;
// false when there is none.
func likeness(g *Glyph, v []float64, samples []shapeSample) (float64, bool) {
	h := g.Box.Y1 - g.Box.Y0
	var cs []float64
	for _, s := range samples {
		if s.g == g || math.Abs(s.h-h) > lookHeight*h {
			continue
		}
		c := 0.0
		for i := range v {
			c += v[i] * s.v[i]
		}
		cs = append(cs, c)
	}
	if len(cs) == 0 {
		return 0, false
	}
	slices.Sort(cs)
	slices.Reverse(cs)
	cs = cs[:min(len(cs), lookNearest)]
	sum := 0.0
	for _, c := range cs {
		sum += c
	}
	return sum / float64(len(cs)), true
}
