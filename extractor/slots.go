package extractor

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// charsets are the re-read whitelists per kind.
var charsets = map[Kind]string{
	KindOnlineAccountNumber: "0123456789",
	KindReceiptNumber:       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-",
	KindANumber:             "A0123456789-",
}

// slot records a labeled place whose value did not validate. Only labels
// set apart as labels get one (a colon, the start of a line or a short
// line): a label mentioned in running text ("keep the receipt number shown
// above") has no value slot, and re-reading prose invents numbers.
//
// far is what stands further along the label's line: a garbled value set
// in a column of its own, which the echo check of Unread compares too.
//
// It reports whether it opened one slot, over a garbled value in the cell
// below the label: the head of a column, perhaps (see labeled).
func (run *pageRun) slot(r *Result, m *labelMatch, near, below, far []*word) (inCellBelow bool) {
	if !run.standsAlone(m) {
		return false
	}
	h := run.l.h
	var regions []Box
	var seen []*word
	switch {
	case len(near) > 0 && numberLike(near) && !(alnumIn(near) < 3 && len(below) > 0 && numberLike(below)) && !lettersBesideDigitsBelow(near, below):
		// Two look-alikes beside the label ("TO" of a fax's specks) are
		// no value when a number's worth of them stands in the cell below.
		seen = firstN(near, 4)
		regions = append(regions, run.valueRegion(seen, m.lk.kind))
	case alnumIn(near) == 0 && numberLike(firstN(far, 4)) && digitsIn(firstN(far, 4)) >= 8:
		// A table's row: the label in its first column, the value,
		// garbled, in the next ("106-91-017-48250" for IOE9101748250),
		// and the next row's look-alike in the cell below ("FILE
		// REFERENCE" "CB0690352093"), which a re-read of the cell would
		// read instead. A value's worth of digits far along the label's
		// line is its value.
		seen = firstN(far, 4)
		regions = append(regions, run.valueRegion(seen, m.lk.kind))
	case len(below) > 0 && numberLike(below):
		seen = firstN(below, 4)
		regions = append(regions, run.valueRegion(seen, m.lk.kind))
		inCellBelow = true
	case m.lk.kind == KindANumber && len(below) == 1 && run.loneA(below[0]):
		// The A of the value below, its digits lost: the region runs
		// on from it as far as an A-Number's digits would.
		seen = below
		regions = append(regions, run.valueRegion(seen, m.lk.kind))
		inCellBelow = true
	case len(near) == 0 && len(far) > 0 && numberLike(far):
		// The value far along the label's line, garbled past parsing
		// ("A NUMBER ... AQ@30976651") while prose fills the cell below.
		seen = firstN(far, 4)
		regions = append(regions, run.valueRegion(seen, m.lk.kind))
	case len(near) == 0 && len(below) == 0:
		regions = append(regions, run.besideRegion(m, h),
			Box{m.box.X0 - 0.5*h, m.box.Y1 + 0.2*h, math.Max(m.box.X1, m.box.X0+15*h), m.box.Y1 + 2.5*h})
	case len(near) == 0 && endsWithColon(m):
		// "Number:" with nothing after it, and another field below: the
		// value was printed beside the label and did not come out (a
		// blot, a fold, a smear read as nothing).
		regions = append(regions, run.besideRegion(m, h))
	}
	opened := 0
	for _, reg := range regions {
		if w := run.l.page.Width; w > 0 {
			reg.X1 = math.Min(reg.X1, w)
		}
		if ht := run.l.page.Height; ht > 0 {
			reg.Y1 = math.Min(reg.Y1, ht)
		}
		if reg.X1 <= reg.X0 || reg.Y1 <= reg.Y0 {
			continue
		}
		digits := 0
		if m.lk.kind == KindANumber && glyphsAfterA(seen) == 9 {
			// The page showed nine glyphs where the value is, however
			// misread: a re-read of fewer digits lost one (see
			// glyphsAfterA), and padded would make another A-Number.
			digits = 9
		}
		r.Slots = append(r.Slots, Slot{
			Kind: m.lk.kind, Page: run.l.page.Number, Label: m.text, LabelBox: m.box,
			Region: reg, Charset: charsets[m.lk.kind], source: run.l.page.Source, quality: m.quality,
			shaped: m.weak && m.lk.kind == KindANumber,
			seen:   append(seenAt(m, seen), joinText(far)),
			digits: digits,
		})
		opened++
	}
	return inCellBelow && opened == 1
}

// lettersBesideDigitsBelow reports words beside a label with no digit in
// them, however many of their letters look like digits (a rule read "TT"
// before the next cell's "APPLICANT/PETITIONER"), over a cell below that
// holds a value's worth of digits ("KAN" "18" "332:09608", a speck's colon
// in it): the value is below, and a re-read beside it reads the caption.
func lettersBesideDigitsBelow(near, below []*word) bool {
	return digitsOnly(joinText(near)) == "" && len(digitsOnly(joinText(firstN(below, 4)))) >= 8
}

// glyphsAfterA counts the characters of a lone word read where an
// A-Number belongs, after its A: a word of letters and digits, most of
// them digits. A table's rule through a value's last digit made every
// re-read drop it ("A19415197" where the page read "a19aisi974"), and the
// eight digits left, padded, made another A-Number; the page's misread
// glyphs still counted nine. It is 0 for anything else.
func glyphsAfterA(ws []*word) int {
	if len(ws) != 1 {
		return 0
	}
	t := strings.TrimLeft(ws[0].text, leadMarks)
	if t != "" && (t[0] == 'A' || t[0] == 'a') {
		t = t[1:]
	}
	t = strings.TrimRight(t, wordMarks)
	n, digits := 0, 0
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case !unicode.IsLetter(r):
			return 0
		}
		n++
	}
	if 2*digits <= n {
		return 0
	}
	return n
}

// beside is the region right of a label, where a value printed on the
// label's line sits.
func beside(m *labelMatch, h float64) Box {
	return Box{m.box.X1 + 0.2*h, m.box.Y0 - 0.3*h, m.box.X1 + 15*h, m.box.Y1 + 0.3*h}
}

// besideRegion is beside, reaching on to the column of values (words
// with digits) the lines around the label start far right of it: a
// two-column form sets its values a third of the page from their labels
// ("Receipt No.:" at x 407, its value at 1035, 20 line heights on), and
// beside ended at the value's fourth character, so every re-read of a
// value the page did not read came out empty.
func (run *pageRun) besideRegion(m *labelMatch, h float64) Box {
	b := beside(m, h)
	at := lineIndex(run.l, m.line)
	col := math.Inf(1)
	for d := -2; d <= 2; d++ {
		if d == 0 || at+d < 0 || at+d >= len(run.l.lines) {
			continue
		}
		for _, w := range run.l.lines[at+d].words {
			if w.box.X0 > m.box.X1+h && strings.ContainsAny(w.text, "0123456789") {
				col = math.Min(col, w.box.X0)
				break
			}
		}
	}
	if col+valueReach*h > b.X1 && col < m.box.X1+columnReach*h {
		b.X1 = col + valueReach*h
	}
	return b
}

// valueReach is how wide, in line heights, a value of any kind printed
// from a column's left edge may run (thirteen characters and their
// groups' spaces), and columnReach how far right of its label a column of
// values may start.
const (
	valueReach  = 14
	columnReach = 40
)

// endsWithColon reports a label printed as a field caption, "Number:",
// whose value belongs beside it.
func endsWithColon(m *labelMatch) bool {
	return strings.HasSuffix(m.line.words[m.last].text, ":")
}

// valueChars is how many letters and digits a kind's value has in print.
var valueChars = map[Kind]int{
	KindOnlineAccountNumber: 12,
	KindReceiptNumber:       13,
	KindANumber:             10,
}

