package extractor_test

import (
	"testing"

	"github.com/noticescan/noticescan/extractor"
)

// A card copy's A-Number whose "USCIS#" caption OCR garbled: the card's
// title places it.
func TestExtract_CardNumberByPlace(t *testing.T) {
	// card lays out a green card's copy at 612×792 points (72 per inch),
	// with the given lines under its title.
	card := func(lines ...at) extractor.Page {
		items := []at{
			{60, 80, "UNITED STATES OF AMERICA", 0.9},
			{60, 95, "PERMANENT RESIDENT", 0.9},
			{160, 120, "Surname", 0.5}, {160, 130, "ABEBE", 0.9},
			{160, 200, "Card#", 0.5}, {160, 210, "WAC2229376372", 0.8},
			{60, 250, "Date of Birth", 0.5}, {60, 260, "02 Dec 2000", 0.9},
		}
		return page(1, extractor.SourceOCR, append(items, lines...)...)
	}
	tests := []struct {
		name string
		page extractor.Page
		want string
	}{
		{"CaptionGarbledEightDigits", card(at{160, 150, "AICI ®", 0.1}, at{160, 160, "36436051", 0.8}), "A036436051"},
		{"CaptionLostGroupedThrees", card(at{160, 160, "294-392-778", 0.7}), "A294392778"},
		// Two numbers shaped alike: the place tells neither.
		{"ErrTwoCandidates", card(at{160, 160, "294392778", 0.7}, at{160, 180, "36436051", 0.8}), ""},
		// Further below the title than a card is deep: not on the card.
		{"ErrBelowTheCard", card(at{60, 300, "294392778", 0.7}), ""},
		// The title's CARD is no caption: the number below it is the
		// holder's, not a card number.
		{"TitleCardIsNoLabel", page(1, extractor.SourceOCR,
			at{60, 95, "EMPLOYMENT AUTHORIZATION CARD", 0.9}, at{160, 112, "294-392-778", 0.7}), "A294392778"},
		// No title, no card.
		{"ErrNoTitle", page(1, extractor.SourceOCR, at{60, 95, "RESIDENT", 0.9}, at{160, 160, "294-392-778", 0.7}), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{tt.page})
			var got []extractor.Finding
			for _, f := range r.Findings {
				if f.Kind == extractor.KindANumber {
					got = append(got, f)
				}
			}
			switch {
			case tt.want == "" && len(got) != 0:
				t.Fatalf("found %+v, want none", got)
			case tt.want == "":
			case len(got) != 1 || got[0].Value != tt.want:
				t.Fatalf("found %+v, want %s", got, tt.want)
			case got[0].Confidence >= 0.7:
				// Found by place, not by label: a person checks it.
				t.Fatalf("confidence %.2f, want below the 0.70 warning line", got[0].Confidence)
			}
		})
	}
}

func TestResult_CardRead(t *testing.T) {
	front := func(n int, number string) extractor.Page {
		return page(n, extractor.SourceOCR,
			at{60, 95, "EMPLOYMENT AUTHORIZATION CARD", 0.9},
			at{160, 150, "USCIS#", 0.9}, at{160, 160, number, 0.9})
	}
	tests := []struct {
		name  string
		pages []extractor.Page
		page  int
		want  bool
	}{
		{"OKNumberRead", []extractor.Page{front(1, "036-436-051")}, 1, true},
		// The same card copied on two pages, the number found on the first.
		{"OKNumberReadOnBoth", []extractor.Page{front(1, "036-436-051"), front(2, "036-436-051")}, 2, true},
		{"ErrNumberLost", []extractor.Page{front(1, "0~6-4S6-0S1")}, 1, false},
		// Found by its place alone, the caption lost, or read doubtfully:
		// its digits are to be checked, but nothing on the card is
		// missing.
		{"OKNumberByPlace", []extractor.Page{page(1, extractor.SourceOCR,
			at{60, 95, "EMPLOYMENT AUTHORIZATION CARD", 0.9}, at{160, 160, "036-436-051", 0.9})}, 1, true},
		{"OKNumberDoubtful", []extractor.Page{page(1, extractor.SourceOCR,
			at{60, 95, "EMPLOYMENT AUTHORIZATION CARD", 0.9},
			at{160, 150, "USCIS#", 0.9}, at{160, 160, "036-436-051", 0.3})}, 1, true},
		// A number printed like one but outside the card is not its own.
		{"ErrNumberOffCard", []extractor.Page{page(1, extractor.SourceOCR,
			at{60, 95, "EMPLOYMENT AUTHORIZATION CARD", 0.9}, at{160, 900, "036-436-051", 0.9})}, 1, false},
		{"ErrOtherPage", []extractor.Page{front(1, "036-436-051")}, 2, false},
		{"ErrNoCard", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "A-Number: A036436051", 0.9})}, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := extractor.Extract(tt.pages)
			if got := r.CardRead(tt.page); got != tt.want {
				t.Fatalf("CardRead(%d) = %v, want %v", tt.page, got, tt.want)
			}
		})
	}
}

