package ocr

import (
	"math"
	"unicode"

	"github.com/noticescan/noticescan/extractor"
)

const (
	// confidentWord is the word confidence (0..1) above which a word counts
	// as read. Garbage from an upside-down page scores mostly 0.3–0.7.
	confidentWord = 0.75
	// minCoverage is the share of the page's ink that confident words must
	// cover for a first recognition to be trusted; below it the page may be
	// upside down and orientation detection runs.
	minCoverage = 0.5
	// minInk is the share of ink pixels below which a page is treated as
	// blank: nothing to read, so nothing to reorient.
	minInk = 0.001
)

// word is one recognized word with its layout position, kept inside the
// package so that gosseract's type never leaves it.
type word struct {
	extractor.Word
	block, par, line int
}

// pass is the outcome of one recognition of the whole page.
type pass struct {
	words []word
	// quarters is the clockwise quarter turns that make the words' reading
	// direction left-to-right, top-to-bottom.
	quarters int
}

// confidentChars counts letters and digits in confident words. It compares
// passes better than a word count, because garbage tends to fall apart into
// many short words.
func confidentChars(ws []word) int {
	n := 0
	for _, w := range ws {
		if w.Conf < confidentWord {
			continue
		}
		for _, r := range w.Text {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				n++
			}
		}
	}
	return n
}

// coverage is the share of the page's ink inside confident words' boxes.
// It is high when recognition explains the page, and low for an upside-down
// page, a page read as garbage, or one that is mostly pictures.
func coverage(ws []word, m *inkMap) float64 {
	if m.total == 0 {
		return 1
	}
	in := 0
	for _, w := range ws {
		if w.Conf >= confidentWord {
			in += m.inkIn(w.Box)
		}
	}
	return math.Min(1, float64(in)/float64(m.total))
}

// readingQuarters infers how a page lies from the geometry of its words:
// within a line, the vector from one word to the next points along the
// reading direction; from one line to the next it points down the page.
// Tesseract's vertical-line finder reads a page turned a quarter clockwise
// without any orientation detection (measured: same words and confidences
// as upright), and with detection it reads the other turns; the words come
// in reading order either way, so the vote gives the clockwise quarter turns
// that bring the page upright without an extra pass.
func readingQuarters(ws []word) int {
	var votes [4]float64
	// cw turns (dx, dy) clockwise by q quarters, in image coordinates.
	cw := func(dx, dy float64, q int) (float64, float64) {
		for range q {
			dx, dy = -dy, dx
		}
		return dx, dy
	}
	vote := func(dx, dy, wantX, wantY, weight float64) {
		n := math.Hypot(dx, dy)
		if n == 0 {
			return
		}
		for q := range votes {
			x, y := cw(dx/n, dy/n, q)
			votes[q] += weight * (x*wantX + y*wantY)
		}
	}
	center := func(b extractor.Box) (float64, float64) { return (b.X0 + b.X1) / 2, (b.Y0 + b.Y1) / 2 }
	lineStart := -1 // index of the first word of the current line
	for i := range ws {
		if i == 0 || ws[i].block != ws[i-1].block || ws[i].par != ws[i-1].par || ws[i].line != ws[i-1].line {
			// Consecutive lines of a paragraph: the step between their
			// first words points down the page (the end of one line to the
			// start of the next would point mostly back along it).
			if lineStart >= 0 && ws[i].block == ws[lineStart].block && ws[i].par == ws[lineStart].par &&
				ws[i].line == ws[lineStart].line+1 && ws[i].Conf >= confidentWord && ws[lineStart].Conf >= confidentWord {
				ax, ay := center(ws[lineStart].Box)
				bx, by := center(ws[i].Box)
				vote(bx-ax, by-ay, 0, 1, 1)
			}
			lineStart = i
			continue
		}
		a, b := ws[i-1], ws[i]
		if a.Conf >= confidentWord && b.Conf >= confidentWord {
			ax, ay := center(a.Box)
			bx, by := center(b.Box)
			vote(bx-ax, by-ay, 1, 0, 1)
		}
	}
	best := 0
	for q, v := range votes {
		if v > votes[best] {
			best = q
		}
	}
	if votes[best] <= 0 {
		return 0
	}
	return best
}

const (
	// illegibleCoverage is the share of a page's ink its reading must
	// explain for the page to count as read. Measured on generated scans:
	// read pages explain 0.3 (cards, with a photo) to 1, pages whose text
	// came out as nothing under 0.1. Phone photos explain as little as
	// 0.07 of their ink when read well (the desk and shadows are ink too),
	// hence the confident words asked for as well.
	illegibleCoverage = 0.2
	// minUnexplainedInk is the share of the page, in ink no confident word
	// explains, that holds text: a short text page has ~0.7%, a signature
	// or a few pen marks ~0.2%.
	minUnexplainedInk = 0.004
	// A reading that found little has few confident words at a middling
	// mean confidence, or a low mean confidence whatever their number:
	// pages that lost their text gave 3 to 40 confident words at a mean of
	// 0.3 to 0.66. A short page photographed on a desk also has few words
	// against much unexplained ink, but reads them at 0.85 or more.
	fewConfidentWords = 30
	fewWordsMeanConf  = 0.8
	lowMeanConf       = 0.6
)

// Illegible reports a page with ink that its reading does not explain: it
// holds text (more than a few marks), its confident words cover little of
// it, and there are few of them or they are doubtful on the whole. A
// blank page, a duplex back side or a page with a few marks is not
// illegible.
func (r *Recognition) Illegible() bool {
	if r.Coverage >= illegibleCoverage || r.Ink*(1-r.Coverage) < minUnexplainedInk {
		return false
	}
	confident := 0
	for _, w := range r.Words {
		if w.Conf >= confidentWord {
			confident++
		}
	}
	return (confident < fewConfidentWords && r.MeanConf < fewWordsMeanConf) || r.MeanConf < lowMeanConf
}
