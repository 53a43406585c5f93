package extractor

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// word is an input word prepared for layout: trimmed, split where a label
// and its value were run together ("Number:EAC..." or "A#123..."), and
// placed on a line.
type word struct {
	text string
	box  Box
	conf float64
	// relook: read in a second look (Word.Relook).
	relook bool
	// glyphs are the word's characters' ink, when the recognizer gave them
	// (Word.Glyphs).
	glyphs []Glyph
	line   int // index into page.lines
	pos    int // index within its line
}

// line is a row of words that share a vertical band, left to right. Lines
// are rebuilt from geometry because reading order interleaves grid cells.
type line struct {
	words []*word
	box   Box
	// core is the union of its words but those taller than tallWord lines
	// that OCR was unsure of or that hold no letter or digit, when it has
	// any (see band).
	core    Box
	hasCore bool
}

// band is the vertical extent a word must share to join the line: that of
// its words but blots and rules. One unsure word spanning two rows (a fax's
// streak read with the digits it crossed, "ae" at 0.13), or a table's rule
// read as a tall "|", widens the line's box but not its band, so the next
// row does not join it and the rows' values do not run together. A
// heading's words are as tall, and sure.
func (ln *line) band() (float64, float64) {
	if ln.hasCore {
		return ln.core.Y0, ln.core.Y1
	}
	return ln.box.Y0, ln.box.Y1
}

// add puts w on the line; h is the page's median word height.
func (ln *line) add(w *word, h float64) {
	ln.words = append(ln.words, w)
	ln.box = union(ln.box, w.box)
	if w.box.Y1-w.box.Y0 <= tallWord*h || w.conf >= garbledConf && hasText(w.text) {
		if ln.hasCore {
			ln.core = union(ln.core, w.box)
		} else {
			ln.core, ln.hasCore = w.box, true
		}
	}
}

// tallWord is the height, in median word heights, past which a word
// spans more than one line of print.
const tallWord = 2

// layout is one page prepared for label and value search.
type layout struct {
	page  Page
	lines []*line
	h     float64 // median word height: the unit for all distances
}

func newLayout(p Page) *layout {
	var ws []*word
	for _, w := range p.Words {
		if !validBox(w.Box) {
			continue
		}
		for _, s := range splitWord(w) {
			if strings.TrimSpace(s.text) != "" {
				ws = append(ws, s)
			}
		}
	}
	if p.Source == SourceOCR {
		markLooks(ws)
		ws = dropOverlaid(ws)
	}
	// The line height is measured with the specks: it sizes the regions
	// re-read, which stay as they were.
	l := &layout{page: p, h: medianHeight(ws)}
	if p.Source == SourceOCR {
		ws = dropSpecks(ws, l.h)
	}
	l.buildLines(ws)
	return l
}

// dropSpecks removes the words of one or two characters that Tesseract
// read from a speck: a box under a quarter of a line's height both ways
// (h is the median word height). Between two words of a label a speck
// read as "t" broke the phrase, and "USCIS Online Account t Number:"
// announced nothing. A period stays a separator without its own word.
//
// A word of letters or digits under a quarter of a line high, four times
// as wide and read unsure is a rule or a streak Tesseract read as text
// ("AB" four pixels high under a receipt number, at 0.21): no letter is
// that flat. Joined to the line above it, it split the value there in
// two. Tesseract also gives real words flat boxes now and then, and reads
// them sure: the "NO." of a receipt caption, boxed 3 by 2 pixels at 0.75
// and 40 by 5 at 0.71 on two pages, stays.
func dropSpecks(ws []*word, h float64) []*word {
	return slices.DeleteFunc(ws, func(w *word) bool {
		wd, ht := w.box.X1-w.box.X0, w.box.Y1-w.box.Y0
		if ht >= h/4 {
			return false
		}
		return utf8.RuneCountInString(w.text) <= 2 && wd < h/4 || hasText(w.text) && wd >= 4*ht && w.conf < garbledConf
	})
}

