package extractor

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// candidate is an identifier parsed from a run of words.
type candidate struct {
	kind    Kind
	value   string
	display string
	words   []*word
	repairs []string
}

// digitRepairs are the OCR confusions undone in a digit position. They are
// applied only inside an identifier slot and only when the repaired value
// then validates, so ordinary words are never turned into numbers. A T
// is a 1 whose flag and foot came out as bars: taken for a 7, it made
// three wrong receipt numbers on harsh generated scans and no right one.
var digitRepairs = map[rune]rune{
	'O': '0', 'o': '0', 'D': '0', 'Q': '0', 'U': '0', '@': '0', 'Ø': '0', 'ø': '0',
	'I': '1', 'l': '1', '|': '1', '!': '1', 'i': '1', 'L': '1', ']': '1', '[': '1',
	'Z': '2', 'z': '2',
	'S': '5', 's': '5', '$': '5', '§': '5',
	'B': '8',
	'G': '6', 'b': '6',
	'g': '9', 'q': '9',
	'T': '1',
}

// prefixRepairs are the confusions undone in a receipt's letter prefix
// (Tesseract reads IOE as 10E, |0E, 106, IQE, 16E with a speck in the O,
// or, with a serif I, JOE or {OE, or with a fax speck across its stem,
// tOE or TOE; E as £, and a noisy S as §). A character
// may have several readings; the one that makes an office code wins.
var prefixRepairs = map[rune][]rune{
	'0': {'O', 'D'}, 'l': {'I', 'L'}, '!': {'I'}, ']': {'I'}, '[': {'I'},
	'5': {'S'}, '$': {'S'}, '§': {'S'}, '8': {'B'}, '2': {'Z'}, '6': {'G', 'E', 'O'}, '7': {'T'},
	'J': {'I'}, '{': {'I'}, '}': {'I'}, 't': {'I'}, 'T': {'I'}, 'Q': {'O'},
	'£': {'E'}, '€': {'E'}, 'ε': {'E'}, '¢': {'C'}, '(': {'C'}, 'F': {'E'},
	'¥': {'Y'},
	// An L whose foot a fax lost reads as a 1 or a bar ("1IN1335335187"):
	// no office code holds an I where another holds an L but CHI and
	// CHL, and there the I, tried first, is kept.
	'1': {'I', 'L'}, '|': {'I', 'L'},
	// A C or an O with a fax speck in its opening reads as G ("WAG 22
	// 157 11246", "IGE-930-307-4790"), a C with one at its middle as E
	// ("SRE-12-998-37403").
	'G': {'C', 'O'}, 'E': {'C'},
}

// separators may appear between digit groups of a printed identifier, and
// OCR adds stray dots and commas inside grouped numbers.
func isSep(r rune) bool {
	switch r {
	case ' ', '-', '.', ',', '–', '—', '_', '·', '‐', '−':
		return true
	case '\'', '`', '‘', '’':
		// A speck in the space between groups, read as an apostrophe
		// ("A298 659'064"). Not a plus: "EAC 120-635-0501" read as
		// "EAC+420-635-0501" made a wrong value of a receipt number
		// that, unparsed, was re-read right.
		return true
	}
	return false
}

// runeText is a chain of words as one rune slice with each rune's owner.
type runeText struct {
	r     []rune
	owner []int
	words []*word
}

func newRuneText(ws []*word) runeText {
	var t runeText
	t.words = ws
	for i, w := range ws {
		if i > 0 {
			t.r = append(t.r, ' ')
			t.owner = append(t.owner, -1)
		}
		for _, r := range w.text {
			t.r = append(t.r, r)
			t.owner = append(t.owner, i)
		}
	}
	return t
}

// span returns the words covering runes [a, b).
func (t runeText) span(a, b int) []*word {
	first, last := -1, -1
	for i := a; i < b; i++ {
		if o := t.owner[i]; o >= 0 {
			if first < 0 {
				first = o
			}
			last = o
		}
	}
	if first < 0 {
		return nil
	}
	return t.words[first : last+1]
}

