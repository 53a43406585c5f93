package extractor_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
)

// noReadings re-reads every slot as noise.
func noReadings(extractor.Slot) []extractor.Reading {
	return []extractor.Reading{{Text: "", Conf: 0}, {Text: "7", Conf: 0.1}}
}

func unreadOf(pages ...extractor.Page) ([]extractor.Unread, extractor.Result) {
	r := extractor.Extract(pages)
	r.ResolveSlots(noReadings)
	return r.Unread(), r
}

func TestResult_Unread(t *testing.T) {
	t.Run("OKGarbledValueStaysOpen", func(t *testing.T) {
		u, r := unreadOf(page(2, extractor.SourceOCR, at{50, 100, "USCIS Online Account Number: 1234 S67 9O12", 0.4}))
		if len(u) != 1 || u[0].Kind != extractor.KindOnlineAccountNumber || u[0].Page != 2 {
			t.Fatalf("unread %+v", u)
		}
		want := "page 2: USCIS Online Account Number label found but its value could not be read"
		if u[0].Warning() != want || !slices.Contains(r.Warnings, want) {
			t.Fatalf("warning %q, warnings %q; want %q", u[0].Warning(), r.Warnings, want)
		}
	})
	// A speck before the label, its "(if any)" and a value garbled in two
	// words: a form's field, not prose that mentions the label.
	t.Run("OKIfAnyAndSpeckBeforeLabel", func(t *testing.T) {
		// As OCR read a harsh scan: the value "2018 7172°2932".
		u, _ := unreadOf(ocrPage(word(">", 339, 1042, 346, 1051, 0.92), word("USCIS", 379, 1027, 499, 1060, 0.96),
			word("Online", 514, 1027, 637, 1067, 0.96), word("Account", 650, 1028, 812, 1060, 0.96), word("Number", 824, 1029, 975, 1060, 0.96),
			word("(if", 988, 1028, 1025, 1068, 0.97), word("any)", 1037, 1028, 1118, 1067, 0.91),
			word("2018", 1168, 1025, 1255, 1062, 0.81), word("7172°2932", 1269, 1028, 1458, 1060, 0.79)))
		if len(u) != 1 || u[0].Kind != extractor.KindOnlineAccountNumber {
			t.Fatalf("unread %+v", u)
		}
	})
	// A caption with nothing after its colon, and another field below: the
	// value that belonged beside it did not come out.
	t.Run("OKNothingBesideCaption", func(t *testing.T) {
		u, _ := unreadOf(page(1, extractor.SourceOCR,
			at{50, 100, "A-Number:", 0.9}, at{50, 115, "Form: I-589", 0.9}))
		if len(u) != 1 || u[0].Kind != extractor.KindANumber {
			t.Fatalf("unread %+v", u)
		}
	})
	// Garbled labels over garbled values, each lost once with no word:
	// the label is named.
	for _, tc := range []struct {
		name string
		p    extractor.Page
		kind extractor.Kind
	}{
		// A table's rule read as a bar between the label's words.
		{"OKBarBetweenLabelWords", page(1, extractor.SourceOCR,
			at{50, 100, "“Receipt | No.", 0.5}, at{52, 116, "Mscisdsésd212", 0.03}), extractor.KindReceiptNumber},
		// A table's row: "USCIS A#" with a speck run into its '#', the
		// value's A read apart in the next column and the rest
		// garbled, a courier's tracking number in the row below.
		{"OKSpeckAfterHashValueFarGarbled", ocrPage(word("‘USCIS", 196, 1092, 337, 1150, 0.32), word("A#t", 346, 1088, 396, 1135, 0.23),
			word("A", 1000, 1094, 1046, 1150, 0.6), word("-249-", 1037, 1081, 1128, 1154, 0.35),
			word("186-", 1133, 1092, 1209, 1123, 0.91), word("rg", 1214, 1092, 1278, 1150, 0.34),
			word("‘Courier", 209, 1147, 346, 1206, 0.59), word("Tracking", 358, 1142, 512, 1218, 0.97),
			word("9573", 1009, 1146, 1097, 1224, 0.82), word("4068", 1110, 1174, 1198, 1206, 0.97),
			word("1214.", 1214, 1146, 1310, 1225, 0.89), word("0360", 1314, 1174, 1402, 1225, 0.96)), extractor.KindANumber},
		// "USCIS A#" read as one word over an A-Number OCR read as
		// letters.
		{"OKLettersForDigitsUnderCaption", page(1, extractor.SourceOCR,
			at{50, 100, "USCISAF", 0.05}, at{52, 116, "aasgoseai", 0.16}), extractor.KindANumber},
		// "USCIS A#" with its '#' read as a yen sign and run into
		// "USCIS" past a dash, over an A-Number whose middle group a
		// speck read as a colon leads.
		{"OKYenCaptionSpeckedGroup", page(1, extractor.SourceOCR,
			at{50, 100, "USCIS-A¥", 0.14}, at{300, 100, "NOTICE DATE", 0.9},
			at{52, 116, "A205 :059 308", 0.11}, at{300, 116, "06/20/2020", 0.5}), extractor.KindANumber},
		// "USCIS A#" over "A 76111723", the digits lost: only the A
		// came out, a weak label of its own.
		{"OKLoneAUnderCaption", ocrPage(word("USCIS", 274, 722, 368, 765, 0.94), word("Af", 385, 722, 425, 765, 0.74),
			word("Notice", 954, 724, 1049, 751, 0.97), word("Date", 1059, 725, 1125, 752, 0.96), word("Page", 1630, 725, 1704, 758, 0.97),
			word("A", 287, 788, 312, 817, 0.96), word("09/06/2023", 957, 781, 1150, 832, 0.76), word("lof2", 1641, 787, 1732, 820, 0.90),
			word("Applicant", 279, 859, 423, 892, 0.96)), extractor.KindANumber},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, _ := unreadOf(tc.p)
			if len(u) != 1 || u[0].Kind != tc.kind {
				t.Fatalf("unread %+v, want the %s label", u, tc.kind)
			}
		})
	}
	// Ten digits under a case table's "A#" column, their A read as a 4,
	// are a stray, re-read as one, not the caption's garbled value, whose
	// re-read the A-Number found in the next row would prune.
	t.Run("OKDigitsUnderCaptionStayStray", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{ocrPage(word("Receipt", 1194, 785, 1334, 839, 0.19), word("#", 1350, 789, 1374, 813, 0.93),
			word("Ay,", 1776, 782, 2080, 828, 0.66),
			word("NBC1099420465", 1195, 836, 1510, 897, 0.88), word("4207835374", 1702, 831, 2079, 894, 0.31),
			word("YAK2401151685", 1192, 929, 1503, 972, 0.59), word("A234", 1776, 925, 1880, 970, 0.67),
			word("291", 1896, 933, 1961, 964, 0.88), word("358", 1980, 928, 2045, 973, 0.96))})
		reread := func(s extractor.Slot) bool {
			return s.Kind == extractor.KindANumber && s.Label == "" && s.Current == "" && s.Region.Y0 < 831 && s.Region.Y1 > 894
		}
		if !slices.ContainsFunc(r.Slots, reread) {
			t.Fatalf("slots %+v findings %v: want the row's ten digits re-read as a stray", r.Slots, found(r))
		}
	})
	// A word read surely under a weak caption is no garbled number.
	t.Run("ErrSureWordUnderCaption", func(t *testing.T) {
		u, _ := unreadOf(page(1, extractor.SourceOCR,
			at{50, 100, "USCISAF", 0.05}, at{52, 116, "assessing", 0.9}))
		if len(u) != 0 {
			t.Fatalf("unread %+v under a word read surely", u)
		}
	})
	// A two-column form: nothing beside the label, its value lost in the
	// column of values far right, where the lines around it hold theirs.
	// The re-read reaches that column.
	t.Run("OKRegionReachesValueColumn", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
			at{20, 100, "A Number:", 0.9}, at{300, 100, "A 150 285 971", 0.9},
			at{20, 116, "Receipt No.:", 0.9},
			at{20, 132, "USCIS ONLINE ACCOUNT NUMBER:", 0.9}, at{330, 132, "9339-4275-2513", 0.9})})
		var reach bool
		for _, s := range r.Slots {
			if s.Kind == extractor.KindReceiptNumber && s.Region.Y0 < 116 && s.Region.Y1 > 126 {
				reach = reach || s.Region.X0 <= 300 && s.Region.X1 >= 365
			}
		}
		if !reach {
			t.Fatalf("slots %+v: none reaches the value column at x 300-365 on the label's line", r.Slots)
		}
	})
	t.Run("OKOneWarningPerLabel", func(t *testing.T) {
		// Nothing beside and nothing below: two regions re-read, one label.
		u, r := unreadOf(page(1, extractor.SourceOCR, at{50, 100, "Receipt Number", 0.9}))
		if len(u) != 1 || len(r.Warnings) != 1 {
			t.Fatalf("unread %+v, warnings %q", u, r.Warnings)
		}
	})
	t.Run("OKSettledByRereadNotOpen", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number", 0.9})})
		first := true
		r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
			// The region beside the label holds the value, the one below
			// holds nothing.
			if first {
				first = false
				return []extractor.Reading{{Text: "EAC2190012345", Conf: 0.9}, {Text: "EAC2190012345", Conf: 0.8}}
			}
			return noReadings(s)
		})
		if got := r.Unread(); len(got) != 0 || len(r.Findings) != 1 {
			t.Fatalf("unread %+v, findings %v", got, found(r))
		}
	})
	// A family's numbers differ in their last digits: an unreadable one
	// next to a found one is still missing.
	t.Run("OKOtherReceiptStaysOpen", func(t *testing.T) {
		u, _ := unreadOf(page(1, extractor.SourceOCR,
			at{50, 100, "Receipt Number: EAC2190012345", 0.9}, at{50, 130, "Receipt Number: EAC219OO1Z3AB", 0.3}))
		if len(u) != 1 || u[0].Kind != extractor.KindReceiptNumber {
			t.Fatalf("unread %+v", u)
		}
	})
	// A sibling's number with a digit too many is not taken for a copy of
	// the one found: they differ in their last two digits (...7623 with a
	// speck read as a 2).
	t.Run("OKSiblingWithDigitMoreStaysOpen", func(t *testing.T) {
		u, _ := unreadOf(page(1, extractor.SourceOCR,
			at{50, 100, "Receipt Number: IOE9590117622", 0.9}, at{50, 130, "Receipt Number: IOE95901176223", 0.3}))
		if len(u) != 1 || u[0].Kind != extractor.KindReceiptNumber {
			t.Fatalf("unread %+v", u)
		}
	})
	// A value found without a label far above, or far below, is not the
	// label's own.
	t.Run("OKUnlabeledValueFarAwayStaysOpen", func(t *testing.T) {
		for _, y := range []float64{40, 300} {
			u, _ := unreadOf(page(2, extractor.SourceOCR,
				at{50, 100, "Receipt No.: S~C 2#1 ?6", 0.2}, at{50, y, "SRC2212634395", 0.9}))
			if len(u) != 1 || u[0].Kind != extractor.KindReceiptNumber {
				t.Fatalf("value at y %v: unread %+v", y, u)
			}
		}
	})
	// The value below belongs to a label of its own.
	t.Run("OKLabeledValueBelowStaysOpen", func(t *testing.T) {
		u, _ := unreadOf(page(1, extractor.SourceOCR,
			at{50, 100, "Receipt Number: EAC219OO1Z3AB", 0.3}, at{50, 130, "Receipt Number: EAC2190012345", 0.9}))
		if len(u) != 1 || u[0].Kind != extractor.KindReceiptNumber {
			t.Fatalf("unread %+v", u)
		}
	})
	notOpen := []struct {
		name  string
		pages []extractor.Page
	}{
		{"OKTextLayerNeverUnread", []extractor.Page{
			page(1, extractor.SourceTextLayer, at{50, 100, "USCIS Online Account Number: 1234 567 9012", 1})}},
		// Notices print the receipt number on every page; a garbled copy
		// that ends like the one read elsewhere is that number.
		{"OKEchoOfFoundReceipt", []extractor.Page{
			page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: IOE0791953348", 0.9}),
			page(2, extractor.SourceOCR, at{50, 100, "Receipt Number: ICE 0791953348", 0.9})}},
		{"OKEchoRunIntoLabel", []extractor.Page{
			page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: ZNY2408044017", 0.9}),
			page(2, extractor.SourceOCR, at{50, 100, "RECEIPT NUMBER.NY-24-080-44017 Page 2 of 2", 0.9})}},
		// A speck between two digits read as one more digit.
		{"OKEchoWithDigitMore", []extractor.Page{
			page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: IOE9590117622", 0.9}),
			page(2, extractor.SourceOCR, at{50, 100, "Receipt No. IOE95901217622", 0.4})}},
		{"OKEchoWithDigitLess", []extractor.Page{
			page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: IOE9590117622", 0.9}),
			page(2, extractor.SourceOCR, at{50, 100, "Receipt No. IOE959017622", 0.4})}},
		// A cover sheet's caption, its value garbled beside it and read
		// whole a few lines below.
		{"OKValueFoundBelowLabel", []extractor.Page{
			page(1, extractor.SourceOCR, at{50, 100, "Receipt #: SRC2212634395", 0.9}),
			page(2, extractor.SourceOCR, at{50, 100, "Receipt No.: S~C 2#1 ?6", 0.2}, at{50, 180, "SRC2212634395", 0.9})}},
		{"OKOneAccountNumberFoundElsewhere", []extractor.Page{
			page(1, extractor.SourceOCR, at{50, 100, "USCIS Online Account Number: 1234 5678 9012", 0.9}),
			page(2, extractor.SourceOCR, at{50, 100, "USCIS Online Account Number: 1Z34 S67B 9O1Z", 0.3})}},
		{"OKProseHasNoLabel", []extractor.Page{
			page(1, extractor.SourceOCR, at{50, 100, "Keep this notice: you will need the receipt number shown above whenever you call", 0.9})}},
	}
	for _, tt := range notOpen {
		t.Run(tt.name, func(t *testing.T) {
			if u, r := unreadOf(tt.pages...); len(u) != 0 || len(r.Warnings) != 0 {
				t.Fatalf("unread %+v, warnings %q", u, r.Warnings)
			}
		})
	}
	t.Run("OKWarningNeverHoldsText", func(t *testing.T) {
		u, r := unreadOf(page(1, extractor.SourceOCR, at{50, 100, "A-Number: A 1K4 4X6 7W9", 0.3}))
		if len(u) != 1 {
			t.Fatalf("unread %+v", u)
		}
		for _, w := range r.Warnings {
			if strings.Contains(w, "1K4") || strings.Contains(w, "4X6") || strings.Contains(w, "7W9") {
				t.Errorf("warning %q carries what was read", w)
			}
		}
	})
}

