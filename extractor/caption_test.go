package extractor_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
)

// captionsOf extracts p, which yields no finding before its captions are
// re-read, and returns its captions.
func captionsOf(t *testing.T, p extractor.Page) []extractor.Caption {
	t.Helper()
	r := extractor.Extract([]extractor.Page{p})
	if len(r.Findings) != 0 {
		t.Fatalf("findings before the re-read: %v", found(r))
	}
	return r.Captions()
}

func readings(texts ...string) []extractor.Reading {
	out := make([]extractor.Reading, len(texts))
	for i, t := range texts {
		out[i] = extractor.Reading{Text: t, Conf: 0.6, Variant: "v"}
	}
	return out
}

// A card's "USCIS A#" caption read as noise over its nine digits: the
// caption's place is offered for a re-read, and readings that agree on a
// label make the number an A-Number.
func TestRecaption(t *testing.T) {
	ocr := extractor.SourceOCR
	garbled := func() extractor.Page {
		return page(1, ocr, at{50, 100, "“Tuscis Av", 0.3}, at{300, 100, "Name", 0.9},
			at{52, 116, "227034346", 0.8}, at{300, 116, "SILVA", 0.9})
	}
	cs := captionsOf(t, garbled())
	if len(cs) != 1 {
		t.Fatalf("captions %+v; want one", cs)
	}
	c := cs[0]
	if c.Kind != extractor.KindANumber || c.Page != 1 || c.Region.X0 > 50 || c.Region.X1 < 95 || c.Region.Y0 > 100 || c.Region.Y1 < 110 || c.Region.Y1 > 116 {
		t.Fatalf("caption %+v does not frame the words above the number", c)
	}
	for _, tc := range []struct {
		name string
		rds  []extractor.Reading
		want string
	}{
		{"OKTwoAgree", readings("USCIS A#", "USCIS AH", "Tuscis ar", ""), "A227034346"},
		{"ErrOneAlone", readings("USCIS A#", "Tuscis ar", "Tuscan", ""), ""},
		{"ErrLookalikeRead", readings("USCIS A#", "USCIS A#", "SSN", ""), ""},
		{"ErrNoise", readings("ae te", "t pegs", "", ""), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, ok := extractor.Recaption(garbled(), c, tc.rds)
			if ok != (tc.want != "") {
				t.Fatalf("recaptioned %v; want %v", ok, tc.want != "")
			}
			got := extractor.Extract([]extractor.Page{p})
			var vals []string
			for _, f := range got.Findings {
				vals = append(vals, f.Value)
			}
			switch {
			case tc.want == "" && len(vals) != 0:
				t.Fatalf("findings %v; want none", vals)
			case tc.want != "" && (len(vals) != 1 || vals[0] != tc.want):
				t.Fatalf("findings %v; want %s", vals, tc.want)
			}
			if tc.want != "" && got.Findings[0].Label == "" {
				t.Fatalf("finding without the re-read label: %+v", got.Findings[0])
			}
		})
	}
	t.Run("ErrOtherPage", func(t *testing.T) {
		p := garbled()
		p.Number = 2
		if _, ok := extractor.Recaption(p, c, readings("USCIS A#", "USCIS A#")); ok {
			t.Fatal("a caption of page 1 changed page 2")
		}
	})
	t.Run("ErrCaptionThatIsALabel", func(t *testing.T) {
		// A look-alike's caption read right is not re-read.
		r := extractor.Extract([]extractor.Page{page(1, ocr, at{50, 100, "Invoice ID", 0.9}, at{52, 116, "227034346", 0.8})})
		if cs := r.Captions(); len(cs) != 0 {
			t.Fatalf("captions %+v; want none", cs)
		}
	})
}