// leadMarks are the punctuation between a label and its value, and the
// quotes, brackets, degree signs, bullets, commas and underscores OCR
// makes of specks and box rules before a value (",A129-205-779" from
// every re-read of a faxed A-Number, each refused; "_A-087-808-808."
// with its box's corner, lost without a word), and the slashes OCR makes
// of a box's rule ("/NBC2005504489-", "\A85307152").
const leadMarks = " :#.,-–—=>*;\"'“”‘’„«»(°•·_/\\"

// skipLead skips leadMarks.
func skipLead(r []rune, i int) int {
	for i < len(r) && strings.ContainsRune(leadMarks, r[i]) {
		i++
	}
	return i
}

// digitsAt reads up to max digit-like runes from i, allowing separators
// between them. It returns the digits, the end index (after the last digit),
// and the repairs made. A separator run longer than two is a gap, not a
// grouping, and stops the read.
func digitsAt(r []rune, i, max int) (digits []rune, end int, repairs []string) {
	return digitRun(r, i, max, false)
}

// digitRun is digitsAt; quoteGap lets a run of three marks with a quote
// in it and one space at most part two groups. Only a receipt number's
// digits take it: an A-Number read "A-24. ‘229-842" had lost a digit
// where the marks stood, and joined, made a wrong eight-digit A-Number.
func digitRun(r []rune, i, max int, quoteGap bool) (digits []rune, end int, repairs []string) {
	end = i
	seps, spaces := 0, 0
	for i < len(r) && len(digits) < max {
		c := r[i]
		switch {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
			seps, spaces = 0, 0
			end = i + 1
		case isSep(c) && len(digits) > 0:
			seps++
			if c == ' ' {
				spaces++
			}
			// A speck read as a quote beside a group's dash adds a
			// third mark to the gap between groups ("WAC-21- ‘988-
			// 63831"); two spaces in the run are a gap between words.
			if seps > 3 || seps == 3 && (!quoteGap || spaces > 1 || !quoteIn(r[i-2:i+1])) {
				return digits, end, repairs
			}
		default:
			d, ok := digitRepairs[c]
			if !ok {
				return digits, end, repairs
			}
			repairs = append(repairs, fmt.Sprintf("%c→%c at %d", c, d, len(digits)+1))
			digits = append(digits, d)
			seps, spaces = 0, 0
			end = i + 1
		}
		i++
	}
	return digits, end, repairs
}

// quoteIn reports whether rs holds a quote or apostrophe.
func quoteIn(rs []rune) bool {
	return slices.ContainsFunc(rs, func(c rune) bool { return strings.ContainsRune("'`‘’", c) })
}

// attachedDigit reports whether the identifier ending at end runs on into
// more digits, which makes it a longer number and not an identifier.
func attachedDigit(r []rune, end int) bool {
	if end >= len(r) {
		return false
	}
	c := r[end]
	if unicode.IsDigit(c) {
		return true
	}
	if (c == '-' || c == ':') && end+1 < len(r) && unicode.IsDigit(r[end+1]) {
		// A colon between digits is a speck on the space between two
		// groups ("6228 926:999"): the number goes on past it.
		return true
	}
	// A letter glued to the digits ("123456789012X") is another code.
	return unicode.IsLetter(c)
}

// runsOn reports whether the value read from start to end is part of a
// longer number: digits glued to it, or one more group after the separator
// the value itself was grouped with ("1234 5678 9012 3456" holds no
// 12-digit account number, "4165 7972 9246" no A-Number). A repair or a
// length limit must never cut a valid-looking value out of such a run.
func runsOn(r []rune, start, end int) bool {
	if attachedDigit(r, end) {
		return true
	}
	if end+1 >= len(r) || !isSep(r[end]) || !unicode.IsDigit(r[end+1]) {
		return false
	}
	return slices.Contains(r[start:end], r[end])
}

// tooRepaired guards against reading words as numbers: most characters of
// an identifier must have been read as digits in the first place.
func tooRepaired(n, repairs int) bool { return repairs*3 > n }

func display(r []rune, a, b int, fixed map[int]rune) string {
	out := make([]rune, 0, b-a)
	for i := a; i < b; i++ {
		if f, ok := fixed[i]; ok {
			out = append(out, f)
			continue
		}
		out = append(out, r[i])
	}
	return strings.TrimSpace(string(out))
}