func TestResult_Strays(t *testing.T) {
	t.Run("OKLabelMisreadValueStands", func(t *testing.T) {
		// "A#" read past matching ("Aw"): no label, the bare A-Number is
		// not reported.
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "Aw 168-433-517", 0.9}, at{50, 115, "SSN: 609-88-4094", 0.9})})
		s := r.Strays()
		if len(s) != 1 || s[0].Page != 1 || s[0].Kind != extractor.KindANumber {
			t.Fatalf("strays %+v", s)
		}
		want := "page 1: a number printed like an A-Number stands without a readable label; check it"
		if !slices.Contains(r.Warnings, want) {
			t.Fatalf("warnings %q; want %q", r.Warnings, want)
		}
		for _, w := range r.Warnings {
			if strings.Contains(w, "517") {
				t.Fatalf("warning %q holds digits", w)
			}
		}
	})
	// A speck read as a plus for a dash: still printed like an A-Number.
	t.Run("OKPlusForDash", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "uscis.ay", 0.0}, at{52, 116, "A-244+752-773", 0.76})})
		if s := r.Strays(); len(s) != 1 || s[0].Kind != extractor.KindANumber || len(r.Findings) != 0 {
			t.Fatalf("strays %+v findings %v", s, found(r))
		}
	})
	t.Run("OKSplitAndSpecked", func(t *testing.T) {
		// OCR splits a value at a dash, doubles a dash or reads a speck
		// beside the A as a letter.
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "Re: 200- 388-804", 0.4}, at{50, 200, "Ar As148-142--474", 0.4})})
		if s := r.Strays(); len(s) != 2 || s[0].Box.Y0 > s[1].Box.Y0 {
			t.Fatalf("strays %+v findings %+v", s, r.Findings)
		}
	})
	// A fax's dash read as a colon: "280: 399- 790" for 280-399-790
	// under a garbled caption, lost without a word before.
	t.Run("OKColonForDash", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "280: 399- 790", 0.55})})
		if s := r.Strays(); len(s) != 1 || s[0].Kind != extractor.KindANumber || len(r.Findings) != 0 {
			t.Fatalf("strays %+v findings %v", s, found(r))
		}
	})
	// A card's "USCIS#" read as noise above its nine bare digits.
	t.Run("OKBareNineUnderMisreadCaption", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "nseise", 0.1}, at{50, 115, "\"166024788", 0.9}, at{50, 200, "Card# IOE8002285274", 0.6})})
		if s := r.Strays(); len(s) != 1 || s[0].Kind != extractor.KindANumber || s[0].Box.Y0 != 115 {
			t.Fatalf("strays %+v findings %+v", s, r.Findings)
		}
	})
	// An "A#" caption read past matching above an A-Number printed
	// without its leading zero: noted, never reported.
	t.Run("OKBareEightUnderACaption", func(t *testing.T) {
		for _, caption := range []at{
			{300, 100, "Aw", 0.3}, {300, 100, "Att.", 0.3}, {300, 100, "A®", 0.3},
			{300, 100, "‘ae", 0.3}, {300, 100, "USCIS.At", 0.3},
			// A small a with the # lost, alone in its cell, or after
			// the USCIS of "USCIS A#".
			{300, 100, "a", 0.2}, {275, 100, "uscis as", 0.5}, {275, 100, "USCIS as", 0.5},
			// "USCIS A#" read as one garbled word, alone in its cell.
			{280, 100, "usdisias", 0.0},
		} {
			r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
				caption, at{300, 114, "62433605", 0.9})})
			if s := r.Strays(); len(s) != 1 || s[0].Kind != extractor.KindANumber || len(r.Findings) != 0 {
				t.Fatalf("%s: strays %+v findings %v", caption.text, s, found(r))
			}
		}
		for _, caption := range []at{{280, 100, "usual", 0.3}, {280, 100, "uscis", 0.3}, {280, 100, "usdisias said", 0.3}} {
			r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
				caption, at{300, 114, "62433605", 0.9})})
			if s := r.Strays(); len(s) != 0 {
				t.Errorf("%s: strays %+v", caption.text, s)
			}
		}
	})
	// A zero after the A read as Q, and the caption lost; two digits read
	// as letters count too, three do not.
	t.Run("OKRoundLetterForZeroAfterA", func(t *testing.T) {
		for _, v := range []string{"AQ40428692", "AQ4O428692", "ADD0428692"} {
			r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{300, 114, v, 0.9})})
			if s := r.Strays(); len(s) != 1 || s[0].Kind != extractor.KindANumber || len(r.Findings) != 0 {
				t.Fatalf("%s: strays %+v findings %v", v, s, found(r))
			}
		}
		for _, v := range []string{"AQ4O4D8692", "Q40428692", "AQ4042869", "ADDD428692"} {
			r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{300, 114, v, 0.9})})
			if s := r.Strays(); len(s) != 0 {
				t.Errorf("%s: strays %+v", v, s)
			}
		}
	})
	// A speck read as one more digit after the A, under an "A#" read
	// past matching: noted, never reported; not when the A-Number was
	// found elsewhere, nor without the caption.
	t.Run("OKTenAfterAUnderACaption", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
			at{300, 100, "aa", 0.7}, at{300, 114, "A0609994538", 0.4})})
		if s := r.Strays(); len(s) != 1 || s[0].Kind != extractor.KindANumber || len(r.Findings) != 0 {
			t.Fatalf("strays %+v findings %v", s, found(r))
		}
		r = extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
			at{300, 100, "aa", 0.7}, at{300, 114, "A0609994538", 0.4}, at{50, 300, "A-Number: A060999458", 0.9})})
		if s := r.Strays(); len(s) != 0 {
			t.Errorf("a copy of the found A-Number with a digit more was named: %+v", s)
		}
		r = extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
			at{300, 100, "Total", 0.9}, at{300, 114, "A0609994538", 0.4})})
		if s := r.Strays(); len(s) != 0 {
			t.Errorf("without a caption: strays %+v", s)
		}
	})
	t.Run("OKBareEightWithoutACaption", func(t *testing.T) {
		for _, items := range [][]at{
			{{300, 114, "62433605", 0.9}},
			{{300, 100, "Are", 0.9}, {300, 114, "62433605", 0.9}},
			{{300, 100, "Ave.", 0.9}, {300, 114, "62433605", 0.9}},
			{{300, 100, "Aw", 0.9}, {300, 114, "Invoice 62433605", 0.9}},
			{{300, 100, "Aw", 0.9}, {300, 114, "Total", 0.9}, {300, 128, "62433605", 0.9}},
			// A small a stands for the A of "A#" only alone in its cell:
			// "as" in a sentence is a word.
			{{220, 100, "paid", 0.9}, {300, 100, "as", 0.9}, {340, 100, "follows:", 0.9}, {300, 114, "62433605", 0.9}},
			{{300, 100, "as", 0.9}, {340, 100, "follows:", 0.9}, {300, 114, "62433605", 0.9}},
			{{275, 100, "USCIS as follows:", 0.9}, {300, 114, "62433605", 0.9}},
			{{285, 100, "paid a fee", 0.9}, {300, 114, "62433605", 0.9}},
			{{275, 100, "Tell as", 0.9}, {300, 114, "62433605", 0.9}},
			{{300, 100, "U.S.A.", 0.9}, {300, 114, "62433605", 0.9}},
			{{300, 100, "USCIS.Are", 0.9}, {300, 114, "62433605", 0.9}},
		} {
			r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, items...)})
			if s := r.Strays(); len(s) != 0 {
				t.Errorf("%v: strays %+v", items, s)
			}
		}
	})
	// A table of cases whose second receipt number OCR garbled past
	// parsing: the label had its value in the first row.
	t.Run("OKGarbledReceiptInTable", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "RECEIPT NUMBER", 0.9}, at{50, 115, "DAL1335786979", 0.9}, at{50, 130, "Y5C~169-196-2097:", 0.3})})
		s := r.Strays()
		if len(s) != 1 || s[0].Kind != extractor.KindReceiptNumber || s[0].Box.Y0 != 130 {
			t.Fatalf("strays %+v findings %v", s, found(r))
		}
		want := "page 1: a garbled number printed like a receipt number was not read; check it"
		if !slices.Contains(r.Warnings, want) {
			t.Fatalf("warnings %q; want %q", r.Warnings, want)
		}
	})
	// Two such rows send a person to the page once.
	t.Run("OKTwoGarbledReceiptsOneNote", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "RECEIPT NUMBER", 0.9}, at{50, 115, "DAL1335786979", 0.9},
			at{50, 130, "Y5C~169-196-2097:", 0.3}, at{50, 145, "L1N~208-196-2044:", 0.3})})
		if s := r.Strays(); len(s) != 2 {
			t.Fatalf("strays %+v findings %v", s, found(r))
		}
		n := 0
		for _, w := range r.Warnings {
			if strings.Contains(w, "garbled number") {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("warnings %q; want one note for the page", r.Warnings)
		}
	})
	// "USCIS ONLINE" read, "ACCOUNT NUMBER (IF ANY)" lost under a stain,
	// the value read beside it: noted, never reported.
	t.Run("OKTwelveDigitsAfterOnline", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "USCIS ONLINE", 0.95}, at{300, 100, "103296424511", 0.94})})
		s := r.Strays()
		if len(s) != 1 || s[0].Kind != extractor.KindOnlineAccountNumber || len(r.Findings) != 0 {
			t.Fatalf("strays %+v findings %v", s, found(r))
		}
		want := "page 1: a number printed like a USCIS Online Account Number stands without a readable label; check it"
		if !slices.Contains(r.Warnings, want) {
			t.Fatalf("warnings %q; want %q", r.Warnings, want)
		}
		for _, items := range [][]at{
			{{50, 100, "USCIS ONLINE ACCESS", 0.95}, {300, 100, "103296424511", 0.94}},
			{{50, 100, "Tracking", 0.95}, {300, 100, "103296424511", 0.94}},
			{{50, 100, "USCIS ONLINE", 0.95}, {300, 100, "1032964245", 0.94}},
		} {
			r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, items...)})
			if s := r.Strays(); len(s) != 0 {
				t.Errorf("%v: strays %+v", items, s)
			}
		}
	})
	t.Run("OKNotGarbledReceipts", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "Receipt Number: DAL1335786979", 0.9},
			// Another copy of the receipt found, garbled.
			at{50, 115, "DAL+183~578-6979.", 0.3},
			// Prefixes off the office list; an NVC case number.
			at{50, 130, "QQQ1234567890 A8C-123-456-7890 MTL2019600123", 0.9},
			// Thirteen digits, though 106 could be read as IOE.
			at{50, 145, "1060565541255", 0.9})})
		if s := r.Strays(); len(s) != 0 {
			t.Fatalf("strays %+v findings %v", s, found(r))
		}
	})
	t.Run("OKRoutingNumberClaimed", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "Routing Number: 021000021", 0.9}, at{50, 115, "A-Number: A166024788 Re: 166024788", 0.9},
			// A look-alike's value far along its line, and in the cell
			// below it.
			at{50, 130, "Invoice ID Number", 0.9}, at{400, 130, "551535728", 0.9},
			at{50, 300, "Invoice ID Number", 0.9}, at{50, 318, "551535728", 0.9})})
		if s := r.Strays(); len(s) != 0 {
			t.Fatalf("strays %+v", s)
		}
	})
	t.Run("OKEchoOfFoundValue", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "A-Number: A168433517", 0.9}, at{50, 200, "Re 168-433-517", 0.9})})
		if s := r.Strays(); len(s) != 0 {
			t.Fatalf("strays %+v", s)
		}
	})
	t.Run("OKLabeledValueNotStray", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "A#: 168-433-517", 0.9})})
		if len(r.Findings) != 1 || len(r.Strays()) != 0 {
			t.Fatalf("findings %+v strays %+v", r.Findings, r.Strays())
		}
	})
	t.Run("OKOtherGroupings", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "609-88-4094 12-3456789 22082-6409 800-375-5283 168-433-5170 IOE-837-859-791 12-34-56-78 2414236420 61258360349 16602478 N0012345678 X166024788", 0.9})})
		if s := r.Strays(); len(s) != 0 {
			t.Fatalf("strays %+v", s)
		}
	})
	t.Run("OKTextLayerExact", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceTextLayer, at{50, 100, "Ag 168-433-517", 0.9})})
		if s := r.Strays(); len(s) != 0 {
			t.Fatalf("strays %+v", s)
		}
	})
}