// valueRegion is where to re-read a value of kind k whose first reading
// is ws: around those words, and as wide as the whole value would be.
// The first pass sometimes drops a group of digits at the edge of a value
// (a speck or a box rule next to it makes Tesseract treat it as a
// picture), and a re-read of only the groups it kept cannot bring the lost
// one back. The region grows by the missing characters on both sides,
// since which end was lost is unknown, but never over other words of the
// value's line: a label beside the value read with a digits-only
// whitelist would turn into digits.
func (run *pageRun) valueRegion(ws []*word, k Kind) Box {
	h := run.l.h
	b := unionWords(ws)
	reg := lineAround(b, h)
	var alnum, runes int
	for _, w := range ws {
		for _, r := range w.text {
			runes++
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				alnum++
			}
		}
	}
	short := valueChars[k] - alnum
	if short <= 0 || runes == 0 {
		return reg
	}
	// Printed groups are split by a space or dash about every four
	// characters, hence the extra quarter.
	grow := 1.25 * float64(short) * (b.X1 - b.X0) / float64(runes)
	x0, x1 := math.Max(0, reg.X0-grow), reg.X1+grow
	// ws lie within b, so only the line's other words fall either side.
	// A word with digits close after them goes on the value, which noise
	// broke into more words than were taken ("4" "aie)" ":" "994" "4"
	// "ao24" for 4479 9994 4934): cut there, every re-read lost the last
	// digits.
	gap := 0.2 * h
	for _, w := range run.l.lines[ws[0].line].words {
		switch {
		case w.box.X1 <= b.X0:
			x0 = math.Max(x0, math.Min(reg.X0, w.box.X1+gap))
		case w.box.X0 >= b.X1 && !(w.box.X0-b.X1 <= 1.6*h && strings.ContainsAny(w.text, "0123456789")):
			x1 = math.Min(x1, math.Max(reg.X1, w.box.X0-gap))
		}
	}
	reg.X0, reg.X1 = x0, x1
	return reg
}

// lineAround is the re-read region of words in box b on lines h high:
// a margin for Tesseract to find the baseline, small enough vertically to
// keep the neighbouring lines out.
func lineAround(b Box, h float64) Box {
	return Box{math.Max(0, b.X0-0.6*h), math.Max(0, b.Y0-0.4*h), b.X1 + 0.6*h, b.Y1 + 0.4*h}
}

// digitsIn counts the digits and digit look-alikes in ws.
func digitsIn(ws []*word) int {
	n := 0
	for _, w := range ws {
		for _, r := range w.text {
			if unicode.IsDigit(r) || digitRepairs[r] != 0 {
				n++
			}
		}
	}
	return n
}

// seenAt is what the first pass read where label m's value belongs: the
// words near it, and the label's own last word, into which OCR sometimes
// runs the value ("NUMBER.NY-24-080-44017").
func seenAt(m *labelMatch, near []*word) []string {
	return []string{m.line.words[m.last].text, joinText(near)}
}

func joinText(ws []*word) string {
	var b strings.Builder
	for _, w := range ws {
		b.WriteString(w.text)
	}
	return b.String()
}

func firstN(ws []*word, n int) []*word {
	if len(ws) > n {
		return ws[:n]
	}
	return ws
}

func (run *pageRun) standsAlone(m *labelMatch) bool {
	last := m.line.words[m.last].text
	if len(last) > 0 && (last[len(last)-1] == ':' || last[len(last)-1] == '#') {
		return true
	}
	if m.first == 0 || m.box.X0-m.line.words[m.first-1].box.X1 > 2*run.l.h {
		return true
	}
	// Fax specks sorted into the line (";", ".") are not prose around the
	// label: counted, they made a garbled value's label look like a line
	// of text, and its value was lost without a word.
	// Nor are the other captions of a table's head ("Name Form Receipt
	// Number Alien Number"), nor the caption's own "(if any)": with it,
	// a speck before the label and a value garbled in two words
	// ("2018" "7172°2932") made a line of prose of a form's field.
	others := 0
	for i, w := range m.line.words {
		if (i < m.first || i > m.last) && hasText(w.text) && run.labelOf[w] == nil && !ifAnyWord(w) {
			others++
		}
	}
	return others <= 3
}

// ifAnyWord reports a word of a caption's "(if any)", its brackets read
// as others or run into a letter ("tif"): the filler words of it.
func ifAnyWord(w *word) bool {
	t := bracketFold.Replace(strings.ToLower(strings.Trim(w.text, ".,;")))
	return fillerWords[t] && (strings.HasSuffix(t, "if") || strings.HasPrefix(t, "any")) || ifAnyRunTogether(t)
}

// alnumIn counts the letters and digits in ws.
func alnumIn(ws []*word) int {
	n := 0
	for _, w := range ws {
		for _, r := range w.text {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				n++
			}
		}
	}
	return n
}

// numberLike reports whether the words are mostly digits or their OCR
// look-alikes: a garbled value, not prose.
func numberLike(ws []*word) bool {
	var digits, all int
	for _, w := range ws {
		for _, r := range w.text {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				continue
			}
			all++
			if unicode.IsDigit(r) || digitRepairs[r] != 0 {
				digits++
			}
		}
	}
	return all > 0 && digits*10 >= all*4
}

// pruneSlots drops slots that cannot add anything: a document carries one
// Online Account Number and one A-Number, so once one is found, re-reading
// more places for it only risks a wrong second value.
func (r *Result) pruneSlots() {
	have := map[Kind]bool{}
	for _, f := range r.Findings {
		have[f.Kind] = true
	}
	var keep []Slot
	for _, s := range r.Slots {
		if s.Current == "" && have[s.Kind] && s.Kind != KindReceiptNumber && !s.row && !(s.bare && r.inColumn(s)) {
			continue
		}
		keep = append(keep, s)
	}
	r.Slots = keep
}

// inColumn reports a slot in a column of values of its kind found on its
// page, in another row: a table of a family's A-Numbers, one value each.
// A stray there is the next person's, not a copy of the one found: a
// case table's "A271886725", read in a second look and so no value on
// its own, went unread among three A-Numbers of its column.
func (r *Result) inColumn(s Slot) bool {
	for _, f := range r.Findings {
		if f.Kind != s.Kind {
			continue
		}
		// A finding's occurrences hold its own place too (see Add).
		for _, o := range f.Occurrences {
			b := o.BBox
			if o.Page != s.Page || b.Y1 > s.Region.Y0 && b.Y0 < s.Region.Y1 {
				continue
			}
			if over := math.Min(b.X1, s.Region.X1) - math.Max(b.X0, s.Region.X0); over >= 0.5*(b.X1-b.X0) {
				return true
			}
		}
	}
	return false
}

// Resolve votes over re-readings of a slot. Each reading goes through the
// same slot rules as first-pass text (repairs, prefix list, lengths); the
// value read most often wins if at least two readings agree and no other
// value ties it. It returns false when the readings do not settle a value.
func Resolve(s Slot, readings []Reading) (Finding, bool) {
	f, _, ok := resolve(s, readings)
	return f, ok
}

// tally is how a slot's re-readings voted.
type tally struct {
	// n readings voted for the winner, with a mean confidence of mean.
	n    int
	mean float64
	// current readings gave the first pass's value (Slot.Current), and
	// other readings another valid value.
	current, other int
}

// Sure reports a check of a first reading Tesseract was sure of, with
// nothing repaired: one re-read that repeats it settles it (see Repeats),
// so the caller may stop re-reading there.
func (s Slot) Sure() bool { return s.sure && s.Current != "" }

// Repeats reports whether a re-reading gives the value the page read
// (Current), as the slot rules parse it.
func (s Slot) Repeats(rd Reading) bool {
	c, ok := s.parseReading(rd)
	return ok && s.Current != "" && c.value == s.Current
}

// Confirmer returns the test ConfirmLine stops on for a sure first
// reading: a re-read that repeats it, unless a re-read before it made
// another valid value of the line. Then the first variants split, and the
// rest are read to weigh them: a gray variant repeated a misread 6 that
// the binarized one before it, and every variant of the other model, read
// as 8.
func (s Slot) Confirmer() func(Reading) bool {
	split := false
	return func(rd Reading) bool {
		if c, ok := s.parseReading(rd); ok && c.value != s.Current {
			split = true
		}
		return !split && s.Repeats(rd)
	}
}