// parseOAN reads a 12-digit Online Account Number at the start of t:
// contiguous, 4-4-4 with spaces or hyphens, or with stray dots.
func parseOAN(t runeText) (candidate, bool) {
	start := skipLead(t.r, 0)
	digits, end, repairs := digitsAt(t.r, start, 12)
	if len(digits) != 12 || runsOn(t.r, start, end) || tooRepaired(12, len(repairs)) {
		return candidate{}, false
	}
	// An Online Access Code is alphanumeric: digits glued to letters
	// before the value mean we are inside such a code.
	if start > 0 && unicode.IsLetter(t.r[start-1]) {
		return candidate{}, false
	}
	return candidate{
		kind: KindOnlineAccountNumber, value: string(digits),
		display: displayRepaired(t.r, start, end), words: t.span(start, end), repairs: repairs,
	}, true
}

func displayRepaired(r []rune, a, b int) string {
	fixed := map[int]rune{}
	for i := a; i < b; i++ {
		if d, ok := digitRepairs[r[i]]; ok {
			fixed[i] = d
		}
	}
	return display(r, a, b, fixed)
}

// parseReceipt reads a receipt number at the start of t: 3 office letters
// and 10 digits, contiguous or grouped (EAC-21-900-12345, LIN 99 001 50001).
func parseReceipt(t runeText) (candidate, bool) {
	return parseReceiptCode(t, false)
}

// parseReceiptCode is parseReceipt; alone says t is a receipt label's
// value re-read on its own, where the office code may be read entirely as
// digits (see receiptAt) or have lost a letter (see lostLetter).
func parseReceiptCode(t runeText, alone bool) (candidate, bool) {
	start := skipLead(t.r, 0)
	c, ok := receiptAt(t, start, false, alone)
	if !ok && alone {
		c, ok = lostLetter(t, start)
	}
	if !ok && start+1 < len(t.r) && strings.ContainsRune("1|lI!", t.r[start]) {
		// A stray vertical stroke before the prefix ("1|0E0502983567"):
		// noise or a table rule read as a character, perhaps with the
		// rule's foot ("|_MSC…").
		next := start + 1
		for next < len(t.r) && t.r[next] == '_' {
			next++
		}
		if c, ok = receiptAt(t, next, true, alone); ok {
			c.repairs = append([]string{fmt.Sprintf("dropped %c at 0", t.r[start])}, c.repairs...)
		}
	}
	return c, ok
}

// receiptAt reads a receipt number whose office code starts at start. A
// code read entirely as digits ("805" as BOS) is a run of digits, not a
// receipt: OCR keeps at least one of three letters as a non-digit. Unless
// digitCode says the text is a receipt label's value re-read on its own,
// where nothing else of thirteen digits stands: there IOE read "106" by
// every variant of the page model was a receipt number left unread.
func receiptAt(t runeText, start int, afterStroke, digitCode bool) (candidate, bool) {
	if start+3 > len(t.r) || (!afterStroke && start > 0 && isAlnum(t.r[start-1])) {
		return candidate{}, false
	}
	prefix, prepairs, ok := readPrefix(t.r[start : start+3])
	if !ok || !digitCode && !slices.ContainsFunc(t.r[start:start+3], func(c rune) bool { return !unicode.IsDigit(c) }) {
		return candidate{}, false
	}
	// Between prefix and digits: a space or a dash, and OCR often gives
	// the dash a space on either side ("EAC -11-328-60668").
	i := start + 3
	j := i
	for j < len(t.r) && j-i < 3 && t.r[j] == ' ' {
		j++
	}
	if j < len(t.r) && t.r[j] != ' ' && t.r[j] != ',' && isSep(t.r[j]) {
		j++
	}
	for j < len(t.r) && j-i < 3 && t.r[j] == ' ' {
		j++
	}
	if j-i <= 3 {
		i = j
	}
	if i < len(t.r) && !(unicode.IsDigit(t.r[i]) || digitRepairs[t.r[i]] != 0) {
		return candidate{}, false
	}
	digits, end, repairs := digitRun(t.r, i, 10, true)
	if len(digits) != 10 || attachedDigit(t.r, end) || tooRepaired(10, len(repairs)) {
		return candidate{}, false
	}
	if postAsOffice(t.r[start:start+3], prefix, string(digits)) {
		return candidate{}, false
	}
	fixed := map[int]rune{}
	for k, c := range prefix {
		fixed[start+k] = c
	}
	for k := i; k < end; k++ {
		if d, ok := digitRepairs[t.r[k]]; ok {
			fixed[k] = d
		}
	}
	return candidate{
		kind: KindReceiptNumber, value: string(prefix) + string(digits),
		display: display(t.r, start, end, fixed), words: t.span(start, end),
		repairs: append(prepairs, repairs...),
	}, true
}