// dropOverlaid removes the short words Tesseract lays over a number where
// noise made it find a second text line through the first ("2", ">", "3"
// inside the box of "559438689054"): in the number's line they break it
// into pieces no parse reads. The words of one text line never overlap,
// so a word mostly covered by a whole identifier three times its length,
// in the same band, is such a phantom. Over a number cut short the word
// is kept: Tesseract also splits one number in two with a box stretched
// over both ("EAC2190012" over "345").
//
// A word laid over another of the same text is the same word read twice
// (a ghost "0508", half as high, over the last group of an account
// number): the less sure of the two goes, or the two would read as one
// group more than the number has.
func dropOverlaid(ws []*word) []*word {
	var long []*word
	same := map[string][]int{}
	for i, w := range ws {
		if wholeNumber(w.text) {
			long = append(long, w)
		}
		same[w.text] = append(same[w.text], i)
	}
	out := make([]*word, 0, len(ws))
	for i, w := range ws {
		if !overlaid(w, long) && !ghostOf(ws, i, same[w.text]) {
			out = append(out, w)
		}
	}
	return out
}

// ghostOf reports whether ws[i] lies mostly over another word of its text
// (their indexes in ws are twins), read surer, or as sure and earlier.
// Only words of one text are compared: a fax page's hundreds of specks
// read alike stay cheap.
func ghostOf(ws []*word, i int, twins []int) bool {
	w := ws[i]
	for _, j := range twins {
		o := ws[j]
		if j == i || o.conf < w.conf || o.conf == w.conf && j > i {
			continue
		}
		ov := math.Min(o.box.Y1, w.box.Y1) - math.Max(o.box.Y0, w.box.Y0)
		if ov >= 0.5*math.Min(o.box.Y1-o.box.Y0, w.box.Y1-w.box.Y0) && overlapX(w.box, o.box) >= 0.6*(w.box.X1-w.box.X0) {
			return true
		}
	}
	return false
}

func overlaid(w *word, long []*word) bool {
	n := utf8.RuneCountInString(w.text)
	for _, o := range long {
		if o == w || utf8.RuneCountInString(o.text) < 3*n {
			continue
		}
		ov := math.Min(o.box.Y1, w.box.Y1) - math.Max(o.box.Y0, w.box.Y0)
		if ov < 0.5*math.Min(o.box.Y1-o.box.Y0, w.box.Y1-w.box.Y0) {
			continue
		}
		if overlapX(w.box, o.box) >= 0.6*(w.box.X1-w.box.X0) {
			return true
		}
	}
	return false
}

// wholeNumber reports a word that, separators aside, has an
// identifier's whole shape: 12 digits, 3 letters and 10 digits, or an A
// and 8 or 9 digits.
func wholeNumber(s string) bool {
	r := []rune(strings.Map(func(c rune) rune {
		if isSep(c) {
			return -1
		}
		return c
	}, s))
	switch len(r) {
	case 12:
		return allDigits(string(r))
	case 13:
		return unicode.IsLetter(r[0]) && unicode.IsLetter(r[1]) && unicode.IsLetter(r[2]) && allDigits(string(r[3:]))
	case 9, 10:
		return r[0] == 'A' && allDigits(string(r[1:]))
	}
	return false
}

func validBox(b Box) bool {
	for _, v := range []float64{b.X0, b.Y0, b.X1, b.Y1} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return b.X1 > b.X0 && b.Y1 > b.Y0
}

// splitWord separates a label run into its value: "Number:EAC2190012345"
// → "Number:", "EAC2190012345"; "A#123456789" → "A#", "123456789". The box
// is divided in proportion to the characters.
func splitWord(w Word) []*word {
	text := strings.TrimSpace(w.Text)
	conf := w.Conf
	if math.IsNaN(conf) || conf < 0 {
		conf = 0
	}
	if conf > 1 {
		conf = 1
	}
	cut := -1
	for i, r := range text {
		if (r == ':' || r == '#') && i+1 < len(text) && i > 0 {
			if r == ':' && text[i-1] >= '0' && text[i-1] <= '9' && text[i+1] >= '0' && text[i+1] <= '9' {
				// A dash read as a colon inside a number ("A256-054:726"),
				// or a time: no label ends there.
				continue
			}
			cut = i + 1
			break
		}
	}
	if cut < 0 || len(text)-cut <= 2 && !strings.ContainsAny(text[cut:], "0123456789") {
		// A letter or a mark after the '#' ("A#t") is a speck run into
		// the caption, no value: split off, it stood between the label
		// and its value far along the line as a word of its own.
		return []*word{{text: text, box: w.Box, conf: conf, relook: w.Relook, glyphs: w.Glyphs}}
	}
	a, b := text[:cut], text[cut:]
	n := float64(utf8.RuneCountInString(text))
	x := w.Box.X0 + (w.Box.X1-w.Box.X0)*float64(utf8.RuneCountInString(a))/n
	// The cut is an estimate: each part keeps the glyphs centred in it,
	// and valueGlyphs counts them against its characters.
	var ga, gb []Glyph
	for _, g := range w.Glyphs {
		if g.Box.X0+g.Box.X1 < 2*x {
			ga = append(ga, g)
		} else {
			gb = append(gb, g)
		}
	}
	return []*word{
		{text: a, box: Box{w.Box.X0, w.Box.Y0, x, w.Box.Y1}, conf: conf, relook: w.Relook, glyphs: ga},
		{text: b, box: Box{x, w.Box.Y0, w.Box.X1, w.Box.Y1}, conf: conf, relook: w.Relook, glyphs: gb},
	}
}