// WantsSecondModel reports a check whose re-reads (the page model's
// variants) read another value at least as often as the first reading's,
// at least two of them, whether or not they settle it: Tesseract scores 0 a
// line it reads right now and then, a few readings of one model decide
// nothing, and one model's majority misreads a digit now and then with
// all its variants alike. The caller adds the re-read model's readings,
// and the vote over all of them decides (see bothModelsAgree). So it does
// when no re-read of a faint first reading gives a value at all. A check
// the re-reads repeat, or scatter over many values, is left as it is.
func (s Slot) WantsSecondModel(rds []Reading) bool {
	if s.Current == "" || len(rds) != oneRecognizer {
		return false
	}
	if f, t, ok := resolve(s, rds); ok {
		// A sure first reading stands against one model's majority (see
		// ResolveSlots), so that majority asks the other model: a sure
		// 6 that three variants read as 0 was a fax speck's misreading,
		// and only both models alike may replace it. A faint one too:
		// three variants made a 6 of a slashed zero the page read right,
		// and the other model an 8.
		if f.Value != s.Current && 2*t.n > len(rds) {
			return true
		}
	}
	votes := map[string]int{}
	for _, rd := range rds {
		if c, ok := s.parseReading(rd); ok {
			votes[c.value]++
		}
	}
	for v, n := range votes {
		if v != s.Current && n >= 2 && n >= votes[s.Current] {
			return true
		}
	}
	// Not one line of a faint first reading parsed: the page model's
	// crops all lost a character (a label's stop caught at the margin
	// stood for the value's first digit), and only the other model can
	// repeat the reading.
	return len(votes) == 0 && !s.sure
}

// parseReading makes a value of one re-reading, or none: a reading with
// fewer digits than the first pass read dropped one.
func (s Slot) parseReading(rd Reading) (candidate, bool) {
	w := &word{text: labelStop(rd.Text), box: s.Region, conf: rd.Conf}
	c, ok := parse(s.Kind, []*word{w}, !s.bare)
	if !ok {
		w.text = trimStray(rd.Text)
		c, ok = parse(s.Kind, []*word{w}, !s.bare)
	}
	if !ok && s.bare && s.Kind == KindANumber {
		// The A of a stray read as a 4 ("4021479564", where the re-read
		// model read "A021479564"): ten digits in one run are no
		// A-Number's, and one led by a 4 is its A and nine.
		if t := trimStray(rd.Text); len(t) == 10 && t[0] == '4' && allDigits(t) {
			w.text = "A" + t[1:]
			c, ok = parse(s.Kind, []*word{w}, false)
		}
	}
	if !ok && s.Kind == KindReceiptNumber && s.Label != "" {
		// A receipt label's value, re-read alone, whose office code came
		// out as digits or lost a letter.
		for _, text := range []string{labelStop(rd.Text), trimStray(rd.Text)} {
			w.text = text
			if ws := dropFiller([]*word{w}); len(ws) > 0 {
				if c, ok = parseReceiptCode(newRuneText(ws), true); ok {
					break
				}
			}
		}
	}
	ok = ok && digitsIn(c.words) >= s.digits && (!s.shaped || aNumberShaped(c.display)) && (!s.bare || len(c.repairs) == 0)
	if joined := strings.Join(strings.Fields(rd.Text), ""); !ok && s.Current != "" && joined != rd.Text {
		// A re-read that parts the first reading's characters where it
		// did not ("A-48025 1 17" for "A-48025117") repeats it: only
		// the value read first is taken so, as spaces may also part a
		// value from a neighbour's digits.
		if j, jok := s.parseReading(Reading{Text: joined, Conf: rd.Conf, Variant: rd.Variant}); jok && j.value == s.Current {
			return j, true
		}
	}
	return c, ok
}

// resolve is Resolve, also giving the vote.
func resolve(s Slot, readings []Reading) (Finding, tally, bool) {
	votes := map[string]int{}
	var best map[string]candidate = map[string]candidate{}
	confSum := map[string]float64{}
	var unparsed []Reading
	for _, rd := range readings {
		c, ok := s.parseReading(rd)
		if !ok {
			unparsed = append(unparsed, rd)
			continue
		}
		votes[c.value]++
		confSum[c.value] += clamp01(rd.Conf)
		if _, seen := best[c.value]; !seen {
			best[c.value] = c
		}
	}
	if s.countsGarbledOffice() {
		// A reading with the digits of a value read whole twice or more,
		// and its office code one letter off and no office ("WAL" for
		// WAC, "WOE" or "IO0E" for IOE, "NBCA" for NBC, "RC" for SRC),
		// is a reading of that value: the office letters blur where the
		// digits do not. On a fax "R WAC-12-900-53499" three times and
		// "R WAL-12-900-53499" twice left a receipt label unread, each
		// short of a majority. Only an open label's: against a value the
		// page read, all eight re-reads of a fax read a printed 5 as 9,
		// five of them whole and three with their office garbled, and
		// together they replaced it.
		for _, rd := range unparsed {
			if v, ok := officeGarbled(rd.Text, votes); ok {
				votes[v]++
				confSum[v] += clamp01(rd.Conf)
			}
		}
	}
	t := tally{current: votes[s.Current]}
	for _, k := range votes {
		t.other += k
	}
	t.other -= t.current
	win, n, tie := "", 0, false
	for v, k := range votes {
		switch {
		case k > n:
			win, n, tie = v, k, false
		case k == n:
			tie = true
		}
	}
	valid := 0
	for _, k := range votes {
		valid += k
	}
	// Without a majority the winner must stand unopposed: variants that
	// read other valid values from the same digits show them too
	// degraded to trust one reading (two of four reading 0 as 8 made a
	// wrong account number while a third read a third value).
	//
	// Readings of two recognizers (more than the four variants one reads)
	// settle only with a majority of all of them: each recognizer now and
	// then misreads a digit with all its variants agreeing, so half of
	// them is one recognizer's misreading (the re-read model's 8 for a 9,
	// with one variant of the page model's).
	unsettled := win == "" || tie || (n < 2 && len(readings) > 1) || (2*n <= len(readings) && (valid > n || len(readings) > oneRecognizer))
	lead := unsettled && !tie && s.clearLead(readings, win, n, valid-n)
	if lead {
		unsettled = false
	}
	var mean float64
	var voted, picked bool
	if unsettled {
		// Variants that each misread a different character still agree
		// on every other one: the value whose every character most
		// readings share is settled character by character. Across
		// both recognizers' eight, only when no whole reading was read
		// more often: each misreads its own digits, and characters
		// shared by different readings made a wrong value ("...00708744"
		// read twice, where three readings gave "...09708744" and the 9
		// was printed).
		top := n
		var c candidate
		if c, n, mean, voted = byCharacter(s.Kind, votes, confSum, len(readings)); !voted || modelsSplit(s, readings) || len(readings) > oneRecognizer && votes[c.value] < top {
			v, ok := firstReadingPicks(s, readings)
			if !ok {
				v, ok = modelsLead(s, readings)
			}
			if !ok || votes[v] == 0 {
				return Finding{}, t, false
			}
			c, n, mean, voted, picked = best[v], votes[v], confSum[v]/float64(votes[v]), false, true
		}
		win = c.value
		best[win] = c
	} else {
		mean = confSum[win] / float64(n)
	}
	// Tesseract gives a line it could not really read a confidence of 0,
	// whatever the whitelist made of it; agreement between such readings
	// is agreement on noise.
	t.n, t.mean = n, mean
	if mean < minRereadConf {
		// Unless every reading of both recognizers but one gave the
		// value: eight readings, two models and four treatments do not
		// agree to the character on noise. A photographed legacy receipt
		// number ("NBC-25-090-22735") read alike by all eight, each
		// scored 0; on a dense fax seven read "IOE0909307256" and the
		// eighth lost its I. A label's value the page did not read at
		// all settles with a majority of both recognizers' readings:
		// nothing read stands against it, and the finding is reported
		// unsure rather than the label named unread. On ten harsh sets
		// such majorities were right four times of four
		// ("10E0008382091" five times of eight, a trailing stop scoring
		// each 0), while majorities at 0 against a value the page read
		// were wrong all five times: those stay refused. So does a value
		// pieced together character by character from such readings:
		// the measured majorities were of one value, read alike.
		openMajority := s.Current == "" && s.Label != "" && 2*n > len(readings) && !voted || lead
		if n < len(readings)-1 && !openMajority || len(readings) <= oneRecognizer {
			return Finding{}, t, false
		}
		mean = minRereadConf
	}
	c := best[win]
	agree := float64(n) / float64(len(readings))
	q := s.quality
	if q == 0 {
		q = 0.9
	}
	conf := clamp01(math.Sqrt(mean) * q * 0.9 * math.Sqrt(agree) * math.Pow(0.95, float64(len(c.repairs))))
	src := s.source
	if src == "" {
		src = SourceOCR
	}
	how := fmt.Sprintf("re-read: %d of %d variants agree", n, len(readings))
	switch {
	case voted:
		how = fmt.Sprintf("re-read: each character read alike by at least %d of %d variants", n, len(readings))
	case picked:
		how = fmt.Sprintf("re-read: %d of %d variants agree, and every legible character of the first reading", n, len(readings))
	}
	corr := append([]string{how}, c.repairs...)
	return Finding{
		Kind: s.Kind, Value: c.value, Display: c.display, Page: s.Page, BBox: s.Region,
		Label: s.Label, Confidence: conf, Source: src, Corrections: corr,
	}, t, true
}

