package extractor

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Extract finds labeled identifiers in the pages of one document.
//
// Labels are matched fuzzily on lines rebuilt from geometry. A label's value
// is looked for, in order: to its right on the same line, in the cell below
// it, then further right on the same line. Look-alike labels (Online Access
// Code, bank account, NVC case, card, tracking...) claim their values first
// so those numbers are never reported. Receipt numbers with an office prefix
// are also reported without a label, with lower confidence.
func Extract(pages []Page) Result {
	var r Result
	for _, p := range pages {
		newLayout(p).extract(&r)
	}
	r.dropEchoes()
	r.pruneSlots()
	r.warn()
	return r
}

// pageRun is the state of extraction on one page.
type pageRun struct {
	l       *layout
	labelOf map[*word]*labelMatch
	claimed map[*word]bool // words that belong to a look-alike's value
	used    map[*word]bool // words already part of a finding
	// titles are the lines that are a card's title (see cardTitle).
	titles []int
}

func (l *layout) extract(r *Result) {
	run := &pageRun{l: l, labelOf: map[*word]*labelMatch{}, claimed: map[*word]bool{}, used: map[*word]bool{}}
	var labels []*labelMatch
	for i, ln := range l.lines {
		// A card's title holds no label: its "CARD" would pass for the
		// card number's caption and claim the A-Number printed below it.
		if cardTitle(ln) != "" {
			run.titles = append(run.titles, i)
			continue
		}
		for _, m := range findLabels(ln) {
			m := m
			if m.weak && m.lk.kind == KindANumber && m.box.Y1-m.box.Y0 < 0.4*run.l.h {
				// A speck a third of a line high read as "Ay" is no
				// "A#" caption: as one it named the Contact Center's
				// phone number below it an A-Number that could not be
				// read. A caption in small print stays over 0.4.
				continue
			}
			labels = append(labels, &m)
			for _, w := range ln.words[m.first : m.last+1] {
				run.labelOf[w] = &m
			}
		}
	}
	for _, m := range labels {
		if m.lk.kind == "" {
			run.claim(m)
			run.garbledAccount(r, m)
		}
	}
	for _, m := range labels {
		if m.lk.kind != "" {
			run.labeled(r, m)
		}
	}
	run.unlabeled(r)
	run.strays(r)
	run.forms(r)
}

// claim marks the value of a look-alike label so no finding uses it. With
// nothing but filler ("Passport Number") beside the label, both the cell
// below and a value far along the line are claimed: a table sets a passport
// or case number in a column of its own, and unclaimed it would pass for an
// unlabeled identifier.
func (run *pageRun) claim(m *labelMatch) {
	whole := *m
	if e := captionEnd(m); e > m.last {
		// The caption runs on past the label's words to its closing
		// bracket ("(PASSPORT" "NUMBER)"): what is right of it starts there.
		whole.last = e
		whole.box = unionWords(m.line.words[m.first : e+1])
	}
	ws := dropFiller(run.rightChain(&whole, 5, 1.6))
	if len(ws) == 0 {
		ws = run.leftChain(m)
	}
	if len(ws) == 0 {
		ws = run.belowChain(m)
		rest := dropFiller(m.line.words[m.last+1:])
		if len(rest) > 0 && run.labelOf[rest[0]] == nil {
			ws = append(ws, run.chainFrom(m.line, rest[0].pos)...)
		}
	}
	if numericLookalikes[m.lk.negative] {
		// An A-Number printed with its own A is not such a number: most
		// often the caption above it was an "A-NUMBER" that OCR garbled
		// into one ("TCNUMBER" matched as "acct number").
		if c, ok := parse(KindANumber, ws, false); ok {
			ws = slices.DeleteFunc(slices.Clone(ws), func(w *word) bool { return slices.Contains(c.words, w) })
		}
	}
	for _, w := range ws {
		run.claimed[w] = true
	}
}

// numericLookalikes are the look-alikes whose values are digits alone.
var numericLookalikes = map[string]bool{"account": true, "bank": true, "ssn": true, "phone": true, "tax id": true}

// rightChain is the run of words right of the label on its line: the first
// within firstGap heights of the label, the rest within gap heights of each
// other. It stops at another label.
func (run *pageRun) rightChain(m *labelMatch, firstGap, gap float64) []*word {
	h := run.l.h
	var out []*word
	prev := m.box.X1
	for _, w := range m.line.words[m.last+1:] {
		if run.labelOf[w] != nil {
			break
		}
		limit := gap
		if len(out) == 0 {
			limit = firstGap
		}
		if w.box.X0-prev > limit*h {
			break
		}
		out = append(out, w)
		prev = w.box.X1
	}
	return out
}

// leftChain is the value before a label printed in parentheses after it,
// as intake sheets and cards do: "6606 0312 7858 (Online Account Number)".
// Only a label wrapped in parentheses looks left, and only across open
// paper: the nearest word within leftGap heights, the rest within 1.6
// heights of each other, stopping at another label.
func (run *pageRun) leftChain(m *labelMatch) []*word {
	if !parenthesized(m) {
		return nil
	}
	if out := run.chainLeft(m.line.words[:m.first], m.box.X0); len(out) > 0 {
		return out
	}
	return run.besideLeft(m)
}

