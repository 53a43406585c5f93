package extractor_test

import (
	"slices"
	"testing"

	"github.com/noticescan/noticescan/extractor"
)

func TestResult_Missing(t *testing.T) {
	// The form number in the footer, the receipt grid lost to OCR.
	lost := func(form string) extractor.Page {
		return page(1, extractor.SourceOCR,
			at{50, 60, "Department of Homeland Security", 0.9},
			at{50, 200, "CASE TYPE RECEIVED DATE", 0.9},
			at{50, 215, "I-485 04/15/2024", 0.9},
			at{50, 740, form + " 07/15/24 Page 1 of 1", 0.8})
	}
	t.Run("OKI797WithoutReceiptIsMissing", func(t *testing.T) {
		for _, form := range []string{"Form I-797C", "Form 1-797E", "Form [-797C,", "Form 1+797€", "Form I-797"} {
			r := extractor.Extract([]extractor.Page{lost(form)})
			m := r.Missing()
			if len(m) != 1 || m[0].Kind != extractor.KindReceiptNumber || m[0].Page != 1 {
				t.Fatalf("%q: missing %+v", form, m)
			}
			want := "page 1: a Form I-797 notice, but its receipt number could not be read"
			if !slices.Contains(r.Warnings, want) {
				t.Fatalf("%q: warnings %q; want %q", form, r.Warnings, want)
			}
		}
	})
	t.Run("OKHeaderMarkCounts", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(2, extractor.SourceOCR,
			at{50, 60, "I-797C, Notice of Action", 0.9}, at{50, 300, "Your case was received.", 0.9})})
		if m := r.Missing(); len(m) != 1 || m[0].Page != 2 {
			t.Fatalf("missing %+v", m)
		}
	})
	// The form number garbled past reading, the title beside it names the
	// form.
	t.Run("OKNoticeOfActionTitleCounts", func(t *testing.T) {
		for _, head := range []string{"Formt 797¢, Notice of Action", "Notice of Action", "NOTICE OF ACTION."} {
			r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
				at{300, 60, head, 0.9}, at{50, 300, "Your case was received.", 0.9})})
			if m := r.Missing(); len(m) != 1 || m[0].Kind != extractor.KindReceiptNumber {
				t.Fatalf("%q: missing %+v", head, m)
			}
		}
	})
	// A copy of a card whose small "USCIS#" caption was lost: its title
	// says an A-Number is printed on it.
	card := func(title string) extractor.Page {
		return page(1, extractor.SourceOCR,
			at{60, 80, "UNITED STATES OF AMERICA", 0.9},
			at{60, 95, title, 0.9},
			at{160, 120, "Surname ABEBE", 0.8},
			at{160, 160, "AICI ® 3643~0S", 0.4},
			at{160, 200, "Card# WAC2229376372", 0.8})
	}
	t.Run("OKCardWithoutANumberIsMissing", func(t *testing.T) {
		for title, want := range map[string]string{
			"PERMANENT RESIDENT":            "page 1: a copy of a Permanent Resident Card, but its A-Number could not be read",
			"PERMANENT RESIDENT CARD 7":     "page 1: a copy of a Permanent Resident Card, but its A-Number could not be read",
			"EMPLOYMENT AUTHORIZATION CARD": "page 1: a copy of an Employment Authorization Document, but its A-Number could not be read",
		} {
			r := extractor.Extract([]extractor.Page{card(title)})
			if m := r.Missing(); len(m) != 1 || m[0].Kind != extractor.KindANumber {
				t.Fatalf("%q: missing %+v", title, m)
			}
			if !slices.Contains(r.Warnings, want) {
				t.Fatalf("%q: warnings %q; want %q", title, r.Warnings, want)
			}
		}
	})
	notMissing := []struct {
		name  string
		pages []extractor.Page
	}{
		{"OKReceiptFound", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 200, "Receipt Number: IOE0791953348", 0.9}, at{50, 740, "Form I-797C 07/15/24", 0.9})}},
		// The receipt read on page 1 of a notice whose second page lost it.
		{"OKReceiptFoundOnOtherPage", []extractor.Page{
			page(1, extractor.SourceOCR, at{50, 200, "Receipt Number: IOE0791953348", 0.9}),
			page(2, extractor.SourceOCR, at{50, 740, "Form I-797C 07/15/24", 0.9})}},
		// A letter that cites the form in its body is not the form.
		{"OKFormCitedInText", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 400, "Enclosed is a copy of your Form I-797 approval.", 0.9})}},
		// A sentence that mentions a notice of action, in the header or
		// the body, and the title in the body.
		{"OKNoticeOfActionInText", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 60, "We have mailed you a Notice of Action", 0.9},
			at{50, 80, "Notice of Action for your case", 0.9},
			at{50, 400, "Notice of Action", 0.9})}},
		{"OKOtherForms", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 740, "Form I-7970 I-979 I-79 17970 Form G-797 I-797-A1", 0.9})}},
		{"OKCardANumberFound", []extractor.Page{page(1, extractor.SourceOCR,
			at{60, 95, "PERMANENT RESIDENT", 0.9}, at{160, 160, "USCIS# 036-436-051", 0.9})}},
		// The card named in a sentence or a form type is not a card.
		{"OKCardNamedInText", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 200, "I-90 - APPLICATION TO REPLACE PERMANENT RESIDENT CARD", 0.9},
			at{50, 300, "Your Permanent Resident Card will be mailed.", 0.9},
			at{50, 320, "Permanent Resident", 0.9})}},
		{"OKTextLayerExact", []extractor.Page{page(1, extractor.SourceTextLayer,
			at{50, 740, "Form I-797C 07/15/24", 1})}},
	}
	for _, tt := range notMissing {
		t.Run(tt.name, func(t *testing.T) {
			if r := extractor.Extract(tt.pages); len(r.Missing()) != 0 || len(r.Warnings) != 0 {
				t.Fatalf("missing %+v, warnings %q", r.Missing(), r.Warnings)
			}
		})
	}
	// A receipt label whose value stayed unreadable already names the
	// page: one warning, not two.
	t.Run("OKUnreadLabelNotDoubled", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
			at{50, 200, "Receipt Number: EAC2 ~#0.1 ?3A", 0.3}, at{50, 740, "Form I-797C 07/15/24", 0.9})})
		r.ResolveSlots(noReadings)
		if m := r.Missing(); len(m) != 0 || len(r.Unread()) != 1 {
			t.Fatalf("missing %+v, unread %+v", m, r.Unread())
		}
	})
}