func TestResult_TwinWarnings(t *testing.T) {
	twins := func(a, b string) []string {
		r := extractor.Extract([]extractor.Page{
			page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: " + a, 0.9}),
			page(2, extractor.SourceOCR, at{50, 100, "Receipt Number: " + b, 0.9}),
		})
		if len(r.Findings) != 2 {
			t.Fatalf("findings %+v", r.Findings)
		}
		var out []string
		for _, w := range r.Warnings {
			if strings.Contains(w, "differ in one character") {
				out = append(out, w)
			}
		}
		return out
	}
	t.Run("OKOneDigitApart", func(t *testing.T) {
		w := twins("WAC1199922889", "WAC1198922889")
		if want := "pages 1 and 2: two receipt numbers differ in one character, one may be misread; check them"; len(w) != 1 || w[0] != want {
			t.Fatalf("warnings %q; want %q", w, want)
		}
	})
	t.Run("OKFamilyNumbers", func(t *testing.T) {
		if w := twins("EAC2190012345", "EAC2190012346"); len(w) != 0 {
			t.Fatalf("warnings %q", w)
		}
	})
	t.Run("OKUnrelated", func(t *testing.T) {
		if w := twins("EAC2190012345", "MSC2595356252"); len(w) != 0 {
			t.Fatalf("warnings %q", w)
		}
	})
}