// An "Account Number" label after words read at low confidence ("USCIS
// Online" garbled) is re-read as a caption: read as the Online Account
// Number's label, it labels the number; otherwise a warning names the page.
// A clean look-alike label is left alone.
func TestCaptions_GarbledBeforeAccountNumber(t *testing.T) {
	ocr := extractor.SourceOCR
	garbled := func(before string, conf float64) extractor.Page {
		return page(1, ocr, at{50, 100, before, conf}, at{88, 100, "ACCOUNT NUMBER:", 0.95}, at{88, 116, "405212837512", 0.9})
	}
	warned := func(r extractor.Result) bool {
		return slices.ContainsFunc(r.Warnings, func(w string) bool { return strings.Contains(w, "follows words that could not be read") })
	}
	r := extractor.Extract([]extractor.Page{garbled("ee face", 0.3)})
	cs := r.Captions()
	if len(r.Findings) != 0 || len(cs) != 1 || !warned(r) {
		t.Fatalf("findings %+v captions %+v warnings %q; want one caption and its warning", r.Findings, cs, r.Warnings)
	}
	c := cs[0]
	if c.Kind != extractor.KindOnlineAccountNumber || c.Region.X0 > 50 || c.Region.X1 < 160 || c.Region.Y1 > 116 {
		t.Fatalf("caption %+v does not frame the words and the label", c)
	}
	for _, tc := range []struct {
		name string
		rds  []extractor.Reading
		want bool
	}{
		{"OKReadAsOnlineAccount", readings("USCIS ONLINE ACCOUNT NUMBER:", "USCIS ONLINE ACCOUNT NUMBER", "", "ee ACCOUNT"), true},
		{"ErrReadAsBank", readings("BANK ACCOUNT NUMBER:", "BANK ACCOUNT NUMBER:", "", ""), false},
		// Crops that lose the first words again read what the page read,
		// which weighs against neither reading; another look-alike does.
		{"OKSomeReadAsAccountAlone", readings("Cis Online Account Number (if :", "cso Account Number an", "CIS Online Account Number (if.", "a Account Number ur"), true},
		{"ErrOneReadAsBank", readings("Cis Online Account Number (if :", "Bank Account Number", "CIS Online Account Number (if.", ""), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, ok := extractor.Recaption(garbled("ee face", 0.3), c, tc.rds)
			got := extractor.Extract([]extractor.Page{p})
			if tc.want {
				if !ok || !same(found(got), []kv{{oan, "405212837512"}}) || warned(got) {
					t.Fatalf("recaptioned %v findings %v warnings %q; want the account number", ok, found(got), got.Warnings)
				}
				return
			}
			if ok || len(got.Findings) != 0 || !warned(got) {
				t.Fatalf("recaptioned %v findings %v warnings %q; want none and the warning", ok, found(got), got.Warnings)
			}
		})
	}
	// Read surely, or a look-alike's own word: not a garbled caption.
	for _, b := range []struct {
		text string
		conf float64
	}{{"ee face", 0.95}, {"Bank", 0.3}} {
		r := extractor.Extract([]extractor.Page{garbled(b.text, b.conf)})
		if len(r.Captions()) != 0 || warned(r) || len(r.Findings) != 0 {
			t.Errorf("%q at %.2f: captions %+v warnings %q findings %v; want none", b.text, b.conf, r.Captions(), r.Warnings, found(r))
		}
	}
}

