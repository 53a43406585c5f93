package extractor_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
)

// at places a run of text at (x, y) in a 612x792 page, one word per
// space-separated token, each character 5 units wide and 10 high, the way a
// 10-point text layer would give it.
type at struct {
	x, y float64
	text string
	conf float64
}

func page(n int, src extractor.Source, items ...at) extractor.Page {
	p := extractor.Page{Number: n, Width: 612, Height: 792, Source: src}
	for _, it := range items {
		x := it.x
		conf := it.conf
		if conf == 0 {
			conf = 1
		}
		for _, w := range strings.Fields(it.text) {
			wd := 5 * float64(len([]rune(w)))
			p.Words = append(p.Words, extractor.Word{Text: w, Box: extractor.Box{X0: x, Y0: it.y, X1: x + wd, Y1: it.y + 10}, Conf: conf})
			x += wd + 3
		}
	}
	return p
}

type kv struct{ kind, value string }

func found(r extractor.Result) []kv {
	var out []kv
	for _, f := range r.Findings {
		out = append(out, kv{string(f.Kind), f.Value})
	}
	return out
}

func same(a, b []kv) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[kv]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return true
}

const (
	oan = "online_account_number"
	rcp = "receipt_number"
	anr = "a_number"
)

func TestExtract(t *testing.T) {
	tl := extractor.SourceTextLayer
	tests := []struct {
		name  string
		pages []extractor.Page
		want  []kv
	}{
		{"OANRightOfLabel", []extractor.Page{page(1, tl, at{50, 100, "USCIS Online Account Number: 1234 5678 9012", 1})},
			[]kv{{oan, "123456789012"}}},
		{"OANHyphenated", []extractor.Page{page(1, tl, at{50, 100, "Online Account Number 2345-6789-0123", 1})},
			[]kv{{oan, "234567890123"}}},
		{"OANIfAnyLabel", []extractor.Page{page(1, tl, at{50, 100, "USCIS Online Account Number (if any) 345678901234", 1})},
			[]kv{{oan, "345678901234"}}},
		{"OANInCellBelow", []extractor.Page{page(1, tl,
			at{50, 100, "USCIS ONLINE ACCOUNT NUMBER", 1}, at{300, 100, "Case Type", 1},
			at{52, 125, "456789012345", 1}, at{300, 125, "I-130 PETITION FOR ALIEN RELATIVE", 1})},
			[]kv{{oan, "456789012345"}}},
		{"OANBelowStartingLeftOfLabel", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "QUEENS NY 11350-1821", 0.9}, at{300, 100, "USCIG ONLINE ACCOUNT NUMBER", 0.9},
			at{290, 114, "0966 6716 5612", 0.9})},
			[]kv{{oan, "096667165612"}}},
		{"OANCentredUnderLabel", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "Client copy", 0.9}, at{300, 100, "Online Account Number", 0.9},
			at{262, 114, "1357 2468 9753", 0.9})},
			[]kv{{oan, "135724689753"}}},
		{"OANOnNextLine", []extractor.Page{page(1, tl, at{50, 100, "Your USCIS Online Account No.", 1}, at{50, 114, "5678 9012 3456", 1})},
			[]kv{{oan, "567890123456"}}},
		{"OANOnPageTwo", []extractor.Page{
			page(1, tl, at{50, 100, "Receipt Number: EAC2190012345", 1}),
			page(2, tl, at{50, 600, "Online Account Number", 1}, at{250, 600, "6789 0123 4567", 1})},
			[]kv{{rcp, "EAC2190012345"}, {oan, "678901234567"}}},
		{"OANFuzzyLabel", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Onl1ne Acc0unt Nurnber: 7890 1234 5678", 0.9})},
			[]kv{{oan, "789012345678"}}},
		{"OANRepairedDigits", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Online Account Number: 89O1 2345 67B9", 0.8})},
			[]kv{{oan, "890123456789"}}},
		{"ErrUnlabeled12Digits", []extractor.Page{page(1, tl, at{50, 100, "Tracking 901234567890", 1}, at{50, 130, "123456789012", 1})},
			nil},
		{"ErrAccessCode", []extractor.Page{page(1, tl, at{50, 100, "Online Access Code: 4821 9930 1177", 1}, at{50, 120, "Online Access Code", 1}, at{50, 134, "AB12CD34EF56", 1})},
			nil},
		{"ErrBankAccount", []extractor.Page{page(1, tl, at{50, 100, "Trust Account Number: 012345678901", 1})},
			nil},
		{"ErrThirteenDigits", []extractor.Page{page(1, tl, at{50, 100, "Online Account Number: 1234567890123", 1})},
			nil},
		{"OANAndAccessCodeSideBySide", []extractor.Page{page(1, tl,
			at{50, 100, "USCIS Online Account Number", 1}, at{320, 100, "Online Access Code", 1},
			at{50, 115, "1357 9246 8024", 1}, at{320, 115, "246813579135", 1})},
			[]kv{{oan, "135792468024"}}},
		{"ReceiptContiguous", []extractor.Page{page(1, tl, at{50, 100, "Receipt Number: EAC2190012345", 1})},
			[]kv{{rcp, "EAC2190012345"}}},
		{"ReceiptLegacyHyphens", []extractor.Page{page(1, tl, at{50, 100, "Receipt #: EAC-21-900-12345", 1})},
			[]kv{{rcp, "EAC2190012345"}}},
		{"ReceiptSpaces", []extractor.Page{page(1, tl, at{50, 100, "RECEIPT NUMBER LIN 99 001 50001", 1})},
			[]kv{{rcp, "LIN9900150001"}}},
		{"ReceiptIOERepaired", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: 10E0912345678", 0.8})},
			[]kv{{rcp, "IOE0912345678"}}},
		{"ReceiptPipePrefix", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: |0E0912345678", 0.8})},
			[]kv{{rcp, "IOE0912345678"}}},
		{"ReceiptSerifIReadAsJ", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: JOE-091-234-5678", 0.6})},
			[]kv{{rcp, "IOE0912345678"}}},
		// A fax speck across the I's stem makes a t of it.
		{"ReceiptIReadAsT", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt No.: tOE0986390966", 0.6})},
			[]kv{{rcp, "IOE0986390966"}}},
		// A speck read as a quote beside a group's dash.
		{"ReceiptQuoteBesideDash", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: WAC-21- ‘988- 63831", 0.6})},
			[]kv{{rcp, "WAC2198863831"}}},
		// Not in an A-Number: there the marks stood for a lost digit.
		{"ErrANumberQuoteBesideDash", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "A Number: A-24. ‘229-842", 0.6})},
			nil},
		// Two spaces around a mark part two numbers.
		{"ErrReceiptGapAroundQuote", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: WAC-21-988 ‘ 63831", 0.6})},
			nil},
		// A 1 after the office code, its flag and foot read as a T.
		{"ReceiptOneReadAsT", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: OMAT995458622", 0.6})},
			[]kv{{rcp, "OMA1995458622"}}},
		{"ReceiptIReadAsCapitalT", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt No.: TOE0986390966", 0.6})},
			[]kv{{rcp, "IOE0986390966"}}},
		{"ErrReceiptTNoOffice", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt No.: tAC0986390966", 0.6})},
			nil},
		// A T that makes an office's code stays a T.
		{"ReceiptTKept", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt No.: TSC0986390966", 0.6})},
			[]kv{{rcp, "TSC0986390966"}}},
		// A caption OCR garbled into a look-alike's ("TCNUMBER" read as
		// "acct number") does not claim an A-Number printed with its A;
		// a passport's caption, whose numbers may start with an A, does.
		{"ANumberUnderGarbledCaption", []extractor.Page{page(1, extractor.SourceOCR, at{300, 100, "TCNUMBER", 0.9}, at{300, 118, "A272225222", 0.9})},
			[]kv{{anr, "A272225222"}}},
		{"ErrPassportUnderCaption", []extractor.Page{page(1, extractor.SourceOCR, at{300, 100, "Passport No.", 0.9}, at{300, 118, "A27222522", 0.9})},
			nil},
		// A C with a fax speck at its middle reads as E; a code read
		// right stays as read.
		{"ReceiptEForC", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: SRE-12-998-37403", 0.9})},
			[]kv{{rcp, "SRC1299837403"}}},
		{"ReceiptEKept", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: EAC-12-998-37403", 0.9})},
			[]kv{{rcp, "EAC1299837403"}}},
		// A label printed in parentheses after its value, a speck after
		// its bracket read as a dash.
		{"ParenthesizedLabelDashAfterBracket", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "4601 2172 2480", 0.9}, at{300, 100, "(USCIS Online Account Number)-", 0.9})},
			[]kv{{oan, "460121722480"}}},
		// "Online" with its O read as Q and its n as "ri": no bank's
		// "Account Number".
		{"AccountLabelOnlineQ", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Qriline Account Number 2878 9738 0474", 0.9})},
			[]kv{{oan, "287897380474"}}},
		// A speck read in the gap between the value and its label.
		{"ParenthesizedLabelSpeckInGap", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "9354 1783 8050.", 0.9}, at{200, 100, "°", 0.3}, at{300, 100, "(USCIS Online Account Number (if any))", 0.9})},
			[]kv{{oan, "935417838050"}}},
		// The bracket of "(if any)" read as a t.
		{"AccountAfterIfAnyBracketMisread", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "USCIS Online Account Number tif any): 9453 7671, 7008", 0.9})},
			[]kv{{oan, "945376717008"}}},
		// A speck read as a comma glued to the value's A.
		{"ANumberAfterComma", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "A-Number: ,A129-205-779", 0.9})},
			[]kv{{anr, "A129205779"}}},
		{"ReceiptAtSignForZero", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "RECEIPT NUMBER: IOE@708250102", 0.9})},
			[]kv{{rcp, "IOE0708250102"}}},
		{"OANSlashedZeros", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Online Account Number: 4Ø07 3846 ØØ2Ø", 0.9})},
			[]kv{{oan, "400738460020"}}},
		// A tilde inside a value comes of heavy noise, which misreads
		// digits too: the value is not trusted.
		{"ErrTildeInValue", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "A-Number: A291~991-961", 0.9})},
			nil},
		{"ReceiptDashSpacedFromPrefix", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: EAC -11-328-60668", 0.9})},
			[]kv{{rcp, "EAC1132860668"}}},
		{"ReceiptDashSpacedBothSides", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: EAC - 11-328-60668", 0.9})},
			[]kv{{rcp, "EAC1132860668"}}},
		{"ReceiptAfterStrayQuote", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: “EAC 1110779075“.", 0.9})},
			[]kv{{rcp, "EAC1110779075"}}},
		{"ANumberInParentheses", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "A-Number: (A 123 456 789)", 0.9})},
			[]kv{{anr, "A123456789"}}},
		{"ReceiptPoundSign", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: £AC2190012345", 0.8})},
			[]kv{{rcp, "EAC2190012345"}}},
		{"ReceiptLockboxWorkday", []extractor.Page{page(1, tl, at{50, 100, "Receipt Number: IOE0999912345", 1})},
			[]kv{{rcp, "IOE0999912345"}}},
		{"ReceiptUnlabeled", []extractor.Page{page(1, tl, at{50, 100, "Your case WAC2290012345 is pending.", 1})},
			[]kv{{rcp, "WAC2290012345"}}},
		// A speck before a table cell read as a quote, and S as $.
		{"ReceiptUnlabeledAfterQuote", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "‘$RC2190012345°", 0.8})},
			[]kv{{rcp, "SRC2190012345"}}},
		{"ReceiptInGridCell", []extractor.Page{page(1, tl,
			at{50, 100, "RECEIPT NUMBER", 1}, at{300, 100, "Case Type", 1},
			at{50, 125, "SRC2190012345", 1}, at{300, 125, "I-765", 1})},
			[]kv{{rcp, "SRC2190012345"}}},
		{"ErrNVCCase", []extractor.Page{page(1, tl, at{50, 100, "NVC Case Number: MTL2007547002", 1})},
			nil},
		{"ErrCardNumber", []extractor.Page{page(1, tl, at{50, 100, "Card # SRC1234567890", 1})},
			nil},
		{"ErrCardLabelWithoutHash", []extractor.Page{page(1, tl, at{50, 100, "Card", 1}, at{50, 115, "EAC2422862635", 1})},
			nil},
		{"ErrUnknownPrefix", []extractor.Page{page(1, tl, at{50, 100, "Receipt Number: MNL2007547002", 1})},
			nil},
		{"ErrReceiptTooLong", []extractor.Page{page(1, tl, at{50, 100, "Receipt Number: EAC21900123456", 1})},
			nil},
		{"ReceiptSameTwice", []extractor.Page{page(1, tl, at{50, 100, "Receipt Number: EAC2190012345", 1}, at{50, 300, "Receipt #: EAC-21-900-12345", 1})},
			[]kv{{rcp, "EAC2190012345"}}},
		{"ANumberPlain", []extractor.Page{page(1, tl, at{50, 100, "A-Number: A123456789", 1})},
			[]kv{{anr, "A123456789"}}},
		{"ANumberGrouped", []extractor.Page{page(1, tl, at{50, 100, "Alien Registration Number: A 123 456 789", 1})},
			[]kv{{anr, "A123456789"}}},
		{"ANumberHash", []extractor.Page{page(1, tl, at{50, 100, "USCIS A# 098765432", 1})},
			[]kv{{anr, "A098765432"}}},
		{"ANumberEightDigitsPadded", []extractor.Page{page(1, tl, at{50, 100, "Alien Number: A12345678", 1})},
			[]kv{{anr, "A012345678"}}},
		{"ANumberHyphens", []extractor.Page{page(1, tl, at{50, 100, "A#: A-123-456-789", 1})},
			[]kv{{anr, "A123456789"}}},
		{"ANumberBelow", []extractor.Page{page(1, tl, at{50, 100, "A-Number", 1}, at{50, 115, "A123-456-789", 1})},
			[]kv{{anr, "A123456789"}}},
		{"ANumberHashMisread", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "At 003102560", 0.7})},
			[]kv{{anr, "A003102560"}}},
		{"ErrAtInProse", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "At your interview bring 2 photos", 0.9}, at{50, 114, "123456789", 0.9})},
			nil},
		{"ReceiptAfterNoise", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "-EAC1502653342, Receipt No.", 0.5})},
			[]kv{{rcp, "EAC1502653342"}}},
		// A label word broken in two at a gap in the print (a curl of a
		// photographed sheet).
		{"LabelWordBroken", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "USCIS ONLIN E ACCOUNT NUMBER: : 91311030 0820", 0.9})},
			[]kv{{oan, "913110300820"}}},
		// A caption before the label is not joined to its first word.
		{"UscisBeforeLabel", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "USCIS A#", 0.9}, at{250, 100, "200618901", 0.9})},
			[]kv{{anr, "A200618901"}}},
		{"LabelWordsBroken", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Alien Regis tration Number: 123456789", 0.9})},
			[]kv{{anr, "A123456789"}}},
		{"ANumberBelowTableRule", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "A-NUMBER |", 0.9}, at{40, 120, "_ , A122-416-677", 0.8})},
			[]kv{{anr, "A122416677"}}},
		// A box's corner read as an underscore glued before the value.
		{"UnderscoreBeforeValue", []extractor.Page{page(1, extractor.SourceOCR, at{300, 100, "At.", 0.37}, at{300, 114, "_A-087-808-808.", 0.55})},
			[]kv{{anr, "A087808808"}}},
		// A box's rule read as a slash glued before the value, under
		// captions read past matching.
		{"SlashBeforeValue", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "ECEIPTNUMBERSOSOSCSCS", 0}, at{50, 114, "/NBC2005504489-", 0.3}, at{50, 130, "K-NUMBER.", 0}, at{50, 144, "\\A85307152", 0.47})},
			[]kv{{rcp, "NBC2005504489"}, {anr, "A085307152"}}},
		// A speck read as a comma after the A.
		{"CommaAfterA", []extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Alien Number", 0.9}, at{50, 114, "A,119379735", 0.59})},
			[]kv{{anr, "A119379735"}}},
		{"ErrBareNineDigits", []extractor.Page{page(1, tl, at{50, 100, "SSN: 123-45-6789", 1}, at{50, 130, "Reference 987654321", 1}, at{50, 160, "ARLINGTON VA 22202-4145", 1})},
			nil},
		{"ErrANumberProse", []extractor.Page{page(1, tl, at{50, 100, "Enter a number of 123456789 copies", 1})},
			nil},
		// A poor scan repeats the labeled receipt number with two digits
		// misread; a family's consecutive numbers differ only at the end.
		{"UnlabeledEchoOfLabeledDropped", []extractor.Page{page(1, tl,
			at{50, 100, "Receipt Number: LIN2591080324", 1}, at{50, 300, "LIN2591688324", 1})},
			[]kv{{rcp, "LIN2591080324"}}},
		// A repetition with three digits misread (a barcode's small
		// caption) is dropped; a number of the same batch is kept.
		{"UnlabeledEchoThreeOffDropped", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "Receipt Number: WAC1405201858", 0.95}, at{50, 300, "WAC1405264558", 0.3})},
			[]kv{{rcp, "WAC1405201858"}}},
		// A repetition whose office code alone was misread goes, even
		// read surer than the labeled value.
		{"UnlabeledEchoOtherOfficeDropped", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "Receipt Number: LIN2391087679", 0.1}, at{50, 300, "CIN2391087679", 0.9})},
			[]kv{{rcp, "LIN2391087679"}}},
		{"BatchReceiptThreeOffKept", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "Receipt Number: WAC1405201858", 0.95}, at{50, 300, "WAC1405201921", 0.3})},
			[]kv{{rcp, "WAC1405201858"}, {rcp, "WAC1405201921"}}},
		{"ConsecutiveReceiptKept", []extractor.Page{page(1, tl,
			at{50, 100, "Receipt Number: EAC2190012345", 1}, at{50, 300, "EAC2190012346", 1})},
			[]kv{{rcp, "EAC2190012345"}, {rcp, "EAC2190012346"}}},
		// Intake sheets print the label in parentheses after the value.
		{"ValueBeforeParenthesizedLabel", []extractor.Page{page(1, tl,
			at{50, 100, "6606 0312 7858", 1}, at{250, 100, "(Online Account Number)", 1},
			at{50, 120, "WAC2031474372", 1}, at{250, 120, "(Receipt No.)", 1},
			at{50, 140, "A149-335-727", 1}, at{250, 140, "(Alien Number)", 1})},
			[]kv{{oan, "660603127858"}, {rcp, "WAC2031474372"}, {anr, "A149335727"}}},
		{"ErrLookAlikeBeforeParenthesizedLabel", []extractor.Page{page(1, tl,
			at{50, 100, "4402 1187 2290", 1}, at{250, 100, "(Account Number)", 1})},
			nil},
		// Only "(PASSPORT" matches the look-alike; "NUMBER)" closes its
		// caption, and the passport number left of it is claimed.
		{"ErrLookAlikeBeforeCaptionClosedByFiller", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "A15473622", 0.9}, at{400, 100, "(PASSPORT NUMBER)", 0.95},
			at{50, 120, "A087-495-961", 0.9}, at{400, 120, "(A#)", 0.9})},
			[]kv{{anr, "A087495961"}}},
		// "(IF ANY)" inside the caption's brackets ends it.
		{"ValueBeforeCaptionEndingInIfAny", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "522097414673", 0.95}, at{300, 100, "(USCIS ONLINE ACCOUNT NUMBER (IF ANY))", 0.95})},
			[]kv{{oan, "522097414673"}}},
		// "(if any)" read as one word, a letter and a speck garbled: it
		// still closes the caption, and on the right of a label it is
		// filler before the value.
		{"ValueBeforeCaptionEndingInIfAnyRunTogether", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "2483-2165-3199", 0.9}, at{300, 100, "(USEIS Online Account Number {if'ahy))", 0.8})},
			[]kv{{oan, "248321653199"}}},
		{"IfAnyRunTogetherBeforeValue", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "USCIS Online Account Number (ifany): 4165 7972 9246", 0.9})},
			[]kv{{oan, "416579729246"}}},
		{"ErrNoLookLeftPastWordAfterCaption", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "2483-2165-3199", 0.9}, at{300, 100, "(Online Account Number {iffy))", 0.8})},
			nil},
		{"ErrNoLookLeftWithoutParentheses", []extractor.Page{page(1, tl,
			at{50, 100, "Tracking 1234 5678 9012", 1}, at{250, 100, "Online Account Number", 1})},
			nil},
		// Labels in a column of their own, a third of a page from short
		// values, and brackets OCR read as curly ones.
		{"ParenthesizedLabelColumnFarRight", []extractor.Page{page(1, tl,
			at{20, 100, "A-5764669", 1}, at{380, 100, "(Alien Number)", 1},
			at{20, 120, "700869110642", 1}, at{380, 120, "{USCIS Online Account Number)", 1},
			at{20, 140, "WAC2031474372", 1}, at{380, 140, "[Receipt No.]", 1})},
			[]kv{{oan, "700869110642"}, {rcp, "WAC2031474372"}, {anr, "A005764669"}}},
		// A cover letter sets "A#:" in one column and its value in another;
		// OCR splits the colon off the label.
		{"FarRightPastLabelColon", []extractor.Page{page(1, extractor.SourceOCR,
			at{20, 100, "Applicant:", 0.9}, at{300, 100, "TOMASZ IVANOVA", 0.9},
			at{20, 116, "A#", 0.9}, at{31, 116, ":", 0.9}, at{300, 116, "88398068", 0.9},
			at{20, 150, "Dear Sir or Madam:", 0.9})},
			[]kv{{anr, "A088398068"}}},
		// A card's "USCIS#" caption read as one word with its '#' misread;
		// the word "USCIS" alone is no such caption.
		{"CardCaptionHashMisread", []extractor.Page{page(1, extractor.SourceOCR,
			at{300, 100, "uscise", 0.4}, at{300, 116, "24490158", 0.9})},
			[]kv{{anr, "A024490158"}}},
		// "A#:" with the small '#' read as an e, the value a line below.
		{"CaptionHashReadAsE", []extractor.Page{page(1, extractor.SourceOCR,
			at{20, 100, "Ae:", 0.6}, at{30, 116, "77860913", 0.9})},
			[]kv{{anr, "A077860913"}}},
		{"ErrBareUSCISNoCaption", []extractor.Page{page(1, extractor.SourceOCR,
			at{300, 100, "USCIS", 0.9}, at{300, 116, "24490158", 0.9})},
			nil},
		{"ParenthesizedLabelWithStrayQuote", []extractor.Page{page(1, tl,
			at{50, 100, "6606 0312 7858", 1}, at{250, 100, "“(Online Account Number)", 1})},
			[]kv{{oan, "660603127858"}}},
		// Fax specks read as a degree sign or a bullet between the
		// label's '#' and its value.
		{"ValueAfterSpecksGluedToLabel", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "RECEIPT #::°EAC1996767312", 0.3}, at{50, 130, "A-Number: •A123456789", 0.6})},
			[]kv{{rcp, "EAC1996767312"}, {anr, "A123456789"}}},
		{"ReceiptPrefixYenRead", []extractor.Page{page(1, tl, at{50, 100, "Receipt Number: ¥SC1618151920", 1})},
			[]kv{{rcp, "YSC1618151920"}}},
		// "A#" read as "At": alone on its line it is a caption, in prose not.
		{"WeakCaptionAloneValueBelow", []extractor.Page{page(1, tl,
			at{300, 100, "At", 1}, at{300, 114, "122-774-404", 1})},
			[]kv{{anr, "A122774404"}}},
		// In a form's grid the next cell's caption shares the line, and
		// the rules around the cell come out as dashes.
		{"WeakCaptionInGridValueBelow", []extractor.Page{page(1, tl,
			at{50, 100, "At —— —", 1}, at{300, 100, "NVC CASE NUMBER", 1},
			at{52, 114, "236003092", 1}, at{300, 114, "MTL2007688645", 1})},
			[]kv{{anr, "A236003092"}}},
		// A two-column form: "A#" read as "At" heads its line, the value
		// alone in the next column.
		{"WeakCaptionValueAloneFarRight", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "At", 0.5}, at{250, 100, "20926973", 0.9})},
			[]kv{{anr, "A020926973"}}},
		// A letter's "Re:" block, "A#" read as "AR" under "APPLICANT",
		// the value in the block's column; "AR" on an address line is
		// the state's.
		{"WeakCaptionHashReadAsR", []extractor.Page{page(1, extractor.SourceOCR,
			at{20, 85, "Re:", 0.85}, at{50, 85, "APPLICANT", 0.9}, at{250, 85, "ELENA NGUYEN", 0.4},
			at{50, 100, "AR", 0.42}, at{250, 100, "64162685", 0.95})},
			[]kv{{anr, "A064162685"}}},
		{"ErrStateAbbreviation", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "Little Rock, AR 72201-4417", 0.9})},
			nil},
		// A notice's "USCIS A#" read as one word, its '#' a Y.
		{"NoticeCaptionRunTogether", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "USCISAY", 0.42}, at{52, 116, "050219524", 0.9})},
			[]kv{{anr, "A050219524"}}},
		{"ErrWeakCaptionFarValueWithOtherText", []extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "At", 0.5}, at{250, 100, "20926973", 0.9}, at{400, 100, "Class", 0.9})},
			nil},
		{"ErrWeakWordNearOtherTextNoValueBelow", []extractor.Page{page(1, tl,
			at{50, 100, "At", 1}, at{70, 100, "noon", 1}, at{52, 114, "236003092", 1})},
			nil},
		{"ErrWeakWordInProseNoValueBelow", []extractor.Page{page(1, tl,
			at{50, 100, "At the interview bring your papers", 1}, at{50, 114, "122-774-404", 1})},
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := extractor.Extract(tt.pages)
			if got := found(r); !same(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for _, f := range r.Findings {
				if !extractor.Valid(f.Kind, f.Value) {
					t.Errorf("invalid finding %v", f)
				}
				if f.Confidence <= 0 || f.Confidence > 1 {
					t.Errorf("confidence %v out of range", f.Confidence)
				}
			}
		})
	}
}

