package extractor_test

import (
	"testing"

	"github.com/noticescan/noticescan/extractor"
)

// Words of a second look give a label its value, but a receipt-shaped
// word among them does not stand on its own: on green cards it was the
// card number, whose "Card #" caption stayed unread.
func TestExtract_RelookWords(t *testing.T) {
	ocr := extractor.SourceOCR
	relook := func(p extractor.Page) extractor.Page {
		for i := range p.Words {
			p.Words[i].Relook = true
		}
		return p
	}
	if got := found(extractor.Extract([]extractor.Page{page(1, ocr, at{50, 100, "WAC2230076177", 0.6})})); !same(got, []kv{{rcp, "WAC2230076177"}}) {
		t.Fatalf("unlabeled receipt on the page's reading: %v", got)
	}
	if got := found(extractor.Extract([]extractor.Page{relook(page(1, ocr, at{50, 100, "WAC2230076177", 0.6}))})); len(got) != 0 {
		t.Fatalf("unlabeled receipt of a second look reported: %v", got)
	}
	lab := relook(page(1, ocr, at{50, 100, "A-NUMBER", 0.6}, at{50, 116, "A53150967", 0.6}))
	if got := found(extractor.Extract([]extractor.Page{lab})); !same(got, []kv{{anr, "A053150967"}}) {
		t.Fatalf("labeled A-Number of a second look: %v", got)
	}
}

// An A-Number of a second look whose label stayed unread (a stain over
// "A-Number") is not reported, but its page is named for a person.
func TestExtract_RelookANumberIsAStray(t *testing.T) {
	for _, text := range []string{"A-54774015", "A54774015", "A-5477401"} {
		p := page(1, extractor.SourceOCR, at{50, 100, text, 0.9})
		for i := range p.Words {
			p.Words[i].Relook = true
		}
		r := extractor.Extract([]extractor.Page{p})
		if s := r.Strays(); len(r.Findings) != 0 || len(s) != 1 || s[0].Kind != extractor.KindANumber {
			t.Errorf("%q: findings %v strays %+v, want one stray A-Number", text, found(r), s)
		}
	}
}
