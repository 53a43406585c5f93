package extractor

import (
	"fmt"
	"iter"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// Unread is an identifier label whose value could not be read: the label
// stands on a recognized page, something sat where its value belongs (or
// nothing did), and neither the first reading nor the re-reads made a
// valid value of it. It carries the label, never the unreadable text.
type Unread struct {
	Kind     Kind   `json:"kind"`
	Page     int    `json:"page"`
	Label    string `json:"label"`
	LabelBox Box    `json:"label_box"`
}

// Warning is the note a reviewer reads: the page and the kind of label,
// not the label's own spelling, which OCR may have mangled.
func (u Unread) Warning() string {
	return fmt.Sprintf("page %d: %s label found but its value could not be read", u.Page, u.Kind.Name())
}

// Unread lists the labels whose value stayed unreadable, one per label, in
// page order. Call it after ResolveSlots: before the re-reads every
// missing value still counts.
//
// Not listed: labels on text-layer pages (their text is exact, so a value
// that does not validate is not an identifier); an Online Account Number
// or A-Number label when the document's one value of that kind was found
// elsewhere; and a receipt label whose garbled value ends in the same six
// digits as a receipt number found elsewhere, or reads as that number
// with one digit more or less, as notices repeat their receipt number on
// every page and one copy often survives; nor a label with a value of its
// kind found without a label a few lines below it (see foundBelow).
func (r *Result) Unread() []Unread {
	have := map[Kind]bool{}
	for _, f := range r.Findings {
		have[f.Kind] = true
	}
	type at struct {
		page int
		box  Box
	}
	seen := map[at]bool{}
	var out []Unread
	for _, s := range r.Slots {
		if s.Current != "" || s.bare || s.source != SourceOCR || seen[at{s.Page, s.LabelBox}] {
			continue
		}
		if s.withdrawn {
			// A value stood here: only its being a copy of a found
			// one closes it (a column's first row withdrawn while the
			// rows below were read).
			if r.echoOfFound(s) || r.twinOfFound(s) {
				continue
			}
		} else if s.Kind != KindReceiptNumber && have[s.Kind] && !s.row || r.echoOfFound(s) || r.foundBelow(s) {
			continue
		}
		seen[at{s.Page, s.LabelBox}] = true
		out = append(out, Unread{Kind: s.Kind, Page: s.Page, Label: s.Label, LabelBox: s.LabelBox})
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Page != out[b].Page {
			return out[a].Page < out[b].Page
		}
		return out[a].LabelBox.Y0 < out[b].LabelBox.Y0
	})
	return out
}

// belowLines is how far below its label, in label heights, a value found
// without a label is taken for the label's own: a cover sheet sets the
// receipt number a few lines under its caption, beyond the cell the slot
// searched.
const belowLines = 12

// foundBelow reports whether a value of the slot's kind was found without
// a label on the slot's page, below the label and not far from it: that
// is the label's value, read where the slot did not look.
func (r *Result) foundBelow(s Slot) bool {
	h := s.LabelBox.Y1 - s.LabelBox.Y0
	if h <= 0 {
		return false
	}
	for _, f := range r.Findings {
		if f.Kind != s.Kind {
			continue
		}
		for _, o := range append([]Occurrence{{Page: f.Page, BBox: f.BBox, Label: f.Label}}, f.Occurrences...) {
			if o.Page == s.Page && o.Label == "" && o.BBox.Y0 >= s.LabelBox.Y1 && o.BBox.Y0-s.LabelBox.Y1 <= belowLines*h {
				return true
			}
		}
	}
	return false
}

// echoSuffix is how many trailing digits a garbled value must share with a
// found value to be taken for another copy of it. Numbers filed together
// for one family differ in their last two characters, so they never share
// a suffix this long.
const echoSuffix = 6

// echoOfFound reports whether the garbled text at slot s ends like a found
// value of the same kind, or is that value with one digit doubled or
// dropped (a speck read as a digit, two digits run together).
func (r *Result) echoOfFound(s Slot) bool {
	for _, seen := range s.seen {
		d := digitsOnly(seen)
		if len(d) < echoSuffix {
			continue
		}
		for _, f := range r.Findings {
			if f.Kind != s.Kind {
				continue
			}
			fd := digitsOnly(f.Value)
			if commonSuffix(d, fd) >= echoSuffix || oneDigitApart(d, fd) {
				return true
			}
		}
	}
	return false
}

// twinOfFound reports whether something the first pass read at slot s is a
// found value of its kind with one character misread (see misreadTwins).
func (r *Result) twinOfFound(s Slot) bool {
	for _, seen := range s.seen {
		for _, f := range r.Findings {
			if f.Kind == s.Kind && misreadTwins(seen, f.Value) {
				return true
			}
		}
	}
	return false
}

// oneDigitApart reports whether one of a and b is the other with one digit
// more, anywhere but in the last two places, where numbers filed together
// for one family differ.
func oneDigitApart(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	return oneMore(a, b) && commonSuffix(a, b) >= 2
}

// oneMore reports whether a is b with one digit put in somewhere.
func oneMore(a, b string) bool {
	return len(a) == len(b)+1 && commonPrefix(a, b)+commonSuffix(a, b) >= len(b)
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func digitsOnly(s string) string {
	b := make([]rune, 0, len(s))
	for _, r := range s {
		if unicode.IsDigit(r) && r < unicode.MaxASCII {
			b = append(b, r)
		}
	}
	return string(b)
}

func commonSuffix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}