// serviceCenters are the offices that issue most receipt numbers; the
// others on the office list are field and overseas offices.
var serviceCenters = map[string]bool{
	"EAC": true, "VSC": true, "WAC": true, "CSC": true, "LIN": true, "NSC": true,
	"SRC": true, "TSC": true, "MSC": true, "NBC": true, "IOE": true, "YSC": true,
}

// lostLetter reads a receipt number whose office code lost one of its
// three letters (a faint stroke, a letter fused with a speck and dropped:
// "BC 169-7506572", "LN 10022 65135"): two letters, or characters OCR
// makes of letters, then ten digits. The code is the one office code
// those two letters make with a third inserted anywhere; where they make
// several, the one service center among them (MSC, not the field offices
// MCF and MCT, for "MC"). Two letters that make several service centers'
// codes ("SC", "AC", "NC" for NBC and NSC) give nothing.
func lostLetter(t runeText, start int) (candidate, bool) {
	if start+3 > len(t.r) || start > 0 && isAlnum(t.r[start-1]) {
		return candidate{}, false
	}
	two := t.r[start : start+2]
	if !slices.ContainsFunc(two, unicode.IsLetter) || unicode.IsLetter(t.r[start+2]) {
		return candidate{}, false
	}
	opts := make([][]rune, 2)
	for k, c := range two {
		if c < 128 && unicode.IsLetter(c) {
			opts[k] = []rune{unicode.ToUpper(c)}
		}
		opts[k] = append(opts[k], prefixRepairs[c]...)
	}
	// Each office code the two letters make, with the letter inserted.
	codes := map[string]rune{}
	for _, a := range opts[0] {
		for _, b := range opts[1] {
			for at := range 3 {
				for l := 'A'; l <= 'Z'; l++ {
					if code := string(slices.Insert([]rune{a, b}, at, l)); IsOfficeCode(code) {
						codes[code] = l
					}
				}
			}
		}
	}
	var code string
	var centers []string
	for c := range codes {
		code = c
		if serviceCenters[c] {
			centers = append(centers, c)
		}
	}
	if len(codes) != 1 {
		if len(centers) != 1 {
			return candidate{}, false
		}
		code = centers[0]
	}
	// The two letters stand where the code's three would: reading the
	// digits as receiptAt does, from a text with the code in their place.
	r := append(append(slices.Clone(t.r[:start]), []rune(code)...), t.r[start+2:]...)
	shifted := runeText{r: r, owner: append(slices.Clone(t.owner[:start+1]), t.owner[start:]...), words: t.words}
	// The inserted code runes are owned by the first letter's word, so
	// the candidate's words are t's own.
	c, ok := receiptAt(shifted, start, true, false)
	if !ok || c.value[:3] != code {
		return candidate{}, false
	}
	c.repairs = append([]string{fmt.Sprintf("lost %c of %s", codes[code], code)}, c.repairs...)
	return c, true
}