// chainLeft is the run of words at the end of ws, all left of x, taken
// right to left: the nearest word with text within leftGap heights of x,
// the rest within 1.6 heights of each other, stopping at a label or an
// opening bracket.
func (run *pageRun) chainLeft(ws []*word, x float64) []*word {
	h := run.l.h
	var out []*word
	next := x
	for i := len(ws) - 1; i >= 0; i-- {
		w := ws[i]
		if run.labelOf[w] != nil || w.text == "(" {
			break
		}
		if len(out) == 0 && !hasText(w.text) {
			// A speck in the gap ("°" read between the value and its
			// label) is no end of the value.
			continue
		}
		limit := 1.6
		if len(out) == 0 {
			limit = leftGap
		}
		if next-w.box.X1 > limit*h {
			break
		}
		out = append(out, w)
		next = w.box.X0
	}
	slices.Reverse(out)
	return out
}

// besideLeft is besideRight for a parenthesized label with nothing left
// of it on its line: an intake sheet sets its labels in smaller print a
// little below its values' baseline, and on a photo the row's two ends
// shared too little height to make one line ("A23386810" and "(Passport
// Number)" beside it, the passport number then taken for an unlabeled
// A-Number). The line taken overlaps the label's height by a fifth of it
// and more, lies wholly left of the label, and holds no label; its value
// is the words at its end (see chainLeft).
func (run *pageRun) besideLeft(m *labelMatch) []*word {
	if slices.ContainsFunc(m.line.words[:m.first], func(w *word) bool { return hasText(w.text) }) {
		return nil
	}
	best := run.lineBeside(m, func(ln *line) bool { return ln.words[len(ln.words)-1].box.X1 <= m.box.X0 })
	if best == nil {
		return nil
	}
	return run.chainLeft(best.words, m.box.X0)
}

// leftGap is how far, in word heights, a parenthesized label may sit from
// its value: such sheets set labels in a column of their own, a third of
// the page or more to the right of the values' column, and a short value
// (an A-Number of seven digits) leaves the widest gap.
const leftGap = 32

// parenthesized reports a label opened by "(" (on its first word or just
// before it) and closed by ")" (see captionEnd).
func parenthesized(m *labelMatch) bool {
	ws := m.line.words
	open := strings.HasPrefix(strings.TrimLeft(parenText(ws[m.first]), parenStray), "(") ||
		(m.first > 0 && strings.Trim(parenText(ws[m.first-1]), parenStray) == "(")
	return open && captionEnd(m) >= 0
}

// parenStray are the quotes and specks OCR adds around parentheses, a
// speck after the closing one read as a dash ("Number)-") among them.
const parenStray = ":;.,'\"`*“”‘’-_~"

// parenText folds the curly and square brackets OCR reads round ones as.
func parenText(w *word) string { return bracketFold.Replace(w.text) }

// captionEnd is the position on the label's line of the word whose ")"
// closes its caption: the label's last word, or a word of the filler that
// finishes a caption the label matched only the start of ("(PASSPORT"
// "NUMBER)", "(ONLINE ACCOUNT NUMBER" "(IF" "ANY))"); -1 when none does.
func captionEnd(m *labelMatch) int {
	ws := m.line.words
	if strings.HasSuffix(strings.TrimRight(parenText(ws[m.last]), parenStray), ")") {
		return m.last
	}
	for i := m.last + 1; i < len(ws) && i <= m.last+3; i++ {
		if strings.Trim(parenText(ws[i]), parenStray) == ")" || closesCaption(ws[i]) {
			return i
		}
		if !isFiller(ws[i]) {
			break
		}
	}
	return -1
}

// closesCaption reports a filler word that ends with the caption's ")".
func closesCaption(w *word) bool {
	s := strings.TrimRight(parenText(w), parenStray)
	t, ok := strings.CutSuffix(s, ")")
	if !ok || t == "" {
		return false
	}
	t = strings.ToLower(strings.Trim(t, ".,;:"))
	return fillerWords[t] || ifAnyRunTogether(t)
}

// farRight is the first group of words right of the label on its line at
// any distance, for forms that set values in a column far from the label.
// The label's own colon or '#', split off it, is not that group. A label
// with nothing right of it looks on the line beside (see besideRight).
func (run *pageRun) farRight(m *labelMatch) []*word {
	rest := dropFiller(m.line.words[m.last+1:])
	for len(rest) > 1 && blot(rest[0]) {
		// A blot in the gap before the value's column ("OO" at 0.00 on
		// a fax) is no first word of it.
		rest = rest[1:]
	}
	if len(rest) == 0 {
		return run.besideRight(m)
	}
	if run.labelOf[rest[0]] != nil && !(m.lk.kind == KindANumber && run.loneA(rest[0])) {
		// A lone A taken for a caption of its own right after an
		// A-Number label is its value's prefix ("USCIS A#" "A" "-249-"
		// "186-" "rg"): stopping there lost the garbled value unnamed.
		return nil
	}
	return run.chainFrom(m.line, rest[0].pos)
}

// blot reports a word of at most two letters or digits read unsure: a
// smudge, not print.
func blot(w *word) bool {
	return w.conf < garbledConf && alnumIn([]*word{w}) <= 2
}

// besideRight is the value of a label alone on its line that OCR set on a
// line of its own, beside the label's: on a curled or tilted sheet (a
// phone's photo) a row's far end sits higher or lower than its start, and
// the label ("A#", at the row's foot) and its value in the next column
// shared too little height to make one line. The line taken overlaps the
// label's height by a fifth of it and more and lies wholly right of the
// label, no label of its own on it: a row of the form's other column, or
// the next row, does neither.
func (run *pageRun) besideRight(m *labelMatch) []*word {
	if !alone(m) {
		return nil
	}
	best := run.lineBeside(m, func(ln *line) bool { return ln.words[0].box.X0 > m.box.X1 })
	if best == nil {
		return nil
	}
	return run.chainFrom(best, 0)
}