// officeGarbled returns the receipt number among votes (each read whole,
// two readings or more) that text reads with its office code garbled: the
// value's ten digits, and before them two to four characters, a letter
// among them, one edit from its office and no office themselves. A
// separator or a speck's mark between the groups is left out; a word
// before the code ("R" of a table's rule) is not part of it.
func officeGarbled(text string, votes map[string]int) (string, bool) {
	fields := strings.Fields(text)
	for i := range fields {
		n := strings.ToUpper(without(strings.Join(fields[i:], ""), "-.,_'‘’~"))
		n = strings.TrimRight(n, ":;")
		if len(n) < 12 || len(n) > 14 {
			continue
		}
		code, digits := n[:len(n)-10], n[len(n)-10:]
		if !allDigits(digits) || IsOfficeCode(code) || strings.IndexFunc(code, unicode.IsLetter) < 0 {
			continue
		}
		var match string
		for v, k := range votes {
			if k >= 2 && len(v) == 13 && v[3:] == digits && editDistance(code, v[:3], 1) >= 0 {
				if match != "" {
					return "", false
				}
				match = v
			}
		}
		if match != "" {
			return match, true
		}
	}
	return "", false
}

// clearLead reports a label's value the page did not read, re-read by
// both recognizers, that n readings gave (v) while the others gave no
// valid value at all, or, with four or more of both recognizers, at most
// half as many gave others together (rest). Half of eight readings is no
// majority, but where the rest garbled the line past reading it is not
// one reading against another either. On nine harsh sets every such lead
// of three or four alone, and every four against two, was the printed
// value (sixteen of sixteen), while one lead of three against one in
// four, and both of four against four, were misread. Against another
// value one recognizer's variants alike are its misreading now and then,
// so both must be in the lead, unless the other recognizer's readings
// scatter (see oneUnanimous). A value the page read, and a place no
// label names, keep the majority rule, and so does a lead whose last
// digit the crop cut (see cutShort).
func (s Slot) clearLead(rds []Reading, v string, n, rest int) bool {
	if v == "" || s.Current != "" || s.Label == "" || s.bare || len(rds) != 2*oneRecognizer || cutShort(rds, v) {
		return false
	}
	if rest == 0 {
		return n >= 3
	}
	if oneUnanimous(s, v, rds) {
		return true
	}
	if n < oneRecognizer || n < 2*rest {
		return false
	}
	for m := range 2 {
		part := rds[m*oneRecognizer : (m+1)*oneRecognizer]
		if len(s.votes(part)[v]) == 0 && !slices.ContainsFunc(part, func(rd Reading) bool { return s.officeGarbledRead(rd, v) }) {
			return false
		}
	}
	return true
}

// officeGarbledRead reports a reading of an open receipt label's value v
// with its office code garbled, as resolve counts it (see officeGarbled):
// a recognizer that read the digits so is in the lead with the other
// ("YOE-98-045-272 12" twice by the page model, "1OE-98-045-272 12"
// twice by the re-read model, for IOE9804527212).
func (s Slot) officeGarbledRead(rd Reading, v string) bool {
	if !s.countsGarbledOffice() {
		return false
	}
	w, ok := officeGarbled(rd.Text, map[string]int{v: 2})
	return ok && w == v
}

// countsGarbledOffice reports a slot whose readings with the office code
// garbled count for the value whose digits they read: an open receipt
// label's (see resolve).
func (s Slot) countsGarbledOffice() bool {
	return s.Kind == KindReceiptNumber && s.Current == "" && s.Label != ""
}

// oneUnanimous reports a lead of one recognizer's four readings alike
// (v) while the other's made two or more valid values of the line, none
// more than twice and none a value the document holds elsewhere: that
// one is not reading another value, it is misreading this one a digit
// here and there ("A 262.784 726" four times, "A 262.184 726" and
// "A 262 184 726" by the other beside two readings of nothing). Over
// thirty-three harsh sets such leads over a label's open value were the
// printed value six times, and wrong once: the page model's four alike
// on page 2 against the re-read model's two readings of the receipt
// number page 1 held, which was the one printed; that is not scatter.
// Against a value the page read, such a lead was wrong all four times
// measured: it settles open values only (see clearLead). One recognizer
// alike against the other alike, four to four, stays unsettled: both
// times measured, neither was printed.
func oneUnanimous(s Slot, v string, rds []Reading) bool {
	for m := range 2 {
		other := s.votes(rds[(1-m)*oneRecognizer : (2-m)*oneRecognizer])
		if top, n, _, _ := modelTop(s, rds, m); top != v || n != oneRecognizer || len(other[v]) > 0 {
			continue
		}
		valid, most := 0, 0
		for w, rs := range other {
			if slices.Contains(s.elsewhere, w) {
				return false
			}
			valid += len(rs)
			most = max(most, len(rs))
		}
		if valid >= 2 && most <= 2 {
			return true
		}
	}
	return false
}

// cutShort reports a reading that gives value v's digits but the last:
// the crop ends at the value's last glyph, and what the other readings
// made of it is a guess at a cut digit ("EAC210804094" from two variants,
// "...0948" from four, for a printed ...0949).
func cutShort(rds []Reading, v string) bool {
	d := digitsOnly(v)
	if d == "" {
		return false
	}
	for _, rd := range rds {
		if digitsOnly(trimStray(labelStop(rd.Text))) == d[:len(d)-1] {
			return true
		}
	}
	return false
}

// byCharacter settles valid readings that differ in a character or two:
// on a noisy line each variant tends to misread a different digit (one
// reads a slashed 0 as 8, another a 1 as 7), so no value wins a majority
// although most variants agree on every character. Each position of the
// value goes to the character more than half of all n readings gave it
// there, among readings of the value's length; a position without such a
// majority settles nothing, and so does a result the slot rules reject.
// It returns the value, the fewest readings behind any of its characters,
// and the mean confidence of the readings that voted.
func byCharacter(kind Kind, votes map[string]int, confSum map[string]float64, n int) (candidate, int, float64, bool) {
	byLen := map[int]int{}
	for v, c := range votes {
		byLen[len(v)] += c
	}
	size := 0
	for l, c := range byLen {
		if 2*c > n {
			size = l
		}
	}
	if size == 0 {
		return candidate{}, 0, 0, false
	}
	out := make([]byte, size)
	least := n
	for i := range size {
		count := map[byte]int{}
		for v, c := range votes {
			if len(v) == size {
				count[v[i]] += c
			}
		}
		top, k := byte(0), 0
		for ch, c := range count {
			if c > k {
				top, k = ch, c
			}
		}
		if 2*k <= n {
			return candidate{}, 0, 0, false
		}
		out[i] = top
		least = min(least, k)
	}
	value := string(out)
	// The consensus goes through the slot rules like any reading.
	c, ok := parse(kind, []*word{{text: value, conf: 1}}, true)
	if !ok || c.value != value {
		return candidate{}, 0, 0, false
	}
	var sum float64
	var m int
	for v, cnt := range votes {
		if len(v) == size {
			sum += confSum[v]
			m += cnt
		}
	}
	return c, least, sum / float64(m), true
}