func TestSlot_Sure(t *testing.T) {
	slot := func(text string, conf float64) extractor.Slot {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: " + text, conf})})
		if len(r.Slots) != 1 {
			t.Fatalf("%q at %v: slots %+v, want the value's check", text, conf, r.Slots)
		}
		return r.Slots[0]
	}
	if s := slot("LIN1436162766", 0.95); !s.Sure() || s.Current != "LIN1436162766" {
		t.Errorf("sure reading: %+v, Sure %v", s, s.Sure())
	}
	for text, conf := range map[string]float64{"LIN1436162766": 0.6, "LIN14361627G6": 0.95} {
		if s := slot(text, conf); s.Sure() {
			t.Errorf("%q at %v (doubtful or repaired) is sure", text, conf)
		}
	}
	s := slot("LIN1436162766", 0.95)
	for text, want := range map[string]bool{
		"LIN 143 616 2766": true, "LIN-14-361-62766": true, "- LIN1436162766": true,
		"LIN1430162766": false, "LIN143616276": false, "": false,
	} {
		if got := s.Repeats(extractor.Reading{Text: text, Conf: 0.9}); got != want {
			t.Errorf("Repeats(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestResult_Disputed(t *testing.T) {
	// A first reading Tesseract gave wordConf, re-read.
	checked := func(wordConf, conf float64, readings ...string) extractor.Result {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: LIN1436162766", wordConf})})
		r.ResolveSlots(func(extractor.Slot) []extractor.Reading {
			var out []extractor.Reading
			for _, t := range readings {
				out = append(out, extractor.Reading{Text: t, Conf: conf})
			}
			return out
		})
		return r
	}
	doubtful := func(conf float64, readings ...string) extractor.Result { return checked(0.6, conf, readings...) }
	want := "page 1: re-reads gave the receipt number another value too, a digit may be misread; check it"
	t.Run("OKStandsAgainstAnotherValue", func(t *testing.T) {
		r := doubtful(0.6, "LIN1436162766", "LIN1430162766", "LIN1436162766", "")
		if d := r.Disputed(); len(d) != 1 || d[0].Kind != extractor.KindReceiptNumber || d[0].Page != 1 {
			t.Fatalf("disputed %+v, findings %v", d, found(r))
		}
		if !slices.Contains(r.Warnings, want) {
			t.Fatalf("warnings %q; want %q", r.Warnings, want)
		}
		for _, w := range r.Warnings {
			if strings.Contains(w, "2766") {
				t.Errorf("warning %q holds digits", w)
			}
		}
	})
	undisputed := []struct {
		name     string
		readings []string
	}{
		{"OKRereadsAgree", []string{"LIN1436162766", "LIN1436162766", "LIN1436162766", "LIN1436162766"}},
		// Re-reads that make no value (a digit dropped) do not dispute it.
		{"OKRereadsMakeNothing", []string{"LIN1436162766", "LIN143616276", "", "LIN14361627"}},
	}
	for _, tt := range undisputed {
		t.Run(tt.name, func(t *testing.T) {
			if r := doubtful(0.6, tt.readings...); len(r.Disputed()) != 0 || slices.Contains(r.Warnings, want) {
				t.Fatalf("disputed %+v, warnings %q", r.Disputed(), r.Warnings)
			}
		})
	}
	// A sure first reading is checked too, but one variant misreading a
	// digit is the variants' noise: it is disputed only when no re-read
	// repeats it (fax noise read a slashed 0 as 8 at 0.9), or when half the
	// re-reads or more read it otherwise though some repeat it (three
	// variants of four reading a fax speck's 6 as the 0 it was had left a
	// wrong value without a word; so had two of four, each another value,
	// beside two repeating a misread 8). Either way the first reading
	// stands.
	for name, readings := range map[string][]string{
		"OKSureReadingNoRereadRepeats": {"LIN1430162766", "LIN1438162766", "", "LIN143616276"},
		"OKSureReadingOutvoted":        {"LIN1430162766", "LIN1430162766", "LIN1430162766", "LIN1436162766"},
		"OKSureReadingHalfOtherwise":   {"LIN1430162766", "LIN1436162766", "LIN1438162766", "LIN1436162766"},
		"OKSureReadingRepeatedOnce":    {"LIN1430162766", "LIN1436162766", "LIN1438162766", ""},
	} {
		t.Run(name, func(t *testing.T) {
			r := checked(0.95, 0.8, readings...)
			if d := r.Disputed(); len(d) != 1 || !slices.Contains(r.Warnings, want) {
				t.Fatalf("disputed %+v, warnings %q", d, r.Warnings)
			}
			if len(r.Findings) != 1 || r.Findings[0].Value != "LIN1436162766" {
				t.Fatalf("findings %v, want the first reading to stand", found(r))
			}
		})
	}
	t.Run("OKSureReadingOneOtherwise", func(t *testing.T) {
		r := checked(0.95, 0.8, "LIN1430162766", "LIN1436162766", "LIN1436162766", "")
		if len(r.Disputed()) != 0 || slices.Contains(r.Warnings, want) {
			t.Fatalf("disputed %+v, warnings %q", r.Disputed(), r.Warnings)
		}
	})
	// Nor is a sure reading replaced, even when its finding's confidence
	// is low for want of a label: less sure variants misreading its last
	// digits alike outvote it, and it is disputed instead.
	t.Run("OKSureUnlabeledNotReplaced", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{300, 100, "A147592752", 0.9})})
		if len(r.Findings) != 1 || r.Findings[0].Label != "" {
			t.Fatalf("findings %+v, want the unlabeled A-Number", r.Findings)
		}
		r.ResolveSlots(func(extractor.Slot) []extractor.Reading {
			return []extractor.Reading{{Text: "A147 592 794", Conf: 0.6}, {Text: "A147 592 794", Conf: 0.6}, {Text: "A147 592 794", Conf: 0.7}, {Text: "A 147 592 722", Conf: 0.6}}
		})
		if len(r.Findings) != 1 || r.Findings[0].Value != "A147592752" || len(r.Disputed()) != 1 {
			t.Fatalf("findings %v, disputed %+v", found(r), r.Disputed())
		}
	})
	// Outvoted by surer re-reads, the first reading is replaced: the value
	// left is the one the re-reads agreed on, not a disputed one.
	t.Run("OKOutvotedIsReplaced", func(t *testing.T) {
		r := doubtful(0.9, "LIN1430162766", "LIN1430162766", "LIN1430162766", "LIN1436162766")
		if len(r.Findings) != 1 || r.Findings[0].Value != "LIN1430162766" || len(r.Disputed()) != 0 {
			t.Fatalf("findings %v, disputed %+v", found(r), r.Disputed())
		}
	})
}