// lineBeside is the line just above or below the label's that overlaps
// its height by a fifth of it and more, lies where side says, and holds
// no label or claimed word; of two, the nearer by its middle.
func (run *pageRun) lineBeside(m *labelMatch, side func(*line) bool) *line {
	at := lineIndex(run.l, m.line)
	var best *line
	bestD := math.MaxFloat64
	for _, i := range []int{at - 1, at + 1} {
		if i < 0 || i >= len(run.l.lines) {
			continue
		}
		ln := run.l.lines[i]
		y0, y1 := ln.band()
		ov := math.Min(y1, m.box.Y1) - math.Max(y0, m.box.Y0)
		if ov < 0.2*math.Min(y1-y0, m.box.Y1-m.box.Y0) || !side(ln) {
			continue
		}
		if slices.ContainsFunc(ln.words, func(w *word) bool { return run.labelOf[w] != nil || run.claimed[w] }) {
			continue
		}
		if d := math.Abs((y0+y1)/2 - cy(m.box)); d < bestD {
			best, bestD = ln, d
		}
	}
	return best
}

// alone reports a label whose line holds nothing else with a letter or digit.
func alone(m *labelMatch) bool {
	for i, w := range m.line.words {
		if (i < m.first || i > m.last) && hasText(w.text) {
			return false
		}
	}
	return true
}

// chainFrom is the run of closely spaced words starting at word i of ln.
func (run *pageRun) chainFrom(ln *line, i int) []*word {
	h := run.l.h
	out := []*word{ln.words[i]}
	for _, w := range ln.words[i+1:] {
		if run.labelOf[w] != nil || w.box.X0-out[len(out)-1].box.X1 > 1.6*h {
			break
		}
		out = append(out, w)
	}
	return out
}

// column is the horizontal span of the label's cell: from just left of the
// label to the next cell on the label's line (or a generous width).
func (run *pageRun) column(m *labelMatch) (float64, float64) {
	h := run.l.h
	left := m.box.X0 - h
	right := math.Max(m.box.X1, m.box.X0+12*h) + h
	prev := m.box.X1
	for _, w := range m.line.words[m.last+1:] {
		if w.box.X0-prev > 2*h || run.labelOf[w] != nil {
			right = math.Min(right, w.box.X0-0.5*h)
			break
		}
		prev = w.box.X1
	}
	return left, math.Max(right, m.box.X1)
}

// belowChain is the value in the cell below the label: the first line
// below, within a few line heights, that has words in the label's column,
// skipping lines of filler such as "(if any)". It stops at another label.
func (run *pageRun) belowChain(m *labelMatch) []*word {
	ws, _ := run.belowFrom(m, m.box.Y1, lineIndex(run.l, m.line)+1, 4)
	return ws
}

func (run *pageRun) belowFrom(m *labelMatch, y float64, from int, maxGap float64) ([]*word, int) {
	h := run.l.h
	left, right := run.column(m)
	for i := from; i < len(run.l.lines); i++ {
		ln := run.l.lines[i]
		if ln.box.Y0-y > maxGap*h {
			return nil, i
		}
		first := -1
		for _, w := range ln.words {
			if w.box.X1 > left && w.box.X0 < right {
				first = w.pos
				break
			}
		}
		if first < 0 {
			continue
		}
		// A value may start left of its label (centred cells, values
		// printed under a wider label prefix): take closely spaced words
		// to the left of the first one in the column too.
		for first > 0 {
			prev := ln.words[first-1]
			if ln.words[first].box.X0-prev.box.X1 > 1.6*h || prev.box.X0 < left-8*h || run.labelOf[prev] != nil || isFiller(prev) {
				break
			}
			first--
		}
		w := ln.words[first]
		if run.labelOf[w] != nil || run.claimed[w] {
			return nil, i
		}
		chain := run.chainFrom(ln, first)
		if len(dropFiller(chain)) == 0 {
			// A speck alone in the column ("." of fax noise a gap left
			// of a row's value) does not end the row: the value after it
			// in the column is the row's.
			next := first + len(chain)
			if next < len(ln.words) && ln.words[next].box.X0 < right && hasText(ln.words[next].text) && run.labelOf[ln.words[next]] == nil && !run.claimed[ln.words[next]] {
				return run.chainFrom(ln, next), i
			}
			y = ln.box.Y1
			continue
		}
		return chain, i
	}
	return nil, len(run.l.lines)
}

// cellBelow is belowFrom for a column of values, whose rows may start
// with a lone A that was taken for a label of its own ("A 217 600 732"
// under "ALIEN NUMBER"): such a row is the column's next value (see
// rowAt).
func (run *pageRun) cellBelow(m *labelMatch, y float64, from int, maxGap float64) ([]*word, int) {
	ws, i := run.belowFrom(m, y, from, maxGap)
	if len(ws) == 0 && i < len(run.l.lines) && run.l.lines[i].box.Y0-y <= maxGap*run.l.h {
		ws = run.rowAt(m, i)
	}
	return ws, i
}

func lineIndex(l *layout, ln *line) int {
	if len(ln.words) > 0 {
		return ln.words[0].line
	}
	return len(l.lines)
}

// Placement weights: a value beside its label is the usual print; one in
// the cell below is nearly as sure; one far along the line less so.
const (
	placeRight = 1.0
	placeBelow = 0.95
	placeFar   = 0.85
	unlabeledQ = 0.6
)

