package extractor

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// labelKind is what a label announces: one of our kinds, or a look-alike
// number (access code, bank account, NVC case, card, tracking...) whose
// value must be claimed so it is never reported.
type labelKind struct {
	kind     Kind // empty for a look-alike
	negative string
}

// labelPattern is a label as a sequence of words; each position lists the
// accepted spellings.
type labelPattern struct {
	lk    labelKind
	words [][]string
	// upperA: the pattern's leading "a" must be a capital A in print, so
	// that "a number of days" is not an A-Number label.
	upperA bool
	// weak: a label only when its value sits right beside it, because the
	// words also occur in prose, or when it stands alone on its line (a
	// field's caption), where the value may also sit below. It never looks
	// far along the line and never opens a slot for a re-read.
	weak bool
	// exact: every word must match one spelling exactly, after folding;
	// for misreadings listed one by one, where a fuzzy match would take
	// the bare word ("USCIS") for them.
	exact bool
	// close: each word begins less than a word's height after the word
	// before it ends (see closeWords).
	close bool
	// masthead: not a label when the agency's name follows it on its line
	// (see agencyAfter).
	masthead bool
	// folded[k] is words[k] folded; joined[k] holds the runs of words[k]
	// and the words after it run together, folded, with how many words
	// each takes: prepared once because every pattern is tried at every
	// token of every line.
	folded [][]alt
	joined [][]run
}

// alt is one spelling of a label word, as printed and folded.
type alt struct{ raw, folded string }

// run is label words run together: OCR reads a caption set in spaced
// capitals as one word ("AccountNumber", "USCISONLINEACCOUNTNUMBER").
type run struct {
	alt
	words int
}

// prepare fills the patterns' folded and joined spellings.
func prepare(ps []labelPattern) []labelPattern {
	for i := range ps {
		p := &ps[i]
		p.folded = make([][]alt, len(p.words))
		p.joined = make([][]run, len(p.words))
		for k, ws := range p.words {
			for _, a := range ws {
				p.folded[k] = append(p.folded[k], alt{a, fold(a)})
			}
			// Only real words run together; "a"+"file" is not "File".
			heads := []string{}
			for _, a := range ws {
				if len(a) >= 3 {
					heads = append(heads, a)
				}
			}
			for m := k + 1; m < len(p.words) && len(heads) > 0; m++ {
				var next []string
				for _, h := range heads {
					for _, b := range p.words[m] {
						if len(b) >= 2 {
							next = append(next, h+b)
						}
					}
				}
				for _, j := range next {
					p.joined[k] = append(p.joined[k], run{alt{j, fold(j)}, m - k + 1})
				}
				heads = next
			}
		}
	}
	return ps
}

// numberWords are the spellings of "number" that end a label, abbreviations
// included ("No.", "Nbr", "Num", "#", "N°").
var numberWords = []string{"number", "numbers", "no", "nbr", "num", "#", "n°", "nº"}

// accountWords spell "account" as firms abbreviate it ("Acct.", "Acc.").
// The three-letter form only ever matches exactly (see maxEdits).
var accountWords = []string{"account", "acct", "acc", "accnt"}

func pos(k Kind) labelKind      { return labelKind{kind: k} }
func neg(what string) labelKind { return labelKind{negative: what} }