// A value set far along its label's line and garbled past parsing, with
// prose in the cell below the label, is re-read where it stands.
func TestSlots_FarValueGarbled(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
		at{50, 100, "A NUMBER", 0.96}, at{250, 101, "AQ@30976651", 0.73},
		at{50, 115, "This approval does not by itself confer status", 0.97})})
	if len(r.Slots) != 1 || r.Slots[0].Region.X0 > 250 || r.Slots[0].Region.X1 < 305 {
		t.Fatalf("slots %+v, want one around the far value", r.Slots)
	}
	r.ResolveSlots(func(extractor.Slot) []extractor.Reading {
		return []extractor.Reading{{Text: "A030976651", Conf: 0.8}, {Text: "A030976651", Conf: 0.8}, {Text: "A03097665", Conf: 0.5}}
	})
	if got := found(r); len(got) != 1 || got[0].value != "A030976651" {
		t.Fatalf("findings %v, want the re-read A-Number", got)
	}
}

// A doubtful copy of a number the document holds elsewhere, which its
// re-reads read as that number more often than as itself, was misread:
// it becomes that number, with no warning left about twins.
func TestResolveSlots_TwinFoundElsewhere(t *testing.T) {
	run := func(other string, rereads ...string) extractor.Result {
		r := extractor.Extract([]extractor.Page{
			page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: " + other, 0.95}),
			page(2, extractor.SourceOCR, at{50, 100, "Receipt Number: SRC1299786096", 0.6}),
		})
		r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
			if s.Page == 1 {
				return []extractor.Reading{{Text: s.Current, Conf: 0.9}}
			}
			var out []extractor.Reading
			for _, t := range rereads {
				// Barely legible re-reads: on their own they replace
				// nothing, being less sure than the first reading.
				out = append(out, extractor.Reading{Text: t, Conf: 0.15})
			}
			return out
		})
		return r
	}
	t.Run("OKBecomesTheTwin", func(t *testing.T) {
		r := run("SRC1299780096", "SRC12 99780096", "SRC1299780096", "SRC1299786096", "")
		if got := found(r); !same(got, []kv{{rcp, "SRC1299780096"}}) {
			t.Fatalf("findings %v", got)
		}
		for _, w := range r.Warnings {
			if strings.Contains(w, "differ in one character") || strings.Contains(w, "re-reads gave") {
				t.Errorf("warning %q left", w)
			}
		}
	})
	keep := []struct {
		name, other string
		rereads     []string
	}{
		// Re-reads that repeat the first reading as often settle nothing.
		{"OKTied", "SRC1299780096", []string{"SRC1299780096", "SRC1299786096", "SRC1299780096", "SRC1299786096"}},
		// One re-read is not enough. (With none repeating the first
		// reading, it would be the sure twin's misread copy: see
		// TestResolveSlots_MisreadCopy.)
		{"OKOneReread", "SRC1299780096", []string{"SRC1299780096", "SRC1299786096", "", ""}},
		// Numbers filed together differ in their last characters.
		{"OKFamilyNumbers", "SRC1299786097", []string{"SRC1299786097", "SRC1299786097", "SRC1299786097", ""}},
	}
	for _, tt := range keep {
		t.Run(tt.name, func(t *testing.T) {
			r := run(tt.other, tt.rereads...)
			if got := found(r); !slices.Contains(got, kv{rcp, "SRC1299786096"}) {
				t.Fatalf("findings %v; want the first reading kept", got)
			}
		})
	}
}