func (run *pageRun) labeled(r *Result, m *labelMatch) {
	near := run.rightChain(m, 5, 1.6)
	if len(near) > 0 && near[0].pos == m.last+1 && (m.weak && m.lk.kind == KindOnlineAccountNumber && garbledNumberWord(near[0].text) || numberTail(m.line.words[m.last].text, near[0].text)) {
		// The value starts where a label ending in that word would end.
		whole := *m
		whole.last = near[0].pos
		whole.box = unionWords(m.line.words[m.first : whole.last+1])
		near = run.rightChain(&whole, 5, 1.6)
	}
	if c, ok := run.parseFor(m, near); ok {
		q := 1.0
		if m.weak {
			q = 0.8
		}
		run.report(r, c, m, placeRight*q)
		return
	}
	// A weak label's words also occur in prose, but not alone on a line:
	// there they are a field's caption ("A#" read as "At" on a card), and
	// the value may sit below.
	if m.weak && !run.captionAlone(m) {
		return
	}
	left := run.leftChain(m)
	if c, ok := parse(m.lk.kind, left, true); ok && !run.taken(c) {
		run.report(r, c, m, placeRight)
		return
	}
	below, at := run.cellBelow(m, m.box.Y1, lineIndex(run.l, m.line)+1, 4)
	if c, ok := run.parseFor(m, below); ok {
		run.report(r, c, m, placeBelow)
		run.moreBelow(r, m, at)
		return
	}
	far := run.farRight(m)
	if m.weak {
		// "A#" read as "At" heading its line, its value alone far along
		// it, in the next column of a two-column form, or on the line
		// beside when the row rises or falls (see besideRight).
		if lineOf(m, far) || len(far) > 0 && run.l.lines[far[0].line] != m.line {
			if c, ok := parse(m.lk.kind, far, true); ok && !run.taken(c) {
				run.report(r, c, m, placeFar*0.8)
				return
			}
		}
		if m.lk.kind == KindANumber && (slices.ContainsFunc(firstN(below, 3), garbledAValue) || garbledAPieces(below) || len(below) > 0 && lettersForDigits(below[0]) || len(below) == 1 && run.loneA(below[0])) {
			// The caption's cell holds an A-Number OCR garbled ("A"
			// "O@n019404" for A 069019404, "aasgoseai" for A48905941)
			// or split across lines ("158-0" under "3-054"), or only
			// its A, the digits after it lost ("A 76111723" read
			// "A"): its value, to be read again as a whole.
			run.slot(r, m, nil, below, nil)
		}
		return
	}
	if c, ok := parse(m.lk.kind, far, true); ok && !run.taken(c) {
		run.report(r, c, m, placeFar)
		return
	}
	near = dropFiller(near)
	if len(near) == 0 {
		// A parenthesized label's unreadable value is the one before it.
		near = left
	}
	if run.slot(r, m, near, below, far) {
		// The garbled value in the cell below heads a column: the rows
		// under it are read on, and when one gives a value, the slot is
		// the first row's, which a value of its kind found in another
		// row does not close (a multi-case notice's first A-Number,
		// garbled, while the second was read). A case table's receipt
		// numbers are such a column too: its garbled rows below the
		// first were lost without a word while the rows under them
		// were read. One garbled row and no value make no column: its
		// slot goes. Two or more garbled rows under a garbled first
		// one do: a fax's table of four receipt numbers, each with a
		// smeared hyphen, lost three of them without a word.
		//
		// A speck under the label ("7" under "Online Account No.")
		// is no first row: a value read below it is the label's own,
		// and the speck's slot goes.
		//
		// A garbled row that reads as a receipt number garbled past
		// parsing ("SRC-18+335-46634", a speck read as a plus) is one,
		// column or not.
		head := len(r.Slots) - 1
		read, garbled := run.moreBelow(r, m, at)
		switch {
		case read == 0 && garbled == 1 && m.lk.kind == KindReceiptNumber && receiptRow(r.Slots[len(r.Slots)-1]):
			r.Slots[head].row = true
		case read == 0 && garbled < 2:
			r.Slots = r.Slots[:head+1]
		case !valueSized(m.lk.kind, below):
			r.Slots = slices.Delete(r.Slots, head, head+1)
		default:
			r.Slots[head].row = true
		}
	}
}

// receiptRow reports a row's slot whose words read as a receipt number
// garbled past parsing (see garbledReceipt).
func receiptRow(s Slot) bool {
	if len(s.seen) != 1 {
		return false
	}
	_, ok := garbledReceipt(strings.ReplaceAll(s.seen[0], " ", ""))
	return ok
}

// garbledAValue reports a word that may be an A-Number garbled past
// parsing: a dashed piece of one (see dashedPiece), or, its A aside,
// eight to eleven characters of which at least five are digits, some
// not a digit nor a dash (digits and dashes alone that did not parse are
// another number, a phone's or a ZIP+4 code), and none a date's or a
// time's mark.
func garbledAValue(w *word) bool {
	if _, ok := dashedPiece(w.text); ok {
		return true
	}
	t := strings.TrimPrefix(strings.Trim(w.text, wordMarks), "A")
	if n := utf8.RuneCountInString(t); n < 8 || n > 11 || strings.ContainsAny(t, "/:") || strings.Trim(t, "0123456789-") == "" {
		return false
	}
	return len(digitsOnly(t)) >= 5
}

// lettersForDigits reports a word read unsure whose eight to eleven
// letters and digits are mostly digits' look-alikes (see numberLike), and
// fewer than five of them digits: a number OCR read as letters
// ("aasgoseai" for A48905941 on a fax), which garbledAValue, counting
// digits only, does not take. A word of more digits is garbledAValue's or
// a stray's: taken here, a case table's "4207835374" under its "A#"
// column lost the stray's re-read that read it.
func lettersForDigits(w *word) bool {
	n := alnumIn([]*word{w})
	return w.conf < garbledConf && n >= 8 && n <= 11 && len(digitsOnly(w.text)) < 5 && !strings.ContainsAny(w.text, "/:") && numberLike([]*word{w})
}