// Stray is a number printed as A-Numbers are, three groups of three digits
// ("123-456-789") or nine in a run (eight under a caption that begins
// with an A, see bareANumber), that no label announced and no
// finding used: on a notice that is an A-Number whose label ("A#",
// "USCIS#", "A-Number:") OCR misread beyond matching. It is also a receipt
// number garbled past reading (see garbledReceipt), whose label, if any,
// had its value elsewhere, as in a table of several cases, or twelve
// digits after an "Online" whose label lost its other words (see
// afterOnline). Social Security numbers (3-2-4), employer numbers (2-7)
// and ZIP+4 codes (5-4) are grouped otherwise. It carries the page and place, never the digits.
type Stray struct {
	Kind Kind `json:"kind"`
	Page int  `json:"page"`
	Box  Box  `json:"box"`
	// digits stay in memory only, to tell a stray copy of a value found
	// elsewhere from a lost one.
	digits string
	// caption is where a garbled caption of an A-Number stands (see
	// Captions); zero when nothing does.
	caption Box
	// head marks a receipt number broken in pieces: digits are its
	// office's code and its first digits (see brokenReceipt).
	head bool
}

// Warning is the note a reviewer reads.
func (s Stray) Warning() string {
	if s.Kind == KindReceiptNumber {
		return fmt.Sprintf("page %d: a garbled number printed like a receipt number was not read; check it", s.Page)
	}
	article := "an"
	if s.Kind == KindOnlineAccountNumber {
		article = "a"
	}
	return fmt.Sprintf("page %d: a number printed like %s %s stands without a readable label; check it", s.Page, article, s.Kind.Name())
}

// Strays lists the A-Number-shaped numbers without a label whose digits
// are not those of an A-Number found in the document (nor those with a
// speck read as one more digit) and that no finding stands over, and the garbled
// receipt numbers that do not end like one found (or, broken in pieces,
// begin like one), in page order.
func (r *Result) Strays() []Stray {
	var out []Stray
	for _, s := range r.strays {
		found := false
		for _, f := range r.Findings {
			if f.Kind != s.Kind {
				continue
			}
			if s.head && strings.HasPrefix(f.Value, s.digits) ||
				!s.head && strings.HasSuffix(f.Value, s.digits) ||
				s.Kind == KindReceiptNumber && commonSuffix(digitsOnly(f.Value), s.digits) >= echoSuffix ||
				s.Kind == KindANumber && oneMore(s.digits, digitsOnly(f.Value)) ||
				f.Label != "" && misreadCopy(digitsOnly(f.Value), s.digits) ||
				f.Page == s.Page && f.Source == SourceOCR && centred(s.Box, f.BBox) {
				// The last: a re-read of a label's value found it
				// where the stray stands.
				found = true
				break
			}
		}
		if !found {
			out = append(out, s)
		}
	}
	return out
}

// strays records the unlabeled numbers of an OCR page worth a word (see
// Stray), A-Number-shaped ones read across up to three words since OCR
// splits a value at its dashes ("A-200-" "388-804"). Run it last: words a
// finding, a label or a look-alike's value took are not strays.
func (run *pageRun) strays(r *Result) {
	if run.l.page.Source != SourceOCR {
		return
	}
	first := len(r.strays)
	defer func() { run.strayReads(r, r.strays[first:]) }()
	for li, ln := range run.l.lines {
		for i := 0; i < len(ln.words); i++ {
			if run.free(ln.words[i]) {
				if d, ok := run.bareANumber(ln.words[i]); ok {
					box := ln.words[i].box
					r.strays = append(r.strays, Stray{Kind: KindANumber, Page: run.l.page.Number, Box: box, digits: d, caption: run.captionOf(li, box)})
					continue
				}
				if d, ok := tenAfterA(ln.words[i].text); ok && run.underACaption(ln.words[i]) && !run.nearLookalike(ln.words[i]) {
					box := ln.words[i].box
					r.strays = append(r.strays, Stray{Kind: KindANumber, Page: run.l.page.Number, Box: box, digits: d, caption: run.captionOf(li, box)})
					continue
				}
				if d, ok := fourForA(ln.words[i].text); ok && !run.nearLookalike(ln.words[i]) {
					// Ten digits are many things; under a caption that
					// may be an A# read past matching, they are worth its
					// re-read, and a word to whoever checks the page.
					box := ln.words[i].box
					if c := run.captionOf(li, box); c != (Box{}) {
						r.strays = append(r.strays, Stray{Kind: KindANumber, Page: run.l.page.Number, Box: box, digits: d, caption: c})
						continue
					}
				}
				if d, ok := garbledANumber(ln.words[i].text); ok {
					// Its garbled digits are not read as a value on their
					// own; its caption is re-read, and a label read there
					// takes it as any label's value is taken.
					box := ln.words[i].box
					r.strays = append(r.strays, Stray{Kind: KindANumber, Page: run.l.page.Number, Box: box, digits: d, caption: run.captionOf(li, box)})
					continue
				}
				if d, ok := cutANumber(ln.words[i].text); ok && !run.nearLookalike(ln.words[i]) {
					box := ln.words[i].box
					r.strays = append(r.strays, Stray{Kind: KindANumber, Page: run.l.page.Number, Box: box, digits: d, caption: run.captionOf(li, box)})
					continue
				}
				if d, ok := dashedPiece(ln.words[i].text); ok && (run.underACaption(ln.words[i]) || len(d) == 6 && i > 0 && run.loneA(ln.words[i-1])) && !run.nearLookalike(ln.words[i]) {
					// A piece of a grouped A-Number whose other digits OCR
					// put on another line or lost, under its caption or
					// after its A ("A:" "215-865" for A-215-865-482).
					box := ln.words[i].box
					r.strays = append(r.strays, Stray{Kind: KindANumber, Page: run.l.page.Number, Box: box, digits: d, caption: run.captionOf(li, box)})
					continue
				}
				if d, ok := garbledReceipt(ln.words[i].text); ok {
					r.strays = append(r.strays, Stray{Kind: KindReceiptNumber, Page: run.l.page.Number, Box: ln.words[i].box, digits: d})
					continue
				}
				if d, ok := afterOnline(ln.words[:i], ln.words[i].text); ok {
					r.strays = append(r.strays, Stray{Kind: KindOnlineAccountNumber, Page: run.l.page.Number, Box: ln.words[i].box, digits: d})
					continue
				}
				if d, ok := markedANumber(ln.words[i].text); ok && run.aloneOnLine(ln.words[i], ln) && run.underShortCaption(ln.words[i]) && !run.nearLookalike(ln.words[i]) {
					box := ln.words[i].box
					r.strays = append(r.strays, Stray{Kind: KindANumber, Page: run.l.page.Number, Box: box, digits: d, caption: run.captionOf(li, box)})
					continue
				}
			}
			if head, n, ok := run.brokenReceipt(ln.words, i); ok {
				r.strays = append(r.strays, Stray{Kind: KindReceiptNumber, Page: run.l.page.Number, Box: unionWords(ln.words[i : i+n]), digits: head, head: true})
				i += n - 1
				continue
			}
			text := ""
			loneA := run.loneA(ln.words[i])
			for j := i; j < min(i+3, len(ln.words)) && (run.free(ln.words[j]) || j == i && loneA); j++ {
				if j > i {
					text += " "
				}
				text += ln.words[j].text
				d, ok := groupedThrees(text)
				if !ok && loneA {
					d, ok = splitAfterA(text)
				}
				if ok && !digitGroup(ln.words, i-1) && !digitGroup(ln.words, j+1) {
					box := unionWords(ln.words[i : j+1])
					r.strays = append(r.strays, Stray{Kind: KindANumber, Page: run.l.page.Number, Box: box, digits: d, caption: run.captionOf(li, box)})
					i = j
					break
				}
			}
		}
	}
}

