package ocr

import (
	"context"
	"image"
	"time"
)

// Internal steps exported for the black-box tests.
var (
	RemoveSpecks     = removeSpecks
	Flatten          = flatten
	OrientDecision   = orientDecision
	SidewaysDecision = sidewaysDecision
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

// SetPageHold makes each Tesseract call of e run hold first, on the
// call's goroutine and with its context.
func SetPageHold(e *Engine, hold func(ctx context.Context)) { e.hold = hold }

// SetPageTimeout changes e's time limit for the calls that follow.
func SetPageTimeout(e *Engine, d time.Duration) { e.cfg.PageTimeout = d }