// labelPatterns lists positive labels first. Where two patterns overlap on
// a line the longer phrase wins ("online account number" over "account
// number", "online acct #" over "acct"), and at equal length the earlier
// pattern does.
var labelPatterns = prepare([]labelPattern{
	{lk: pos(KindOnlineAccountNumber), words: [][]string{{"online"}, accountWords, numberWords}},
	{lk: pos(KindOnlineAccountNumber), words: [][]string{{"onlineaccount", "onlineacct"}, numberWords}},
	{lk: pos(KindOnlineAccountNumber), words: [][]string{{"uscis"}, accountWords, numberWords}},
	{lk: pos(KindOnlineAccountNumber), words: [][]string{{"uscis"}, {"online"}, accountWords, numberWords}},
	// "USCIS Online Account", or "Online Account", with its "Number"
	// garbled past matching ("Numt", "Nuribet’"): the words also occur
	// in prose, so only a value right beside them is taken.
	{lk: pos(KindOnlineAccountNumber), words: [][]string{{"uscis"}, {"online"}, {"account"}}, weak: true},
	{lk: pos(KindOnlineAccountNumber), words: [][]string{{"online"}, {"account"}}, weak: true},
	{lk: pos(KindReceiptNumber), words: [][]string{{"receipt", "rcpt"}, numberWords}},
	{lk: pos(KindANumber), words: [][]string{{"alien"}, {"registration", "reg", "regn"}, numberWords}},
	{lk: pos(KindANumber), words: [][]string{{"alien"}, numberWords}},
	{lk: pos(KindANumber), words: [][]string{{"a"}, {"file"}, numberWords}, upperA: true},
	{lk: pos(KindANumber), words: [][]string{{"a"}, numberWords}, upperA: true},
	{lk: pos(KindANumber), words: [][]string{{"anumber"}}, upperA: true},
	// A green card prints the A-Number as "USCIS#", notices "USCIS #";
	// the '#' close: a box's edge read as '#' a word's height past the
	// "USCIS" of a notice's masthead is not one, nor is one read right
	// against it before the agency's name.
	{lk: pos(KindANumber), words: [][]string{{"uscis"}, {"#"}}, close: true, masthead: true},
	// "A#" with the '#' misread ("At", "AS", "Ad"), or dropped after noise.
	{lk: pos(KindANumber), words: [][]string{hashCaptions()}, upperA: true, weak: true},
	// A card's "USCIS#" with the '#' misread and run into the word
	// ("uscise", "USCISH").
	{lk: pos(KindANumber), words: [][]string{uscisHashes()}, weak: true, exact: true, masthead: true},
	{lk: pos(KindANumber), words: [][]string{{"a"}}, upperA: true, weak: true},

	{lk: neg("access code"), words: [][]string{{"online"}, {"access"}, {"code"}}},
	{lk: neg("access code"), words: [][]string{{"access"}, {"code"}}},
	{lk: neg("account"), words: [][]string{accountWords, numberWords}},
	{lk: neg("account"), words: [][]string{{"acct"}}},
	{lk: neg("bank"), words: [][]string{{"routing"}}},
	{lk: neg("bank"), words: [][]string{{"bank"}}},
	{lk: neg("nvc"), words: [][]string{{"nvc"}}},
	{lk: neg("card"), words: [][]string{{"card"}, numberWords}},
	// OCR often loses the '#' of "Card #"; a bare "Card" still claims the
	// card's receipt-shaped number beside or below it.
	{lk: neg("card"), words: [][]string{{"card"}}},
	{lk: neg("tracking"), words: [][]string{{"tracking"}}},
	{lk: neg("document id"), words: [][]string{{"document", "doc"}, {"id", "number", "no", "#"}}},
	{lk: neg("ssn"), words: [][]string{{"ssn"}}},
	{lk: neg("ssn"), words: [][]string{{"social"}, {"security"}}},
	{lk: neg("i-94"), words: [][]string{{"i"}, {"94"}}},
	{lk: neg("i-94"), words: [][]string{{"i94"}}},
	// Exact: "USCIS" garbled reads "Seis" one edit from it, and a card's
	// "USCIS A#" caption would claim the A-Number under it as a SEVIS ID.
	{lk: neg("sevis"), words: [][]string{{"sevis"}}, exact: true},
	{lk: neg("tax id"), words: [][]string{{"fein", "ein"}}},
	{lk: neg("tax id"), words: [][]string{{"tax"}, {"id"}}},
	{lk: neg("phone"), words: [][]string{{"phone", "telephone", "tel", "fax", "tty"}}},
	{lk: neg("passport"), words: [][]string{{"passport"}}},
	{lk: neg("invoice"), words: [][]string{{"invoice", "reference", "ref", "order", "barcode", "confirmation"}}},
})

// hashReads are the characters Tesseract makes of the '#' of a small bold
// "A#" caption on a poor scan: a letter or digit of upright strokes (H, M,
// I, l, 1, 4), one with a crossbar (t, f), or the bold blot read as a
// round letter (S, $, 5, 8, a, g, d, and the e a small '#' also comes out
// as), an N when its bars blur into one slant, an R or a Y when fax specks
// close or fork its strokes (a letter's "A#" read "AR"; "AR" on an address
// line is a state's, before a ZIP code no A-Number resembles). Each is a
// caption only as a capital A and that one character, a word of its own
// beside or above its value.
const hashReads = "HMNRSYs$5tfIl1|48agde"