// A-Numbers printed in ways the strays above do not cover, their labels
// lost: in three groups of three parted by spaces (the A misread as a
// digit before them), with a speck on a dash, and without the zeros that
// pad them. Longer numbers printed in threes are not taken for them.
func TestResult_StraysMorePrintings(t *testing.T) {
	for _, tc := range []struct {
		name  string
		items []at
		want  int
	}{
		{"OKSpacedThrees", []at{{50, 100, "4 291 950 597", 0.9}}, 1},
		{"OKSpeckOnDash", []at{{50, 100, "At: A-228°617-648", 0.3}}, 1},
		{"OKSpeckAsDot", []at{{50, 100, "4 136 532.985", 0.4}}, 1},
		{"OKDashAsEquals", []at{{50, 100, "‘A=202-498-747", 0.4}}, 1},
		// Cut short after its second group, the third lost in noise.
		{"OKCutAfterSecondGroup", []at{{50, 100, "A257-540-", 0.69}}, 1},
		{"OKCutAfterPlus", []at{{50, 100, "A274+715-", 0.66}, {200, 100, "672", 0.57}}, 1},
		{"ErrCutShortGroup", []at{{50, 100, "A257-54-", 0.69}}, 0},
		{"ErrNoMarkAfter", []at{{50, 100, "A257-540", 0.69}}, 0},
		{"OKMarkAfterA", []at{{50, 100, "A:215-865", 0.81}}, 1},
		{"OKDashAfterA", []at{{50, 100, "A-215-865", 0.81}}, 1},
		{"ErrMarkAfterAShortGroup", []at{{50, 100, "A:215-86", 0.81}}, 0},
		{"OKSevenDigitsAfterA", []at{{50, 100, "A6449097", 0.9}}, 1},
		{"OKTwoDigitsReadAsLetters", []at{{50, 100, "A1BB771697°", 0.1}}, 1},
		{"ErrThreeDigitsReadAsLetters", []at{{50, 100, "A1BB7716S7", 0.1}}, 0},
		{"ErrWordAfterA", []at{{50, 100, "ABSOLUTELY", 0.9}}, 0},
		// The A apart, a dash read as a space and the other lost.
		{"OKApartDigitsSplitUnevenly", []at{{50, 100, "A 416317 129", 0.6}}, 1},
		{"ErrApartTenDigits", []at{{50, 100, "A 4163171 290", 0.6}}, 0},
		{"ErrApartOneDigitGroup", []at{{50, 100, "A 4 16317129", 0.6}}, 0},
		// The A read as 4 under a caption read past matching ("A#" as
		// "hae"); its caption is then re-read.
		{"OKFourForAUnderGarbledCaption", []at{{50, 86, "hae", 0.3}, {50, 100, "4191799010.", 0.4}}, 1},
		{"ErrFourAndNineDigitsAlone", []at{{50, 100, "4191799010.", 0.4}}, 0},
		{"ErrTenDigitsUnderCaption", []at{{50, 86, "hae", 0.3}, {50, 100, "5191799010", 0.4}}, 0},
		{"ErrTrackingInThrees", []at{{50, 100, "Tracking 123 456 789 012", 0.9}}, 0},
		{"ErrLongerNumberBefore", []at{{50, 100, "98 291 950 597", 0.9}}, 0},
		{"ErrSixDigitsAfterA", []at{{50, 100, "A644909", 0.9}}, 0},
		{"ErrLetterAmongDigits", []at{{50, 100, "A64O9097", 0.9}}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, tc.items...)})
			s := r.Strays()
			if len(s) != tc.want || len(r.Findings) != 0 {
				t.Fatalf("strays %+v findings %v, want %d strays", s, found(r), tc.want)
			}
			for _, x := range s {
				if x.Kind != extractor.KindANumber {
					t.Fatalf("stray %+v, want an A-Number", x)
				}
			}
			if strings.HasPrefix(tc.name, "OKFourForA") && len(r.Captions()) != 1 {
				t.Fatalf("captions %+v, want the garbled caption re-read", r.Captions())
			}
		})
	}
}

