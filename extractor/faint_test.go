package extractor_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
)

// A box's edge read as an opening quote before a caption does not hide the
// caption.
func TestExtract_CaptionAfterQuote(t *testing.T) {
	ocr := extractor.SourceOCR
	got := found(extractor.Extract([]extractor.Page{page(1, ocr, at{50, 100, "‘A-NUMBER", 0.6}, at{50, 116, "‘A53150967", 0.6})}))
	if !same(got, []kv{{anr, "A053150967"}}) {
		t.Fatalf("findings %v", got)
	}
}

// A speck between two words of a label, read as a quote that joins them,
// does not hide the label; a quote inside a word stays part of it.
func TestExtract_LabelWordsJoinedByQuote(t *testing.T) {
	ocr := extractor.SourceOCR
	for _, tc := range []struct {
		line string
		want []kv
	}{
		{"USCIS‘Online Account Number any) 275236685149", []kv{{oan, "275236685149"}}},
		{"USCIS’Online Account Number: 275236685149", []kv{{oan, "275236685149"}}},
		{"USCIS Onl‘ne Account Number: 275236685149", []kv{{oan, "275236685149"}}},
		{"Online. Account’Nu 5473.7104 9571", []kv{{oan, "547371049571"}}},
	} {
		got := found(extractor.Extract([]extractor.Page{page(1, ocr, at{50, 100, tc.line, 0.8})}))
		if !same(got, tc.want) {
			t.Errorf("%s: findings %v, want %v", tc.line, got, tc.want)
		}
	}
}

// A caption in spaced capitals read as one word still labels its value,
// however many of its words OCR ran together; a look-alike's too.
func TestExtract_LabelWordsRunTogether(t *testing.T) {
	ocr := extractor.SourceOCR
	for _, tc := range []struct {
		name  string
		items []at
		want  []kv
	}{
		{"OKFourWordsAbove", []at{{50, 100, "USSCISONLINEACCOUNTNUMBER", 0.5}, {50, 116, "907862918557", 0.9}}, []kv{{oan, "907862918557"}}},
		{"OKThreeWordsBeside", []at{{50, 100, "ONLINEACCOUNTNUMBER: 907862918557", 0.5}}, []kv{{oan, "907862918557"}}},
		{"OKTwoWords", []at{{50, 100, "Online AccountNumber: 907862918557", 0.5}}, []kv{{oan, "907862918557"}}},
		{"ErrAccessCode", []at{{50, 100, "ONLINEACCESSCODE: 907862918557", 0.5}}, nil},
		// "receiptno" is also "receipt" with two letters too many, but
		// the run matches exactly; the value, three letters read for
		// digits, stands only with a label.
		{"OKRunBeatsFirstWordAlone", []at{{50, 100, "RECEIPTNO.", 0.6}, {50, 116, "EAC2I9OO12345", 0.9}}, []kv{{rcp, "EAC2190012345"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := found(extractor.Extract([]extractor.Page{page(1, ocr, tc.items...)}))
			if !same(got, tc.want) {
				t.Fatalf("findings %v, want %v", got, tc.want)
			}
		})
	}
}

// An unlabeled value read at no confidence, that no re-read repeats, is
// withdrawn; a warning names its page. Re-reads that part the value where
// the page did not ("A-48025 1 17" for "A-48025117", read at no confidence
// under a caption OCR lost) repeat it, and it stands; parted so into
// another value, they do not.
func TestResolveSlots_UnlabeledUnreadWithdrawn(t *testing.T) {
	ocr := extractor.SourceOCR
	nsc := kv{rcp, "NSC2218548568"}
	anum := kv{anr, "A048025117"}
	for _, tc := range []struct {
		name    string
		printed string
		value   kv
		conf    float64
		rds     []string
		want    []kv
	}{
		{"ErrNoConfidenceNoRepeat", "NSC2218548568", nsc, 0.001, []string{"NSC22185", "", "MSC22", "."}, nil},
		{"OKNoConfidenceRepeated", "NSC2218548568", nsc, 0.001, []string{"NSC2218548568", "NSC2218548568", "", ""}, []kv{nsc}},
		{"OKSomeConfidence", "NSC2218548568", nsc, 0.3, []string{"", "", "", ""}, []kv{nsc}},
		{"OKRepeatedSpaced", "A-48025117", anum, 0.001, []string{"A-48025 17", "A-48025 1", "A-48025 1 17", "A-48025 1 17"}, []kv{anum}},
		{"ErrSpacedOtherDigits", "A-48025117", anum, 0.001, []string{"A-48025 17", "A-48025 1", "A-48025 1 18", "A-48025 1 18"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{page(2, ocr, at{50, 100, tc.printed, tc.conf})})
			if got := found(r); !same(got, []kv{tc.value}) {
				t.Fatalf("first pass %v", got)
			}
			r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
				var out []extractor.Reading
				for _, t := range tc.rds {
					out = append(out, extractor.Reading{Text: t, Conf: 0.4})
				}
				return out
			})
			if got := found(r); !same(got, tc.want) {
				t.Fatalf("after re-read %v, want %v", got, tc.want)
			}
			// "a garbled number ..." for a receipt number, "a number
			// printed like an A-Number ..." for an A-Number.
			warned := slices.ContainsFunc(r.Warnings, func(w string) bool { return strings.HasPrefix(w, "page 2: a ") })
			if warned != (tc.want == nil) {
				t.Fatalf("warnings %q", r.Warnings)
			}
		})
	}
}