func TestExtract_Evidence(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(3, extractor.SourceOCR, at{50, 100, "Receipt Number: 10E0912345678", 0.9})})
	if len(r.Findings) != 1 {
		t.Fatalf("findings = %v", r.Findings)
	}
	f := r.Findings[0]
	if f.Page != 3 || f.Label != "Receipt Number" || f.Source != extractor.SourceOCR {
		t.Errorf("evidence = page %d label %q source %q", f.Page, f.Label, f.Source)
	}
	if f.BBox.X0 < 120 || f.BBox.X1 > 220 || f.BBox.Y0 != 100 {
		t.Errorf("bbox %+v does not cover the value", f.BBox)
	}
	if len(f.Corrections) == 0 || f.Display != "IOE0912345678" {
		t.Errorf("corrections %v display %q", f.Corrections, f.Display)
	}
	clean := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: IOE0912345678", 0.9})})
	if clean.Findings[0].Confidence <= f.Confidence {
		t.Errorf("repaired value confidence %.3f not below clean %.3f", f.Confidence, clean.Findings[0].Confidence)
	}
}

func TestExtract_TwoOANsWarn(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceTextLayer,
		at{50, 100, "Online Account Number: 111122223333", 1},
		at{50, 300, "Online Account Number: 444455556666", 1})})
	if len(r.Findings) != 2 {
		t.Fatalf("findings = %v", found(r))
	}
	if len(r.Warnings) == 0 || !strings.Contains(r.Warnings[0], "Online Account Numbers") {
		t.Errorf("warnings = %v", r.Warnings)
	}
	for _, w := range r.Warnings {
		if strings.Contains(w, "111122223333") || strings.Contains(w, "444455556666") {
			t.Errorf("warning discloses a value: %q", w)
		}
	}
}

