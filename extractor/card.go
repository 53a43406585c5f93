package extractor

import (
	"slices"
	"strings"
	"unicode"
)

// cardTitles are the titles the cards print across their top, in lower
// case (a line's words are compared with them folded); "CARD" may follow.
var cardTitles = []struct {
	words []string
	form  string
}{
	{[]string{"permanent", "resident"}, formGreenCard},
	{[]string{"employment", "authorization"}, formEAD},
}

// cardTitle names the card form whose title a line is, or "". The title
// stands alone on its line in capitals (but for specks), anywhere on the
// page (a card's copy sits wherever it was laid on the glass): a notice
// naming the card in a sentence or a form type ("APPLICATION TO REPLACE
// PERMANENT RESIDENT CARD") has other words on the line.
func cardTitle(ln *line) string {
	var words []string
	for _, t := range tokenize(ln) {
		// A speck beside the title is read as a stray digit or mark.
		if !strings.ContainsFunc(t.raw, unicode.IsLetter) && len(t.raw) <= 2 {
			continue
		}
		if strings.ToUpper(t.raw) != t.raw {
			return ""
		}
		words = append(words, t.norm)
	}
	// Its "CARD" often comes out a letter off ("GARD"); the title's own
	// words still have to match.
	if n := len(words); n > 0 && editDistance(words[n-1], "card", 1) >= 0 {
		words = words[:n-1]
	}
	for _, c := range cardTitles {
		// A letter of each word may be misread too ("RESIOENT" on a
		// fax): the words are long, and alone on their line in capitals.
		if slices.EqualFunc(words, c.words, func(w, title string) bool { return editDistance(w, fold(title), 1) >= 0 }) {
			return c.form
		}
	}
	return ""
}

// Card geometry, in inches: a card is 3.37 × 2.13 in (ID-1), its title
// across the top; the A-Number sits below the title, in the card.
const (
	cardWidth = 3.4
	cardDepth = 2.2
)

// cardLabel is the label reported for a card's A-Number found by its place.
const cardLabel = "USCIS# (card)"

// cardNumber reports the A-Number of a card copy whose "USCIS#" caption OCR
// garbled past matching: on a card under title (line ti), the one number
// printed as an A-Number (eight or nine digits, with or without its A) is
// the holder's, for nothing else on either card is so printed (the card
// number has letters, dates are short). With no A-Number found on the
// page and exactly one such number in the card, it is reported at
// unlabeled confidence, so a person checks it; with two, neither.
func (run *pageRun) cardNumber(r *Result, ti int) {
	p := run.l.page
	if p.Width <= 0 || slices.ContainsFunc(r.Findings, func(f Finding) bool { return f.Kind == KindANumber && f.Page == p.Number }) {
		return
	}
	title := run.l.lines[ti].box
	var found []candidate
	for _, ln := range run.l.lines[ti+1:] {
		if ln.box.Y0-title.Y1 > cardDepth*run.inch() {
			break
		}
		for i := 0; i < len(ln.words); i++ {
			w := ln.words[i]
			if !run.free(w) || !run.inCard(title, w.box) {
				continue
			}
			ws := []*word{w}
			for j := i + 1; j < min(i+3, len(ln.words)) && run.free(ln.words[j]); j++ {
				ws = append(ws, ln.words[j])
			}
			for n := len(ws); n > 0; n-- {
				c, ok := parse(KindANumber, ws[:n], true)
				if ok && aNumberShaped(c.display) {
					found = append(found, c)
					i += n - 1
					break
				}
			}
		}
	}
	if len(found) != 1 {
		return
	}
	c := found[0]
	c.repairs = append(c.repairs, "found by its place on a card copy, its caption unread")
	run.report(r, c, &labelMatch{lk: pos(KindANumber), text: cardLabel, box: title, quality: unlabeledQ}, 1)
}

// inch is the page's inch in its units, the page taken to be a letter
// sheet's width.
func (run *pageRun) inch() float64 { return run.l.page.Width / 8.5 }

// inCard reports whether b starts below a card's title and within the
// card's size from it.
func (run *pageRun) inCard(title, b Box) bool {
	inch := run.inch()
	return b.Y0 >= title.Y1-0.1*inch && b.Y0-title.Y1 <= cardDepth*inch &&
		b.X0 >= title.X0-0.3*inch && b.X0 <= title.X0+cardWidth*inch
}

// onCard reports whether b lies on a card copy whose title the page read.
func (run *pageRun) onCard(b Box) bool {
	return run.l.page.Width > 0 && slices.ContainsFunc(run.titles, func(i int) bool { return run.inCard(run.l.lines[i].box, b) })
}

// CardRead reports whether page n shows a copy of a card (its title read)
// whose A-Number was found on that page: the one identifier a card
// carries, so the rest of its small print, however poorly read, hides
// nothing more. That holds for a doubtful number too, or one found only
// by its place (see cardNumber): its digits may be misread, but nothing
// is missing, and the finding's own low-confidence warning says to check
// them.
func (r *Result) CardRead(n int) bool {
	card := slices.ContainsFunc(r.forms, func(m formMark) bool { return m.page == n && m.kind == KindANumber })
	return card && slices.ContainsFunc(r.Findings, func(f Finding) bool {
		return f.Kind == KindANumber && (f.Page == n || slices.ContainsFunc(f.Occurrences, func(o Occurrence) bool { return o.Page == n }))
	})
}