// A garbled value set far along its label's line, ending like a receipt
// number read on another page, is that number's copy: its label is not
// reported unread.
func TestResult_UnreadFarEcho(t *testing.T) {
	ocr := extractor.SourceOCR
	r := extractor.Extract([]extractor.Page{
		page(1, ocr, at{20, 100, "Receipt #:", 0.9}, at{300, 100, "WBC 15 910 95969", 0.5}),
		page(2, ocr, at{20, 100, "Receipt No. NBC1591095969", 0.95}),
	})
	r.ResolveSlots(func(extractor.Slot) []extractor.Reading { return nil })
	if got := found(r); !same(got, []kv{{rcp, "NBC1591095969"}}) {
		t.Fatalf("findings %v", got)
	}
	if u := r.Unread(); len(u) != 0 {
		t.Fatalf("unread %+v; the far value echoes the receipt found", u)
	}
	// Far text that ends otherwise leaves the label unread.
	r = extractor.Extract([]extractor.Page{
		page(1, ocr, at{20, 100, "Receipt #:", 0.9}, at{300, 100, "WBC 15 910 12345", 0.5}),
		page(2, ocr, at{20, 100, "Receipt No. NBC1591095969", 0.95}),
	})
	r.ResolveSlots(func(extractor.Slot) []extractor.Reading { return nil })
	if u := r.Unread(); len(u) != 1 {
		t.Fatalf("unread %+v; want the page 1 label", u)
	}
}

// An A-Number printed without its leading zeros and with its A apart
// ("A 4280274") under its caption, clean or read past matching ("At"),
// is the A-Number; the same words without a caption are not.
func TestExtract_ApartAUnderCaption(t *testing.T) {
	for _, tc := range []struct {
		name  string
		items []at
		want  []kv
	}{
		{"OKCaption", []at{{50, 86, "A#", 0.9}, {50, 100, "A 4280274", 0.92}}, []kv{{anr, "A004280274"}}},
		{"OKCaptionReadPastMatching", []at{{50, 86, "At", 0.36}, {50, 100, "A 4280274", 0.92}}, []kv{{anr, "A004280274"}}},
		{"ErrNoCaption", []at{{50, 100, "A 4280274", 0.92}}, nil},
		{"ErrWordAbove", []at{{50, 86, "Are", 0.9}, {50, 100, "A 4280274", 0.92}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, tc.items...)})
			if got := found(r); !same(got, tc.want) {
				t.Fatalf("findings %v, want %v", got, tc.want)
			}
		})
	}
}

// A speck read as a letter between two label words ("USCIS Online
// Account t Number:") no longer breaks the label.
func TestExtract_SpeckBetweenLabelWords(t *testing.T) {
	p := page(1, extractor.SourceOCR, at{0, 100, "USCIS Online Account", 0.9}, at{110, 100, "Number: 8712-6233-9004", 0.9})
	p.Words = append(p.Words, extractor.Word{Text: "t", Box: extractor.Box{X0: 101, Y0: 104, X1: 102, Y1: 106}, Conf: 0.2})
	if got := found(extractor.Extract([]extractor.Page{p})); !same(got, []kv{{oan, "871262339004"}}) {
		t.Fatalf("findings %v", got)
	}
}
