package extractor

import (
	"fmt"
	"sort"
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
// digits as a receipt number found elsewhere, as notices repeat their
// receipt number on every page and one copy often survives.
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
		if s.Current != "" || s.source != SourceOCR || seen[at{s.Page, s.LabelBox}] {
			continue
		}
		if s.Kind != KindReceiptNumber && have[s.Kind] {
			continue
		}
		if r.echoOfFound(s) {
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

// echoSuffix is how many trailing digits a garbled value must share with a
// found value to be taken for another copy of it. Numbers filed together
// for one family differ in their last two characters, so they never share
// a suffix this long.
const echoSuffix = 6

// echoOfFound reports whether the garbled text at slot s ends like a found
// value of the same kind.
func (r *Result) echoOfFound(s Slot) bool {
	for _, seen := range s.seen {
		d := digitsOnly(seen)
		if len(d) < echoSuffix {
			continue
		}
		for _, f := range r.Findings {
			if f.Kind == s.Kind && commonSuffix(d, digitsOnly(f.Value)) >= echoSuffix {
				return true
			}
		}
	}
	return false
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