// A form row whose "A-Number:" OCR garbled past matching ("(&=Nurhber:")
// far left of a value it garbled too ("A0S7-583-519."), under the row
// before it: the label column is re-read, not the value above, and a
// label read there takes the value, repaired as any label's value is.
func TestCaptions_FormRowGarbledANumber(t *testing.T) {
	ocr := extractor.SourceOCR
	form := func() extractor.Page {
		return page(1, ocr, at{80, 100, "Beneficiary:", 0.7}, at{300, 100, "RAVI ALVAREZ", 0.9},
			at{80, 114, "(&=Nurhber:", 0.1}, at{300, 114, "A0S7-583-519.", 0.2})
	}
	cs := captionsOf(t, form())
	if len(cs) != 1 || cs[0].Kind != extractor.KindANumber || cs[0].Region.X0 > 80 || cs[0].Region.X1 < 135 || cs[0].Region.Y0 < 105 {
		t.Fatalf("captions %+v; want the label column of the value's row", cs)
	}
	p, ok := extractor.Recaption(form(), cs[0], readings(". A-Number", ". A-Number", "- A-Nurmber:", ""))
	if !ok {
		t.Fatal("not recaptioned")
	}
	if got := extractor.Extract([]extractor.Page{p}); !same(found(got), []kv{{anr, "A057583519"}}) {
		t.Fatalf("findings %v", found(got))
	}
	// Without the colon, words far left of the number are not its
	// caption; what stands above it is.
	r := extractor.Extract([]extractor.Page{page(1, ocr, at{80, 100, "Beneficiary:", 0.7}, at{300, 100, "RAVI ALVAREZ", 0.9},
		at{80, 114, "(&=Nurhber", 0.1}, at{300, 114, "A0S7-583-519.", 0.2})})
	if cs := r.Captions(); len(cs) != 1 || cs[0].Region.X0 < 250 || cs[0].Region.Y0 > 100 {
		t.Fatalf("captions %+v; want the words above the number", cs)
	}
}

// TestRecaption_KeepsACaptionAlreadyRead: "A#: A-215-865-482" read as one
// word "A:215-865", its A a caption of its own, its last group lost. The
// number is named, and its caption offered for a re-read; re-reads that
// agree on an A caption again ("fr A:Z") do not replace what the page
// read, which would part the A from its number and lose the name.
func TestRecaption_KeepsACaptionAlreadyRead(t *testing.T) {
	p := ocrPage(word("A:215-865", 266, 1264, 451, 1308, 0.81), word("NOTICE", 177, 1183, 330, 1220, 0.9), word("TYPE", 353, 1183, 450, 1220, 0.49))
	r := extractor.Extract([]extractor.Page{p})
	if len(r.Strays()) != 1 || len(r.Captions()) != 1 {
		t.Fatalf("strays %+v captions %+v; want the number named and its caption re-read", r.Strays(), r.Captions())
	}
	if _, ok := extractor.Recaption(p, r.Captions()[0], readings("fr A:Z", "fr A:Z", "fs Ae", "fr A:Z")); ok {
		t.Fatal("a caption the page read as an A caption was replaced")
	}
}

// A caption garbled past matching that touches the number on its left
// ("jsNumber" "4197986524." for "A-Number: A197986524") is the number's,
// not the line of another field above it; a confident word or one a
// space of print away is not.
func TestCaptions_GarbledCaptionTouchingNumber(t *testing.T) {
	ocr := extractor.SourceOCR
	row := func(caption string, conf, x float64) extractor.Page {
		return page(1, ocr, at{80, 100, "Notice Type: Approval Notice", 0.9},
			at{x, 114, caption, conf}, at{130, 114, "4197986524.", 0.8})
	}
	cs := captionsOf(t, row("jsNumber", 0.01, 84))
	if len(cs) != 1 || cs[0].Region.X0 > 84 || cs[0].Region.Y0 < 105 {
		t.Fatalf("captions %+v; want the word left of the number", cs)
	}
	p, ok := extractor.Recaption(row("jsNumber", 0.01, 84), cs[0], readings("A-Number", ": A-Number", "j ANumber", "ANumber #"))
	if !ok {
		t.Fatal("not recaptioned")
	}
	if got := extractor.Extract([]extractor.Page{p}); !same(found(got), []kv{{anr, "A197986524"}}) {
		t.Fatalf("findings %v", found(got))
	}
	for _, tc := range []struct {
		conf, x float64
	}{{0.9, 84}, {0.01, 60}} {
		if cs := captionsOf(t, row("jsNumber", tc.conf, tc.x)); len(cs) == 1 && cs[0].Region.Y0 >= 105 {
			t.Errorf("conf %.2f at %g: captions %+v; want the words above the number", tc.conf, tc.x, cs)
		}
	}
}