// modelsSplit reports readings of two recognizers (the page model's
// variants, then the re-read model's) of which each settles, character by
// character, on a value of its own: the character vote over all of them
// then only says which recognizer read more variants alike. Each model
// read a digit of its own across its variants ("…59999" against
// "…59959"), and the vote took the re-read model's wrong one.
func modelsSplit(s Slot, readings []Reading) bool {
	got, ok := modelValues(s, readings)
	return ok && got[0] != got[1]
}

// modelValues returns the value each recognizer's readings settle on,
// character by character (the page model's, then the re-read model's),
// when both do.
func modelValues(s Slot, readings []Reading) ([2]string, bool) {
	var got [2]string
	if len(readings) != 2*oneRecognizer {
		return got, false
	}
	for m := range got {
		votes := map[string]int{}
		confSum := map[string]float64{}
		for _, rd := range readings[m*oneRecognizer : (m+1)*oneRecognizer] {
			if c, ok := s.parseReading(rd); ok {
				votes[c.value]++
				confSum[c.value] += clamp01(rd.Conf)
			}
		}
		c, _, _, ok := byCharacter(s.Kind, votes, confSum, oneRecognizer)
		if !ok {
			return got, false
		}
		got[m] = c.value
	}
	return got, true
}

// firstReadingPicks breaks a split between the two recognizers over an
// open slot with what the page's first pass read there, garbled past
// parsing: the value whose every character that pass read legibly is the
// same, where the other's is not, has two readings of three behind it.
// The first pass read "A0?3-435-678"; the re-read model read A013435678
// and the page model, a speck beside the line taken for a digit,
// A034356787.
func firstReadingPicks(s Slot, readings []Reading) (string, bool) {
	got, ok := modelValues(s, readings)
	if s.Current != "" || !ok || got[0] == got[1] {
		return "", false
	}
	fit := [2]bool{}
	for m, v := range got {
		fit[m] = slices.ContainsFunc(s.seen, func(seen string) bool { return garbledCopy(seen, v) })
	}
	switch {
	case fit[0] && !fit[1]:
		return got[0], true
	case fit[1] && !fit[0]:
		return got[1], true
	}
	return "", false
}

// garbledCopy reports whether text, its separators left out, holds v
// with one or two of its characters read as a mark ('?', Tesseract's
// sign for a glyph it could not make out) or as a letter OCR makes of that
// digit, and every other character the same.
func garbledCopy(text, v string) bool {
	t := []rune(without(text, " -.,_'‘’"))
	want := []rune(v)
	for at := 0; at+len(want) <= len(t); at++ {
		garbled, ok := 0, true
		for k, c := range want {
			g := t[at+k]
			switch {
			case unicode.ToUpper(g) == c:
			case g == '?' || digitRepairs[g] == c:
				garbled++
			default:
				ok = false
			}
			if !ok {
				break
			}
		}
		if ok && garbled > 0 && garbled <= 2 {
			return true
		}
	}
	return false
}

// labelStop drops a lone letter or digit with a stop after it that opens
// a re-read line: the crop's margin caught the label's last letter and its
// stop ("NUMBER." re-read as "2. 6299992 3743", the value's first digit
// lost beside it). No value has a stop after its first character, and
// left on, the stray stands in for the lost digit and the line validates
// as another value; trimStray drops it only from lines that do not parse.
func labelStop(text string) string {
	fs := strings.Fields(text)
	if len(fs) < 2 {
		return text
	}
	rs := []rune(fs[0])
	if len(rs) == 2 && (unicode.IsLetter(rs[0]) || unicode.IsDigit(rs[0])) && strings.ContainsRune(".,:", rs[1]) {
		return strings.Join(fs[1:], " ")
	}
	return text
}

// trimStray drops a lone character standing apart at either end of a
// re-read line: the crop's margin catches a speck, the edge of the label
// or of a box rule, which Tesseract reads as a letter or digit ("2 IOE 80
// 488 00823", "H SRC22 223 63267") and which then spoils the value.
func trimStray(text string) string {
	// A separator the whitelist lets through may hang on the speck ("0.").
	lone := func(f string) bool { return utf8.RuneCountInString(strings.Trim(f, ".,-")) <= 1 }
	// The crop's left margin reaches into the label's last letters
	// ("Number," re-read as "IT 2SF1718299697" or "T, ZSF…"): two
	// letters before the value are its tail, never part of a value.
	tail := func(f string) bool {
		f = strings.Trim(f, ".,-")
		return utf8.RuneCountInString(f) == 2 && strings.IndexFunc(f, func(r rune) bool { return !unicode.IsLetter(r) }) < 0
	}
	// A table's column left of the value reaches into a crop made from a
	// word that ran the two together: "00 YSC 1995034750" with the "00"
	// of "N-400". Two or three digits before a word that begins with a
	// letter are no part of a value, which begins with its letters.
	column := func(f, next string) bool {
		f = strings.Trim(f, ".,-")
		n := utf8.RuneCountInString(f)
		r, _ := utf8.DecodeRuneInString(next)
		return n >= 2 && n <= 3 && allDigits(f) && unicode.IsLetter(r)
	}
	fs := strings.Fields(text)
	if len(fs) > 1 && (lone(fs[0]) || tail(fs[0]) || column(fs[0], fs[1])) {
		fs = fs[1:]
	}
	if n := len(fs); n > 1 && lone(fs[n-1]) {
		fs = fs[:n-1]
	}
	return strings.Join(fs, " ")
}

// oneRecognizer is how many variants of a line one recognizer reads.
const oneRecognizer = 4

// minRereadConf is the mean word confidence the winning re-readings need.
const minRereadConf = 0.05

// refuseBelow is the mean word confidence under which a first reading
// needs a re-read to repeat it.
const refuseBelow = 0.5

// surerReread is how much higher the mean word confidence of a re-read
// majority must be than the first reading's to replace it.
const surerReread = 0.1