// strayReads opens a slot where each stray A-Number stands, to be re-read
// as a value no label announced: a fax's noise took the A of
// "A-125-672-713" or garbled a digit ("Al48-454-552") that a re-read may
// read as printed. A re-read counts only as an unlabeled value would (see
// Slot.bare); the region reaches a little further left, where a lost A
// stood.
func (run *pageRun) strayReads(r *Result, ss []Stray) {
	h := run.l.h
	for _, st := range ss {
		if st.Kind != KindANumber {
			// A garbled receipt-shaped number is as often a card's
			// number or a case number of another agency, which an
			// unlabeled reading cannot tell apart.
			continue
		}
		if slices.ContainsFunc(r.Slots, func(s Slot) bool { return s.Page == st.Page && centred(st.Box, s.Region) }) {
			// A label's slot re-reads it already.
			continue
		}
		reg := lineAround(st.Box, h)
		reg.X0 = math.Max(0, st.Box.X0-1.5*h)
		// A re-read with fewer digits than the stray shows (its
		// look-alikes counted) dropped one: "A48-454-552" of
		// "Al48-454-552" would pass for an A-Number printed unpadded.
		var ws []*word
		for _, ln := range run.l.lines {
			for _, w := range ln.words {
				if centred(w.box, st.Box) {
					// A rule's bar beside it is no digit.
					ws = append(ws, &word{text: strings.Trim(w.text, wordMarks)})
				} else if w.box.X1 <= st.Box.X0 && w.box.Y0 < st.Box.Y1 && w.box.Y1 > st.Box.Y0 && hasText(w.text) {
					// The word before it is no lost A: the A of a
					// state's code ("CA 94562-5607") read with it
					// made an A-Number of a ZIP+4 code.
					reg.X0 = math.Max(reg.X0, w.box.X1)
				}
			}
		}
		// No A-Number has more than nine digits: a tenth the page shows
		// is its A read as a 4 ("4269358047", re-read "A269358047" by
		// all eight) or a speck.
		r.Slots = append(r.Slots, Slot{
			Kind: st.Kind, Page: st.Page, Region: reg, Charset: charsets[st.Kind],
			source: SourceOCR, quality: unlabeledQ, bare: true, shaped: true, digits: min(digitsIn(ws), 9),
		})
	}
}

// brokenReceipt returns, for a receipt number noise broke into pieces,
// its office's code and first digits, and how many words of ws from i it
// spans: a word that is an office's code, a dash, and two to nine digits
// ("IOE-97" on a faxed form, a streak through the rest), with the groups
// of digits after it. Ten digits would have made a value, or a garbled
// one. A look-alike's caption may have claimed the pieces (a streak
// joined its cell to the one above): no look-alike's value is printed so.
func (run *pageRun) brokenReceipt(ws []*word, i int) (string, int, bool) {
	open := func(w *word) bool { return !run.used[w] && run.labelOf[w] == nil }
	t := strings.Trim(ws[i].text, wordMarks)
	if !open(ws[i]) || len(t) < 6 || t[3] != '-' || !IsOfficeCode(t[:3]) {
		return "", 0, false
	}
	head := strings.TrimRight(t[4:], "-")
	if len(head) < 2 || !allDigits(head) {
		return "", 0, false
	}
	d, n := head, 1
	for j := i + 1; j < min(i+4, len(ws)) && open(ws[j]); j++ {
		g := strings.Trim(ws[j].text, wordMarks+"-")
		if g == "" || !allDigits(g) {
			break
		}
		d += g
		n++
	}
	if len(d) >= 10 {
		return "", 0, false
	}
	return t[:3] + head, n, true
}