// A form's small "A#" caption read as one unsure character ("7") over
// an A-Number printed in eight digits without its A: the number is named
// and the caption offered for a re-read, and a label read there takes
// it. A caption read surely, a word with letters (left to the A-caption
// rules), a longer word, or a word of prose over eight digits is no
// garbled A#.
func TestCaptions_GarbledShortCaptionOverEightDigits(t *testing.T) {
	cell := func(caption string, conf float64, beside ...extractor.Word) extractor.Page {
		ws := []extractor.Word{word(caption, 297, 1111, 297+18*float64(len(caption)), 1133, conf),
			word("PRIORITY", 1032, 1093, 1170, 1118, 0.97), word("DATE", 1187, 1093, 1262, 1118, 0.97),
			word("83098844", 307, 1172, 470, 1202, 0.96)}
		return ocrPage(append(ws, beside...)...)
	}
	cs := captionsOf(t, cell("7", 0.44))
	if len(cs) != 1 || cs[0].Kind != extractor.KindANumber || cs[0].Region.Y1 > 1172 || cs[0].Region.X0 > 297 {
		t.Fatalf("captions %+v; want the word over the number", cs)
	}
	p, ok := extractor.Recaption(cell("7", 0.44), cs[0], readings("Ae", "A#", "A#", ""))
	if !ok {
		t.Fatal("not recaptioned")
	}
	if got := extractor.Extract([]extractor.Page{p}); !same(found(got), []kv{{anr, "A083098844"}}) {
		t.Fatalf("findings %v", found(got))
	}
	for _, tc := range []struct {
		name string
		p    extractor.Page
	}{
		{"sure", cell("7", 0.9)},
		{"letters", cell("lo", 0.3)},
		{"long", cell("2020", 0.3)},
		{"prose", cell("7", 0.44, word("days", 340, 1111, 400, 1133, 0.9))},
	} {
		r := extractor.Extract([]extractor.Page{tc.p})
		if len(r.Captions()) != 0 || len(r.Strays()) != 0 || len(r.Findings) != 0 {
			t.Errorf("%s: captions %+v strays %+v findings %v; want none", tc.name, r.Captions(), r.Strays(), found(r))
		}
	}
}

// TestRecaption_WeakCaptionReadFull: "USCIS A#" read "uscisAy", a weak
// label that takes no value past its line, beside "NOTICE DATE", over an
// A-Number OCR read past parsing ("A092°585" with "512" laid over its
// end). Re-read "USCIS A#", a full label, it replaces the page's words,
// and the number is read as that label's value. Re-reads no fuller than
// the page's reading leave it as it was.
func TestRecaption_WeakCaptionReadFull(t *testing.T) {
	p := ocrPage(word("uscisAy", 274, 648, 417, 681, 0), word("NOTICE", 954, 642, 1073, 681, 0.93), word("DATE,", 1086, 638, 1177, 678, 0.32),
		word("A092°585", 283, 703, 543, 749, 0.86), word("512", 481, 699, 546, 758, 0.96))
	r := extractor.Extract([]extractor.Page{p})
	cs := r.Captions()
	if len(cs) != 1 || len(r.Findings) != 0 {
		t.Fatalf("captions %+v findings %v; want the caption offered for a re-read", cs, found(r))
	}
	if _, ok := extractor.Recaption(p, cs[0], readings("uscisAy", "uscis Ay", "uscisAy", "")); ok {
		t.Fatal("recaptioned with re-reads no fuller than the page's reading")
	}
	q, ok := extractor.Recaption(p, cs[0], readings("USCIS A#", "USCIS Ad", "USCIS A#", "USCIS A#"))
	if !ok {
		t.Fatal("not recaptioned")
	}
	r = extractor.Extract([]extractor.Page{q})
	r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
		return readingsAt(0.6, "A092 585512", "A092 585 512", "7 092 585 512", "A092 585512")
	})
	if got := found(r); !same(got, []kv{{anr, "A092585512"}}) || r.Findings[0].Label == "" {
		t.Fatalf("findings %v; want the A-Number under the re-read label", got)
	}
}