// postAsOffice reports a consular post's code that the G repair made an
// office's ("LGS" read as LOS) before ten digits in the NVC case's shape:
// that is an NVC case number, not a receipt number.
func postAsOffice(printed, code []rune, digits string) bool {
	return slices.Contains(printed, 'G') && !slices.Contains(code, 'G') && nvcDigits(digits)
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// readPrefix turns three printed characters into an office code, trying
// the OCR readings of each character with the fewest repairs first.
func readPrefix(p []rune) ([]rune, []string, bool) {
	opts := make([][]rune, 3)
	for k, c := range p {
		if c < 128 && unicode.IsLetter(c) {
			opts[k] = []rune{unicode.ToUpper(c)}
		}
		opts[k] = append(opts[k], prefixRepairs[c]...)
		if len(opts[k]) == 0 {
			return nil, nil, false
		}
	}
	var best []rune
	var bestRepairs []string
	for _, a := range opts[0] {
		for _, b := range opts[1] {
			for _, c := range opts[2] {
				code := []rune{a, b, c}
				if !IsOfficeCode(string(code)) {
					continue
				}
				if eForC(p, code) {
					continue
				}
				var rep []string
				for k := range code {
					if unicode.ToUpper(p[k]) != code[k] {
						rep = append(rep, fmt.Sprintf("%c→%c at %d", p[k], code[k], k+1))
					}
				}
				if best == nil || len(rep) < len(bestRepairs) {
					best, bestRepairs = code, rep
				}
			}
		}
	}
	return best, bestRepairs, best != nil
}

// eForC reports a code made by reading an E as C anywhere but in the
// code's last letter. Service centers' codes end in C ("SRE" is SRC with a
// speck at the C's middle); an E heading a code that is no office's is as
// often an L that lost its top ("EIN" for LIN), and made a field office's
// code ("CIN") that outvoted the re-reads that read LIN.
func eForC(read []rune, code []rune) bool {
	for k := range len(code) - 1 {
		if read[k] == 'E' && code[k] == 'C' {
			return true
		}
	}
	return false
}

// parseANumber reads an A-Number at the start of t. With a label the A may
// be missing and 7-9 digits are accepted; without one the value must carry
// its own A and 8-9 digits, because bare 9 digits are SSNs, FEINs and ZIP+4.
func parseANumber(t runeText, labeled bool) (candidate, bool) {
	start := skipLead(t.r, 0)
	i := start
	hasA := false
	if i < len(t.r) && (t.r[i] == 'A' || (labeled && t.r[i] == 'a')) {
		hasA = true
		i++
		// A comma there is a speck read with the stop's tail
		// ("A,119379735" in a fax's table of A-Numbers).
		for i < len(t.r) && strings.ContainsRune(" -#:.,", t.r[i]) && i-start < 3 {
			i++
		}
	}
	if !labeled && (!hasA || (start > 0 && isAlnum(t.r[start-1]))) {
		return candidate{}, false
	}
	if labeled && !hasA {
		if c, ok := apartFourForA(t, start); ok {
			return c, true
		}
	}
	digits, end, repairs := digitsAt(t.r, i, 10)
	n := len(digits)
	var rep []string
	switch {
	case n == 10 && labeled && !hasA && digits[0] == '4' && !runsOn(t.r, start, end):
		// The A itself misread as 4 ("4123456789" under an A-Number label),
		// but never the first digit of a longer run.
		digits = digits[1:]
		rep = append(rep, "4→A at 1")
	case n == 9 && labeled && !hasA && digits[0] == '4' && end-i == n && !truncatedPadding(digits[1:]) && !runsOn(t.r, start, end):
		// "A42205728", a number older than the nine-digit ones printed
		// without its padding zero, read "442205728". A-Numbers are
		// issued in sequence and the nine-digit ones have not reached
		// 300,000,000: one beginning with 4 is the A misread before
		// eight digits. Nine digits in groups are printed so, never
		// eight after an A.
		digits = digits[1:]
		rep = append(rep, "4→A at 1")
	case n == 10 || attachedDigit(t.r, end):
		return candidate{}, false
	case n < 7 || (!labeled && n < 8) || truncatedPadding(digits) || n < 9 && !groupedInThrees(string(t.r[i:end])):
		// Fewer than nine digits grouped otherwise than an A-Number is
		// printed lost one ("A258-988- 30" of A258-988-830): padded,
		// they would make another A-Number.
		return candidate{}, false
	}
	rep = append(rep, repairs...)
	if tooRepaired(len(digits), len(repairs)) || (!labeled && len(repairs) > 0) {
		return candidate{}, false
	}
	value := "A" + strings.Repeat("0", 9-len(digits)) + string(digits)
	return candidate{
		kind: KindANumber, value: value,
		display: displayRepaired(t.r, start, end), words: t.span(start, end), repairs: rep,
	}, true
}

// truncatedPadding reports fewer than nine digits of which the first is
// a zero: a number printed with the zeros that pad it to nine has nine,
// so OCR lost one ("A-096-121-75", the last 9 under a table's rule).
// Padding it again would make another A-Number.
func truncatedPadding(digits []rune) bool {
	return len(digits) < 9 && len(digits) > 0 && digits[0] == '0'
}

// apartFourForA reads, at start, a lone 4 and then seven or eight digits in
// one run, after a space or the A's dash ("4 49192957", "4-10644677"): an
// A printed apart from a number whose leading zeros were left off, the A
// read as 4. Read as nine digits, the 4 would make another A-Number; no
// grouping of an A-Number's nine digits sets the first one apart.
func apartFourForA(t runeText, start int) (candidate, bool) {
	i := start + 2
	if i >= len(t.r) || t.r[start] != '4' || t.r[start+1] != ' ' && t.r[start+1] != '-' {
		return candidate{}, false
	}
	digits, end, repairs := digitsAt(t.r, i, 10)
	n := len(digits)
	if n < 7 || n > 8 || end-i != n || len(repairs) > 0 || runsOn(t.r, i, end) || truncatedPadding(digits) {
		return candidate{}, false
	}
	return candidate{
		kind: KindANumber, value: "A" + strings.Repeat("0", 9-n) + string(digits),
		display: displayRepaired(t.r, start, end), words: t.span(start, end), repairs: []string{"4→A at 1"},
	}, true
}

// parse reads an identifier of kind k at the start of the chain of words.
func parse(k Kind, ws []*word, labeled bool) (candidate, bool) {
	ws = dropFiller(ws)
	if len(ws) == 0 {
		return candidate{}, false
	}
	t := newRuneText(ws)
	switch k {
	case KindOnlineAccountNumber:
		return parseOAN(t)
	case KindReceiptNumber:
		return parseReceipt(t)
	case KindANumber:
		return parseANumber(t, labeled)
	}
	return candidate{}, false
}

// fillerWords sit between a label and its value: "USCIS Online Account
// Number (if any): ...", "Receipt No. is ...". The bracket of "(if" blurs
// into a letter of upright stroke ("tif", "lif").
var fillerWords = map[string]bool{
	"": true, "is": true, "(if": true, "if": true, "tif": true, "lif": true, "|if": true,
	"any)": true, "any": true, "any):": true,
	"no": true, "no.": true, "no:": true, "number": true, "number:": true, "#": true, "#:": true,
	":": true, "-": true, "–": true, "was": true, "(s)": true, "(s):": true, "nbr": true,
}

var bracketFold = strings.NewReplacer("{", "(", "[", "(", "}", ")", "]", ")")

// isFiller reports words that sit between a label and its value: the
// filler words above, and anything without a letter or digit (table rules
// read as "|", underscores, stray marks from noise).
func isFiller(w *word) bool {
	s := strings.ToLower(strings.Trim(w.text, ".,;"))
	// OCR reads the round brackets of "(if any)" as curly or square ones.
	s = bracketFold.Replace(s)
	if fillerWords[s] || ifAnyRunTogether(s) {
		return true
	}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// ifAnyRunTogether reports "(if any)" read as one word, its space lost
// and a letter or a speck garbled ("(if'ahy)", "{ifany))"): its letters
// are "if" and "any" at one edit, and its bracket closes it. s is lower
// case with brackets folded.
func ifAnyRunTogether(s string) bool {
	s = strings.TrimRight(s, parenStray)
	if !strings.HasSuffix(s, ")") {
		return false
	}
	var letters []rune
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters = append(letters, r)
		}
	}
	// The opening bracket blurs into a letter of upright stroke, as in
	// fillerWords ("tif", "lif").
	rest, ok := strings.CutPrefix(strings.TrimLeft(string(letters), "tl"), "if")
	return ok && rest != "" && editDistance(rest, "any", 1) >= 0
}

// dropFiller drops filler before a value, and marks after it: a table's
// rule beside the value's cell, read as "|" and taken for a 1, made
// "A91069051 |" an A-Number of nine digits ending in 1 where the printed
// one ends its eight.
func dropFiller(ws []*word) []*word {
	for len(ws) > 0 && isFiller(ws[0]) {
		ws = ws[1:]
	}
	for len(ws) > 0 && !hasText(ws[len(ws)-1].text) {
		ws = ws[:len(ws)-1]
	}
	return ws
}