// officeHead reports a word that is an office's code, or begins with one
// and goes on in letters read unsure: the code's first digits blurred into
// a blot OCR read as letters run into it ("SRCxaa" "24943686." for
// SRC2124943686). A word read with confidence ("LINE") is a word.
func officeHead(w *word) bool {
	t := strings.Trim(w.text, wordMarks)
	if IsOfficeCode(t) {
		return true
	}
	if len(t) <= 3 || w.conf >= garbledConf || !IsOfficeCode(t[:3]) {
		return false
	}
	for _, c := range t[3:] {
		if !unicode.IsLetter(c) {
			return false
		}
	}
	return true
}

// officeWithDigits reports a receipt number OCR garbled in a way numberLike
// and the count of real digits miss: an office's code as printed, then
// ten characters, at least seven of them digits and the rest letters
// ("LINTSa8728859." for LIN1508728859), or a legacy number's code, its
// dash and some of its digits, the last of them lost ("EAC-23-968-81" of
// EAC-23-968-81565). No prose word starts with a code and runs on so.
func officeWithDigits(t string) bool {
	r := []rune(strings.Trim(t, wordMarks))
	if len(r) < 6 || !IsOfficeCode(string(r[:3])) {
		return false
	}
	rest := []rune(without(string(r[3:]), "-.~_ "))
	digits, letters := 0, 0
	for _, c := range rest {
		switch {
		case unicode.IsDigit(c):
			digits++
		case unicode.IsLetter(c):
			letters++
		default:
			return false
		}
	}
	if r[3] == '-' && letters == 0 {
		return digits >= 2 && digits < 10
	}
	return len(rest) == 10 && digits >= 7
}

// garbledAPieces reports the first words of a cell, on one line, that
// together hold an A-Number whose groups a speck broke apart ("A060-"
// "r219-" "524" for A-050-219-524): eight or nine digits, and besides
// its A and its dashes at most two other characters, none a date's or a
// time's mark (a colon before a group, ":059", is a speck's). Each piece
// alone is too short to look like one.
func garbledAPieces(ws []*word) bool {
	if len(ws) < 2 {
		return false
	}
	var b strings.Builder
	specks := 0
	for i, w := range firstN(ws, 4) {
		if w.line != ws[0].line {
			break
		}
		t := w.text
		if i > 0 && len(t) > 1 && t[0] == ':' && t[1] >= '0' && t[1] <= '9' {
			// A speck read as a colon before a group (":059"), no
			// time's mark.
			t = t[1:]
			specks++
		}
		b.WriteString(strings.Trim(t, wordMarks))
	}
	t := strings.TrimPrefix(b.String(), "A")
	if strings.ContainsAny(t, "/:") {
		return false
	}
	d := len(digitsOnly(t))
	other := utf8.RuneCountInString(without(t, "-")) - d + specks
	return d >= 8 && d <= 9 && other > 0 && other <= 2
}

// garbledNumberWord reports a word that may be a label's "Number" read
// past matching ("Numt", "Nurnbet:"): an N and up to six more letters.
func garbledNumberWord(t string) bool {
	r := []rune(strings.Trim(t, wordMarks+"#"))
	if len(r) < 2 || len(r) > 7 || unicode.ToUpper(r[0]) != 'N' {
		return false
	}
	for _, c := range r {
		if !unicode.IsLetter(c) {
			return false
		}
	}
	return true
}

// numberTail reports whether next is the end of the label's "Number",
// split off its last word: a fax's streak through "NUMB|ER:" made the
// words "NUMBE" and "ER:", and the value beside them was taken for no
// value, as "ER:" came first.
func numberTail(last, next string) bool {
	l := strings.ToLower(strings.Trim(last, wordMarks+"#"))
	t := strings.ToLower(strings.Trim(next, wordMarks+"#"))
	if t == "" || len(t) > 4 || strings.IndexFunc(t, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
		return false
	}
	return strings.HasPrefix(l, "nu") && strings.HasSuffix("number", t) && !strings.HasSuffix(l, t)
}

// parseFor reads the value of label m from ws, if no finding took it. A
// weak A-Number label's value must look like an A-Number on its own: eight
// or nine digits (seven after a printed A), run together or in threes.
// Shorter runs and other groupings (phone numbers, SSNs, ZIP+4 codes)
// beside a word like "As" are not one. A weak account label's value is
// twelve digits, as any account number's.
func (run *pageRun) parseFor(m *labelMatch, ws []*word) (candidate, bool) {
	c, ok := parse(m.lk.kind, ws, true)
	if !ok || run.taken(c) {
		return candidate{}, false
	}
	shape := c.display
	if a := m.line.words[m.first]; m.weak && m.text == "A" && len(ws) > 0 && ws[0].line == a.line && run.underACaption(a) {
		// A bare "A" heading its value's words under an "A#" caption
		// read past matching ("At") is the value's own A, printed apart
		// ("A 4280274"): the A-Number's leading zeros may go with it, as
		// after any printed A.
		shape = "A " + shape
	}
	if m.weak && m.lk.kind == KindANumber && !aNumberShaped(shape) {
		return candidate{}, false
	}
	return c, true
}