// loneA reports a word that is a bare "A" matched as a weak A-Number label
// whose value was not taken: the A of an A-Number printed apart, its
// digits split where no label rule reads them as one ("A 287232 145").
func (run *pageRun) loneA(w *word) bool {
	m := run.labelOf[w]
	return m != nil && m.weak && m.first == m.last && strings.Trim(w.text, wordMarks) == "A"
}

// splitAfterA returns the nine digits of t when t is an A, apart, and
// nine digits in two or three groups of two or more: OCR read a dash as
// a space, or lost one, so the groups are not the printed threes.
func splitAfterA(t string) (string, bool) {
	u, ok := strings.CutPrefix(strings.Trim(t, wordMarks), "A ")
	if !ok {
		return "", false
	}
	groups := strings.FieldsFunc(u, groupMark)
	if len(groups) < 2 || len(groups) > 3 || slices.ContainsFunc(groups, func(g string) bool { return len(g) < 2 }) {
		return "", false
	}
	return joinedDigits(groups, 9)
}

// joinedDigits returns groups run together when each is all digits and
// they hold n in all.
func joinedDigits(groups []string, n int) (string, bool) {
	d := strings.Join(groups, "")
	return d, len(d) == n && allDigits(d)
}

// digitGroup reports whether ws[i] exists and is a group of two or more
// digits: three groups of three beside it are part of a longer number (a
// tracking number printed in threes), not an A-Number. A lone character
// before them may be the A itself, misread ("4 291 950 597").
func digitGroup(ws []*word, i int) bool {
	if i < 0 || i >= len(ws) {
		return false
	}
	t := strings.Trim(ws[i].text, wordMarks+"-")
	return len(t) >= 2 && strings.Trim(t, "0123456789") == ""
}

// free reports a word that no finding, label or look-alike's value took.
func (run *pageRun) free(w *word) bool {
	return !run.used[w] && !run.claimed[w] && run.labelOf[w] == nil
}

// bareANumber returns the digits of w when it is an A-Number printed
// without its A and without a label we could read: nine digits anywhere,
// or eight (a leading zero left off) under a short caption that begins
// with an A ("A#" misread past matching, "Att."). Neither may stand by a
// look-alike's label.
func (run *pageRun) bareANumber(w *word) (string, bool) {
	d, ok := bareNine(w.text)
	if !ok {
		d = strings.Trim(w.text, wordMarks)
		ok = len(d) == 8 && strings.Trim(d, "0123456789") == "" && (run.underACaption(w) || run.underGarbledCaption(w))
	}
	return d, ok && !run.nearLookalike(w)
}

// underACaption reports whether the nearest line above w, within two line
// heights, has over w's first digits a short word that begins with a
// capital A: "A" and one or two marks, none a lower-case vowel, so words
// like "Are" or "Ave." are not taken for a caption.
func (run *pageRun) underACaption(w *word) bool {
	h := run.l.h
	for ln := range run.linesAbove(w) {
		for _, c := range ln.words {
			if c.box.X1 < w.box.X0-h || c.box.X0 > w.box.X0+3*h {
				continue
			}
			if aCaption(c.text) || aCaption(captionTail(c.text)) || lowerACaption(c.text) && run.aloneOnLine(c, ln) || run.uscisACaption(c, ln) || uscisARunTogether(c.text) && run.aloneOnLine(c, ln) {
				return true
			}
		}
		if slices.ContainsFunc(ln.words, func(c *word) bool { return overlapX(c.box, w.box) > 0 && hasText(c.text) }) {
			return false
		}
	}
	return false
}

// linesAbove yields the lines above w's, nearest first, while they end
// within two line heights of it: where a caption over w may stand.
func (run *pageRun) linesAbove(w *word) iter.Seq[*line] {
	return func(yield func(*line) bool) {
		for i := w.line - 1; i >= 0; i-- {
			ln := run.l.lines[i]
			if w.box.Y0-ln.box.Y1 > 2*run.l.h || !yield(ln) {
				return
			}
		}
	}
}

// underGarbledCaption reports whether the nearest line above w, within two
// line heights, holds only a short word without letters read at low
// confidence over w's first digits, alone in its cell: a form's small
// "A#" caption read as a digit or a mark ("7") over an A-Number printed in
// eight digits without its A. Such a number was lost without a word; now
// it is a stray whose caption is re-read. A word with letters is left to
// the A-caption rules (see underACaption).
func (run *pageRun) underGarbledCaption(w *word) bool {
	ln, over := run.wordsOver(w)
	if len(over) != 1 {
		return false
	}
	c := over[0]
	t := strings.Trim(c.text, wordMarks)
	n := len([]rune(t))
	return n >= 1 && n <= 3 && !strings.ContainsFunc(t, unicode.IsLetter) && c.conf < garbledConf &&
		math.Abs(c.box.X0-w.box.X0) <= run.l.h && run.aloneOnLine(c, ln)
}