// ResolveSlots re-reads every open slot through read (which does the
// image work; the extractor itself does none) and adds the values the
// readings settle. Slots that stay open remain in r.Slots.
func (r *Result) ResolveSlots(read func(Slot) []Reading) {
	var open []Slot
	type label struct {
		page int
		box  Box
	}
	settled := map[label]bool{}
	var places []place
	// repeated holds the values whose re-reads read them again; unrepeated
	// the unsure first readings that stood though no re-read did (see
	// dropCopies).
	repeated := map[kindValue]bool{}
	var unrepeated []Slot
	for _, s := range r.Slots {
		places = append(places, place{s, read(s)})
	}
	for i, pl := range places {
		s, rds := pl.slot, pl.rds
		for _, f := range r.Findings {
			if f.Kind == s.Kind && f.Value != s.Current {
				s.elsewhere = append(s.elsewhere, f.Value)
			}
		}
		if s.readAsPrinted(rds) {
			// Both recognizers read the digits the glyphs put back as
			// first read: the glyphs misled, and the value is what
			// was read, settled by the re-reads as any other.
			r.unshape(&s)
		}
		// A first reading that another place of the document reads
		// alike, its re-reads there repeating it, is not replaced by a
		// value one character off it: notices print their numbers more
		// than once, and both places misreading one digit alike is less
		// likely than one place's re-reads misreading it (all four of
		// the re-read model's "YSC2100889136" over a first reading of
		// YSC2100889126 that the receipt number's other place read, and
		// four re-reads there with it).
		held := func(v string) bool { return oneCharOff(v, s.Current) && readAlikeElsewhere(places, i) }
		twin, isTwin := r.twinOf(s, rds)
		isTwin = isTwin && !held(twin.Value)
		shaped, isShaped := s.shapeChoice(rds)
		isShaped = isShaped && !held(shaped.Value)
		dropped, isDropped := s.insertedDigit(rds)
		f, t, ok := resolve(s, rds)
		switch {
		case isDropped && !isShaped:
			// Every re-read but one, surely and surer than the first
			// reading, reads the value without a digit the first pass
			// put between two others (see insertedDigit).
			r.drop(s)
			r.Add(dropped)
		case isShaped:
			// A re-read made the value whose digits the glyphs show, where
			// the first reading has a digit whose glyph has another's
			// holes (a 0 read as 6 through fax specks).
			r.drop(s)
			r.Add(shaped)
		case isTwin:
			// The re-reads read, more often than the first reading, a
			// value found elsewhere in the document that differs from it
			// in one character: notices repeat their numbers, and this
			// copy was misread (a 0 read as 6 on one page of a fax).
			r.drop(s)
			r.Add(twin)
		case s.Current != "" && ok && f.Value != s.Current && !shapeBacks(s.glyphs, s.Current, f.Value) && !held(f.Value) &&
			(2*t.n > len(rds) && (!s.sure && (f.Confidence > r.confidenceOf(s) || t.mean > s.conf+surerReread || s.conf < refuseBelow && t.current == 0 && leads(s, f.Value, rds)) || bothModelsAgree(t, rds) || rereadModelBacks(s, f.Value, rds)) ||
				leadsUnrepeated(s, f.Value, t, rds)):
			// The re-read outvotes the first reading: replace it. That
			// takes a majority of all variants, not just two: variants
			// with the same binarization agree on the same misread digit
			// often enough that two replaced right readings with wrong ones.
			// The majority must also be surer than the first reading, in
			// the finding's confidence or in the recognizer's own: the
			// finding's confidence discounts any re-read, so on its own it
			// kept a noisy page's misread digit (a slashed 0 read as 9)
			// that three variants read right, and surer. A sure first
			// reading is only disputed by one model's re-reads: on a phone
			// photo three less sure variants misread an unlabeled
			// A-Number's last digits alike, and the finding's confidence,
			// low for any unlabeled value, did not hold them back. Seven
			// of eight readings of both models alike replace any first
			// reading (see bothModelsAgree). A faint first reading that
			// no re-read repeats gives way to the value both models lead
			// with (see modelsLead) rather than be withdrawn: on a fax,
			// "LIN2094564108" read first, and "...106" by three variants
			// of each model. Any first reading does, short of a majority,
			// where no re-read repeats it (see leadsUnrepeated).
			r.drop(s)
			r.Add(f)
		case s.Current != "" && s.conf < refuseBelow && t.current == 0 && 2*t.other > len(rds) && !shapeBacks(s.glyphs, s.Current, f.Value) && !misreadApart(s, rds):
			// A barely legible first reading that no re-read repeats,
			// while most re-reads make other valid values of it, is as
			// likely a misread as the value: on noisy pages such readings
			// were off by a digit. The value is withdrawn and its label
			// stays open, so the document says which value could not be
			// read rather than report a wrong one. Re-reads that make no
			// value at all (a digit dropped, a prefix garbled) do not
			// count against it. Re-reads Tesseract scored 0 do: leaving
			// them out kept three right values on harsh development sets,
			// and one wrong one there and two on a later set, each
			// reported complete where it had been withdrawn and named.
			r.drop(s)
			if s.Label == "" {
				// No label to name: the page holds a number that was
				// not read, as for the value below.
				r.strays = append(r.strays, Stray{Kind: s.Kind, Page: s.Page, Box: s.Region, digits: digitsOnly(s.Current)})
				continue
			}
			s.seen = append(s.seen, s.Current)
			s.Current, s.withdrawn = "", true
			open = append(open, s)
		case s.Current != "" && s.Label == "" && s.conf < minRereadConf && t.current == 0:
			// No label vouches for a value Tesseract read at no confidence
			// at all, and no re-read repeats it: on harsh scans such
			// values were as often misread as right. It is withdrawn, and
			// the page is named as holding a number that was not read.
			r.drop(s)
			r.strays = append(r.strays, Stray{Kind: s.Kind, Page: s.Page, Box: s.Region, digits: digitsOnly(s.Current)})
		case s.Current != "":
			// The first reading stands; when some re-reads made another
			// valid value of it, a person should look (see Disputed). A
			// sure reading is disputed only when no re-read repeats it, or
			// half of them or more read it otherwise: one variant of four
			// misreading a digit is the variants' noise, not the first
			// reading's; two are not (a slashed 0 read as 8 at 0.9 on a
			// fax, "A 885 494 043" twice, "A 685 494 043" and "A 085 494
			// 643" once each, passed without a word).
			if t.other > 0 && (!s.sure || t.current == 0 || 2*t.other >= len(rds)) {
				r.disputed = append(r.disputed, Disputed{Kind: s.Kind, Page: s.Page, value: s.Current})
			}
			if !s.sure && t.current == 0 && len(rds) > 0 {
				// No re-read repeats a first reading Tesseract was unsure
				// of, or that needed a repair: a person checks it.
				r.unconfirmed(s)
				if len(rds) >= oneRecognizer {
					unrepeated = append(unrepeated, s)
				}
			}
			if t.current >= 2 || s.sure && t.current == 1 && t.other == 0 {
				repeated[kindValue{s.Kind, s.Current}] = true
			}
		case ok:
			r.Add(f)
			if t.n >= 2 {
				repeated[kindValue{f.Kind, f.Value}] = true
			}
			// A row's slot shares its column's label with the other
			// rows, each a value of its own.
			if !s.row {
				settled[label{s.Page, s.LabelBox}] = true
			}
		default:
			// A value two re-reads or more gave, too few to settle it,
			// counts as read here when the document holds it elsewhere
			// (see Unread): a page's copy of a receipt number cut at the
			// crop's edge in half its re-reads was named unread though
			// the other half read the number found on page 1.
			for v, rs := range s.votes(rds) {
				if len(rs) >= 2 {
					s.seen = append(s.seen, v)
				}
			}
			open = append(open, s)
		}
	}
	r.dropCopies(unrepeated, repeated)
	open = slices.DeleteFunc(open, func(s Slot) bool {
		f, ok := r.readTwice(s, places)
		if !ok || !s.row && settled[label{s.Page, s.LabelBox}] {
			return false
		}
		r.Add(f)
		if !s.row {
			settled[label{s.Page, s.LabelBox}] = true
		}
		return true
	})
	// A label with nothing beside it is re-read in two places, beside and
	// below; once one of them gave its value, the other is not open.
	r.Slots = slices.DeleteFunc(open, func(s Slot) bool { return !s.row && settled[label{s.Page, s.LabelBox}] })
	r.dropEchoes()
	r.warn()
}

// dropCopies drops each unsure first reading in unrepeated, one that no
// re-read repeated, when the document holds a value one character off it
// (see misreadTwins; for an unlabeled reading, in any place) whose
// re-reads did read it again, over the page's first reading or under a
// label the page read nothing for: notices print their numbers more than
// once, and the copy read once is misread ("LOS1891034850" under one
// receipt label, no re-read of it alike, where all four of the other
// label's read LOS1891034950). A note names the page.
func (r *Result) dropCopies(unrepeated []Slot, repeated map[kindValue]bool) {
	for _, s := range unrepeated {
		if repeated[kindValue{s.Kind, s.Current}] {
			// Read again where the page printed it another time.
			continue
		}
		// An unlabeled reading is no number of a family filed together,
		// which differ in their last characters: a footer's copy of a
		// receipt number read "…6754" at 0.31 beside the "…6794" that
		// all eight re-reads of its label read.
		twins := misreadTwins
		if s.Label == "" {
			twins = oneCharOff
		}
		for _, f := range r.Findings {
			if f.Kind == s.Kind && twins(f.Value, s.Current) && repeated[kindValue{f.Kind, f.Value}] {
				r.drop(s)
				r.copies = append(r.copies, Disputed{Kind: s.Kind, Page: s.Page, value: f.Value})
				break
			}
		}
	}
}

// kindValue is a value with its kind, as a map key.
type kindValue struct {
	kind  Kind
	value string
}

// readAlikeElsewhere reports another place of places, of the same kind as
// place i, whose first reading is place i's and whose re-reads repeat it
// at least twice.
func readAlikeElsewhere(places []place, i int) bool {
	s := places[i].slot
	if s.Current == "" {
		return false
	}
	for j, q := range places {
		if j != i && q.slot.Kind == s.Kind && q.slot.Current == s.Current && !q.slot.samePlace(s) && len(q.slot.votes(q.rds)[s.Current]) >= 2 {
			return true
		}
	}
	return false
}