// aNumberShaped reports whether a printed A-Number, its A aside, holds
// eight or nine digits in one run or in groups of three (the first may be
// shorter when a leading zero was not printed); after a printed A, notices
// also drop two leading zeros.
func aNumberShaped(s string) bool {
	minDigits := 8
	if strings.HasPrefix(s, "A") {
		minDigits = 7
	}
	s = strings.TrimLeft(s, "Aa#:.- ")
	n := 0
	for _, g := range strings.FieldsFunc(s, isSep) {
		n += len(g)
	}
	return groupedInThrees(s) && n >= minDigits && n <= 9
}

// groupedInThrees reports whether the groups of a printed number are one
// run, or threes after a first of at most three, as A-Numbers are printed.
func groupedInThrees(s string) bool {
	groups := strings.FieldsFunc(s, isSep)
	for k, g := range groups {
		if n := utf8.RuneCountInString(g); len(groups) > 1 && (n > 3 || k > 0 && n != 3) {
			return false
		}
	}
	return true
}

// captionGap is the clearance, in line heights, that sets a form's caption
// apart from the next cell's text on the same line; words of a sentence
// are a fraction of a line height apart.
const captionGap = 3

// captionAlone reports whether a label has no text within captionGap line
// heights on either side. Marks without letters or digits do not count:
// a form's rules come out of OCR as dashes beside its captions.
func (run *pageRun) captionAlone(m *labelMatch) bool {
	ws := m.line.words
	gap := captionGap * run.l.h
	for i := m.first - 1; i >= 0; i-- {
		if !hasText(ws[i].text) || ruleRead(ws[i], run.l.h) {
			continue
		}
		if m.box.X0-ws[i].box.X1 < gap {
			return false
		}
		break
	}
	for i := m.last + 1; i < len(ws); i++ {
		if !hasText(ws[i].text) || ruleRead(ws[i], run.l.h) || i == m.last+1 && lostLastWord(ws[i], m.box, run.l.h) {
			continue
		}
		if ws[i].box.X0-m.box.X1 < gap {
			return false
		}
		break
	}
	return true
}

// lostLastWord reports a word touching a label's end (box), of three
// letters or digits at most and closed by a colon: the caption's last word
// misread ("USCIS Online Account:" "NG:" for "Number:"), no text beside it.
func lostLastWord(w *word, box Box, h float64) bool {
	t, ok := strings.CutSuffix(w.text, ":")
	return ok && w.box.X0-box.X1 < h/2 && hasText(t) && utf8.RuneCountInString(t) <= 3
}

// ruleRead reports a word read from a table's rule, not from print: under
// half a line high (h) and wider than a line is high for each of its
// characters ("ee" 188 pixels wide and 16 high on a 37-pixel line).
func ruleRead(w *word, h float64) bool {
	n := utf8.RuneCountInString(w.text)
	return n > 0 && w.box.Y1-w.box.Y0 < h/2 && w.box.X1-w.box.X0 > float64(n)*h
}

// lineOf reports whether the label and the words ws are all the text on
// the label's line.
func lineOf(m *labelMatch, ws []*word) bool {
	n := 0
	for i, w := range m.line.words {
		if i >= m.first && i <= m.last || !hasText(w.text) {
			continue
		}
		if !slices.Contains(ws, w) {
			return false
		}
		n++
	}
	return n > 0
}