func TestExtract_SameValueOccurrences(t *testing.T) {
	r := extractor.Extract([]extractor.Page{
		page(1, extractor.SourceTextLayer, at{50, 100, "Receipt Number: EAC2190012345", 1}),
		page(2, extractor.SourceTextLayer, at{50, 100, "RECEIPT NUMBER EAC2190012345", 1}),
	})
	if len(r.Findings) != 1 || len(r.Findings[0].Occurrences) != 2 {
		t.Fatalf("findings = %+v", r.Findings)
	}
}

// The unreadable value of a label printed after it, in parentheses, is
// re-read where it stands: before the label.
func TestExtract_SlotBeforeParenthesizedLabel(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
		at{50, 100, "71S0 I27:3 57O3", 0.4}, at{250, 100, "(USCIS Online Account Number)", 0.9})})
	if len(r.Findings) != 0 {
		t.Fatalf("findings = %v", found(r))
	}
	if len(r.Slots) != 1 || r.Slots[0].Kind != extractor.KindOnlineAccountNumber {
		t.Fatalf("slots = %+v", r.Slots)
	}
	if reg := r.Slots[0].Region; reg.X0 > 50 || reg.X1 < 120 || reg.X1 > 200 {
		t.Errorf("slot region %+v, want around the value at x 50..125", reg)
	}
}

func TestExtract_SlotForUnreadableValue(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "USCIS Online Account Number: 1234 S67 9O12", 0.4})})
	if len(r.Findings) != 0 {
		t.Fatalf("findings = %v", found(r))
	}
	if len(r.Slots) != 1 || r.Slots[0].Kind != extractor.KindOnlineAccountNumber {
		t.Fatalf("slots = %+v", r.Slots)
	}
	s := r.Slots[0]
	if s.Region.X0 > 200 || s.Region.X1 < 230 || s.Charset != "0123456789" {
		t.Errorf("slot region %+v charset %q", s.Region, s.Charset)
	}
}

// A value whose first pass kept only some of its groups is re-read over
// the width the whole value takes, on both sides, since either end may be
// the lost one; never over the label beside it.
func TestExtract_SlotCoversLostGroups(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
		at{50, 100, "USCIS Online Account Number", 0.9}, at{80, 115, "6716 5612", 0.9})})
	if len(r.Slots) != 1 || r.Slots[0].Kind != extractor.KindOnlineAccountNumber {
		t.Fatalf("slots = %+v findings = %v", r.Slots, found(r))
	}
	// A lost leading "0966 " would have stood at x 57..80; a trailing one
	// at 126..146.
	if reg := r.Slots[0].Region; reg.X0 > 57 || reg.X1 < 146 || reg.Y0 < 105 {
		t.Errorf("slot region %+v, want x 57..146 on the value's line", reg)
	}

	r = extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Online Account Number: 6716 5612", 0.9})})
	if len(r.Slots) != 1 {
		t.Fatalf("slots = %+v findings = %v", r.Slots, found(r))
	}
	// "Number:" ends at x 153; the value starts at 156.
	if reg := r.Slots[0].Region; reg.X0 < 153 || reg.X1 < 225 {
		t.Errorf("slot region %+v, want from the label's end to past x 225", reg)
	}
}

func TestExtract_NoSlotForProse(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Keep this notice: you will need the receipt number shown above whenever you call", 0.9})})
	if len(r.Slots) != 0 || len(r.Findings) != 0 {
		t.Fatalf("slots = %+v findings = %v", r.Slots, found(r))
	}
}