// Numbers printed like an A-Number or a receipt number that OCR garbled
// past parsing, under captions it garbled past matching, are named in a
// warning: a digit read as a letter, a speck read as one, a letter of the
// office code read as a mark no repair undoes. Never reported, and not
// named when a value found elsewhere ends like them.
func TestResult_StraysGarbled(t *testing.T) {
	for _, tc := range []struct {
		text string
		kind extractor.Kind
	}{
		{"AZ44404080_", extractor.KindANumber},
		{"A1L32008046", extractor.KindANumber},
		{"A$9831491", extractor.KindANumber},
		{"A2645639A5", extractor.KindANumber},
		{"A241561'87.", extractor.KindANumber},
		{"A0?3-435-678", extractor.KindANumber},
		{"10&0504351256_", extractor.KindReceiptNumber},
		{"LIN?392601526", extractor.KindReceiptNumber},
	} {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "AV", 0.4}, at{50, 115, tc.text, 0.3}, at{300, 115, "Notice Date May 7, 2015", 0.9})})
		if s := r.Strays(); len(s) != 1 || s[0].Kind != tc.kind || len(r.Findings) != 0 {
			t.Errorf("%q: strays %+v findings %v", tc.text, s, found(r))
		}
	}
	for _, text := range []string{"ASSESSMENT", "A12345678901", "ABOUT-2015", "A??3-4?5-678", "A$98314?1", "A$983149", "XQ&0504351256", "1O&05043512", "LIN??92601526", "LGS-2006837-076"} {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 115, text, 0.3})})
		if s := r.Strays(); len(s) != 0 {
			t.Errorf("%q: strays %+v", text, s)
		}
	}
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
		at{50, 100, "A-Number: A244404080", 0.9}, at{50, 300, "AZ44404080", 0.3})})
	if s := r.Strays(); len(s) != 0 {
		t.Errorf("a garbled copy of the found A-Number was named: %+v", s)
	}
}