func hasText(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// moreBelow reports further values of the same kind stacked under the
// first one in the label's cell (multi-receipt notices). A row whose value
// OCR garbled past parsing gets a slot of its own (see rowSlot), and the
// rows below it are read on. It returns how many values it read and how
// many rows it found garbled.
func (run *pageRun) moreBelow(r *Result, m *labelMatch, at int) (read, garbled int) {
	for i := at + 1; i < len(run.l.lines); i++ {
		ws, next := run.cellBelow(m, run.l.lines[i-1].box.Y1, i, 1.5)
		c, ok := parse(m.lk.kind, ws, true)
		switch {
		case ok && !run.taken(c):
			run.report(r, c, m, placeBelow)
			read++
		case !ok && run.garbledRow(m.lk.kind, ws):
			run.rowSlot(r, m, ws)
			garbled++
		default:
			return read, garbled
		}
		i = next
	}
	return read, garbled
}

// garbledRow reports whether ws, the next row of a column of values, is a
// value of kind k garbled past parsing: words no finding or look-alike
// took, mostly digits, about as many as the value has, or, for a receipt
// number, an office's code with nothing sure after it. A date, a phone
// number or a short code set under the table's last row has too few.
func (run *pageRun) garbledRow(k Kind, ws []*word) bool {
	if len(ws) == 0 {
		return false
	}
	for _, w := range ws {
		if run.used[w] || run.claimed[w] {
			return false
		}
	}
	if k == KindReceiptNumber && officeHead(ws[0]) && !slices.ContainsFunc(ws[1:], func(w *word) bool { return w.conf >= garbledConf }) {
		// An office's code, and nothing OCR was sure of after it: its
		// digits, crossed by a fax's streak, were read as a blot of
		// letters ("MSC:" "ae"), or on a line of their own.
		return true
	}
	if k == KindReceiptNumber && officeWithDigits(joinText(ws)) {
		return true
	}
	if k == KindANumber && len(ws) >= 2 && strings.Trim(ws[0].text, wordMarks) == "A" && len(digitsOnly(joinText(ws[1:]))) >= 3 {
		// The column's A printed apart, and digits OCR lost or garbled
		// after it: "A" "147" "iis" for A 147 724 682 on a photo, a row
		// under two read. Its A says what the row holds.
		return true
	}
	if !numberLike(ws) {
		return false
	}
	// A value of another kind is that value, not this one garbled: an
	// A-Number in the next cell down of a receipt number's column. Not
	// twelve digits: an account number is never reported without its
	// label, and a receipt number whose office OCR read as digits
	// ("100431267299" for IOE0431267299) has twelve.
	// Nor when the value of another kind, its letters printed, follows a
	// caption's garbled words on the row: "lusels a¥ A230301951" is the
	// A-Number under its "USCIS A#", one row down from a receipt number.
	// Bare digits after the row's first word are not: the tail of a
	// garbled receipt number ("NBC 25: 298 85578") reads as an A-Number.
	for other := range rowDigits {
		if other == KindOnlineAccountNumber || other == k {
			continue
		}
		for i := range ws {
			if i > 0 && !startsWithLetter(ws[i].text) {
				continue
			}
			if _, ok := parse(other, ws[i:], true); ok {
				return false
			}
		}
	}
	// Real digits only: look-alike letters make a line of prose
	// ("Submitted: October 8, 2015") count as many as a value.
	d := len(digitsOnly(joinText(ws)))
	most := rowDigits[k] + 2
	if k == KindReceiptNumber {
		// Its office code may read as three digits: "1068769951872"
		// for IOE8769951872.
		most = rowDigits[k] + 3
	}
	return d >= rowDigits[k]-1 && d <= most
}

// valueSized reports whether ws hold at least half the digits of a value
// of kind k, counting the letters OCR makes of digits.
func valueSized(k Kind, ws []*word) bool {
	return 2*digitsIn(ws) >= rowDigits[k]
}

func startsWithLetter(s string) bool {
	for _, r := range s {
		return unicode.IsLetter(r)
	}
	return false
}

// rowAt is the row on line i of label m's column when it starts with a
// weak label of m's kind: a table prints an A-Number "A 089 112 555", and
// its lone A is taken for a label of its own, which no value beside it
// satisfied. Other labels end a column.
func (run *pageRun) rowAt(m *labelMatch, i int) []*word {
	left, right := run.column(m)
	ln := run.l.lines[i]
	for j, w := range ln.words {
		if w.box.X1 <= left || w.box.X0 >= right {
			continue
		}
		lm := run.labelOf[w]
		if lm == nil || !lm.weak || lm.lk.kind != m.lk.kind {
			return nil
		}
		out := []*word{w}
		for _, v := range ln.words[j+1:] {
			if run.labelOf[v] != nil || v.box.X0-out[len(out)-1].box.X1 > 1.6*run.l.h {
				break
			}
			out = append(out, v)
		}
		return out
	}
	return nil
}

// rowDigits is how many digits a kind's value has in print.
var rowDigits = map[Kind]int{
	KindOnlineAccountNumber: 12,
	KindReceiptNumber:       10,
	KindANumber:             9,
}

// rowSlot opens a slot for a garbled value in a row of a column of values:
// a multi-case notice lists one receipt number and one A-Number per
// beneficiary, and a lost row is a lost identifier even when the rows
// above it were read.
func (run *pageRun) rowSlot(r *Result, m *labelMatch, ws []*word) {
	seen := firstN(ws, 4)
	reg := run.valueRegion(seen, m.lk.kind)
	r.Slots = append(r.Slots, Slot{
		Kind: m.lk.kind, Page: run.l.page.Number, Label: m.text, LabelBox: m.box,
		Region: reg, Charset: charsets[m.lk.kind], source: run.l.page.Source, quality: m.quality,
		seen: []string{joinText(ws)}, digits: rowDigits[m.lk.kind] - 1, row: true,
	})
}

func (run *pageRun) taken(c candidate) bool {
	for _, w := range c.words {
		if run.used[w] || run.claimed[w] {
			return true
		}
	}
	return false
}

func (run *pageRun) report(r *Result, c candidate, m *labelMatch, place float64) {
	for _, w := range c.words {
		run.used[w] = true
	}
	label, q := "", unlabeledQ
	if m != nil {
		label, q = m.text, m.quality
	}
	var gs []*Glyph
	shapedFrom := ""
	if run.l.page.Source == SourceOCR {
		// Glyphs are lined up with the value as read, before their own
		// repairs change it.
		gs = valueGlyphs(c.words, c.value)
		var more []string
		asRead := c.value
		if c.value, more = shapeRepair(c.value, gs); len(more) > 0 {
			c.repairs = append(slices.Clip(c.repairs), more...)
			shapedFrom = asRead
		}
	}
	corr := c.repairs
	if corr == nil {
		corr = []string{}
	}
	box := unionWords(c.words)
	r.Add(Finding{
		Kind: c.kind, Value: c.value, Display: c.display,
		Page: run.l.page.Number, BBox: box, Label: label,
		Confidence: confidence(c, q, place), Source: run.l.page.Source, Corrections: corr,
	})
	// Every OCR reading is checked by re-reading it: the slot rules and
	// the vote decide whether a doubtful one stands. A sure one is
	// checked too: on fax noise Tesseract reads a slashed 0 as 8 at 0.9
	// and the value still validates; only re-reads that all read the
	// line otherwise tell a person to look.
	if run.l.page.Source == SourceOCR {
		conf := meanConf(c.words)
		r.Slots = append(r.Slots, Slot{
			Kind: c.kind, Page: run.l.page.Number, Label: label, LabelBox: labelBox(m),
			Region:  lineAround(box, run.l.h),
			Charset: charsets[c.kind], Current: c.value, source: SourceOCR, quality: q,
			digits: digitsIn(c.words), conf: conf, glyphs: gs, shapedFrom: shapedFrom,
			// A digit whose glyph has another's holes was misread, however
			// sure Tesseract was: every variant is re-read.
			sure: conf >= verifyBelow && len(c.repairs) == 0 && shapeMisfits(gs, c.value) == 0,
		})
	}
}

// verifyBelow is the mean word confidence under which a first-pass OCR
// value is doubtful: any re-read that reads it otherwise is worth a note.
const verifyBelow = 0.8

func meanConf(ws []*word) float64 {
	s := 0.0
	for _, w := range ws {
		s += w.conf
	}
	return s / float64(len(ws))
}

func labelBox(m *labelMatch) Box {
	if m == nil {
		return Box{}
	}
	return m.box
}

// confidence combines three independent doubts: how sure the recognizer
// was of the value's words (geometric mean, softened by a square root
// because Tesseract's word confidences are pessimistic on good reads), how
// well the label matched (and where the value sat), and how many characters
// had to be repaired (each repair is a guess).
func confidence(c candidate, labelQ, place float64) float64 {
	logSum := 0.0
	for _, w := range c.words {
		logSum += math.Log(math.Max(w.conf, 0.01))
	}
	ocr := math.Exp(logSum / float64(len(c.words)))
	return clamp01(math.Sqrt(ocr) * labelQ * place * math.Pow(0.93, float64(len(c.repairs))))
}

// unlabeled reports receipt numbers and A-prefixed A-Numbers that no label
// announced, skipping words that look-alike labels claimed and words of a
// second look (a card number whose caption stayed unread is one). A
// receipt-shaped number on a card copy is the card's number, whatever
// its caption became, and is claimed as a look-alike's value.
func (run *pageRun) unlabeled(r *Result) {
	for _, ln := range run.l.lines {
		for i, w := range ln.words {
			if run.used[w] || run.claimed[w] || run.labelOf[w] != nil {
				continue
			}
			if !startsIdentifier(w.text) || w.relook {
				continue
			}
			chain := run.chainFrom(ln, i)
			if len(chain) > 5 {
				chain = chain[:5]
			}
			for _, k := range []Kind{KindReceiptNumber, KindANumber} {
				c, ok := parse(k, chain, false)
				if !ok || run.taken(c) || len(c.repairs) > 2 || nvcShaped(c) || nvcNear(c) {
					continue
				}
				if k == KindANumber && dashedFour(c.display) {
					// No label vouches for it: its A may be a speck
					// before a phone number or an SSN, grouped with a
					// dash before four digits as no A-Number is
					// ("A00- 375-5283" of the Contact Center's
					// 800-375-5283).
					continue
				}
				if k == KindReceiptNumber && run.onCard(unionWords(c.words)) {
					// The card number, a look-alike: its digits are no
					// A-Number either.
					for _, w := range c.words {
						run.claimed[w] = true
					}
					break
				}
				q := unlabeledQ
				if k == KindANumber {
					q = 0.5
				}
				run.report(r, c, nil, q)
				break
			}
		}
	}
}

// dashedFour reports a dash between digits before a run of four digits or
// more; the dash after the A ("A-71160171") parts no groups.
func dashedFour(s string) bool {
	r := []rune(s)
	for i, c := range r {
		if !strings.ContainsRune("-–—‐−", c) {
			continue
		}
		k := i - 1
		for k >= 0 && r[k] == ' ' {
			k--
		}
		if k < 0 || !unicode.IsDigit(r[k]) {
			continue
		}
		j := i + 1
		for j < len(r) && r[j] == ' ' {
			j++
		}
		n := 0
		for j+n < len(r) && unicode.IsDigit(r[j+n]) {
			n++
		}
		if n >= 4 {
			return true
		}
	}
	return false
}

// nvcPostsInOfficeList are consular post codes that are also on the
// office list; an unlabeled value with one of them and the NVC case shape
// (year 20xx, then 500 + day of year) is an NVC case number.
var nvcPostsInOfficeList = map[string]bool{"MTL": true}

func nvcShaped(c candidate) bool { return nvcMisfits(c) == 0 }

// nvcNear reports an NVC-post-prefixed value one digit from the NVC case
// shape: with no label to say otherwise, it is more likely an NVC case
// number with a digit misread ("MTL2621542548" for MTL2021542548 on a fax)
// than a receipt number.
func nvcNear(c candidate) bool { return nvcMisfits(c) == 1 }

// nvcMisfits counts the parts of the NVC case shape (the year's 2, its 0,
// a day of 500 + day of year) that a receipt-shaped value with an NVC
// post's code misses; -1 for any other value.
func nvcMisfits(c candidate) int {
	if c.kind != KindReceiptNumber || !nvcPostsInOfficeList[c.value[:3]] {
		return -1
	}
	return nvcDigitMisfits(c.value[3:])
}

// nvcDigits reports ten digits in the NVC case shape.
func nvcDigits(d string) bool { return nvcDigitMisfits(d) == 0 }

// nvcDigitMisfits counts the parts of the NVC case shape that ten digits
// miss.
func nvcDigitMisfits(d string) int {
	off := 0
	if d[0] != '2' {
		off++
	}
	if d[1] != '0' {
		off++
	}
	if day := int(d[4]-'0')*100 + int(d[5]-'0')*10 + int(d[6]-'0'); day <= 500 || day > 866 {
		off++
	}
	return off
}

// startsIdentifier reports whether a word can begin an identifier, after
// punctuation that noise or a table rule put in front of it: the marks
// parsing skips before a value (a speck read as a curly quote), and a
// comma or underscore.
func startsIdentifier(s string) bool {
	s = strings.TrimLeft(s, leadMarks+",_[")
	for _, r := range s {
		return unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("|£€${", r)
	}
	return false
}
