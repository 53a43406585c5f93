package extractor

import (
	"fmt"
	"slices"
	"strings"
)

// Missing is an identifier a page's form always carries that the document
// yielded nowhere: every Form I-797 (Notice of Action) is issued for a
// receipt number, so an I-797 page without one lost it to OCR even when no
// label was read either; a copy of a Permanent Resident Card (Form I-551)
// or an Employment Authorization Document (Form I-766) always prints the
// holder's A-Number after "USCIS#", a caption too small to survive a poor
// scan.
type Missing struct {
	Kind Kind   `json:"kind"`
	Page int    `json:"page"`
	Form string `json:"form"`
}

// Warning is the note a reviewer reads.
func (m Missing) Warning() string {
	what := "a Form " + m.Form + " notice"
	switch m.Form {
	case formGreenCard:
		what = "a copy of a Permanent Resident Card"
	case formEAD:
		what = "a copy of an Employment Authorization Document"
	}
	return fmt.Sprintf("page %d: %s, but its %s could not be read", m.Page, what, m.Kind.Name())
}

// The card forms Missing knows by their printed titles.
const (
	formGreenCard = "I-551"
	formEAD       = "I-766"
)

// formMark is a form number printed in a page's header or footer.
type formMark struct {
	page int
	form string
	kind Kind // the identifier that form always carries
}

// formMargin is the share of the page height, from the top and from the
// bottom, in which a form number names the page's own form; further in, it
// is running text that cites a form ("enclosed is your Form I-797").
const formMargin = 0.2

// forms records the I-797 form numbers and titles in an OCR page's margins,
// and its card titles. Text-layer pages are left out: their text is exact,
// so a receipt number they lack is not printed on them.
func (run *pageRun) forms(r *Result) {
	p := run.l.page
	if p.Source != SourceOCR || p.Height <= 0 {
		return
	}
	for _, i := range run.titles {
		r.forms = append(r.forms, formMark{page: p.Number, form: cardTitle(run.l.lines[i]), kind: KindANumber})
		run.cardNumber(r, i)
	}
	for _, ln := range run.l.lines {
		mid := (ln.box.Y0 + ln.box.Y1) / 2
		if mid > formMargin*p.Height && mid < (1-formMargin)*p.Height {
			continue
		}
		if slices.ContainsFunc(ln.words, func(w *word) bool { return isI797(w.text) }) || noticeOfAction(ln) {
			r.forms = append(r.forms, formMark{page: p.Number, form: "I-797", kind: KindReceiptNumber})
			return
		}
	}
}

// noticeOfAction reports a heading line ending in "Notice of Action", the
// title every Form I-797 prints beside its form number ("Form I-797C,
// Notice of Action"). It names the form when OCR garbled the number
// itself ("Formt 797¢,"); a heading has few words before it, a sentence
// that mentions a notice of action more.
func noticeOfAction(ln *line) bool {
	ws := ln.words
	n := len(ws)
	if n < 3 || n > 6 {
		return false
	}
	for i, want := range []string{"notice", "of", "action"} {
		if strings.ToLower(strings.Trim(ws[n-3+i].text, ".,;:'\"‘’“”")) != want {
			return false
		}
	}
	return true
}

// isI797 reports whether a word reads as the form number I-797, with its
// edition letter (I-797C, I-797E) and the misreadings OCR makes of the I
// and the dash ("1-797C", "[-797", "1+797€", "I-797C,").
func isI797(t string) bool {
	t = strings.Trim(t, ".,;:()'\"‘’“”")
	if len(t) < 5 {
		return false
	}
	if !strings.ContainsRune("I1l|[]!", rune(t[0])) {
		return false
	}
	t = t[1:]
	if t[0] == '-' || t[0] == '+' || t[0] == '~' {
		t = t[1:]
	}
	if !strings.HasPrefix(t, "797") {
		return false
	}
	rest := []rune(t[3:])
	return len(rest) == 0 || len(rest) == 1 && !('0' <= rest[0] && rest[0] <= '9')
}

// Missing lists, per kind, the first page whose form always carries an
// identifier of that kind when the document yielded none, and no label of
// that kind is already listed by Unread.
func (r *Result) Missing() []Missing {
	have := map[Kind]bool{}
	for _, f := range r.Findings {
		have[f.Kind] = true
	}
	for _, u := range r.Unread() {
		have[u.Kind] = true
	}
	var out []Missing
	for _, m := range r.forms {
		if have[m.kind] {
			continue
		}
		have[m.kind] = true
		out = append(out, Missing{Kind: m.kind, Page: m.page, Form: m.form})
	}
	return out
}
