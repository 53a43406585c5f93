package extractor

import (
	"slices"
	"strings"
	"unicode"
)

// Caption is the place of a caption OCR garbled past matching, just above
// or left of a number printed as an A-Number that no label announced: on
// a poor scan the small caption ("A#", "USCIS A#") is read as "Aw" or
// "“Tuscis At" while the larger digits below survive. It is also an
// "Account Number" label whose first words were garbled (see
// garbledAccount), which may be the Online Account Number's. Re-read the region
// on its own, upscaled, and hand the readings to Recaption: when they
// agree on a label of Kind, the page's words in Region are replaced by it
// and the number is labeled like any other.
type Caption struct {
	Kind Kind `json:"kind"`
	Page int  `json:"page"`
	// Region is where the caption's words are, in page units.
	Region Box `json:"region"`
	// Charset is the whitelist to re-read it with.
	Charset string `json:"charset"`
}

// captionCharset is what a caption is printed with: letters, '#', and the
// marks label parsing skips.
const captionCharset = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#:()"

// Captions lists, for each stray A-Number-shaped number of an OCR page, the
// words that stand where its caption would: a form's label ending in a
// colon on its line, however far left; else the nearest line above within
// two line heights, over the number's start; else the words just left of
// it on its line. A stray with nothing there has no caption to re-read.
// Then come the "Account Number" labels after garbled words.
func (r *Result) Captions() []Caption {
	var out []Caption
	for _, s := range r.Strays() {
		if s.Kind != KindANumber || s.caption == (Box{}) {
			continue
		}
		c := Caption{Kind: s.Kind, Page: s.Page, Region: s.caption, Charset: captionCharset}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return append(out, r.accounts...)
}

// garbledConf is the confidence under which a word before a label is taken
// for label words OCR garbled.
const garbledConf = 0.5

// garbledAccount records an "Account Number" look-alike label that follows
// words read at low confidence close before it on its line: on a poor
// capture "USCIS Online" comes out as "ee" or "face" while "ACCOUNT
// NUMBER" survives, and the look-alike then claims the account number
// without a word. The words and the label are re-read as a caption (see
// Captions); unless that reads an Online Account Number label, a warning
// names the page.
func (run *pageRun) garbledAccount(r *Result, m *labelMatch) {
	if m.lk.negative != "account" || run.l.page.Source != SourceOCR {
		return
	}
	ln, h := m.line, run.l.h
	if m.first == 0 || !strings.HasPrefix(strings.ToLower(strings.TrimLeft(ln.words[m.first].text, wordMarks)), "acc") {
		return
	}
	// Words beside the label, level with it: a tall misread blot can merge
	// the lines around into the label's, and the value below then sorts
	// between the label and what was read left of it.
	var ws []*word
	lb := ln.words[m.first].box
	next := lb.X0
	for i := m.first - 1; i >= 0 && len(ws) < 2; i-- {
		w := ln.words[i]
		if c := cy(w.box); c < lb.Y0 || c > lb.Y1 {
			continue
		}
		if next-w.box.X1 > h || !hasText(w.text) || w.conf >= garbledConf || run.labelOf[w] != nil || run.used[w] || run.claimed[w] {
			break
		}
		ws = append(ws, w)
		next = w.box.X0
	}
	if len(ws) == 0 {
		return
	}
	r.accounts = append(r.accounts, Caption{
		Kind:    KindOnlineAccountNumber,
		Page:    run.l.page.Number,
		Region:  captionRegion(unionWords(append(ws, ln.words[m.first:m.last+1]...)), h),
		Charset: captionCharset,
	})
}

// captionOf finds the caption region of a stray number whose words span
// box on line li (see Captions); the zero Box when there is none.
func (run *pageRun) captionOf(li int, box Box) Box {
	h := run.l.h
	// A form's label column ends its label with a colon, however far left
	// of the value it stands ("(&=Nurhber:" for "A-Number:"); the line
	// above then holds the row before, not a caption.
	ws := run.wordsBefore(li, box, true)
	if len(ws) == 0 {
		// A caption read past matching, touching the number on its left
		// ("jsNumber" "4197986524." for "A-Number: A197986524"), is the
		// number's own, whatever stands above.
		if left := run.wordsBefore(li, box, false); len(left) > 0 && box.X0-left[0].box.X1 < h && left[0].conf < garbledConf && letters(left[0].text) >= 3 {
			ws = left[:1]
		}
	}
	for i := li - 1; i >= 0 && len(ws) == 0; i-- {
		ln := run.l.lines[i]
		if box.Y0-ln.box.Y1 > 2*h {
			break
		}
		for _, c := range ln.words {
			// A caption starts near the number's left edge and does not
			// run past its right one.
			if c.box.X1 >= box.X0-2*h && c.box.X0 <= box.X1 && hasText(c.text) {
				ws = append(ws, c)
			}
		}
		if len(ws) == 0 && slices.ContainsFunc(ln.words, func(c *word) bool { return overlapX(c.box, box) > 0 }) {
			return Box{}
		}
	}
	if len(ws) == 0 {
		ws = run.wordsBefore(li, box, false)
	}
	if len(ws) == 0 {
		return Box{}
	}
	for _, w := range ws {
		if m := run.labelOf[w]; run.used[w] || run.claimed[w] || m != nil && !m.weak {
			// A label or a look-alike's value sits there: what the
			// page read is a caption already, not a garbled one. A weak
			// label ("At") that did not take the number is re-read.
			return Box{}
		}
	}
	return captionRegion(unionWords(ws), h)
}

// letters counts the letters in s.
func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// wordsBefore returns up to three words just left of box on line li, each
// within three line heights of the next; with colon, the first of them
// may stand any distance away but must end with a colon.
func (run *pageRun) wordsBefore(li int, box Box, colon bool) []*word {
	h := run.l.h
	ln := run.l.lines[li]
	var ws []*word
	next := box.X0
	for i := len(ln.words) - 1; i >= 0; i-- {
		c := ln.words[i]
		if c.box.X1 > box.X0 || !hasText(c.text) && len(ws) == 0 {
			continue
		}
		if len(ws) == 0 && colon {
			if !strings.HasSuffix(c.text, ":") {
				return nil
			}
		} else if next-c.box.X1 > 3*h || len(ws) == 3 {
			break
		}
		ws = append(ws, c)
		next = c.box.X0
	}
	return ws
}

// captionRegion is the region a caption's words in b are re-read in, for
// lines h high: room for the letters OCR left out at either end.
func captionRegion(b Box, h float64) Box {
	return Box{X0: b.X0 - h/2, Y0: b.Y0 - h/4, X1: b.X1 + h/2, Y1: b.Y1 + h/4}
}

// minCaptionReads is how many re-readings of a caption must read the same
// kind of label, with none reading another kind or a look-alike: one
// variant alone makes labels of noise now and then.
const minCaptionReads = 2

// Recaption replaces the words of page p inside c.Region with the caption
// the readings agree on, when at least minCaptionReads of them read a
// label of c.Kind and none reads any other label. The replacement is the
// surest of those readings, its words spread over the region. It returns p
// unchanged and false otherwise. Run Extract on the result as on any page:
// the usual rules then decide whether the caption labels the number.
func Recaption(p Page, c Caption, rds []Reading) (Page, bool) {
	if p.Number != c.Page || p.Source != SourceOCR {
		return p, false
	}
	agree, other := 0, 0
	var best *Reading
	var bestMatches []labelMatch
	for i, rd := range rds {
		ms := readingMatches(rd.Text, c.Region)
		kinds := labelKinds(ms)
		switch {
		case len(kinds) == 0:
		case c.Kind == KindOnlineAccountNumber && len(kinds) == 1 && kinds[0] == neg("account"):
			// What the page read already: the caption's first words
			// lost again at that crop, not another label.
		case len(kinds) == 1 && kinds[0].kind == c.Kind:
			agree++
			if best == nil || rd.Conf > best.Conf {
				best, bestMatches = &rds[i], ms
			}
		default:
			other++
		}
	}
	if agree < minCaptionReads || other > 0 {
		return p, false
	}
	var had []string
	for _, w := range p.Words {
		if w.Box.X0 < c.Region.X1 && w.Box.X1 > c.Region.X0 && w.Box.Y0 < c.Region.Y1 && w.Box.Y1 > c.Region.Y0 {
			had = append(had, w.Text)
		}
	}
	page := readingMatches(strings.Join(had, " "), c.Region)
	if kinds := labelKinds(page); len(kinds) == 1 && kinds[0].kind == c.Kind &&
		(strongLabel(page, c.Kind) || !strongLabel(bestMatches, c.Kind)) {
		// The page read the caption as a label of its kind already
		// ("A:" of "A:215-865"): a re-read only garbles it anew. Unless
		// the page's is a weak label, which takes no value past its
		// line, and the re-read a full one: "uscisAy" beside "NOTICE
		// DATE" over an A-Number, re-read "USCIS A#" seven times of
		// eight, lost the number without it.
		return p, false
	}
	var keep []Word
	for _, w := range p.Words {
		if !centred(w.Box, c.Region) {
			keep = append(keep, w)
		}
	}
	keep = append(keep, spread(best.Text, c.Region, best.Conf)...)
	p.Words = keep
	return p, true
}

// labelKinds lists the kinds of label, and of look-alike, among the
// matches of one caption's reading (see readingMatches).
func labelKinds(ms []labelMatch) []labelKind {
	var out []labelKind
	for _, m := range ms {
		if !slices.Contains(out, m.lk) {
			out = append(out, m.lk)
		}
	}
	return out
}

// strongLabel reports whether ms holds a label of kind k that is not weak
// (see labelPattern.weak).
func strongLabel(ms []labelMatch, k Kind) bool {
	return slices.ContainsFunc(ms, func(m labelMatch) bool { return m.lk == pos(k) && !m.weak })
}

// readingMatches are the labels and look-alikes found in text laid across
// region.
func readingMatches(text string, region Box) []labelMatch {
	ws := spread(text, region, 1)
	if len(ws) == 0 {
		return nil
	}
	var out []labelMatch
	for _, ln := range newLayout(Page{Source: SourceOCR, Words: ws}).lines {
		out = append(out, findLabels(ln)...)
	}
	return out
}

// spread lays the words of a one-line reading across region, each as wide
// as its share of the characters.
func spread(text string, region Box, conf float64) []Word {
	fields := strings.Fields(text)
	n := 0
	for _, f := range fields {
		n += len([]rune(f)) + 1
	}
	if n == 0 {
		return nil
	}
	unit := (region.X1 - region.X0) / float64(n)
	x := region.X0
	out := make([]Word, 0, len(fields))
	for _, f := range fields {
		w := float64(len([]rune(f))) * unit
		out = append(out, Word{Text: f, Box: Box{X0: x, Y0: region.Y0, X1: x + w, Y1: region.Y1}, Conf: conf})
		x += w + unit
	}
	return out
}

// centred reports whether b's centre lies in r.
func centred(b, r Box) bool {
	x, y := (b.X0+b.X1)/2, cy(b)
	return x >= r.X0 && x <= r.X1 && y >= r.Y0 && y <= r.Y1
}