func TestResolve(t *testing.T) {
	s := extractor.Slot{Kind: extractor.KindReceiptNumber, Page: 1, Label: "Receipt Number", Region: extractor.Box{X0: 10, Y0: 10, X1: 100, Y1: 20}}
	rd := func(texts ...string) []extractor.Reading {
		var out []extractor.Reading
		for _, t := range texts {
			out = append(out, extractor.Reading{Text: t, Conf: 0.8})
		}
		return out
	}
	// zero gives n readings of text and, to make eight, readings of other,
	// all at confidence 0.
	zero := func(text string, n int, other string) []extractor.Reading {
		var out []extractor.Reading
		for i := range 8 {
			switch {
			case i < n:
				out = append(out, extractor.Reading{Text: text})
			case other != "":
				out = append(out, extractor.Reading{Text: other})
			}
		}
		return out
	}
	tests := []struct {
		name     string
		readings []extractor.Reading
		want     string
	}{
		{"OKMajority", rd("EAC2190012345", "EAC2190012345", "EAC219001234", "EAC2190O12345"), "EAC2190012345"},
		{"OKRepairedVotesTogether", rd("10E0912345678", "IOE0912345678", "garbage"), "IOE0912345678"},
		{"ErrTie", rd("EAC2190012345", "EAC2190012346"), ""},
		{"ErrSingleOfMany", rd("EAC2190012345", "xx", "yy"), ""},
		{"OKUnopposedHalf", rd("NBC2226858424", "NBC2226858424", "NBC-222-665-BA24", "SS"), "NBC2226858424"},
		{"ErrOpposedHalf", rd("NBC2226858424", "NBC2226858424", "NBC2226858421", "SS"), ""},
		// Each variant misread a different digit: no value wins, but
		// three of four agree on every character.
		{"OKCharacterMajority", rd("EAC2190012345", "EAC2190012845", "EAC2190072345", "EAC2190012345"), "EAC2190012345"},
		{"ErrCharacterSplit", rd("EAC2190012345", "EAC2190012845", "EAC2190072345", "EAC2190072845"), ""},
		{"ErrCharacterMajorityOfValidOnly", rd("EAC2190012345", "EAC2190012845", "EAC2190072345", "SS"), ""},
		{"ErrNothingValid", rd("EAC21900", "", "MNL2007547002"), ""},
		{"ErrNothingValidOfTwoRecognizers", rd("EAC21900", "", "MNL2007547002", ".", "", "EAC-21", "SS", ""), ""},
		// A speck or a label's edge at the crop's margin, read as a lone
		// character, does not spoil the value beside it.
		{"OKStrayCharacterDropped", rd("2 IOE 80-488 00823", "H IOE8048800823 .", "IOE 88 488 08823"), "IOE8048800823"},
		{"OKStrayWithSeparatorDropped", rd("0. IOE 80-488 00823", "0. IOE8048800823", "IOE 88 488 08823 ,"), "IOE8048800823"},
		// Half of two recognizers' eight readings is no majority; for a
		// label's open value it settles when the rest read nothing
		// valid, or half as many another value with both recognizers
		// in the lead (see clearLead).
		{"OKHalfOfTwoRecognizersUnopposed", rd("EAC2190012348", "EAC2190012348", "EAC2190", "EAC2190012348", "EAC2190012348", "EAC219OO1", "", "EAC-2190-0"), "EAC2190012348"},
		{"OKHalfOfTwoRecognizersAgainstOne", rd("EAC2190012348", "EAC2190012348", "EAC2190", "EAC2190012346", "EAC2190012348", "EAC2190012348", "", "EAC-2190-0"), "EAC2190012348"},
		// Unless a reading stops one digit short: the crop cut the last
		// glyph, and the lead's last digit is a guess at it.
		{"ErrHalfWithValueCutShort", rd("EAC2190012348", "EAC2190012348", "EAC219001234", "EAC2190012348", "EAC2190012348", "EAC219OO1", "", "EAC-2190-0"), ""},
		{"ErrHalfAgainstThree", rd("EAC2190012348", "EAC2190012348", "EAC2190012346", "EAC2190012346", "EAC2190012348", "EAC2190012348", "EAC2190012340", ""), ""},
		{"ErrThreeAgainstOne", rd("EAC2190012348", "EAC2190012348", "EAC2190012346", "", "EAC2190012348", "EAC219OO1", "", ""), ""},
		{"ErrOneRecognizersHalfAgainstOne", rd("EAC2190012348", "EAC2190012348", "EAC2190012348", "EAC2190012348", "EAC2190012346", "EAC219OO1", "", ""), ""},
		// One recognizer's four alike while the other's scatter over
		// values of their own, none read more than twice; not against
		// the other's three alike.
		{"OKOneRecognizerAgainstScatter", rd("EAC2190012346", "EAC2190012340", "EAC2190012345", "EAC219", "EAC2190012348", "EAC2190012348", "EAC2190012348", "EAC2190012348"), "EAC2190012348"},
		{"ErrOneRecognizerAgainstThreeAlike", rd("EAC2190012346", "EAC2190012346", "EAC2190012346", "EAC219", "EAC2190012348", "EAC2190012348", "EAC2190012348", "EAC2190012348"), ""},
		{"OKThreeUnopposed", rd("EAC2190012348", "EAC2190012348", "", "", "EAC2190012348", "EAC219OO1", "", ""), "EAC2190012348"},
		{"OKMajorityOfTwoRecognizers", rd("EAC2190012348", "EAC2190012348", "EAC219001234", "EAC2190012348", "EAC2190012348", "EAC2190012348", "", "EAC-2190-0"), "EAC2190012348"},
		// An office code that lost a letter is the one code its other
		// two make, or the one service center's among several; two
		// letters of several service centers' codes make none.
		// At confidence 0, a value pieced together character by
		// character, which no reading gave, does not settle a label's
		// open value.
		{"ErrCharacterMajorityAtZero", []extractor.Reading{{Text: "NSC-17-097-08744"}, {Text: "NSC-17-097-08744"}, {Text: "NSC-17-007-05744"},
			{Text: "NSC-17-007-08744"}, {Text: "NSC-17.097-08744"}, {Text: "NSC-17-007-08744"}, {Text: "NSC-17.007.05749"}, {Text: "NSC-17.007-08749"}}, ""},
		// Across both recognizers, a character vote for a value fewer
		// readings gave than another: the second digit group's 9 was
		// read by three, its 0 by five readings of other values.
		{"ErrCharacterVoteAgainstPlurality", []extractor.Reading{{Text: "NSE-17-097-08744"}, {Text: "T NSE-17-097-08744 .", Conf: 0.24}, {Text: "NSE-17-007-05744"},
			{Text: "NSE-17-007-08744", Conf: 0.41}, {Text: "3 NSE-17.097-08744"}, {Text: "NSE-17-007-08744"}, {Text: "NSE-17.007.05749"}, {Text: "T NSE-17.007-08749"}}, ""},
		// An L that lost its top read as E: "EIN" is no field office's
		// CIN, which had outvoted the readings of LIN.
		{"OKLeadingEIsNoC", rd("-EIN2620621848.", "-EIN220621848.", "-LIN2520621848.", "-LIN2520621848.", "-EIN2520621848.", "-LINZ2520621848.", "-LIN2520621848.", "-EIN2520621848."), "LIN2520621848"},
		{"OKLostLetter", rd("BC 169-7506572", ". BC 169-7506572", "NBC 169-7506572", "3 BC 169-7506572"), "NBC1697506572"},
		{"OKLostLetterServiceCenter", rd("MC 17 138 79996", ". MC 17 138 79996", "MC 17 138 79996"), "MSC1713879996"},
		{"OKLostLetterFirst", rd("OE0953717541", "OE0953717541,", ", OE0953717541"), "IOE0953717541"},
		{"ErrLostLetterOfTwoCenters", rd("NC-21-937-46452", ". NC-21-937-46452", "NC 21-937-46452"), ""},
		{"OKLostLetterMiddle", rd("LN 10022 65135", "LN 10022 65135", "10022 65135"), "LIN1002265135"},
		{"ErrLostLetterOfSeveral", rd("SC 14 085 74050", "SC 14 085 74050", "SC 14 085 74050"), ""},
		{"ErrLostLetterOfSeveralCenters", rd("AC-15-039-84354", "AC-15-039-84354"), ""},
		// A longer word beside the value is no stray.
		{"ErrWordBesideValueKept", rd("MSC IOE8048800823", "MSC IOE8048800823"), ""},
		{"ErrAgreementOnUnreadLines", []extractor.Reading{
			{Text: "EAC2190012345", Conf: 0}, {Text: "EAC2190012345", Conf: 0}, {Text: "EAC2190012345", Conf: 0}}, ""},
		// All eight readings of two recognizers alike to the character, or
		// all but one, is no agreement on noise, whatever their
		// confidence; for a label the page read no value beside, nor is
		// a majority of them, or half of them with the rest garbled.
		// Four readings of one recognizer alone still are.
		{"OKEveryReadingOfTwoRecognizers", zero("NBC-25-090-22735", 8, ""), "NBC2509022735"},
		{"OKSevenOfTwoRecognizers", zero("NBC-25-090-22735", 7, "NBC-25-090-2273"), "NBC2509022735"},
		{"OKSixOfTwoRecognizersOpenLabel", zero("NBC-25-090-22735", 6, "NBC-25-090-2273"), "NBC2509022735"},
		{"OKHalfOfTwoRecognizersAtZeroUnopposed", zero("NBC-25-090-22735", 4, "NBC-25-0"), "NBC2509022735"},
		{"ErrHalfOfTwoRecognizersAtZeroCutShort", zero("NBC-25-090-22735", 4, "NBC-25-090-2273"), ""},
		{"ErrHalfOfTwoRecognizersAtZeroOpposed", zero("NBC-25-090-22735", 4, "NBC-25-090-22736"), ""},
		{"ErrEveryReadingOfOneRecognizer", zero("NBC-25-090-22735", 4, ""), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, ok := extractor.Resolve(s, tt.readings)
			if tt.want == "" {
				if ok {
					t.Fatalf("resolved %v, want none", f)
				}
				return
			}
			if !ok || f.Value != tt.want || f.Label != "Receipt Number" || f.Confidence <= 0 || f.Confidence > 1 {
				t.Fatalf("got %+v ok=%v, want %s", f, ok, tt.want)
			}
		})
	}
	// No label vouches for an unlabeled number's slot: six of eight at
	// confidence 0 settle nothing there.
	unlabeled := s
	unlabeled.Label = ""
	if f, ok := extractor.Resolve(unlabeled, zero("NBC-25-090-22735", 6, "NBC-25-090-2273")); ok {
		t.Errorf("unlabeled: resolved %v, want none", f)
	}
}

func TestMask(t *testing.T) {
	tests := []struct {
		kind  extractor.Kind
		value string
		want  string
	}{
		{extractor.KindOnlineAccountNumber, "123456789012", "********9012"},
		{extractor.KindReceiptNumber, "EAC2190012345", "EAC******2345"},
		{extractor.KindANumber, "A123456789", "A*****6789"},
		{extractor.KindANumber, "A12", "***"},
	}
	for _, tt := range tests {
		if got := extractor.Mask(tt.kind, tt.value); got != tt.want {
			t.Errorf("Mask(%s) = %s, want %s", tt.value, got, tt.want)
		}
	}
}