// wordsOver returns the nearest line above w, within two line heights,
// with words over w's first digits, and those words: where w's caption
// stands, if it has one.
func (run *pageRun) wordsOver(w *word) (*line, []*word) {
	h := run.l.h
	for ln := range run.linesAbove(w) {
		var over []*word
		for _, c := range ln.words {
			if hasText(c.text) && c.box.X1 > w.box.X0-h && c.box.X0 < w.box.X1 {
				over = append(over, c)
			}
		}
		if len(over) > 0 {
			return ln, over
		}
	}
	return nil, nil
}

// aCaption reports a word that may be an "A#" caption read past matching.
func aCaption(t string) bool {
	r := []rune(strings.Trim(t, wordMarks))
	if len(r) < 2 || len(r) > 3 || r[0] != 'A' {
		return false
	}
	for _, c := range r[1:] {
		if strings.ContainsRune("aeiouy", c) {
			return false
		}
	}
	return true
}

// captionTail is the part of a word after a stop inside it: OCR reads the
// space of "USCIS A#" as one now and then ("USCIS.At").
func captionTail(t string) string {
	if i := strings.LastIndexByte(t, '.'); i > 0 && i < len(t)-1 {
		return t[i+1:]
	}
	return ""
}

// lowerACaption reports a word that may be an "A#" caption read with a
// small a ("‘ae", or "a" with the # lost): an a and up to two more
// characters. "a", "as", "at" and "an" are such words too, so the caller
// asks that it stand alone, or after USCIS (uscisACaption).
func lowerACaption(t string) bool {
	r := []rune(strings.Trim(t, wordMarks))
	return len(r) >= 1 && len(r) <= 3 && r[0] == 'a'
}

// uscisACaption reports whether w is the USCIS of a "USCIS A#" caption
// read with a small a ("uscis as") or with its # lost ("USCIS. A"), or
// garbled with its A# read past matching ("“Seis At"): the word after it
// is such an a or A, or an A and one or two marks (see aCaption), and
// nothing follows that within four line heights, so "USCIS as follows"
// in a sentence is not taken.
func (run *pageRun) uscisACaption(w *word, ln *line) bool {
	t := strings.ToLower(strings.Trim(w.text, wordMarks))
	exact := t == "uscis"
	if !exact && (len(t) < 4 || editDistance(t, "uscis", 2) < 0) {
		return false
	}
	h := run.l.h
	var next *word
	for _, c := range ln.words {
		if c != w && hasText(c.text) && c.box.X0 >= w.box.X1 && (next == nil || c.box.X0 < next.box.X0) {
			next = c
		}
	}
	if next == nil || next.box.X0-w.box.X1 > 2*h || !(exact && (lowerACaption(next.text) || strings.Trim(next.text, wordMarks) == "A") || aCaption(next.text)) {
		return false
	}
	return !slices.ContainsFunc(ln.words, func(c *word) bool {
		return c != next && hasText(c.text) && c.box.X0 >= next.box.X1 && c.box.X0 < next.box.X1+4*h
	})
}

// uscisARunTogether reports a word that may be a "USCIS A#" caption read
// as one, its space lost and both parts garbled ("usdisias"): four to
// seven letters up to two edits from "uscis", then an a and at most two
// more characters, no vowel among them ("USCIS.Are" is prose).
func uscisARunTogether(t string) bool {
	t = strings.ToLower(strings.Trim(t, wordMarks))
	for i := 4; i <= 7 && i < len(t); i++ {
		head, tail := t[:i], t[i:]
		if tail[0] == 'a' && len(tail) <= 3 && !strings.ContainsAny(tail[1:], "aeiouy") &&
			strings.Trim(head, "abcdefghijklmnopqrstuvwxyz") == "" && editDistance(head, "uscis", 2) >= 0 {
			return true
		}
	}
	return false
}

// aloneOnLine reports whether no word with text stands within four line
// heights of w on its line: a caption in a cell of its own, not a word of
// prose.
func (run *pageRun) aloneOnLine(w *word, ln *line) bool {
	h := run.l.h
	return !slices.ContainsFunc(ln.words, func(c *word) bool {
		return c != w && hasText(c.text) && c.box.X1 > w.box.X0-4*h && c.box.X0 < w.box.X1+4*h
	})
}

// bareNine returns the digits of t when t is nine digits in one run, with
// or without the A before them, as cards print the A-Number ("USCIS#
// 213441788"). Other nine-digit numbers on notices (bank routing numbers,
// invoice ids) stand beside a look-alike's label, which claims them; a
// receipt number's digits are ten, an I-94 number's eleven.
//
// After an A, up to two digits read as the letters OCR takes them for
// still count ("AQ40428692", "A1BB771697", a speck after it read as a
// degree sign): the A and seven digits leave little else it could be. So
// do seven or eight digits after it, all read as digits: an A-Number
// printed without the zeros that pad it ("A6449097" for A006449097), with
// or without a dash after the A.
func bareNine(t string) (string, bool) {
	t = strings.Trim(t, wordMarks)
	if u, ok := strings.CutPrefix(strings.TrimRight(t, "°*"), "A"); ok {
		// The A's dash, as an A-Number is often printed ("A-54774015").
		u = strings.TrimPrefix(u, "-")
		if len(u) >= 7 && len(u) <= 8 && allDigits(u) {
			return u, true
		}
		t = u
		if len(t) == 9 {
			t = repairDigits(t, 2)
		}
	} else {
		t = strings.TrimPrefix(t, "a")
	}
	if len(t) != 9 || !allDigits(t) {
		return "", false
	}
	return t, true
}

