package ocr

import (
	"context"
	"image"

	"github.com/otiai10/gosseract/v2"

	"github.com/noticescan/noticescan/extractor"
)

// Internal steps exported for the black-box tests.
var (
	RemoveSpecks     = removeSpecks
	Flatten          = flatten
	OrientDecision   = orientDecision
	SidewaysDecision = sidewaysDecision
	ClearRules       = clearRules
	LineBand         = lineBand
	Smooth           = smooth
)

// InkAgreement compares the ink map of g turned by quarters and rotated by
// deg, measured on the turned page, with the one redrawn from g's own map:
// the share of ink cells they agree on (intersection over union) and
// their totals.
func InkAgreement(g *image.Gray, dpi float64, quarters int, deg float64) (iou float64, measured, redrawn int) {
	f := inkFactor(dpi)
	a := newInkMap(rotate(rotate90(g, quarters), deg), f)
	b := newInkMap(g, f).turned(quarters).rotated(deg)
	if a.w != b.w || a.h != b.h {
		return 0, a.total, b.total
	}
	var both, either int
	for i := range a.ink {
		if a.ink[i] == 1 && b.ink[i] == 1 {
			both++
		}
		if a.ink[i] == 1 || b.ink[i] == 1 {
			either++
		}
	}
	return float64(both) / float64(max(1, either)), a.total, b.total
}

// FindSheet returns the outline of the photographed sheet in g, if any.
func FindSheet(g *image.Gray) (Quad, bool) {
	s, ok := findSheet(g)
	if !ok {
		return Quad{}, false
	}
	return s.quad, true
}

// PageToQuad returns the map from a w×h page to the picture that puts the
// page's corners on q.
func PageToQuad(w, h float64, q Quad) (func(u, v float64) Point, bool) {
	hm, ok := pageToQuad(w, h, q)
	return func(u, v float64) Point { x, y := hm.apply(u, v); return Point{x, y} }, ok
}

// ReadTurned reads the 300-DPI page g as if the ascender test had said it
// must be turned quarters clockwise, and returns the clockwise rotation of
// the reading kept and its words.
func ReadTurned(e *Engine, g *image.Gray, quarters int) (rotation int, words []extractor.Word, err error) {
	c, err := e.acquire()
	if err != nil {
		return 0, nil, err
	}
	ctx := context.Background()
	l := layout{g: g, ink: newInkMap(g, inkFactor(targetDPI))}.turnedBy(quarters)
	var p pass
	err = e.run(ctx, c, func(c *gosseract.Client) error {
		var err error
		l, p, _, err = readGuarded(ctx, c, l, targetDPI, true)
		return err
	})
	for _, w := range p.words {
		words = append(words, w.Word)
	}
	return 90 * ((l.quarters + p.quarters) % 4), words, err
}

// UnevenPaper tells whether a re-read crop's paper would be flattened.
func UnevenPaper(g *image.Gray) bool { return unevenPaper(paperLevels(g, targetDPI)) }

// UprightReading brings words read on g along its vertical lines upright:
// quarters is the clockwise turns that make their reading direction
// left-to-right. It returns the page image, its ink map's total and the
// words as the second look sees them.
func UprightReading(g *image.Gray, quarters int, words []extractor.Word) (*image.Gray, []extractor.Word, []image.Rectangle) {
	p := pass{quarters: quarters}
	for _, w := range words {
		p.words = append(p.words, word{Word: w})
	}
	l := layout{g: g, ink: newInkMap(g, inkFactor(targetDPI))}
	l, p = upright(l, p)
	out := make([]extractor.Word, len(p.words))
	for i, w := range p.words {
		out[i] = w.Word
	}
	return l.g, out, lostLines(p.words, l.ink, targetDPI)
}

// LostLinesOfInk runs lostLines, with no words read, over an ink map of
// w×h cells (1 where there is ink), factor page pixels a cell.
func LostLinesOfInk(ink []uint8, w, h, factor int, dpi float64) []image.Rectangle {
	m := &inkMap{w: w, h: h, factor: factor, ink: ink}
	for _, v := range ink {
		m.total += int(v)
	}
	return lostLines(nil, m, dpi)
}

// InkShare is the share of g's ink map that is ink, measured as Recognize
// measures a page at dpi.
func InkShare(g *image.Gray, dpi float64) float64 {
	m := newInkMap(g, inkFactor(dpi))
	return float64(m.total) / float64(m.w*m.h)
}

// UnslashZeros erases the slash of the slashed zeros on g, returning how
// many it found.
func UnslashZeros(g *image.Gray, dpi float64) int { return unslashZeros(g, dpi) }

// DropGarbled is dropCovered of garbled words on the recognizer's words.
func DropGarbled(ws, again []extractor.Word) []extractor.Word {
	return unwrapWords(dropCovered(wrapWords(ws), wrapWords(again), garbledWord))
}

// GarbledAgain is garbledAgain of the second look's words over the page's
// garbled words.
func GarbledAgain(again, ws []extractor.Word) []extractor.Word {
	return unwrapWords(garbledAgain(wrapWords(again), wrapWords(ws), garbledWord))
}

func wrapWords(xs []extractor.Word) []word {
	out := make([]word, len(xs))
	for i, x := range xs {
		out[i] = word{Word: x}
	}
	return out
}

func unwrapWords(ws []word) []extractor.Word {
	var out []extractor.Word
	for _, w := range ws {
		out = append(out, w.Word)
	}
	return out
}