func TestResolveSlots(t *testing.T) {
	t.Run("OKFillsMissingValue", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "USCIS Online Account Number: 1234 S67 9O12", 0.4})})
		r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
			return []extractor.Reading{{Text: "1234 5678 9012", Conf: 0.8}, {Text: "123456789012", Conf: 0.9}, {Text: "1234 567 9012", Conf: 0.5}}
		})
		if got := found(r); !same(got, []kv{{oan, "123456789012"}}) || len(r.Slots) != 0 {
			t.Fatalf("findings %v slots %v", got, r.Slots)
		}
	})
	t.Run("OKReplacesDoubtfulReading", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: EAC2190O18345", 0.3})})
		if got := found(r); !same(got, []kv{{rcp, "EAC2190018345"}}) {
			t.Fatalf("first pass %v", got)
		}
		r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
			if s.Current != "EAC2190018345" {
				t.Fatalf("slot %+v is not a check of the first reading", s)
			}
			return []extractor.Reading{{Text: "EAC2190012345", Conf: 0.9}, {Text: "EAC2190012345", Conf: 0.9}, {Text: "EAC2190018345", Conf: 0.4}}
		})
		if got := found(r); !same(got, []kv{{rcp, "EAC2190012345"}}) {
			t.Fatalf("after re-read %v", got)
		}
	})
	// Re-reads that lost a digit of a nine-digit A-Number still validate,
	// zero-padded, as another number: they do not outvote the nine.
	t.Run("OKShorterRereadsDoNotReplace", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "A-Number: A 244535174", 0.3})})
		if got := found(r); !same(got, []kv{{anr, "A244535174"}}) {
			t.Fatalf("first pass %v", got)
		}
		r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
			return []extractor.Reading{{Text: "A240 535 17", Conf: 0.9}, {Text: "A286 535174", Conf: 0.5}, {Text: "A240 535 17", Conf: 0.9}, {Text: "A298 535178", Conf: 0.4}}
		})
		if got := found(r); !same(got, []kv{{anr, "A244535174"}}) {
			t.Fatalf("after re-read %v", got)
		}
	})
	// A label's value the page read as nine glyphs past parsing: re-reads
	// of eight digits lost one (a table's rule through the last), and
	// padded they would make another A-Number. The label stays open; a
	// page that showed eight takes them.
	t.Run("ErrShorterThanPageShowed", func(t *testing.T) {
		for _, tc := range []struct {
			value string
			want  []kv
			open  int
		}{
			{"a19aisi974", nil, 1},
			{"a19aisi97", []kv{{anr, "A019415197"}}, 0},
		} {
			p := page(1, extractor.SourceOCR, at{50, 100, "A-Number", 0.7}, at{50, 112, tc.value, 0.3})
			r := extractor.Extract([]extractor.Page{p})
			r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
				var out []extractor.Reading
				for range 8 {
					out = append(out, extractor.Reading{Text: "A19415197", Conf: 0.9})
				}
				return out
			})
			if got := found(r); !same(got, tc.want) || len(r.Unread()) != tc.open {
				t.Errorf("page read %q: findings %v, unread %v; want %v and %d unread", tc.value, got, r.Unread(), tc.want, tc.open)
			}
		}
	})
	// Two of four variants agreeing on another value is no majority: a
	// digit misread the same way by both Otsu variants must not replace
	// a valid first reading.
	t.Run("OKTwoOfFourDoNotReplace", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: NBC-17-258-60224", 0.2})})
		r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
			return []extractor.Reading{{Text: "NBC -17-258-68224", Conf: 0.63}, {Text: "NOC-17-258-60028", Conf: 0}, {Text: "NBC -17-258-68224", Conf: 0.52}, {Text: "NOC-17-258-60028", Conf: 0}}
		})
		if got := found(r); !same(got, []kv{{rcp, "NBC1725860224"}}) {
			t.Fatalf("after re-read %v", got)
		}
	})
	// Checks of a doubtful first reading: the re-reads replace it, keep
	// it, or withdraw it (its label then counts as unread).
	for _, tt := range []struct {
		name, line string
		conf       float64
		rereads    []extractor.Reading
		want       []kv
		unread     bool
	}{
		// The finding's confidence discounts every re-read; a majority
		// the recognizer is clearly surer of still replaces the reading.
		{"OKSurerMajorityReplaces", "USCIS Online Account Number: 862491191165", 0.72,
			[]extractor.Reading{{Text: "862401191165", Conf: 0.94}, {Text: "862401191165", Conf: 0.89}, {Text: "862407191165", Conf: 0.70}, {Text: "862401191165", Conf: 0.89}},
			[]kv{{oan, "862401191165"}}, false},
		{"OKUnsureMajorityDoesNotReplace", "USCIS Online Account Number: 862491191165", 0.72,
			[]extractor.Reading{{Text: "862401191165", Conf: 0.75}, {Text: "862401191165", Conf: 0.7}, {Text: "862407191165", Conf: 0.70}, {Text: "862401191165", Conf: 0.75}},
			[]kv{{oan, "862491191165"}}, false},
		// A faint reading that most re-reads make into another value is
		// withdrawn, even when they are too unsure to replace it.
		{"OKContradictedFaintReadingWithdrawn", "A-Number: A162931432", 0.3,
			[]extractor.Reading{{Text: "A102-911-632", Conf: 0}, {Text: "A102-911-632", Conf: 0}, {Text: "A102-911-632", Conf: 0}, {Text: "A102-911-632", Conf: 0}},
			nil, true},
		// Re-reads that make no value (a digit lost) do not count against it.
		{"OKFaintReadingKeptWhenRereadsMakeNothing", "A-Number: A073668232", 0.3,
			[]extractor.Reading{{Text: "A73-668-232", Conf: 0}, {Text: "A73-668-232", Conf: 0}, {Text: "A73-668-232", Conf: 0}, {Text: "A73-668-232", Conf: 0}},
			[]kv{{anr, "A073668232"}}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, tt.line, tt.conf})})
			if len(r.Slots) != 1 || r.Slots[0].Current == "" {
				t.Fatalf("slots %+v, want one check of the first reading", r.Slots)
			}
			r.ResolveSlots(func(extractor.Slot) []extractor.Reading { return tt.rereads })
			if got := found(r); !same(got, tt.want) {
				t.Fatalf("after re-read %v, want %v", got, tt.want)
			}
			if u := r.Unread(); (len(u) == 1) != tt.unread || len(u) > 1 {
				t.Fatalf("unread %+v, want unread=%v", u, tt.unread)
			}
		})
	}
	// The first row of a column withdrawn while the rows below it were
	// read: its label counts as unread, unless what was withdrawn is a
	// copy of a value found, one character misread.
	for _, tt := range []struct {
		name, row1 string
		unread     bool
	}{
		{"OKWithdrawnRowAboveFoundRowsUnread", "A086510923", true},
		{"OKWithdrawnCopyOfFoundRowClosed", "A071984667", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
				at{400, 100, "ALIEN NUMBER", 0.95}, at{400, 115, tt.row1, 0.1},
				at{400, 130, "A071904667", 0.95}, at{400, 145, "A079105010", 0.95})})
			r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
				if s.Current != tt.row1 {
					return []extractor.Reading{{Text: s.Current, Conf: 0.9}, {Text: s.Current, Conf: 0.9}}
				}
				return []extractor.Reading{{Text: "A085510928", Conf: 0.3}, {Text: "A083510923", Conf: 0.2}, {Text: "A085516923", Conf: 0.4}, {Text: "A08551092", Conf: 0.3}}
			})
			if got := found(r); !same(got, []kv{{anr, "A071904667"}, {anr, "A079105010"}}) {
				t.Fatalf("after re-read %v", got)
			}
			if u := r.Unread(); (len(u) == 1) != tt.unread || len(u) > 1 {
				t.Fatalf("unread %+v, want unread=%v", u, tt.unread)
			}
		})
	}
	t.Run("OKKeepsReadingWhenRereadsDisagree", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: EAC2190012345", 0.5})})
		r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
			return []extractor.Reading{{Text: "EAC2190012346", Conf: 0.9}, {Text: "EAC2190012347", Conf: 0.9}}
		})
		if got := found(r); !same(got, []kv{{rcp, "EAC2190012345"}}) {
			t.Fatalf("after re-read %v", got)
		}
	})
}

// A notice listing several cases prints one row per case; a row whose
// value OCR garbled past parsing is re-read where it stands, even when a
// value of its kind was read in the row above.
func TestExtract_GarbledTableRow(t *testing.T) {
	table := func(row2 string) extractor.Page {
		return page(1, extractor.SourceOCR,
			at{50, 100, "Name", 0.9}, at{200, 100, "Receipt Number", 0.9}, at{400, 100, "Alien Number", 0.9},
			at{50, 115, "Ann Lee", 0.9}, at{200, 115, "EAC2190012345", 0.9}, at{400, 115, "A143297127", 0.9},
			at{50, 130, "Bo Lee", 0.9}, at{200, 130, "EAC2190012346", 0.9}, at{400, 130, row2, 0.5},
		)
	}
	rowSlots := func(r extractor.Result) []extractor.Slot {
		var out []extractor.Slot
		for _, s := range r.Slots {
			if s.Kind == anr && s.Current == "" && s.Region.Y0 < 135 && s.Region.Y1 > 135 {
				out = append(out, s)
			}
		}
		return out
	}
	r := extractor.Extract([]extractor.Page{table("A 089 1?2:555")})
	if got := found(r); !same(got, []kv{{rcp, "EAC2190012345"}, {rcp, "EAC2190012346"}, {anr, "A143297127"}}) {
		t.Fatalf("first pass %v", got)
	}
	if s := rowSlots(r); len(s) != 1 {
		t.Fatalf("slots %+v; want one for the second row's A-Number", r.Slots)
	}
	t.Run("OKUnreadRowIsNamed", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{table("A 089 1?2:555")})
		r.ResolveSlots(noReadings)
		if u := r.Unread(); len(u) != 1 || u[0].Kind != anr {
			t.Fatalf("unread %+v; want the row's A-Number although the first row's was read", u)
		}
	})
	t.Run("OKRereadRowIsFound", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{table("A 089 1?2:555")})
		r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
			if s.Current != "" {
				return []extractor.Reading{{Text: s.Current, Conf: 0.9}}
			}
			return []extractor.Reading{{Text: "A 089 112 555", Conf: 0.8}, {Text: "A089 112 555", Conf: 0.7}, {Text: "A 089 112 555", Conf: 0.8}}
		})
		if got := found(r); !same(got, []kv{{rcp, "EAC2190012345"}, {rcp, "EAC2190012346"}, {anr, "A143297127"}, {anr, "A089112555"}}) || len(r.Unread()) != 0 {
			t.Fatalf("findings %v unread %+v", got, r.Unread())
		}
	})
	// Two unread rows under one label make one warning.
	t.Run("OKOneWarningPerLabel", func(t *testing.T) {
		p := table("A 089 1?2:555")
		p.Words = append(p.Words, page(1, extractor.SourceOCR, at{50, 145, "Cy Lee", 0.9}, at{200, 145, "EAC2190012347", 0.9}, at{400, 145, "A 077 1?2:444", 0.5}).Words...)
		r := extractor.Extract([]extractor.Page{p})
		r.ResolveSlots(noReadings)
		var rows int
		for _, s := range r.Slots {
			if s.Kind == anr && s.Current == "" {
				rows++
			}
		}
		if u := r.Unread(); rows != 2 || len(u) != 1 {
			t.Fatalf("%d open rows, unread %+v; want two rows, one unread label", rows, u)
		}
	})
	// A line of prose or a date under the table is no row of values,
	// however many of its letters look like digits.
	// Nor is a value of another kind (an A-Number in the next cell down
	// of the receipt numbers' column).
	r = extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
		at{50, 100, "Receipt Number", 0.9}, at{50, 115, "EAC2190012345", 0.9}, at{50, 130, ".A216073077", 0.5})})
	for _, s := range r.Slots {
		if s.Kind == rcp && s.Current == "" {
			t.Errorf("slot %+v: an A-Number taken for a garbled receipt row", s)
		}
	}
	for _, row2 := range []string{"Filed: Oct 8, 2015", "Submitted: October 8, 2015", "Tel 800-375", "A few days", "A 12 pm"} {
		if s := rowSlots(extractor.Extract([]extractor.Page{table(row2)})); len(s) != 0 {
			t.Errorf("%q: row slots %+v", row2, s)
		}
	}
	// The column's A printed apart, and a few digits after it, OCR having
	// garbled or lost the rest: the row is re-read.
	for _, row2 := range []string{"A 147 iis", "A 219664"} {
		if s := rowSlots(extractor.Extract([]extractor.Page{table(row2)})); len(s) != 1 {
			t.Errorf("%q: slots %+v; want one for the row", row2, s)
		}
	}
}