// repairDigits undoes up to n of the OCR confusions of digitRepairs in t,
// returning t unchanged when more than n characters are not digits.
func repairDigits(t string, n int) string {
	out := []rune(t)
	for i, r := range out {
		if r >= '0' && r <= '9' {
			continue
		}
		d, ok := digitRepairs[r]
		if !ok || n == 0 {
			return t
		}
		out[i], n = d, n-1
	}
	return string(out)
}

// afterOnline reads twelve digits that follow the word "Online" on their
// line, with neither "Access" nor "Code" between: the rest of a "USCIS
// Online Account Number" label lost under a stain or a fold. Such a number
// is never reported (an Online Access Code's label may have lost its
// words the same way), but the page is named for a person to check.
func afterOnline(before []*word, t string) (string, bool) {
	t = strings.Trim(t, wordMarks)
	if len(t) != 12 || !allDigits(t) {
		return "", false
	}
	online := false
	for _, w := range before {
		switch strings.ToLower(strings.Trim(w.text, wordMarks)) {
		case "online":
			online = true
		case "access", "code":
			return "", false
		}
	}
	return t, online
}

// markedANumber returns the digits of t when t reads as an A and its
// dash garbled past the other rules, then seven to nine digits, the last
// perhaps read as a bracket or bar: the dash read as "=" or "~", or the A
// as a 4 before it. A form's A-Number cells under captions read past
// matching came out "A=67289017", "A~310382]" and "[4-74893101", each
// lost without a word.
func markedANumber(t string) (string, bool) {
	t = strings.TrimLeft(t, wordMarks)
	t = strings.TrimRight(t, ".,;:()'\"‘’“”-~=")
	var u string
	switch {
	case strings.HasPrefix(t, "A=") || strings.HasPrefix(t, "A~"):
		u = t[2:]
	case strings.HasPrefix(t, "4-") || strings.HasPrefix(t, "4=") || strings.HasPrefix(t, "4~"):
		u = t[2:]
	default:
		return "", false
	}
	d := []rune(u)
	if n := len(d); n > 0 && digitRepairs[d[n-1]] != 0 {
		d[n-1] = digitRepairs[d[n-1]]
	}
	if len(d) < 7 || len(d) > 9 || !allDigits(string(d)) {
		return "", false
	}
	return string(d), true
}

// underShortCaption reports whether the nearest line above w, within two
// line heights, holds over w's start a short caption: one to three words
// beginning within two line heights of w's left edge, twelve characters
// at most in all, none of them holding a number. That is how a form sets
// a value in its cell under its caption; prose and tables set other words
// over it.
func (run *pageRun) underShortCaption(w *word) bool {
	_, over := run.wordsOver(w)
	if len(over) == 0 || len(over) > 3 {
		return false
	}
	n := 0
	for _, c := range over {
		n += len([]rune(strings.Trim(c.text, wordMarks)))
		if len(digitsOnly(c.text)) >= 3 {
			return false
		}
	}
	return n <= 12 && math.Abs(over[0].box.X0-w.box.X0) <= 2*run.l.h
}

// wordMarks are the punctuation, quotes and brackets OCR leaves around a
// number read as one word.
const wordMarks = ".,;:()[]|'\"‘’“”"

// fourForA reads an A-Number whose A came out as a 4 ("4191799010."):
// a 4 and nine digits, giving the nine.
func fourForA(t string) (string, bool) {
	t = strings.Trim(t, wordMarks)
	if len(t) != 10 || t[0] != '4' || !allDigits(t) {
		return "", false
	}
	return t[1:], true
}

// tenAfterA reads an A and ten digits ("A0609994538"): an A-Number with a
// speck read as one more digit. All ten are kept, since which one is the
// speck is not known.
func tenAfterA(t string) (string, bool) {
	u, ok := strings.CutPrefix(strings.Trim(t, wordMarks), "A")
	u = strings.TrimPrefix(u, "-")
	return u, ok && len(u) == 10 && allDigits(u)
}

// nearLookalike reports whether a look-alike's label ("Invoice ID
// Number", "Routing Number") stands on w's line or in the few lines above
// it over the same columns: w is that label's value, wherever the claim
// looked for it.
func (run *pageRun) nearLookalike(w *word) bool {
	for lw, m := range run.labelOf {
		if m.lk.kind != "" {
			continue
		}
		sameLine := lw.line == w.line
		above := lw.box.Y1 <= w.box.Y0 && w.box.Y0-lw.box.Y1 <= 3*run.l.h &&
			lw.box.X0 < w.box.X1+10*run.l.h && w.box.X0 < lw.box.X1+10*run.l.h
		if sameLine || above {
			return true
		}
	}
	return false
}