// A receipt label whose re-reads gave, two times or more but too few to
// settle, the receipt number the document holds on another page is that
// number's copy, not a value left unread.
func TestUnread_RereadsGiveFoundValue(t *testing.T) {
	const printed = "NBC1805674961"
	for _, tc := range []struct {
		name   string
		copies int
		unread bool
	}{{"OKTwoCopies", 3, false}, {"ErrOneCopy", 1, true}} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{
				page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: " + printed, 0.9}),
				page(2, extractor.SourceOCR, at{50, 100, "Receipt #:", 0.9}, at{120, 100, "F,NBC18O5&7496", 0.1}),
			})
			var rds []extractor.Reading
			for i := range 8 {
				text := "F. NBC180567496"
				if i < tc.copies {
					text = ". " + printed
				}
				rds = append(rds, extractor.Reading{Text: text, Conf: 0.1})
			}
			r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
				if s.Page == 2 {
					return rds
				}
				return nil
			})
			if got := found(r); !same(got, []kv{{rcp, printed}}) {
				t.Fatalf("findings %v", got)
			}
			if u := r.Unread(); (len(u) > 0) != tc.unread {
				t.Fatalf("unread %+v, want unread %v", u, tc.unread)
			}
		})
	}
}

// An unlabeled value withdrawn because its re-reads made other values
// names no label as unread: the page holds a number that was not read,
// and none at all when it is a misread copy of a labeled value.
func TestResolveSlots_WithdrawnUnlabeled(t *testing.T) {
	for _, tc := range []struct {
		name, stray string
		rereads     []string
		strays      int
	}{
		{"OKCopyOfLabeled", "IOE0997169959", []string{"IOE6992169958", "IOE6897169958", "IOE6992169958", "TOE"}, 0},
		{"OKOtherNumber", "WAC1234567890", []string{"WAC1234567800", "WAC1234561890", "WAC1284567890", ""}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{
				page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: IOE0992169958", 0.95}),
				page(2, extractor.SourceOCR, at{50, 100, "Dear applicant,", 0.9}, at{50, 300, tc.stray, 0.3}),
			})
			r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
				if s.Page == 2 {
					return readingsAt(0.3, tc.rereads...)
				}
				return nil
			})
			if got := found(r); !same(got, []kv{{rcp, "IOE0992169958"}}) {
				t.Fatalf("findings %v", got)
			}
			if u := r.Unread(); len(u) != 0 {
				t.Errorf("unread %+v; no label stands there", u)
			}
			if s := r.Strays(); len(s) != tc.strays {
				t.Errorf("strays %+v, want %d", s, tc.strays)
			}
		})
	}
}

// A number in a form's cell, alone on its line under a short caption
// that OCR read past matching, is named when it reads as an A and its
// dash garbled ("=" or "~", or the A read as a 4) and seven to nine
// digits, the last perhaps a bracket; its caption is offered for a
// re-read. With prose beside it, under a long caption or one holding a
// number, with ten digits or a letter among them, it is not.
func TestResult_StraysMarkedANumberInCell(t *testing.T) {
	cell := func(caption, value string, beside ...extractor.Word) extractor.Page {
		ws := []extractor.Word{word(caption, 266, 632, 266+20*float64(len(caption)), 679, 0.3),
			word("NOTICE", 954, 630, 1104, 682, 0.6), word("DATE", 1110, 646, 1174, 674, 0.4),
			word(value, 248, 713, 505, 752, 0.2)}
		return ocrPage(append(ws, beside...)...)
	}
	for _, tc := range []struct {
		name    string
		caption string
		value   string
		beside  []extractor.Word
		want    int
	}{
		{"OKDashAsEquals", "AF", "A=67289017", nil, 1},
		{"OKDashAsTildeLastAsBracket", "Ae", "A~310382]", nil, 1},
		{"OKAAsFour", "USCIS A¥", "[4-74893101", nil, 1},
		{"ErrTen", "AF", "A=6728901712", nil, 0},
		{"ErrSix", "AF", "A=672890", nil, 0},
		{"ErrLetterInside", "AF", "A=67X89017", nil, 0},
		{"ErrPlainDash", "Total", "4-12345678-9", nil, 0},
		{"ErrProseBeside", "AF", "A=67289017", []extractor.Word{word("days", 560, 713, 640, 752, 0.9)}, 0},
		{"ErrLongCaption", "Beneficiary's", "A=67289017", nil, 0},
		{"ErrNumberOver", "Box 1234", "A=67289017", nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{cell(tc.caption, tc.value, tc.beside...)})
			if got := len(r.Strays()); got != tc.want || len(r.Findings) != 0 {
				t.Fatalf("strays %+v findings %v, want %d strays", r.Strays(), found(r), tc.want)
			}
			if tc.want > 0 && len(r.Captions()) != 1 {
				t.Fatalf("captions %+v, want the caption offered for a re-read", r.Captions())
			}
		})
	}
}