// A case table's receipt numbers, the first two rows garbled: the head's
// other captions do not make the receipt caption a line of prose, and
// each garbled row is re-read where it stands, though the rows below were
// read.
func TestExtract_GarbledReceiptRows(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
		at{20, 100, "Name.", 0.9}, at{170, 100, "Form,", 0.2}, at{200, 100, "RECEIPT. NUMBER’.", 0.5}, at{400, 100, "Alien’ Number", 0.7},
		at{20, 115, "Sam Silva", 0.9}, at{120, 115, "I-129", 0.9}, at{200, 115, "NBC 11-042; ‘48447", 0.3}, at{400, 115, "A205718025", 0.8},
		at{20, 130, "Mei Haddad", 0.9}, at{120, 130, "I-130", 0.9}, at{200, 130, "JOE-812=355=4966,", 0.2}, at{400, 130, "A062186829", 0.8},
		at{20, 145, "Ivan Novak", 0.9}, at{120, 145, "I-589", 0.9}, at{200, 145, "SBD2336493730", 0.7}, at{400, 145, "A227525450", 0.9},
	)})
	var first, second bool
	for _, s := range r.Slots {
		if s.Kind != rcp || s.Current != "" {
			continue
		}
		mid := (s.Region.Y0 + s.Region.Y1) / 2
		first = first || mid > 112 && mid < 128
		second = second || mid > 127 && mid < 143
	}
	if !first || !second {
		t.Fatalf("slots %+v; want the first two rows' receipt numbers re-read", r.Slots)
	}
	r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
		if mid := (s.Region.Y0 + s.Region.Y1) / 2; s.Kind == rcp && mid > 127 && mid < 143 {
			return []extractor.Reading{{Text: "IOE-812-355-4966,", Conf: 0.5}, {Text: "IOE-812-355-4966", Conf: 0.6}, {Text: "IOE-812-3554966,", Conf: 0.4}}
		}
		return nil
	})
	want := []kv{{rcp, "IOE8123554966"}, {rcp, "SBD2336493730"}, {anr, "A205718025"}, {anr, "A062186829"}, {anr, "A227525450"}}
	if got := found(r); !same(got, want) {
		t.Fatalf("findings %v, want %v", got, want)
	}
	if u := r.Unread(); len(u) != 1 || u[0].Kind != rcp {
		t.Fatalf("unread %+v; want the receipt column named", u)
	}
}

// A receipt number whose office OCR read as digits ("100431267299" for
// IOE0431267299) has an account number's twelve digits, but in a column
// of receipt numbers it is a garbled row, not the end of the column.
func TestExtract_ReceiptRowReadAsTwelveDigits(t *testing.T) {
	for _, garbled := range []string{
		"100431267299",
		// Its office code read as three digits: thirteen of them.
		"1068769951872",
	} {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
			at{20, 100, "Name", 0.9}, at{120, 100, "Form", 0.9}, at{200, 100, "Receipt Number", 0.9},
			at{20, 115, "Mei Rahman", 0.9}, at{120, 115, "I-539", 0.9}, at{200, 115, "ELP-15-053-59441", 0.9},
			at{20, 130, "Yusuf Zhang", 0.9}, at{120, 130, "I-140", 0.9}, at{200, 130, garbled, 0.1},
			at{20, 145, "Priya Tanaka", 0.9}, at{120, 145, "I-485", 0.9}, at{200, 145, "ZMI 16 102 29033", 0.9},
		)})
		if !rowOpen(r, rcp, 130) {
			t.Fatalf("%s: slots %+v; want the third row re-read", garbled, r.Slots)
		}
		for _, f := range r.Findings {
			if f.Value == "ZMI1610229033" && f.Label == "" {
				t.Errorf("%s: the row under the garbled one was read without the column's label", garbled)
			}
		}
	}
}

// rowOpen reports an open slot of kind k for the row printed at y.
func rowOpen(r extractor.Result, k extractor.Kind, y float64) bool {
	for _, s := range r.Slots {
		if mid := (s.Region.Y0 + s.Region.Y1) / 2; s.Kind == k && s.Current == "" && mid > y-3 && mid < y+13 {
			return true
		}
	}
	return false
}

// A caption OCR garbled with the value of another kind beside it is not
// a garbled row of the receipt number's column: "USCIS A#" read as
// "lusels a¥" before the A-Number, one line under the receipt number.
func TestExtract_CaptionAndOtherValueBelow(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
		at{20, 100, "Receipt No:", 0.6}, at{300, 100, "Case Type:", 0.9},
		at{20, 115, "YSC2598014810", 0.86}, at{300, 115, "I-485 APPLICATION TO ADJUST", 0.9},
		at{20, 130, "lusels a¥ A230301951", 0.3}, at{300, 130, "October 20, 2021", 0.9},
	)})
	for _, s := range r.Slots {
		if s.Kind == rcp && s.Current == "" {
			t.Errorf("slot %+v; the row holds an A-Number, not a garbled receipt number", s)
		}
	}
	if u := r.Unread(); len(u) != 0 {
		t.Errorf("unread %+v", u)
	}
	if got := found(r); !same(got, []kv{{rcp, "YSC2598014810"}, {anr, "A230301951"}}) {
		t.Errorf("findings %v", got)
	}
	// The bare digits ending a garbled receipt number read as an
	// A-Number, but the row is still the receipt number's.
	r = extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
		at{20, 100, "Name", 0.9}, at{200, 100, "Receipt Number", 0.9}, at{400, 100, "Alien Number", 0.9},
		at{20, 115, "Maria Silva", 0.9}, at{200, 115, "WAC1822800277", 0.9}, at{400, 115, "A054732783", 0.9},
		at{20, 130, "Hana Novak", 0.9}, at{200, 130, "NBC 25: 298 85578", 0.3}, at{400, 130, "A211603436", 0.9},
	)})
	if !rowOpen(r, rcp, 130) {
		t.Errorf("slots %+v; want the garbled second row re-read", r.Slots)
	}
}

// A table's first A-Number garbled after its lone A, which was taken for
// a label of its own: the column's caption still reads it and the rows
// below, and the lost row is named.
func TestExtract_FirstRowLoneA(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
		at{20, 100, "NAME", 0.9}, at{400, 100, "ALIEN NUMBER", 0.5},
		at{20, 115, "INES HADDAD", 0.9}, at{400, 115, "A 2417600732", 0.3},
		at{20, 130, "FATIMA TANAKA", 0.9}, at{400, 130, "A306095B7", 0.7},
		at{20, 145, "AMINA DUBOIS", 0.9}, at{400, 145, "A038417599-", 0.5},
	)})
	want := []kv{{anr, "A030609587"}, {anr, "A038417599"}}
	if got := found(r); !same(got, want) {
		t.Fatalf("findings %v, want %v", got, want)
	}
	for _, f := range r.Findings {
		if f.Label != "ALIEN NUMBER" {
			t.Errorf("%s found with label %q; want the column's caption", f.Value, f.Label)
		}
	}
	if u := r.Unread(); len(u) != 1 || u[0].Kind != anr {
		t.Fatalf("unread %+v; want the first row named", u)
	}
}

// A speck under a label, read as a digit, is no garbled first row: the
// value below it is the label's own, and nothing is left unread.
func TestExtract_SpeckAboveValue(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
		at{300, 100, "USCIS Online Account No.", 0.95},
		at{300, 113, "7", 0.36},
		at{305, 124, "728483159847", 0.92},
	)})
	if got := found(r); !same(got, []kv{{oan, "728483159847"}}) {
		t.Fatalf("findings %v", got)
	}
	if u := r.Unread(); len(u) != 0 {
		t.Fatalf("unread %+v, slots %+v; want none", u, r.Slots)
	}
}

// A serif I read as a brace still begins a receipt number: a case table's
// "{OE-04-826-51904" under a caption OCR lost.
func TestExtract_BraceReadForI(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Jun 19, 1958", 0.9}, at{300, 100, "{OE-04-826-51904", 0.44})})
	if got := found(r); !same(got, []kv{{rcp, "IOE0482651904"}}) {
		t.Fatalf("findings %v", got)
	}
	// Only where it makes an office code.
	r = extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{300, 100, "{XE-04-826-51904", 0.44})})
	if got := found(r); len(got) != 0 {
		t.Fatalf("findings %v", got)
	}
}

// An L that lost its foot, read as a 1 or a bar, heads a LIN receipt
// number; "CH1" stays Chicago's CHI, not Charlotte's CHL.
func TestExtract_OneReadForL(t *testing.T) {
	for line, want := range map[string]string{
		"Receipt #: 1IN1335335187":    "LIN1335335187",
		"Receipt #: |IN-13-353-35187": "LIN1335335187",
		"Receipt #: CH11335335187":    "CHI1335335187",
	} {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, line, 0.6})})
		if got := found(r); !same(got, []kv{{rcp, want}}) {
			t.Errorf("%q: findings %v, want %s", line, got, want)
		}
	}
}

// Eight re-reads, four per recognizer, each recognizer settling on a
// value of its own: the character vote would only say which one read
// more variants alike, so the value stays unread.
func TestResolveSlots_ModelsSplit(t *testing.T) {
	run := func(texts ...string) extractor.Result {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "A-Number: A-0?6-559-9?9", 0.4})})
		if len(r.Slots) != 1 || r.Slots[0].Current != "" {
			t.Fatalf("slots %+v; want one to read", r.Slots)
		}
		r.ResolveSlots(func(extractor.Slot) []extractor.Reading {
			var out []extractor.Reading
			for _, s := range texts {
				out = append(out, extractor.Reading{Text: s, Conf: 0.5})
			}
			return out
		})
		return r
	}
	r := run("A016559999", "A016559999", "A016559999", "A026559959", "A016559959", "A016559959", "A016559959", "A016559059")
	if got := found(r); len(got) != 0 || len(r.Unread()) != 1 {
		t.Fatalf("findings %v unread %+v; want the value unread", got, r.Unread())
	}
	// Recognizers that agree character by character settle it.
	r = run("A016559999", "A016559999", "A026559999", "A016559959", "A016559999", "A036559999", "A016559099", "A016559959")
	if got := found(r); !same(got, []kv{{anr, "A016559999"}}) {
		t.Fatalf("findings %v", got)
	}
}

// A Q read for the O of a receipt's office code ("IQE") is repaired there,
// as the digit-position repairs read it for a zero.
func TestExtract_QReadForO(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt #: IQE0909307256", 0.6})})
	if got := found(r); !same(got, []kv{{rcp, "IOE0909307256"}}) {
		t.Fatalf("findings %v", got)
	}
}