// garbledReceipt returns the ten digits of t when t reads as a receipt
// number that OCR garbled past parsing: an office code (its letters
// perhaps read as look-alike digits, "Y5C") and ten digits, run together
// with stray separators ("Y5C+169-196-2097"). Only a code on the office
// list counts (read as receipt prefixes are, see readPrefix), so
// look-alikes with other prefixes are not taken for one.
func garbledReceipt(t string) (string, bool) {
	r := []rune(without(strings.Trim(t, wordMarks), "-+.~_"))
	if len(r) == 14 {
		// One letter of the code read twice, or a speck read as a
		// letter beside it ("Y¥SC2031546509"): the code is the three
		// of its four that make an office's.
		if k, ok := extraInCode(r[:4]); ok {
			r = slices.Delete(r, k, k+1)
		}
	}
	if len(r) != 13 {
		return "", false
	}
	code, _, ok := readPrefix(r[:3])
	d := string(r[3:])
	// Thirteen digits are a run of digits, as receiptAt holds: OCR keeps
	// one of the code's letters at least, unless they are grouped as a
	// legacy receipt number is printed ("106-00-817-34270" for
	// IOE-00-817-34270), as no other number is.
	// One digit may be Tesseract's question mark, its sign for a glyph
	// it could not make out ("LIN?392601526").
	if strings.Trim(string(r[:3]), "0123456789") == "" && !legacyGroups(strings.Trim(t, wordMarks)) ||
		strings.Trim(strings.Replace(d, "?", "", 1), "0123456789") != "" {
		return "", false
	}
	if !ok {
		// One character of the code read as a mark no repair undoes
		// ("10&0504351256", its E read as &): the other two still
		// make an office's code with some letter there.
		return d, oneMarkInCode(r[:3])
	}
	if nvcShaped(candidate{kind: KindReceiptNumber, value: string(code) + d}) || postAsOffice(r[:3], code, d) {
		return "", false
	}
	return d, true
}

// legacyGroups reports text grouped as a legacy receipt number: three
// characters, then two, three and five digits, parted by dashes.
func legacyGroups(t string) bool {
	g := strings.Split(t, "-")
	if len(g) != 4 || len([]rune(g[0])) != 3 {
		return false
	}
	for i, n := range []int{2, 3, 5} {
		if len(g[i+1]) != n || !allDigits(g[i+1]) {
			return false
		}
	}
	return true
}

// extraInCode returns which of p's four characters, a receipt number's
// code with one too many, is the one to drop so that the rest read as an
// office's code: a letter or a mark, never a digit, and the code left
// must start with a letter. Dropping either of two alike leaves one code.
func extraInCode(p []rune) (int, bool) {
	found := -1
	for k := range p {
		if unicode.IsDigit(p[k]) {
			// A digit more is a speck read in the digits (see
			// echoOfFound), not in the code.
			continue
		}
		q := slices.Delete(slices.Clone(p), k, k+1)
		if !unicode.IsLetter(q[0]) {
			continue
		}
		if _, _, ok := readPrefix(q); !ok {
			continue
		}
		if found >= 0 && !sameCode(p, found, k) {
			return 0, false
		}
		if found < 0 {
			found = k
		}
	}
	return found, found >= 0
}

// sameCode reports whether dropping p[i] or p[j] leaves the same runes.
func sameCode(p []rune, i, j int) bool {
	a := slices.Delete(slices.Clone(p), i, i+1)
	b := slices.Delete(slices.Clone(p), j, j+1)
	return string(a) == string(b)
}

// oneMarkInCode reports whether p, a receipt number's three-character
// code, has one character that is neither a letter nor one OCR makes of a
// letter, and reads as an office's code with some letter in its place.
func oneMarkInCode(p []rune) bool {
	mark := -1
	for k, c := range p {
		if c < 128 && unicode.IsLetter(c) || len(prefixRepairs[c]) > 0 {
			continue
		}
		if mark >= 0 {
			return false
		}
		mark = k
	}
	if mark < 0 {
		return false
	}
	q := slices.Clone(p)
	for c := 'A'; c <= 'Z'; c++ {
		q[mark] = c
		if _, _, ok := readPrefix(q); ok {
			return true
		}
	}
	return false
}

// garbledANumber returns the digits of t when t is printed like an
// A-Number that OCR garbled past parsing: an A, then nine or ten
// characters, at least seven of them digits and one or two the letters
// OCR makes of digits ("AZ44404080" for A244404080, "A1L32008046" with a
// speck read as L), or eight, one of them such a letter, as an A-Number
// of eight digits is printed ("A$9831491" for A59831491). Only its real digits are kept, enough to tell a copy
// of a value found elsewhere. A question mark, Tesseract's mark for a
// glyph it could not make out ("A0?3-435-678"), counts among those, and
// so does a colon or a plus for a dash ("A256-054:726°", a speck after
// it; "A-244+752-773"), and a quote among the digits, which no A-Number is
// printed with: a glyph lost to noise ("A241561'87." for A241561871).
func garbledANumber(t string) (string, bool) {
	t = strings.Trim(t, wordMarks+"°")
	quotes := strings.Count(t, "'") + strings.Count(t, "‘") + strings.Count(t, "’")
	rest, ok := strings.CutPrefix(without(t, "-.'‘’_~"), "A")
	if !ok {
		return "", false
	}
	colons := strings.Count(rest, ":") + strings.Count(rest, "+") + quotes
	rest = without(rest, ":+")
	rs := []rune(rest)
	if len(rs) < 8 || len(rs) > 10 {
		return "", false
	}
	var d []rune
	odd := 0
	for _, c := range rs {
		switch {
		case unicode.IsDigit(c):
			d = append(d, c)
		case digitRepairs[c] != 0 || c == '?' || c == 'A':
			// An A among the digits is a 4 (or an A read twice).
			odd++
		default:
			return "", false
		}
	}
	// Eight characters are an A-Number printed in eight digits, never
	// with a leading zero: "AQ4042869" lost a digit of nine.
	if odd += colons; odd == 0 || odd > 2 || len(d) < 7 || len(rs) == 8 && (odd > 1 || rs[0] == '0' || digitRepairs[rs[0]] == '0') {
		return "", false
	}
	return string(d), true
}