// hashCaptions spells "A#" with each misreading of its '#'.
func hashCaptions() []string {
	out := make([]string, 0, len(hashReads))
	for _, r := range hashReads {
		out = append(out, "A"+string(r))
	}
	return out
}

// uscisHashes spells "USCIS#" with each misreading of its '#' run into
// the word, and a notice's "USCIS A#" read as one word ("USCISAY").
func uscisHashes() []string {
	out := make([]string, 0, 2*len(hashReads))
	for _, r := range hashReads {
		out = append(out, "uscis"+string(r), "uscisa"+string(r))
	}
	return out
}

// token is a label-matching unit: words are split at hyphens, slashes,
// colons and parentheses, and '#' stands alone.
type token struct {
	norm  string // lower case with OCR look-alikes folded
	raw   string
	word  int // position of the word in its line
	upper bool
	// tight: the token follows the previous one in its word, or begins a
	// word less than half a word's height after the previous word ends.
	tight bool
	// seq numbers the line's words that hold tokens: words of marks
	// alone between two label words do not part them (a noise streak
	// read as "———" under a caption lands between its words).
	seq int
}

func tokenize(ln *line) []token {
	var out []token
	for wi, w := range ln.words {
		var cur []rune
		tight := wi > 0 && w.box.X0-ln.words[wi-1].box.X1 < 0.5*(w.box.Y1-w.box.Y0)
		flush := func() {
			if len(cur) > 0 {
				raw := string(cur)
				out = append(out, token{norm: fold(raw), raw: raw, word: wi, upper: unicode.IsUpper(cur[0]), tight: tight})
				cur = nil
				tight = true
			}
		}
		if strings.Trim(w.text, "|¦") == "" {
			// A table's rule or a speck read as a bar, alone between a
			// label's words ("Receipt" "|" "No."), is no word of it.
			continue
		}
		rs := []rune(w.text)
		for i, r := range rs {
			switch {
			case r == '#':
				flush()
				out = append(out, token{norm: "#", raw: "#", word: wi})
			// An underscore is a form's fill-in rule that OCR ran into the
			// caption beside it ("_____A-NUMBER"); a brace is a parenthesis
			// misread, run into the word before it ("NUMBER{IF ANY)").
			case strings.ContainsRune("-/:()[]{},;.'\"*‐–—_", r) || unicode.IsSpace(r):
				flush()
			// A box's edge or a speck before a caption comes out as an
			// opening quote ("‘A-NUMBER"); a leading one is dropped.
			case len(cur) == 0 && strings.ContainsRune("‘’“”`«", r):
			// Inside a word it may stand for a lost letter, but before a
			// capitalized word it is a speck between two words that OCR
			// ran together ("USCIS‘Online"). Not before a stub of one
			// ("Account’Nu"), which matches only with the word before.
			case strings.ContainsRune("‘’“”`", r) && i+3 < len(rs) && unicode.IsUpper(rs[i+1]) && unicode.IsLower(rs[i+2]) && unicode.IsLetter(rs[i+3]):
				flush()
			default:
				cur = append(cur, r)
			}
		}
		flush()
	}
	for i := 1; i < len(out); i++ {
		out[i].seq = out[i-1].seq
		if out[i].word != out[i-1].word {
			out[i].seq++
		}
	}
	return out
}