// An NVC case number whose caption was lost, read with one digit wrong,
// is no unlabeled receipt number; an MTL receipt number under its label
// still is, and so is one far from the NVC shape.
func TestExtract_NearNVCCase(t *testing.T) {
	for _, tt := range []struct {
		line string
		want []kv
	}{
		{"MTL2621542548", nil}, // 20 read as 26
		{"MTL2021342548", nil}, // day 542 read as 342
		{"MTL2007547002", nil}, // the shape itself
		{"Receipt Number: MTL2621542548", []kv{{rcp, "MTL2621542548"}}},
		{"MTL2190012345", []kv{{rcp, "MTL2190012345"}}},
	} {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, tt.line, 0.9})})
		if got := found(r); !same(got, tt.want) {
			t.Errorf("%q: findings %v, want %v", tt.line, got, tt.want)
		}
	}
}

// The first row of a column garbled, the second read: the first row's
// slot stays open although a value of its kind was found.
func TestExtract_GarbledFirstRow(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
		at{50, 100, "Name", 0.9}, at{200, 100, "Receipt #", 0.9}, at{400, 100, "A-Number", 0.9},
		at{50, 115, "Ann Lee", 0.9}, at{200, 115, "EAC1399331186", 0.9}, at{400, 115, "A~-227-314-677", 0.5},
		at{50, 130, "Bo Lee", 0.9}, at{200, 130, "EAC1297819928", 0.9}, at{400, 130, "A 290861071", 0.9},
	)})
	if got := found(r); !same(got, []kv{{rcp, "EAC1399331186"}, {rcp, "EAC1297819928"}, {anr, "A290861071"}}) {
		t.Fatalf("first pass %v", got)
	}
	r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
		if s.Current != "" {
			return []extractor.Reading{{Text: s.Current, Conf: 0.9}}
		}
		return []extractor.Reading{{Text: "A-227-314-677", Conf: 0.8}, {Text: "A-227-314-677", Conf: 0.8}, {Text: "A-227-314-677", Conf: 0.5}}
	})
	if got := found(r); !same(got, []kv{{rcp, "EAC1399331186"}, {rcp, "EAC1297819928"}, {anr, "A227314677"}, {anr, "A290861071"}}) {
		t.Fatalf("after re-reads %v", got)
	}
}

// Under a garbled first value, two or more garbled rows make a column,
// none of them read: each row is re-read.
func TestExtract_GarbledColumnOfRows(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
		at{200, 100, "Receipt No.", 0.9},
		at{200, 115, "YSGH=179-429-0526", 0.1},
		at{200, 130, "_-EAC-1$$-041-65846", 0.1},
		at{200, 145, "LIN-130-392=7816.", 0.1},
		at{200, 160, "1.1N1600441355", 0.1},
	)})
	for _, y := range []float64{115, 130, 145, 160} {
		if !rowOpen(r, rcp, y) {
			t.Fatalf("slots %+v; want the row at %g re-read", r.Slots, y)
		}
	}
	if u := r.Unread(); len(u) != 1 {
		t.Fatalf("unread %+v; want the column's label named once", u)
	}
}

// Garbled rows under a garbled first value, none read, make no column:
// only the first value's slot is opened under the label (the garbled row
// is re-read as a stray, see strayReads).
func TestExtract_GarbledColumnUnread(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
		at{400, 100, "A-Number", 0.9},
		at{400, 115, "A~-227-314-677", 0.5},
		at{400, 130, "A~-290-861-0?1", 0.5},
	)})
	n := 0
	for _, s := range r.Slots {
		if s.Kind == anr && s.Current == "" && s.Label != "" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("slots %+v; want one labeled, under the caption", r.Slots)
	}
}

// TestExtract_PhantomWordsOverValue checks that the short words Tesseract
// lays over a number, where noise made it see a second text line through
// it, do not break the number apart; in a text layer nothing is dropped.
func TestExtract_PhantomWordsOverValue(t *testing.T) {
	words := []extractor.Word{
		{Text: "USCIS", Box: extractor.Box{X0: 1358, Y0: 995, X1: 1470, Y1: 1030}, Conf: 0.6},
		{Text: "Online", Box: extractor.Box{X0: 1488, Y0: 995, X1: 1600, Y1: 1030}, Conf: 0.96},
		{Text: "Account", Box: extractor.Box{X0: 1615, Y0: 995, X1: 1760, Y1: 1030}, Conf: 0.96},
		{Text: "Number", Box: extractor.Box{X0: 1772, Y0: 995, X1: 1905, Y1: 1030}, Conf: 0.96},
		{Text: "2", Box: extractor.Box{X0: 1384, Y0: 1067, X1: 1426, Y1: 1133}, Conf: 0.74},
		{Text: "559438689054.", Box: extractor.Box{X0: 1393, Y0: 1066, X1: 1702, Y1: 1102}, Conf: 0.75},
		{Text: ">", Box: extractor.Box{X0: 1447, Y0: 1068, X1: 1473, Y1: 1131}, Conf: 0.6},
		{Text: "3", Box: extractor.Box{X0: 1498, Y0: 1066, X1: 1517, Y1: 1107}, Conf: 0.93},
		{Text: "24", Box: extractor.Box{X0: 1651, Y0: 1067, X1: 1719, Y1: 1132}, Conf: 0.15},
	}
	p := extractor.Page{Number: 1, Width: 2550, Height: 3300, Source: extractor.SourceOCR, Words: words}
	r := extractor.Extract([]extractor.Page{p})
	if want := []kv{{oan, "559438689054"}}; !same(found(r), want) {
		t.Errorf("OCR page: found %v, want %v", found(r), want)
	}
	p.Source = extractor.SourceTextLayer
	if r := extractor.Extract([]extractor.Page{p}); len(r.Findings) != 0 {
		t.Errorf("text layer: found %v, want nothing (its words are as the file has them)", found(r))
	}
	// One number split in two, the first word's box stretched over the
	// second: the second is no phantom.
	split := extractor.Page{Number: 1, Width: 1700, Height: 2200, Source: extractor.SourceOCR, Words: []extractor.Word{
		{Text: "Receipt-Number:", Box: extractor.Box{X0: 297, Y0: 588, X1: 680, Y1: 639}, Conf: 0.36},
		{Text: "EAC2190012", Box: extractor.Box{X0: 693, Y0: 582, X1: 1080, Y1: 633}, Conf: 0.65},
		{Text: "345", Box: extractor.Box{X0: 1002, Y0: 578, X1: 1084, Y1: 643}, Conf: 0.97},
	}}
	if r, want := extractor.Extract([]extractor.Page{split}), []kv{{rcp, "EAC2190012345"}}; !same(found(r), want) {
		t.Errorf("split number: found %v, want %v", found(r), want)
	}
}

// A table's rule beside a value's cell, read as "|", is not a 1 at the
// value's end.
func TestExtract_RuleAfterValue(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "A-Number: A91069051 |", 0.9})})
	if got := found(r); !same(got, []kv{{anr, "A091069051"}}) {
		t.Fatalf("findings %v", got)
	}
}

// A table's "A#" header read as "At", a weak label, with a stretch of the
// rule under the header read as a flat, wide word beside it: the rule is
// no text, the caption stands alone and its column is read. A word of
// print there keeps the weak label from taking the column.
func TestExtract_RuleReadBesideWeakCaption(t *testing.T) {
	for _, tc := range []struct {
		name   string
		beside extractor.Box
		want   []kv
	}{
		{"OKRuleRead", extractor.Box{X0: 240, Y0: 104, X1: 280, Y1: 108}, []kv{{anr, "A026445968"}, {anr, "A130896982"}}},
		// The first row stands on its own, printed with its A.
		{"ErrWordOfPrint", extractor.Box{X0: 270, Y0: 100, X1: 280, Y1: 110}, []kv{{anr, "A026445968"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := page(1, extractor.SourceOCR, at{300, 100, "At", 0.7}, at{300, 116, "A26445968", 0.9}, at{300, 132, "130-896-982", 0.1})
			p.Words = append(p.Words, extractor.Word{Text: "ee", Box: tc.beside, Conf: 0.24})
			r := extractor.Extract([]extractor.Page{p})
			if !same(found(r), tc.want) {
				t.Fatalf("found %v, want %v", found(r), tc.want)
			}
		})
	}
}

// A streak or rule under a value that Tesseract read as a flat word ("AB"
// four pixels high, inside the value's span) does not split the value.
func TestExtract_FlatWordUnderValue(t *testing.T) {
	w := func(text string, x0, y0, x1, y1, conf float64) extractor.Word {
		return extractor.Word{Text: text, Box: extractor.Box{X0: x0, Y0: y0, X1: x1, Y1: y1}, Conf: conf}
	}
	for _, flat := range []string{"AB", "x7"} {
		p := extractor.Page{Number: 1, Width: 2550, Height: 3300, Source: extractor.SourceOCR, Words: []extractor.Word{
			w("RECEIPT", 237, 515, 415, 548, 0.1), w("NUMBER’", 425, 490, 560, 545, 0.8),
			w("WAC-21-", 287, 582, 471, 618, 0.8), w("988-", 467, 579, 562, 647, 0.6), w("63831", 558, 578, 675, 624, 0.66),
			w(flat, 383, 644, 411, 648, 0.2),
			w("“USCIS", 261, 638, 368, 693, 0.4), w("Notice", 954, 643, 1042, 705, 0.9),
		}}
		r := extractor.Extract([]extractor.Page{p})
		if got := found(r); !same(got, []kv{{rcp, "WAC2198863831"}}) {
			t.Errorf("%s: findings %v", flat, got)
		}
	}
	// Real words Tesseract boxed flat and read sure stay: the "NO." of a
	// "RECEIPT NO." caption, 3 by 2 pixels in a case table, 40 by 5 on a
	// receipt notice, on pages as OCR read them (generated harsh scans).
	// The second page's receipt number the page did not read: its
	// caption opens a slot, re-read on the page.
	for _, tc := range []struct {
		file    string
		want    []kv
		rcpSlot bool
	}{
		{"case-table-tiny-box.json", []kv{{rcp, "EAC2508022956"}, {rcp, "MSC1294092407"}, {rcp, "SRC1100732646"},
			{anr, "A262788600"}, {anr, "A053736636"}, {anr, "A212104595"}}, false},
		{"receipt-flat-box.json", []kv{{anr, "A171519860"}}, true},
	} {
		p := testdataPage(t, tc.file)
		r := extractor.Extract([]extractor.Page{p})
		if got := found(r); !same(got, tc.want) {
			t.Errorf("%s: findings %v, want %v", tc.file, got, tc.want)
		}
		if tc.rcpSlot && !slices.ContainsFunc(r.Slots, func(s extractor.Slot) bool { return s.Kind == rcp && s.Current == "" }) {
			t.Errorf("%s: slots %+v; want the receipt caption's value re-read", tc.file, r.Slots)
		}
	}
}

// A group of a printed number is no label's word: "194" folds to the
// "i94" of an I-94 caption, which claimed the whole A-Number it stood in.
// A real I-94 caption still claims the value beside it.
func TestExtract_NumberGroupIsNoLabel(t *testing.T) {
	tests := []struct {
		name string
		line string
		want []kv
	}{
		{"unlabeled", "A-121-220-194", []kv{{anr, "A121220194"}}},
		{"labeled", "A-Number: A-194-220-121", []kv{{anr, "A194220121"}}},
		{"receipt", "Receipt Number: EAC-21-194-12345", []kv{{rcp, "EAC2119412345"}}},
		{"i-94 caption", "I-94 Number: A12345678", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, tc.line, 0.9})})
			if got := found(r); !same(got, tc.want) {
				t.Fatalf("findings %v, want %v", got, tc.want)
			}
		})
	}
}