func medianHeight(ws []*word) float64 {
	if len(ws) == 0 {
		return 1
	}
	hs := make([]float64, len(ws))
	for i, w := range ws {
		hs[i] = w.box.Y1 - w.box.Y0
	}
	sort.Float64s(hs)
	if h := hs[len(hs)/2]; h > 0 {
		return h
	}
	return 1
}

// buildLines groups words whose vertical bands overlap by at least half the
// smaller height. Each word joins the line whose centre is nearest.
func (l *layout) buildLines(ws []*word) {
	ocr := l.page.Source == SourceOCR
	sort.SliceStable(ws, func(i, j int) bool {
		return cy(ws[i].box) < cy(ws[j].box)
	})
	for _, w := range ws {
		var best *line
		bestD := math.MaxFloat64
		// Only recent lines can overlap: words arrive sorted by centre.
		for i := len(l.lines) - 1; i >= 0 && i >= len(l.lines)-4; i-- {
			ln := l.lines[i]
			y0, y1 := ln.band()
			ov := math.Min(y1, w.box.Y1) - math.Max(y0, w.box.Y0)
			minH := math.Min(y1-y0, w.box.Y1-w.box.Y0)
			if ov < 0.5*minH || ocr && stacked(ln, w, l.h) {
				continue
			}
			if d := math.Abs((y0+y1)/2 - cy(w.box)); d < bestD {
				best, bestD = ln, d
			}
		}
		if best == nil {
			best = &line{box: w.box}
			l.lines = append(l.lines, best)
		}
		best.add(w, l.h)
	}
	sort.SliceStable(l.lines, func(i, j int) bool { return cy(l.lines[i].box) < cy(l.lines[j].box) })
	for i, ln := range l.lines {
		sort.SliceStable(ln.words, func(a, b int) bool { return ln.words[a].box.X0 < ln.words[b].box.X0 })
		for j, w := range ln.words {
			w.line, w.pos = i, j
		}
	}
}

// stacked reports whether w lies mostly over or under a word of line ln,
// its centre half a line height (h) or more above or below: words of one
// line of print never overlap, and on a noisy page specks between two
// lines chain them into one band ("Applicant" under the A-Number it
// captions, joined to the number's line, sorted before it). A box
// Tesseract stretched over the next word of its line is level with it,
// and a blot taller than tallWord lines is no word of one line.
func stacked(ln *line, w *word, h float64) bool {
	if w.box.Y1-w.box.Y0 > tallWord*h {
		// A blot spanning lines is placed as before.
		return false
	}
	for _, o := range ln.words {
		if o.box.Y1-o.box.Y0 <= tallWord*h && 2*overlapX(o.box, w.box) > math.Min(o.box.X1-o.box.X0, w.box.X1-w.box.X0) && math.Abs(cy(o.box)-cy(w.box)) >= h/2 {
			return true
		}
	}
	return false
}

func cy(b Box) float64 { return (b.Y0 + b.Y1) / 2 }

func union(a, b Box) Box {
	return Box{math.Min(a.X0, b.X0), math.Min(a.Y0, b.Y0), math.Max(a.X1, b.X1), math.Max(a.Y1, b.Y1)}
}

func unionWords(ws []*word) Box {
	b := ws[0].box
	for _, w := range ws[1:] {
		b = union(b, w.box)
	}
	return b
}

// overlapX is the horizontal overlap of two boxes.
func overlapX(a, b Box) float64 {
	return math.Min(a.X1, b.X1) - math.Max(a.X0, b.X0)
}