// oneCharOff reports values of one length that differ in one place.
func oneCharOff(a, b string) bool { return onlyDiff(a, b) >= 0 }

// onlyDiff is the one place where a and b, of one length, differ; -1
// when they differ in none, in more, or in length.
func onlyDiff(a, b string) int {
	if len(a) != len(b) {
		return -1
	}
	d := -1
	for i := range len(a) {
		if a[i] != b[i] {
			if d >= 0 {
				return -1
			}
			d = i
		}
	}
	return d
}

// place is a slot as the page gave it, with its re-reads.
type place struct {
	slot Slot
	rds  []Reading
}

// readTwice returns the value of open label s that its re-reads read at
// least twice, one of them scored above nothing, and that another place
// of the document reads too: another slot's first reading, or two of its
// re-reads. Neither is enough alone, short of a majority; two places
// reading one value alike are, as a notice prints its numbers more than
// once: "NEW 13160 90016" three times of eight under one receipt label
// and twice under another, on a fax; NBC1397154230 twice of eight under
// its label, and read first, unsure and unlabeled, at the foot of the
// page. Two values that would each do settle nothing.
func (r *Result) readTwice(s Slot, places []place) (Finding, bool) {
	if s.Label == "" || s.Current != "" || s.withdrawn {
		return Finding{}, false
	}
	self := slices.IndexFunc(places, func(p place) bool { return p.slot.samePlace(s) })
	if self < 0 {
		return Finding{}, false
	}
	var win Finding
	n := 0
	for v, rs := range s.votes(places[self].rds) {
		if !readTwiceSure(rs) || r.found(s.Kind, v) || !readElsewhere(s, v, places) {
			continue
		}
		f, _, ok := resolve(s, rs)
		if !ok || f.Value != v {
			continue
		}
		win = f
		n++
	}
	return win, n == 1
}

// samePlace reports whether t is slot s: the same kind read in the same
// region for the same label.
func (s Slot) samePlace(t Slot) bool {
	return s.Kind == t.Kind && s.Page == t.Page && s.Region == t.Region && s.LabelBox == t.LabelBox
}

// readElsewhere reports whether a place of the document other than s and
// its label's other place reads v: a slot's first reading, or two of its
// re-reads (see readTwiceSure).
func readElsewhere(s Slot, v string, places []place) bool {
	for _, p := range places {
		t := p.slot
		if t.Kind != s.Kind || t.samePlace(s) || t.Label != "" && t.Page == s.Page && t.LabelBox == s.LabelBox {
			continue
		}
		if t.Current == v || readTwiceSure(t.votes(p.rds)[v]) {
			return true
		}
	}
	return false
}

// readTwiceSure reports two readings or more of one value, one of them
// scored above nothing (see minRereadConf).
func readTwiceSure(rs []Reading) bool {
	return len(rs) >= 2 && slices.ContainsFunc(rs, func(rd Reading) bool { return rd.Conf >= minRereadConf })
}

// found reports whether the document holds value v of kind k.
func (r *Result) found(k Kind, v string) bool {
	return slices.ContainsFunc(r.Findings, func(f Finding) bool { return f.Kind == k && f.Value == v })
}

// insertedDigit returns the value every re-read of both recognizers but
// one reads, surely (mean confidence at least insertedDigitConf) and
// surer than the first reading, with one digit fewer than the first
// reading had, the one left out neither its first nor its last: noise
// the first pass read as a digit between two others ("120815063" for a
// faint scan's "12081503"). A crop's edge may cut a first or last
// digit off every re-read, never one inside.
func (s Slot) insertedDigit(rds []Reading) (Finding, bool) {
	if s.Current == "" || s.bare || len(rds) <= oneRecognizer || s.digits < 3 {
		return Finding{}, false
	}
	cur := digitsOnly(s.Current)
	if len(cur) < s.digits {
		return Finding{}, false
	}
	cur = cur[len(cur)-s.digits:]
	loose := s
	loose.digits = 0
	votes := loose.votes(rds)
	top := ""
	for v, rs := range votes {
		if len(rs) > len(votes[top]) {
			top = v
		}
	}
	rs := votes[top]
	if top == "" || len(rs) < len(rds)-1 {
		return Finding{}, false
	}
	sum := 0.0
	for _, rd := range rs {
		sum += rd.Conf
	}
	if mean := sum / float64(len(rs)); mean < insertedDigitConf || mean <= s.conf {
		return Finding{}, false
	}
	c, _ := loose.parseReading(rs[0])
	read := digitsOnly(c.display)
	if len(read) != len(cur)-1 {
		return Finding{}, false
	}
	for i := 1; i < len(cur)-1; i++ {
		if cur[:i]+cur[i+1:] == read {
			f, _, ok := resolve(loose, rds)
			return f, ok && f.Value == top
		}
	}
	return Finding{}, false
}

// insertedDigitConf is how sure, on average, re-reads must be to drop a
// digit the first reading had (see insertedDigit).
const insertedDigitConf = 0.85

// readAsPrinted reports re-reads of both recognizers that read, at each
// digit the glyphs put back in the first reading (see shapeRepair), the
// digit first read there, four of them at least, one of each recognizer
// at least, and none the glyph's digit. Of the glyph repairs on sixteen
// harsh sets 14 were right and 12 wrong (an 8 taken for a 0 whose waist
// blur opened, a 6 whose hook noise closed, a 4 for a 6); over twenty
// sets, seven repairs were re-read so: five times the digit first read
// was the printed one, twice neither was, and no right repair was among
// them (on twelve sets read after, two, both printed). A re-read is
// lined up with the value when it holds as many digits.
func (s Slot) readAsPrinted(rds []Reading) bool {
	// shapeRepair swaps digits in place: shapedFrom is as long as Current.
	if s.shapedFrom == "" || len(rds) != 2*oneRecognizer {
		return false
	}
	lead := strings.IndexFunc(s.Current, unicode.IsDigit)
	if lead < 0 {
		return false
	}
	digits := len(s.Current) - lead
	for i := lead; i < len(s.Current); i++ {
		if s.Current[i] == s.shapedFrom[i] {
			continue
		}
		if i < len(s.glyphs) && s.glyphs[i] != nil && s.glyphs[i].looks == s.Current[i] {
			// The page's own digits put it back: the re-reads repeat
			// the recognizer's misreading of the glyph, not the print.
			return false
		}
		var read [2]int
		for k, rd := range rds {
			d := digitsOnly(rd.Text)
			if len(d) != digits {
				continue
			}
			switch d[i-lead] {
			case s.shapedFrom[i]:
				read[k/oneRecognizer]++
			case s.Current[i]:
				return false
			}
		}
		if read[0] == 0 || read[1] == 0 || read[0]+read[1] < 4 {
			return false
		}
	}
	return true
}

// unshape takes the glyphs' repairs out of slot s's finding: its value is
// the one read, its glyphs no longer speak for it.
func (r *Result) unshape(s *Slot) {
	for _, f := range r.Findings {
		if f.Kind != s.Kind || f.Value != s.Current {
			continue
		}
		for _, o := range f.Occurrences {
			if o.Page != s.Page || !inside(o.BBox, s.Region) {
				continue
			}
			g := Finding{Kind: f.Kind, Value: s.shapedFrom, Display: f.Display, Page: o.Page, BBox: o.BBox, Label: o.Label,
				Confidence: o.Confidence, Source: o.Source, Corrections: []string{}}
			for _, c := range f.Corrections {
				if !strings.HasSuffix(c, byGlyph) {
					g.Corrections = append(g.Corrections, c)
				}
			}
			r.drop(*s)
			r.Add(g)
			s.Current, s.shapedFrom, s.glyphs = g.Value, "", nil
			return
		}
	}
}

// leadsUnrepeated reports v as the value both recognizers lead with (see
// modelsLead) over a first reading no re-read repeats, and, for a receipt
// number, with the first reading's office code. Half of eight readings
// is no majority, but with no re-read for the first reading it is not one
// reading against another either: two variants of each model read
// MSC1090621941 over a first reading of ...947, the other four garbled
// ("MSC - 1 6 5 3 S P"). The office letters blur where the digits do
// not: both models read a fax's printed YSC as VSC, and the first reading
// stands.
func leadsUnrepeated(s Slot, v string, t tally, rds []Reading) bool {
	return t.current == 0 && leads(s, v, rds) && (s.Kind != KindReceiptNumber || strings.HasPrefix(s.Current, v[:3]))
}