// Two digit look-alikes beside a label ("TO", fax specks) are no value
// when a number's worth of them stands in the cell below: the re-read goes
// where the number is.
func TestExtract_SlotBelowSpeckBeside(t *testing.T) {
	for _, tc := range []struct {
		beside string
		below  bool
	}{{"TO", true}, {"T0S8", false}} {
		p := page(1, extractor.SourceOCR, at{50, 100, "RECEIPT NUMBER", 0.6}, at{140, 100, tc.beside, 0}, at{50, 115, "2802120646049", 0})
		r := extractor.Extract([]extractor.Page{p})
		if len(r.Slots) != 1 || r.Slots[0].Kind != extractor.KindReceiptNumber {
			t.Fatalf("beside %q: slots %+v", tc.beside, r.Slots)
		}
		if got := r.Slots[0].Region.Y1 > 120; got != tc.below {
			t.Errorf("beside %q: slot region %+v, below the label %v, want %v", tc.beside, r.Slots[0].Region, got, tc.below)
		}
	}
}

// "USCIS Online Account" whose "Number:" came out as a short word closed
// by a colon ("NG:") is a caption alone on its line: the value below is
// its own. A word of prose after it is no lost label word.
func TestExtract_CaptionLastWordMisread(t *testing.T) {
	for _, tc := range []struct {
		after string
		want  []kv
	}{
		{"NG:", []kv{{oan, "148735409305"}}},
		{"Nu:", []kv{{oan, "148735409305"}}},
		{"holders:", nil},
	} {
		p := page(1, extractor.SourceOCR, at{50, 100, "USEIS Online Account: " + tc.after, 0.5}, at{50, 115, "1487-3540-9305,", 0.8})
		if got := found(extractor.Extract([]extractor.Page{p})); !same(got, tc.want) {
			t.Errorf("after %q: findings %v, want %v", tc.after, got, tc.want)
		}
	}
}

// A speck in a column, left of a row's value, does not start the row: the
// garbled last row of a column of A-Numbers is re-read, not skipped.
func TestExtract_SpeckBeforeGarbledRow(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
		at{400, 100, "A-Number", 0.9},
		at{420, 115, "A230380219", 0.9},
		at{420, 130, "A214630526", 0.9},
		at{396, 145, ".", 0.6}, at{420, 145, "A-233-298-39a", 0.3},
	)})
	if !rowOpen(r, anr, 145) {
		t.Fatalf("slots %+v; want the row at 145 re-read", r.Slots)
	}
}

// Specks between two lines chain them into one band: the caption under a
// number ("Applicant", boxed mostly under it) joined the number's line,
// sorted before it, and the label above lost its value. Words of one line
// never lie over each other.
func TestExtract_CaptionUnderValueOwnLine(t *testing.T) {
	words := []extractor.Word{
		{Text: "USCIS", Box: extractor.Box{X0: 204, Y0: 583, X1: 299, Y1: 617}, Conf: 0.9},
		{Text: "Ad", Box: extractor.Box{X0: 309, Y0: 584, X1: 344, Y1: 610}, Conf: 0.4},
		{Text: "154358066", Box: extractor.Box{X0: 214, Y0: 644, X1: 432, Y1: 712}, Conf: 0.71},
		{Text: "08/15/2023", Box: extractor.Box{X0: 930, Y0: 651, X1: 1154, Y1: 696}, Conf: 0.76},
		{Text: "eer", Box: extractor.Box{X0: 1199, Y0: 694, X1: 1264, Y1: 722}, Conf: 0.3},
		{Text: "ry", Box: extractor.Box{X0: 1324, Y0: 708, X1: 1332, Y1: 736}, Conf: 0.47},
		{Text: "it", Box: extractor.Box{X0: 969, Y0: 708, X1: 996, Y1: 736}, Conf: 0.11},
		{Text: "Applicant", Box: extractor.Box{X0: 199, Y0: 705, X1: 345, Y1: 766}, Conf: 0.58},
		{Text: "Name", Box: extractor.Box{X0: 930, Y0: 800, X1: 1030, Y1: 835}, Conf: 0.9},
	}
	p := extractor.Page{Number: 1, Width: 2550, Height: 3300, Source: extractor.SourceOCR, Words: words}
	if got, want := found(extractor.Extract([]extractor.Page{p})), []kv{{anr, "A154358066"}}; !same(got, want) {
		t.Fatalf("found %v, want %v", got, want)
	}
	// The same on the page as OCR read it (a generated harsh scan), and
	// a page where a blot boxed over several lines ("To", eleven lines
	// high) is placed as any word: kept off the lines it overlies, it
	// made a line of its own that drew the account number below away
	// from its label.
	for _, tc := range []struct {
		file string
		want []kv
	}{
		{"caption-under-value.json", []kv{{anr, "A154358066"}, {rcp, "EAC1690729785"}}},
		{"account-under-blot.json", []kv{{oan, "276643476127"}, {anr, "A246785742"}, {rcp, "IOE8178651526"}, {rcp, "MSC1601470919"}}},
	} {
		p := testdataPage(t, tc.file)
		if got := found(extractor.Extract([]extractor.Page{p})); !same(got, tc.want) {
			t.Errorf("%s: findings %v, want %v", tc.file, got, tc.want)
		}
	}
}

// An A-Number is printed in one run or in threes: eight digits grouped
// otherwise lost one ("A258-988- 30" of A258-988-830), and padded would
// make another number; without a label, a number grouped like a phone
// number is one, whatever A a speck made before it.
func TestExtract_ANumberGroups(t *testing.T) {
	tests := []struct {
		line string
		want []kv
	}{
		{"A-Number: A258-988- 30", nil},
		{"A-Number: A 25-898-830", []kv{{anr, "A025898830"}}},
		{"A-Number: A25898830", []kv{{anr, "A025898830"}}},
		{"A-Number: A1595 769 17", []kv{{anr, "A159576917"}}},
		{"Call A00- 375-5283 today", nil},
		{"Beneficiary A-258-988-830", []kv{{anr, "A258988830"}}},
		// OCR parts a run with a space, never with a dash.
		{"Beneficiary A036 351568", []kv{{anr, "A036351568"}}},
		{"Beneficiary A-71160171", []kv{{anr, "A071160171"}}},
		{"Ref A12-45-6789", nil},
	}
	for _, tc := range tests {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, tc.line, 0.9})})
		if got := found(r); !same(got, tc.want) {
			t.Errorf("%q: findings %v, want %v", tc.line, got, tc.want)
		}
	}
}

// A blot between a label and the value far along its line ("OO", read at
// no confidence) is no first word of the value.
func TestExtract_BlotBeforeFarValue(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
		at{50, 100, "RECEIPT #", 0.9}, at{120, 100, "OO", 0.01}, at{300, 100, "LIN2096987965", 0.9},
		at{50, 115, "FILE REFERENCE", 0.9}, at{300, 115, "EZQ0251243636", 0.9},
	)})
	if got := found(r); !same(got, []kv{{rcp, "LIN2096987965"}}) || r.Findings[0].Label != "RECEIPT #" {
		t.Fatalf("findings %+v, want LIN2096987965 under its label", r.Findings)
	}
}

// testdataPage loads a page as OCR read it, kept in testdata.
func testdataPage(t *testing.T, file string) extractor.Page {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	var p extractor.Page
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// A rule read as letters beside a label ("TT" before the next cell's
// caption) is no value when the cell below holds a value's worth of
// digits a speck's colon kept from parsing: the re-read goes below.
func TestExtract_LettersBesideDigitsBelow(t *testing.T) {
	r := extractor.Extract([]extractor.Page{ocrPage(word("RECEIPT", 276, 583, 407, 612, 0.96), word("NUMBER", 414, 588, 549, 613, 0.96),
		word("TT", 697, 580, 763, 598, 0), word("VAPPLICANT/PETITIONER", 783, 564, 1152, 613, 0),
		word("|", 259, 659, 261, 662, 0.81), word("KAN", 284, 655, 377, 690, 0.96), word("18", 391, 658, 436, 691, 0.92),
		word("332:09608", 452, 652, 663, 714, 0.41), word("|", 758, 649, 776, 721, 0.51), word("PRIYAHERNANDEZ", 793, 657, 1194, 717, 0.29))})
	var regions []extractor.Box
	for _, s := range r.Slots {
		if s.Kind == extractor.KindReceiptNumber {
			regions = append(regions, s.Region)
		}
	}
	if len(regions) != 1 || regions[0].Y0 > 652 || regions[0].Y1 < 714 || regions[0].X0 > 284 || regions[0].X1 < 663 {
		t.Fatalf("receipt slots at %+v, want one over the value below the label", regions)
	}
}

// An intake sheet's labels, set in smaller print a little below its
// values, on a photo: each value and its parenthesized label share too
// little height to make one line. The label looks left on the line beside;
// a passport number so claimed is no unlabeled A-Number, an A-Number so
// labeled is found. A value on the row above, sharing no height with the
// label, is not its.
func TestExtract_ParenthesizedLabelBelowValue(t *testing.T) {
	row := func(value string, dy float64, label ...string) extractor.Page {
		ws := []extractor.Word{word(value, 190, 612, 190+26*float64(len(value)), 650, 0.93)}
		x := 1067.0
		for _, l := range label {
			ws = append(ws, word(l, x, 612+dy, x+18*float64(len(l)), 649+dy, 0.97))
			x += 18*float64(len(l)) + 13
		}
		return ocrPage(append(ws, word("Thanh", 190, 440, 320, 478, 0.96), word("(Name)", 1068, 462, 1192, 497, 0.97))...)
	}
	for _, tc := range []struct {
		name    string
		p       extractor.Page
		want    []kv
		labeled bool
	}{
		{"LookalikeClaims", row("A23386810", 20, "(Passport", "Number)"), nil, false},
		{"LabelTakes", row("A099756573", 20, "(Alien", "Registration", "Number)"), []kv{{anr, "A099756573"}}, true},
		{"OtherRow", row("A23386810", 45, "(Passport", "Number)"), []kv{{anr, "A023386810"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{tc.p})
			if !same(found(r), tc.want) {
				t.Fatalf("findings %v; want %v", found(r), tc.want)
			}
			if tc.labeled && r.Findings[0].Label == "" {
				t.Fatalf("finding without its label: %+v", r.Findings[0])
			}
		})
	}
}