// cutANumber returns the digits of t when t is an A-Number cut short
// after its second group: an A, two groups of three digits, and the mark
// that would part the third ("A257-540-", the last group lost in a fax's
// noise), a plus read for a dash counting as one ("A274+715-"); or
// without that mark when a mark follows the A ("A:215-865").
func cutANumber(t string) (string, bool) {
	mark := func(c rune) bool { return groupMark(c) || c == '+' }
	rs := []rune(strings.TrimRight(strings.TrimLeft(t, wordMarks), ".,;:|'\"‘’“”"))
	if len(rs) == 9 && rs[0] == 'A' && groupMark(rs[1]) && !mark(rs[8]) {
		// Its A's mark kept, the third group lost without its dash
		// ("A:215-865" for A-215-865-482).
		rs = append(rs, '-')
	}
	if len(rs) < 9 || rs[0] != 'A' || !mark(rs[len(rs)-1]) {
		return "", false
	}
	rs = rs[1 : len(rs)-1]
	if len(rs) == 8 && groupMark(rs[0]) {
		rs = rs[1:]
	}
	if len(rs) != 7 || !mark(rs[3]) {
		return "", false
	}
	d := string(rs[:3]) + string(rs[4:])
	if !allDigits(d) {
		return "", false
	}
	return d, true
}

// dashedPiece returns the digits of t when t is a piece of an A-Number
// printed in dashed groups: groups of one to three digits joined by
// dashes, four to eight digits in all, one group of three among them
// ("158-0", "3-054"). Phone numbers and ZIP+4 codes have groups of four.
func dashedPiece(t string) (string, bool) {
	groups := strings.Split(strings.Trim(t, wordMarks), "-")
	if len(groups) < 2 || len(groups) > 3 {
		return "", false
	}
	d, three := "", false
	for _, g := range groups {
		if g == "" || len(g) > 3 || !allDigits(g) {
			return "", false
		}
		three = three || len(g) == 3
		d += g
	}
	return d, three && len(d) >= 4 && len(d) <= 8
}

// without is t with every rune of marks left out.
func without(t, marks string) string {
	return strings.Map(func(c rune) rune {
		if strings.ContainsRune(marks, c) {
			return -1
		}
		return c
	}, t)
}

// groupMark reports a rune that parts the groups of a grouped number: a
// dash, the space between words, or a mark OCR makes of a dash or of a
// speck beside it ("A-228°617-648", "A 136 532.985", "A 116 ‘317 129",
// "A=202-498-747", a fax's "280: 399- 790").
func groupMark(c rune) bool {
	return c == '-' || c == ' ' || strings.ContainsRune("°~•.'‘’=:", c)
}

// groupedThrees returns the nine digits of t when t is three groups of
// three digits joined by dashes or spaces, allowing the punctuation OCR
// hangs on a word's ends, a doubled dash, and up to two letters before
// the digits (the A, or the A and a speck read as a letter). A receipt
// number's three-letter office code is not taken for them.
func groupedThrees(t string) (string, bool) {
	t = strings.Trim(t, wordMarks)
	lead := 0
	for lead < len(t) && lead < 3 && (t[lead] >= 'A' && t[lead] <= 'Z' || t[lead] >= 'a' && t[lead] <= 'z') {
		lead++
	}
	if lead == 3 {
		return "", false
	}
	t = strings.TrimLeft(t[lead:], "- ")
	groups := strings.FieldsFunc(t, groupMark)
	if len(groups) != 3 || strings.Contains(t, "---") || slices.ContainsFunc(groups, func(g string) bool { return len(g) != 3 }) {
		return "", false
	}
	return joinedDigits(groups, 9)
}

// twinWarnings notes pairs of found values of one kind that differ in a
// single character before their last two: one is most likely the other
// misread (a 0 read as 8), and nothing else in the document looks amiss.
// Numbers filed together for one family differ in their last characters,
// so they are not taken for twins.
func (r *Result) twinWarnings() []string {
	var out []string
	for i, a := range r.Findings {
		for _, b := range r.Findings[i+1:] {
			if a.Kind != b.Kind || !misreadTwins(a.Value, b.Value) {
				continue
			}
			where := fmt.Sprintf("pages %d and %d", a.Page, b.Page)
			if a.Page == b.Page {
				where = fmt.Sprintf("page %d", a.Page)
			}
			out = append(out, fmt.Sprintf("%s: two %ss differ in one character, one may be misread; check them", where, a.Kind.Name()))
		}
	}
	return out
}

// misreadTwins reports values of one length that differ in exactly one
// place, and not in the last two.
func misreadTwins(a, b string) bool {
	d := onlyDiff(a, b)
	return d >= 0 && d < len(a)-2
}

// Disputed is a doubtful first reading that stood although some re-reads
// of it made another valid value: on a degraded page one digit of it may
// be misread (a 0 read as 6) while the value still validates. It carries
// the kind and page, never the digits.
type Disputed struct {
	Kind Kind `json:"kind"`
	Page int  `json:"page"`
	// value stays in memory only, to drop the note when the value was.
	value string
}

// Warning is the note a reviewer reads.
func (d Disputed) Warning() string {
	return fmt.Sprintf("page %d: re-reads gave the %s another value too, a digit may be misread; check it", d.Page, d.Kind.Name())
}

// Disputed lists the disputed readings whose value is still a finding, one
// per value, on the first page it was disputed.
func (r *Result) Disputed() []Disputed {
	seen := map[string]bool{}
	var out []Disputed
	for _, d := range r.disputed {
		key := string(d.Kind) + " " + d.value
		if seen[key] || !r.found(d.Kind, d.value) {
			continue
		}
		seen[key] = true
		out = append(out, d)
	}
	return out
}