// A card's number has a receipt number's shape (it is the receipt of the
// card application), and its small "Card#" caption is lost as often as
// the "USCIS#" one: on a card copy it is not a receipt number, and its
// digits are no A-Number either.
func TestExtract_CardNumberIsNoReceipt(t *testing.T) {
	lines := []at{
		{160, 150, "USCIS#", 0.9}, {160, 160, "294-392-778", 0.9},
		{160, 200, "C@r", 0.1}, {160, 210, "LIN2 193974773", 0.8},
	}
	kinds := func(p extractor.Page) map[extractor.Kind]string {
		out := map[extractor.Kind]string{}
		for _, f := range extractor.Extract([]extractor.Page{p}).Findings {
			out[f.Kind] = f.Value
		}
		return out
	}
	onCard := kinds(page(1, extractor.SourceOCR, append([]at{{60, 95, "PERMANENT RESIDENT", 0.9}}, lines...)...))
	if v, ok := onCard[extractor.KindReceiptNumber]; ok || onCard[extractor.KindANumber] != "A294392778" {
		t.Errorf("card copy: receipt %q (want none), A-Number %q (want A294392778)", v, onCard[extractor.KindANumber])
	}
	// The caption lost too: the card number's nine digits do not make a
	// second A-Number candidate.
	noCaption := kinds(page(1, extractor.SourceOCR, at{60, 95, "PERMANENT RESIDENT", 0.9},
		at{160, 160, "294-392-778", 0.7}, at{160, 200, "C@r", 0.1}, at{160, 210, "LIN2 193974773", 0.8}))
	if v, ok := noCaption[extractor.KindReceiptNumber]; ok || noCaption[extractor.KindANumber] != "A294392778" {
		t.Errorf("card copy without captions: receipt %q (want none), A-Number %q (want A294392778)", v, noCaption[extractor.KindANumber])
	}
	// Without a card's title, the same number is an unlabeled receipt.
	if got := kinds(page(1, extractor.SourceOCR, lines...)); got[extractor.KindReceiptNumber] != "LIN2193974773" {
		t.Errorf("no card: findings %v, want the unlabeled receipt", got)
	}
}

// A card's title whose CARD, or a letter of its other words, OCR misread
// ("GARD.", "RESIOENT-") is still the title: the card number below it is no receipt number, and the one
// number shaped as an A-Number is the holder's.
func TestExtract_CardTitleMisread(t *testing.T) {
	p := page(1, extractor.SourceOCR,
		at{60, 95, "EMPLOYMENT AUTHORIZATION GARD.", 0.9},
		at{160, 120, "Surname", 0.5}, at{160, 130, "HADDAD", 0.9},
		at{160, 150, "YUSClsa", 0.1}, at{160, 160, "‘86034087", 0.7},
		at{160, 200, "Candy", 0.6}, at{160, 210, "NBG2104358797", 0.9},
	)
	got := found(extractor.Extract([]extractor.Page{p}))
	if want := []kv{{anr, "A086034087"}}; !same(got, want) {
		t.Fatalf("findings %v, want %v", got, want)
	}
	// A letter of a title word misread on a fax ("RESIOENT-"): still the
	// title. Two letters off, it is not.
	for _, tc := range []struct {
		title string
		want  []kv
	}{
		{"PERMANENT RESIOENT-", []kv{{anr, "A086034087"}}},
		{"PERMANENT RESIOEMT-", []kv{{rcp, "NBC2104358797"}}},
	} {
		q := page(1, extractor.SourceOCR, append([]at{{60, 95, tc.title, 0.9}}, at{160, 120, "Surname", 0.5}, at{160, 130, "HADDAD", 0.9},
			at{160, 150, "YUSClsa", 0.1}, at{160, 160, "‘86034087", 0.7}, at{160, 200, "Candy", 0.6}, at{160, 210, "NBG2104358797", 0.9})...)
		if got := found(extractor.Extract([]extractor.Page{q})); !same(got, tc.want) {
			t.Errorf("%q: findings %v, want %v", tc.title, got, tc.want)
		}
	}
	// Another word after the title's is no card's: the number stands as
	// an unlabeled receipt number, and nothing is found by its place.
	p.Words[2].Text = "DOCUMENT"
	if got := found(extractor.Extract([]extractor.Page{p})); !same(got, []kv{{rcp, "NBC2104358797"}}) {
		t.Fatalf("findings under a heading %v, want the receipt number alone", got)
	}
}