// bothModelsAgree reports re-reads of both recognizers that all but one
// gave the winning value. Tesseract scores such lines 0 as often as not,
// so their confidence cannot outweigh the first reading's; eight readings
// of two models alike do (a faint A-Number whose first reading dropped a
// digit, read alike by all eight re-reads).
func bothModelsAgree(t tally, rds []Reading) bool {
	return len(rds) > oneRecognizer && t.n >= len(rds)-1
}

// modelsLead returns the value that each recognizer, on its own four
// variants, read at least twice and two times more than every other valid
// value together: half of eight readings alike, the rest garbled past
// parsing ("YOG-12-952-87793" for YSC-12-952-87793), is no majority, yet
// not one recognizer's misreading either, which its variants would repeat
// only in its own half.
func modelsLead(s Slot, rds []Reading) (string, bool) {
	if len(rds) != 2*oneRecognizer {
		return "", false
	}
	var lead [2]string
	for m := range lead {
		top, n, rest, _ := modelTop(s, rds, m)
		if n < 2 || n < rest-n+2 {
			return "", false
		}
		lead[m] = top
	}
	return lead[0], lead[0] == lead[1]
}

// modelTop returns the valid value recognizer m (0 the page's model, 1 the
// re-read model) read most often among rds, both recognizers' eight
// readings; how often; how many of its readings were valid; and whether
// another value was read as often (the first in order then is returned).
func modelTop(s Slot, rds []Reading, m int) (top string, n, valid int, tie bool) {
	for v, rs := range s.votes(rds[m*oneRecognizer : (m+1)*oneRecognizer]) {
		valid += len(rs)
		switch {
		case len(rs) > n:
			top, n, tie = v, len(rs), false
		case len(rs) == n:
			tie = true
			top = min(top, v)
		}
	}
	return top, n, valid, tie
}

// leads reports whether v is the value both recognizers lead with (see
// modelsLead).
func leads(s Slot, v string, rds []Reading) bool {
	l, ok := modelsLead(s, rds)
	return ok && l == v
}

// rereadModelBacks reports eight readings, the page model's four and the
// re-read model's, in which every variant of the re-read model and at
// least half of the page model's gave v. The re-read model misreads less;
// alone it is one model's majority, and with one page variant beside it
// it once read an 8 for a 9. A sure 6 on a gray page that two page
// variants repeated was an 8 that all four of the re-read model's and the
// other two read.
func rereadModelBacks(s Slot, v string, rds []Reading) bool {
	if len(rds) != 2*oneRecognizer {
		return false
	}
	count := func(part []Reading) int {
		n := 0
		for _, rd := range part {
			if c, ok := s.parseReading(rd); ok && c.value == v {
				n++
			}
		}
		return n
	}
	return count(rds[oneRecognizer:]) == oneRecognizer && 2*count(rds[:oneRecognizer]) >= oneRecognizer
}

// twinOf is the finding a check of an unsure first reading becomes when at
// least two of its re-reads, and more of them than repeat the first
// reading, give another value of its kind that the document holds
// elsewhere and that differs from the first reading in one character
// before its last two (see misreadTwins: numbers filed together for one
// family differ in their last characters, and are left alone).
func (r *Result) twinOf(s Slot, rds []Reading) (Finding, bool) {
	if s.Current == "" || s.sure {
		return Finding{}, false
	}
	votes := s.votes(rds)
	for _, f := range r.Findings {
		v := f.Value
		if f.Kind != s.Kind || !misreadTwins(v, s.Current) || len(votes[v]) < 2 || len(votes[v]) <= len(votes[s.Current]) || shapeBacks(s.glyphs, s.Current, v) {
			continue
		}
		if g, _, ok := resolve(s, votes[v]); ok && g.Value == v {
			return g, true
		}
	}
	return Finding{}, false
}

// misreadApart reports re-reads whose two recognizers each lead with a
// value (read by two or more of its four variants, more than any other)
// that differs from the first reading in one character, each in another
// place: each misread a digit of its own, and the first reading, which
// agrees with one of them at every place, is what the three readings
// make character by character. Withdrawn, the account number
// 986596004844 was lost on a fax where the page model read ...598... and
// the re-read model 0865....
func misreadApart(s Slot, rds []Reading) bool {
	if len(rds) != 2*oneRecognizer {
		return false
	}
	var at [2]int
	for m := range at {
		top, n, _, tie := modelTop(s, rds, m)
		if n < 2 || tie || len(top) != len(s.Current) {
			return false
		}
		at[m] = -1
		for i := range top {
			if top[i] == s.Current[i] {
				continue
			}
			if at[m] >= 0 {
				return false
			}
			at[m] = i
		}
		if at[m] < 0 {
			return false
		}
	}
	return at[0] != at[1]
}

// votes groups the readings of slot s by the valid value each makes.
func (s Slot) votes(rds []Reading) map[string][]Reading {
	out := map[string][]Reading{}
	for _, rd := range rds {
		if c, ok := s.parseReading(rd); ok {
			out[c.value] = append(out[c.value], rd)
		}
	}
	return out
}

// shapeChoice is the finding a check slot becomes when its first reading
// has a digit its glyph contradicts and a re-read gave a value whose every
// differing digit the glyphs show (see shapeBacks); the most read such
// value wins.
func (s Slot) shapeChoice(rds []Reading) (Finding, bool) {
	if s.Current == "" || shapeMisfits(s.glyphs, s.Current) == 0 {
		return Finding{}, false
	}
	votes := s.votes(rds)
	best := ""
	for v, rs := range votes {
		if shapeBacks(s.glyphs, v, s.Current) && (best == "" || len(rs) > len(votes[best]) || len(rs) == len(votes[best]) && v < best) {
			best = v
		}
	}
	if best == "" {
		return Finding{}, false
	}
	f, _, ok := resolve(s, votes[best])
	return f, ok && f.Value == best
}

// confidenceOf is the confidence of the first-pass reading a check slot
// re-reads.
func (r *Result) confidenceOf(s Slot) float64 {
	for _, f := range r.Findings {
		if f.Kind == s.Kind && f.Value == s.Current {
			for _, o := range f.Occurrences {
				if o.Page == s.Page && inside(o.BBox, s.Region) {
					return o.Confidence
				}
			}
		}
	}
	return 0
}

// unconfirmedConf is the most confidence a first reading keeps when no
// re-read repeats it: under ReviewBelow, so the document asks for a check.
const unconfirmedConf = 0.6

// unconfirmed lowers the confidence of the value check slot s holds to
// unconfirmedConf, unless another sighting of it stands elsewhere.
func (r *Result) unconfirmed(s Slot) {
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Kind != s.Kind || f.Value != s.Current || len(f.Occurrences) != 1 {
			continue
		}
		if o := &f.Occurrences[0]; o.Page == s.Page && inside(o.BBox, s.Region) {
			o.Confidence = math.Min(o.Confidence, unconfirmedConf)
			f.Confidence = math.Min(f.Confidence, unconfirmedConf)
		}
	}
}

// drop removes the occurrence a check slot replaced, and the finding if
// that was its only occurrence.
func (r *Result) drop(s Slot) {
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Kind != s.Kind || f.Value != s.Current {
			continue
		}
		var keep []Occurrence
		for _, o := range f.Occurrences {
			if !(o.Page == s.Page && inside(o.BBox, s.Region)) {
				keep = append(keep, o)
			}
		}
		if len(keep) == 0 {
			r.Findings = append(r.Findings[:i], r.Findings[i+1:]...)
			return
		}
		f.Occurrences = keep
		f.Page, f.BBox, f.Label, f.Confidence, f.Source = keep[0].Page, keep[0].BBox, keep[0].Label, keep[0].Confidence, keep[0].Source
		return
	}
}

func inside(a, b Box) bool {
	return a.X0 >= b.X0 && a.Y0 >= b.Y0 && a.X1 <= b.X1 && a.Y1 <= b.Y1
}