// fold maps characters Tesseract confuses in words to one form, so that
// "Onl1ne Acc0unt Nurnber" matches "online account number".
func fold(s string) string {
	s = strings.ToLower(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		// Letter pairs Tesseract reads for one letter; it runs for every
		// candidate label on every line, so no strings.Replacer here.
		if i+1 < len(s) {
			if m, ok := foldPair(s[i], s[i+1]); ok {
				b.WriteByte(m)
				i += 2
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch r {
		case '0', 'q':
			// An O with a speck at its foot reads as Q ("Qriline").
			r = 'o'
		case '1', '|', '!', 'i', 'í', 'ì', 'j':
			r = 'l'
		case '5', '$':
			r = 's'
		case '8':
			r = 'b'
		case '€', '£', 'é', 'è':
			r = 'e'
		case '¥':
			// A Y with a speck's bars, as the '#' of "A#" comes out
			// ("USCIS-A¥").
			r = 'y'
		case 'ü', 'ú':
			r = 'u'
		case 'ó', 'ò', 'ö':
			r = 'o'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// foldPair maps "rn", "vv" and "cl" to the letter they were misread from.
func foldPair(a, b byte) (byte, bool) {
	switch {
	case a == 'r' && b == 'n':
		return 'm', true
	case a == 'v' && b == 'v':
		return 'w', true
	case a == 'c' && b == 'l':
		return 'd', true
	}
	return 0, false
}

// labelMatch is a label found on a line.
type labelMatch struct {
	lk      labelKind
	line    *line
	first   int // first word position in the line
	last    int // last word position in the line
	text    string
	box     Box
	quality float64 // 1 exact, less for fuzzy matches
	weak    bool
}

// maxEdits is how many character edits a label word of length n may carry:
// short words must match exactly, long ones survive lost letters.
func maxEdits(n int) int {
	switch {
	case n <= 4:
		return 0
	case n <= 5:
		return 1
	}
	return 2
}

// findLabels returns every label on the line, positives first, with no
// word used by two labels. Labels are matched as whole phrases and the
// longest phrase wins where matches overlap: a shorter label found inside a
// longer one ("A No" in a misread "Account No.") must not claim its value.
func findLabels(ln *line) []labelMatch {
	toks := tokenize(ln)
	type hit struct {
		p, i, n, size int
		q             float64
		fragment      bool
	}
	var hits []hit
	for pi := range labelPatterns {
		p := &labelPatterns[pi]
		for i := range toks {
			q, n, ok := matchAt(p, toks, i)
			if !ok || (p.weak && !wholeWord(ln.words[toks[i].word].text, toks[i].raw)) || (p.close && !closeWords(ln, toks[i:i+n])) || (p.masthead && agencyAfter(ln, toks[i+n-1].word)) {
				continue
			}
			size := 0
			for _, t := range toks[i : i+n] {
				size += utf8.RuneCountInString(t.norm)
			}
			hits = append(hits, hit{p: pi, i: i, n: n, size: size, q: q})
		}
	}
	// hits are in pattern order, so at equal size the earlier pattern wins.
	slices.SortStableFunc(hits, func(a, b hit) int { return cmp.Compare(b.size, a.size) })
	used := make([]bool, len(toks))
	var keep []hit
	for _, h := range hits {
		if slices.Contains(used[h.i:h.i+h.n], true) {
			continue
		}
		h.fragment = fragment(&labelPatterns[h.p], ln, toks, h.i)
		for k := h.i; k < h.i+h.n; k++ {
			used[k] = true
		}
		keep = append(keep, h)
	}
	slices.SortStableFunc(keep, func(a, b hit) int { return cmp.Or(cmp.Compare(a.p, b.p), cmp.Compare(a.i, b.i)) })
	out := make([]labelMatch, 0, len(keep))
	for _, h := range keep {
		p := &labelPatterns[h.p]
		i, j := h.i, h.i+h.n
		first, last := toks[i].word, toks[j-1].word
		// "USCIS" before a label belongs to it.
		if i > 0 && editDistance(toks[i-1].norm, fold("uscis"), 1) >= 0 && !used[i-1] {
			first = toks[i-1].word
			used[i-1] = true
		}
		ws := ln.words[first : last+1]
		var parts []string
		for _, w := range ws {
			// Marks between the label's words (see token.seq) are no
			// part of its text.
			if hasText(w.text) || strings.ContainsRune(w.text, '#') {
				parts = append(parts, w.text)
			}
		}
		lk := p.lk
		if h.fragment {
			// Label text all the same: it claims its value like a
			// look-alike, so the value is not read as an unlabeled one.
			lk = neg("fragment")
		}
		out = append(out, labelMatch{
			lk: lk, line: ln, first: first, last: last,
			text: strings.TrimRight(strings.Join(parts, " "), ":;.- "), box: unionWords(ws), quality: h.q,
			weak: p.weak,
		})
	}
	return out
}

// closeWords reports whether each of the tokens' words begins less than
// the height of the lower of the two after the word before it ends.
func closeWords(ln *line, toks []token) bool {
	for k := 1; k < len(toks); k++ {
		a, b := ln.words[toks[k-1].word].box, ln.words[toks[k].word].box
		if toks[k].word != toks[k-1].word && b.X0-a.X1 >= min(a.Y1-a.Y0, b.Y1-b.Y0) {
			return false
		}
	}
	return true
}

// agencyAfter reports whether the first word after ln.words[j], within
// four of its heights, begins the agency's name ("U.S. Citizenship and
// Immigration Services") or its department's ("Department of Homeland
// Security", the line OCR may put a tall box's word on): a notice's
// masthead prints them beside a dark box with "USCIS" in white, whose edge
// OCR reads as a '#' ("lUSCIS#"). A card's or a notice's "USCIS #" is
// followed by its number.
func agencyAfter(ln *line, j int) bool {
	a := ln.words[j].box
	for _, w := range ln.words[j+1:] {
		if !hasText(w.text) {
			continue
		}
		if w.box.X0-a.X1 > 4*(a.Y1-a.Y0) {
			return false
		}
		t := strings.ToLower(strings.Trim(w.text, wordMarks))
		return t == "u.s." || t == "u.s" || t == "us" || editDistance(t, "citizenship", 2) >= 0 || editDistance(t, "department", 2) >= 0
	}
	return false
}

// leadWords begin the longer label phrases an A-Number label can be read
// out of: "A No" is what is left of "Account No." or "Acct. No." when OCR
// splits or loses letters, so an "A" right after one of these words is a
// fragment of that phrase and not a label of its own.
var leadWords = []string{"online", "account", "acct", "acc", "bank", "card", "case", "receipt", "routing", "access", "tracking", "document", "reference"}

// fragment reports an A-prefixed label match at token i that continues a
// longer phrase: the token before it is a letter run of the same word, or a
// lead word set as close as the words of one phrase. A lead word further
// off is a neighbouring cell's caption ("Online Account" beside "A#").
func fragment(p *labelPattern, ln *line, toks []token, i int) bool {
	if !p.upperA || i == 0 {
		return false
	}
	prev := toks[i-1]
	// "USCIS" prefixes the A-Number's caption, run into it or not
	// ("USCIS'A#" when a speck joins them): findLabels takes it in.
	if editDistance(prev.norm, fold("uscis"), 1) >= 0 {
		return false
	}
	if prev.word == toks[i].word && prev.norm != "#" {
		return true
	}
	a, b := ln.words[prev.word].box, ln.words[toks[i].word].box
	if toks[i].word-prev.word > 1 || b.X0-a.X1 > b.Y1-b.Y0 {
		return false
	}
	for _, w := range leadWords {
		if editDistance(prev.norm, fold(w), maxEdits(len(w))) >= 0 {
			return true
		}
	}
	return false
}

// matchAt matches pattern p at token i. It returns the quality and the
// number of tokens used: OCR sometimes runs two label words together
// ("AccountNumber"), so one token may match two pattern words.
func matchAt(p *labelPattern, toks []token, i int) (float64, int, bool) {
	edits := 0
	exact := true
	ti := i
	for k := 0; k < len(p.words); k++ {
		if ti >= len(toks) {
			return 0, 0, false
		}
		t := toks[ti]
		if ti > i && t.seq-toks[ti-1].seq > 1 {
			return 0, 0, false // a label's words are adjacent
		}
		if k == 0 && p.upperA && !strings.HasPrefix(t.raw, "A") && !uscisHash(toks, i) && !lowerCaptionA(toks, i) {
			return 0, 0, false
		}
		best := wordEdits(t, p.folded[k])
		// OCR now and then breaks a label word in two at a gap in the
		// print, a curl of a photographed sheet ("ONLIN E"): joined with
		// the next token it may match better than alone. Not for the
		// patterns of misread captions, which are one run-together word:
		// "USCIS A#" joined would read as a card's "USCISA".
		if !p.weak && !p.exact && ti+1 < len(toks) && toks[ti+1].tight && t.norm != "#" && toks[ti+1].norm != "#" {
			j := token{norm: fold(t.raw + toks[ti+1].raw), raw: t.raw + toks[ti+1].raw, word: t.word, upper: t.upper}
			if d := wordEdits(j, p.folded[k]); d >= 0 && (best < 0 || d < best) {
				best, exact = d, false
				ti++
			}
		}
		// A run of words may match better than the first word alone:
		// "RECEIPTNO." is "receipt" with two letters too many, and
		// "receipt" + "no" exactly.
		if best != 0 && k+1 < len(p.words) {
			if d, n := runEdits(t, p.joined[k]); d >= 0 && (best < 0 || d < best) {
				best = d
				exact = false
				k += n - 1
			}
		}
		if best < 0 || p.exact && best > 0 {
			return 0, 0, false
		}
		if best > 0 || !isPlain(t.raw) {
			exact = false
		}
		edits += best
		ti++
	}
	n := ti - i
	switch {
	case exact && edits == 0:
		return 1, n, true
	case edits <= 1:
		return 0.9, n, true
	}
	return 0.8, n, true
}

// uscisHash reports a lower-case "a#" right after "USCIS": the caption's
// small bold capitals read in lower case on a poor scan. The '#' run into
// the letter and the "USCIS" before it make it no article.
func uscisHash(toks []token, i int) bool {
	return toks[i].raw == "a" && i > 0 && i+1 < len(toks) &&
		toks[i+1].norm == "#" && toks[i+1].word == toks[i].word &&
		editDistance(toks[i-1].norm, fold("uscis"), 1) >= 0
}

// lowerCaptionA reports a small bold "A#" read "aS": its A in lower
// case, its '#' as a capital (see hashReads), as prose never prints
// "as". Only this form: "a-Wumbér" for "A-Number" over "821188322", the
// A read as an 8, took the nine digits for its value.
func lowerCaptionA(toks []token, i int) bool {
	r := []rune(toks[i].raw)
	return len(r) == 2 && r[0] == 'a' && unicode.IsUpper(r[1]) && strings.ContainsRune(hashReads, r[1])
}

// runEdits is the fewest edits turning token t into one of runs, or -1,
// and how many label words that run takes; the longer run at equal edits.
func runEdits(t token, runs []run) (int, int) {
	best, words := -1, 0
	if numberToken(t.raw) {
		return best, words
	}
	for _, r := range runs {
		d := 0
		if !strings.EqualFold(t.raw, r.raw) {
			d = editDistance(t.norm, r.folded, maxEdits(len(r.folded)))
		}
		if d >= 0 && (best < 0 || d < best || d == best && r.words > words) {
			best, words = d, r.words
		}
	}
	return best, words
}

// wordEdits is the fewest edits turning token t into one of alts, or -1.
func wordEdits(t token, alts []alt) int {
	best := -1
	for _, a := range alts {
		if strings.EqualFold(t.raw, a.raw) {
			return 0
		}
		if numberToken(t.raw) && !numberToken(a.raw) {
			continue
		}
		fa := a.folded
		if d := editDistance(t.norm, fa, maxEdits(len(fa))); d >= 0 && (best < 0 || d < best) {
			best = d
		}
	}
	return best
}

// numberToken reports a token of two or more digits and nothing else: a
// group of a printed number, never a label's word, however folding reads
// its digits as letters ("194" of "A-121-220-194" folds to "i94").
func numberToken(s string) bool {
	if len(s) < 2 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func isPlain(s string) bool {
	for _, r := range s {
		if !(unicode.IsLetter(r) || r == '#') || r > unicode.MaxASCII {
			return false
		}
	}
	return true
}

// editDistance is the Levenshtein distance of a and b, or -1 when it
// exceeds max (computed in a band, so it stays cheap).
func editDistance(a, b string, max int) int {
	// Most pairs differ in length by more than max: settle them before
	// allocating anything.
	if d := utf8.RuneCountInString(a) - utf8.RuneCountInString(b); d > max || -d > max {
		return -1
	}
	var bufA, bufB [32]rune
	ra, rb := append(bufA[:0], []rune(a)...), append(bufB[:0], []rune(b)...)
	var bufP, bufC [33]int
	prev := append(bufP[:0], make([]int, len(rb)+1)...)
	cur := append(bufC[:0], make([]int, len(rb)+1)...)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			cur[j] = c
			rowMin = min(rowMin, c)
		}
		if rowMin > max {
			return -1
		}
		prev, cur = cur, prev
	}
	if prev[len(rb)] > max {
		return -1
	}
	return prev[len(rb)]
}

// wholeWord reports whether tok is all the letters and digits of word, so
// a weak label is never the "A" inside a value like "A-123-456-789". The
// "USCIS" of "USCIS A#" may share its word, past a dash ("USCIS-A¥").
func wholeWord(word, tok string) bool {
	var b strings.Builder
	for _, r := range word {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '¥' || strings.ContainsRune(hashReads, r) {
			b.WriteRune(r)
		}
	}
	s := b.String()
	if head, ok := strings.CutSuffix(s, tok); ok && head != "" && strings.Contains(word, "-") {
		return editDistance(fold(head), fold("uscis"), 1) >= 0
	}
	return s == tok
}
