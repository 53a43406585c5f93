package ocr

/*
#cgo LDFLAGS: -llept
#include <stdlib.h>
#include <string.h>
#include <leptonica/allheaders.h>

// ns_orient builds a 1-bpp image from bits (w x h, MSB first, one row of
// wpl 32-bit words each, 1 = ink) and measures Leptonica's ascender
// confidences: up for the image as it is, left for it turned a quarter.
static int ns_orient(const l_uint32 *bits, int w, int h, int wpl, float *up, float *left) {
	*up = 0;
	*left = 0;
	PIX *pix = pixCreateNoInit(w, h, 1);
	if (!pix) return -1;
	if (pixGetWpl(pix) != wpl) { pixDestroy(&pix); return -1; }
	memcpy(pixGetData(pix), bits, (size_t)wpl * h * 4);
	int rc = pixOrientDetect(pix, up, left, 0, 0);
	pixDestroy(&pix);
	return rc;
}

// ns_severity sets the least severity of the messages Leptonica prints
// and returns the one it had.
static int ns_severity(int s) {
	return setMsgSeverity(s);
}
*/
import "C"

import (
	"image"
	"math"
	"unsafe"
)

// lepSeverityNone is Leptonica's message severity that prints nothing.
const lepSeverityNone = int(C.L_SEVERITY_NONE)

// quietLeptonica stops Leptonica printing its errors and warnings to the
// process's stderr, and returns the severity they had. Tesseract's layout
// analysis makes it complain of boxes outside photographed pages ("Error in
// pixScanForForeground: invalid box") and goes on; among the CLI's output
// on phone photos the lines read as failures. Nothing here reads those
// messages: Leptonica's results are checked by return value.
func quietLeptonica() int { return leptonicaSeverity(lepSeverityNone) }

// leptonicaSeverity sets the least severity of the messages Leptonica
// prints, process-wide, and returns the one it had.
func leptonicaSeverity(s int) int { return int(C.ns_severity(C.int(s))) }

// flipDPI is the resolution the ascender test runs at: Leptonica's
// structuring elements are tuned for 150–300 ppi, and half of a 300-DPI
// page is a quarter of the work.
const flipDPI = 150

// textQuarters tells from ascenders and descenders (Leptonica's
// pixOrientDetect, a morphological test of whether letters such as b, d, h
// and k stick up or down) how many clockwise quarter turns bring the text
// upright, and whether the signal was strong enough to decide. It costs a
// few tens of milliseconds where a recognition of the page in the wrong
// orientation costs a second, and it catches pages upside down, which word
// geometry cannot.
func textQuarters(g *image.Gray, th uint8, dpi float64, sideways bool) (quarters int, ok bool) {
	step := max(1, int(dpi/flipDPI+0.5))
	w, h := g.Bounds().Dx()/step, g.Bounds().Dy()/step
	if w < 64 || h < 64 {
		return 0, false
	}
	wpl := (w + 31) / 32
	bits := packInk(g, th, step, w, h, wpl)
	var up, left C.float
	if C.ns_orient((*C.l_uint32)(unsafe.Pointer(&bits[0])), C.int(w), C.int(h), C.int(wpl), &up, &left) != 0 {
		return 0, false
	}
	if q, ok := orientDecision(float64(up), float64(left)); ok || !sideways {
		return q, ok
	}
	return sidewaysDecision(float64(left))
}

// minSidewaysConf is the left/right signal that settles which way a page
// known to lie on its side (from its ink profile) is turned. Ascenders
// signal weakly across a turned page's lines, too weakly for
// orientDecision's thresholds, but their sign still points the way.
const minSidewaysConf = 3.0

// sidewaysDecision turns a page on its side upright by the sign of the
// left/right confidence.
func sidewaysDecision(left float64) (quarters int, ok bool) {
	switch {
	case left >= minSidewaysConf:
		return 1, true
	case left <= -minSidewaysConf:
		return 3, true
	}
	return 0, false
}

// Leptonica's defaults for makeOrientDecision, which is not called because
// it prints to stderr whenever it cannot decide.
const (
	minOrientConf  = 8.0 // how far out on the tail of chance a signal must be
	minOrientRatio = 2.5 // how much stronger than the other axis
)

// orientDecision turns the up/down confidence (positive: upright) and the
// left/right one (positive: text up to the left, fixed by a clockwise
// quarter) into clockwise quarter turns. Both signals must be present.
func orientDecision(up, left float64) (quarters int, ok bool) {
	if up == 0 || left == 0 {
		return 0, false
	}
	au, al := math.Abs(up), math.Abs(left)
	if max(au, al) < minOrientConf {
		return 0, false
	}
	switch {
	case au >= al && au/al >= minOrientRatio:
		if up > 0 {
			return 0, true
		}
		return 2, true
	case al > au && al/au >= minOrientRatio:
		if left > 0 {
			return 1, true
		}
		return 3, true
	}
	return 0, false
}

// packInk makes Leptonica's 1-bit image of g at 1/step of its size, MSB
// first. A step×step block is ink if any of its pixels is at or below th:
// thin strokes survive the reduction. Pages up to 225 DPI take the
// one-pixel path.
func packInk(g *image.Gray, th uint8, step, w, h, wpl int) []uint32 {
	bits := make([]uint32, wpl*h)
	for y := range h {
		row := bits[y*wpl : (y+1)*wpl]
		if step == 1 {
			for x, v := range g.Pix[y*g.Stride : y*g.Stride+w] {
				if v <= th {
					row[x>>5] |= 1 << (31 - uint(x&31))
				}
			}
			continue
		}
		for x := range w {
			ink := false
			for dy := 0; dy < step && !ink; dy++ {
				px := g.Pix[(y*step+dy)*g.Stride+x*step:]
				for dx := range step {
					if px[dx] <= th {
						ink = true
						break
					}
				}
			}
			if ink {
				row[x/32] |= 1 << (31 - uint(x%32))
			}
		}
	}
	return bits
}
