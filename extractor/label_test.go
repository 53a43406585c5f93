package extractor_test

import (
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
)

// TestExtract_AbbreviatedLabels checks every abbreviation of each kind's
// label, printed before its value on one line, ties the value to its kind.
func TestExtract_AbbreviatedLabels(t *testing.T) {
	values := map[string]struct{ printed, want string }{
		oan: {"4165 7972 9246", "416579729246"},
		rcp: {"EAC2190012345", "EAC2190012345"},
		anr: {"123456789", "A123456789"},
	}
	labels := map[string][]string{
		oan: {
			"USCIS Online Account No.:", "Online Account No.", "Online Acct #", "Online Acct. No.",
			"USCIS Online Acct. Nbr", "Online Acct Nbr", "USCIS Online Account #", "Online Account Num.",
			"USCIS Online Acc. No.", "Online Account N°", "USCIS ONLINE ACCT. #:", "OnlineAcct #",
		},
		rcp: {"Receipt No.", "Receipt #", "Rcpt No.", "Rcpt #", "Receipt Nbr", "Receipt Num.", "RCPT NO.:"},
		anr: {
			"A No.", "A#", "A Nbr", "A-No.", "A Num.", "Alien Reg. No.", "Alien Registration Nbr",
			"Alien Reg. #", "USCIS #", "USCIS A#", "A-Number", "Alien No.", "A File No.",
		},
	}
	for kind, ls := range labels {
		v := values[kind]
		for _, l := range ls {
			t.Run(l, func(t *testing.T) {
				r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, l + " " + v.printed, 0.95})})
				if !same(found(r), []kv{{kind, v.want}}) {
					t.Fatalf("found %v, want %s %s", found(r), kind, v.want)
				}
				first := strings.Fields(l)[0]
				if got := r.Findings[0].Label; !strings.HasPrefix(got, strings.TrimRight(first, ".:")) {
					t.Errorf("label %q, want the phrase %q", got, l)
				}
			})
		}
	}
}

// TestExtract_LookAlikeLabels checks abbreviations of other numbers' labels
// keep their values out of the findings.
func TestExtract_LookAlikeLabels(t *testing.T) {
	for _, line := range []string{
		"Online Access Code: 4165 7972 9246",
		"Account Number: 4165 7972 9246",
		"Acct. # 4165 7972 9246",
		"Acct No. 4165 7972 9246",
		"Acc. No. 4165 7972 9246",
		"Bank Acct # 4165 7972 9246",
		"Card # SRC2190012345",
		"Card No. SRC2190012345",
		"NVC Case Number MTL2020512003",
		"Routing Number 4165 7972 9246",
	} {
		t.Run(line, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, line, 0.95})})
			if len(r.Findings) > 0 {
				t.Errorf("found %v, want nothing", found(r))
			}
		})
	}
}

// TestExtract_LongestPhraseWins checks a short label inside a longer
// phrase on the same line never claims the value: the longer phrase does,
// or, when OCR broke it, nothing does.
func TestExtract_LongestPhraseWins(t *testing.T) {
	tests := []struct {
		name, line string
		want       []kv
	}{
		{"OnlineAcctOverAcct", "Online Acct # 4165 7972 9246", []kv{{oan, "416579729246"}}},
		{"OnlineAccountOverAccountNo", "USCIS Online Account No. 4165 7972 9246", []kv{{oan, "416579729246"}}},
		{"AccountOverUSCISHash", "USCIS Online Account # 4165 7972 9246", []kv{{oan, "416579729246"}}},
		// "Account" read with only its A: the rest of the phrase is still
		// there, so "A No" is a fragment of it and not an A-Number label.
		{"BrokenAccountNoFragment", "USCIS Online A No.: 4165 7972 9246", nil},
		{"BrokenAcctHashFragment", "Online A# 123456789", nil},
		{"BankAcctFragment", "Bank A No. 123456789", nil},
		{"ReceiptThenANumber", "Receipt No. EAC2190012345 A# 123456789", []kv{{rcp, "EAC2190012345"}, {anr, "A123456789"}}},
		{"TwoLabelsOneLine", "Online Acct # 4165 7972 9246 Alien Reg. No. 012345678", []kv{{oan, "416579729246"}, {anr, "A012345678"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, tc.line, 0.95})})
			if !same(found(r), tc.want) {
				t.Errorf("found %v, want %v", found(r), tc.want)
			}
		})
	}
}

// TestExtract_FragmentNeedsAPhrase checks a caption in the next cell is
// not mistaken for the start of a longer phrase: only a lead word set as
// close as the words of one label makes "A#" a fragment.
func TestExtract_FragmentNeedsAPhrase(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
		at{50, 100, "Online Account", 0.95}, at{250, 100, "A#", 0.95},
		at{250, 114, "123456789", 0.95})})
	if want := []kv{{anr, "A123456789"}}; !same(found(r), want) {
		t.Errorf("found %v, want %v", found(r), want)
	}
}

// TestExtract_LookAlikeInTableColumn checks a look-alike's value set far
// along its line, in a table's value column, is claimed and not reported
// as an unlabeled A-Number, while the identifier in the next row is.
func TestExtract_LookAlikeInTableColumn(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceTextLayer,
		at{50, 100, "Passport Number", 1}, at{240, 100, "A30805496", 1},
		at{50, 120, "A-Number", 1}, at{240, 120, "A048359942", 1})})
	if want := []kv{{anr, "A048359942"}}; !same(found(r), want) {
		t.Errorf("found %v, want %v", found(r), want)
	}
}

// TestExtract_LabelBehindFillInRule checks a caption that OCR ran into the
// form's fill-in rule beside it still labels the value below it.
func TestExtract_LabelBehindFillInRule(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
		at{250, 100, "_____A-NUMBER", 0.9}, at{280, 114, "105-976-849", 0.95})})
	if want := []kv{{anr, "A105976849"}}; !same(found(r), want) {
		t.Errorf("found %v, want %v", found(r), want)
	}
}

// TestExtract_HashMisreadCaptions checks an "A#" caption whose '#' OCR
// read as another character labels the value beside it or, standing alone
// in its cell, the value below it, while prose words and look-alike
// values stay out.
func TestExtract_HashMisreadCaptions(t *testing.T) {
	ocr := extractor.SourceOCR
	tests := []struct {
		name  string
		items []at
		want  []kv
	}{
		{"CaptionAboveEightDigits", []at{{300, 100, "AS", 0.6}, {300, 114, "62433605", 0.9}}, []kv{{anr, "A062433605"}}},
		{"CaptionAboveGroupedWithA", []at{{300, 100, "Ag", 0.6}, {300, 114, "A 064 338 849", 0.9}}, []kv{{anr, "A064338849"}}},
		{"CaptionBesideValue", []at{{50, 100, "AM 062433605", 0.7}}, []kv{{anr, "A062433605"}}},
		{"DollarForHash", []at{{50, 100, "A$ 062433605", 0.7}}, []kv{{anr, "A062433605"}}},
		{"USCISPrefix", []at{{300, 100, "USCIS Ad:", 0.6}, {300, 114, "240956187", 0.9}}, []kv{{anr, "A240956187"}}},
		// A speck joins "USCIS" and "A#" into one word: still the caption,
		// not the tail of a longer phrase.
		{"USCISRunIn", []at{{300, 100, "USCIS'A#", 0.6}, {300, 114, "240956187", 0.9}}, []kv{{anr, "A240956187"}}},
		{"BlotReadAsA", []at{{300, 100, "Aa", 0.7}, {300, 114, "48459573", 0.5}}, []kv{{anr, "A048459573"}}},
		{"NForHash", []at{{300, 100, "AN", 0.6}, {300, 114, "78136534", 0.3}}, []kv{{anr, "A078136534"}}},
		{"ErrProseAn", []at{{50, 100, "AN APPLICATION FOR", 0.9}, {50, 114, "62433605", 0.9}}, nil},
		{"SevenDigitsAfterA", []at{{50, 100, "Ag A7794898", 0.6}}, []kv{{anr, "A007794898"}}},
		{"ErrSevenDigitsWithoutA", []at{{50, 100, "Ag 7794898", 0.6}}, nil},
		{"ValueWithZeroReadAsQ", []at{{300, 100, "Al", 0.6}, {300, 114, "AQ40428692", 0.9}}, []kv{{anr, "A040428692"}}},
		{"GridCellBesideOtherCaption", []at{{50, 100, "AH", 0.6}, {300, 100, "Receipt Number", 0.9},
			{52, 114, "62433605", 0.9}, {300, 114, "EAC2190012345", 0.9}}, []kv{{anr, "A062433605"}, {rcp, "EAC2190012345"}}},

		{"ErrProseAsOf", []at{{50, 100, "As of 01/02/2024 your case 62433605 moved", 0.9}}, nil},
		{"ErrProseAsLineAboveNumber", []at{{50, 100, "As we told you", 0.9}, {50, 114, "62433605", 0.9}}, nil},
		{"ErrLowercase", []at{{300, 100, "as", 0.9}, {300, 114, "62433605", 0.9}}, nil},
		{"ErrName", []at{{300, 100, "Al Smith", 0.9}, {300, 114, "062433605", 0.9}}, nil},
		{"ErrTwelveDigitsBelow", []at{{300, 100, "AS", 0.6}, {300, 114, "4165 7972 9246", 0.9}}, nil},
		{"ErrTwelveDigitsRunBelow", []at{{300, 100, "AS", 0.6}, {300, 114, "416579729246", 0.9}}, nil},
		{"ErrPhoneBeside", []at{{50, 100, "AS 555-4583", 0.9}}, nil},
		{"ErrPhoneWithAreaBeside", []at{{50, 100, "AS 625-555-4583", 0.9}}, nil},
		{"ErrSSNBeside", []at{{50, 100, "AS 609-88-4094", 0.9}}, nil},
		{"ErrPhoneBesideAt", []at{{50, 100, "At 555-4583", 0.9}}, nil},
		{"ErrSSNBesideAt", []at{{50, 100, "At 609-88-4094", 0.9}}, nil},
		{"ErrZipPlusFourBelow", []at{{300, 100, "AS", 0.9}, {300, 114, "85051-7816", 0.9}}, nil},
		{"ErrReceiptBelow", []at{{300, 100, "Ad", 0.9}, {300, 114, "EAC2190012345", 0.9}}, []kv{{rcp, "EAC2190012345"}}},
		{"ErrTwoHashReads", []at{{300, 100, "Att.", 0.9}, {300, 114, "240956187", 0.9}}, nil},
		{"ErrBankAccount", []at{{50, 100, "Account Number", 0.9}, {300, 100, "AS", 0.9}, {50, 114, "062433605", 0.9}}, nil},
		// The caption's capitals read in lower case, a streak's mark
		// run into "USCIS".
		{"LowerCaseAfterUSCIS", []at{{300, 100, "juscis a#", 0.7}, {300, 114, "23420207", 0.1}}, []kv{{anr, "A023420207"}}},
		{"ErrLowerCaseNoUSCIS", []at{{300, 100, "see a#", 0.7}, {300, 114, "23420207", 0.1}}, nil},
		// The caption's A read in lower case, its '#' a capital S.
		{"LowerAHashCapital", []at{{300, 100, "aS", 0.2}, {300, 114, "A-9629198", 0.8}}, []kv{{anr, "A009629198"}}},
		{"ErrLowerAHashLower", []at{{300, 100, "as", 0.2}, {300, 114, "A-9629198", 0.8}}, nil},
		{"ErrLowerAProse", []at{{50, 100, "aS we told you", 0.9}, {50, 114, "62433605", 0.9}}, nil},
		{"ErrLowerCaseArticleAfterUSCIS", []at{{50, 100, "ask USCIS a number of times", 0.9}, {50, 114, "23420207", 0.9}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{page(1, ocr, tt.items...)})
			if got := found(r); !same(got, tt.want) {
				t.Fatalf("found %v, want %v", got, tt.want)
			}
		})
	}
}

// A noise streak under a caption, read as a word of dashes, lands between
// the caption's words; it does not part them, nor show in the label.
func TestExtract_MarksBetweenLabelWords(t *testing.T) {
	for _, tt := range []struct{ line, label string }{
		{"USCIS ONLINE ACCOUNT ——— NUMBER: 4928 3024 3897", "USCIS ONLINE ACCOUNT NUMBER"},
		{"Receipt — # EAC2190012345", "Receipt #"},
	} {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, tt.line, 0.9})})
		if len(r.Findings) != 1 || r.Findings[0].Label != tt.label {
			t.Errorf("%q: findings %+v; want one labeled %q", tt.line, r.Findings, tt.label)
		}
	}
	// A parenthesis read as a brace and run into the label's last word
	// ("NUMBER{IF") parts them like a space.
	for _, line := range []string{"USCIS ONLINE ACCOUNT: NUMBER{IF ANY): 8627-0772-8590", "USCIS ONLINE ACCOUNT NUMBER[IF ANY}: 8627-0772-8590"} {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, line, 0.9})})
		if !same(found(r), []kv{{oan, "862707728590"}}) {
			t.Errorf("%q: findings %v; want the account number", line, found(r))
		}
	}
	// A word between two label words still parts them.
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Online the Account Number: 4928 3024 3897", 0.9})})
	if len(r.Findings) != 0 {
		t.Errorf("findings %+v; want none", r.Findings)
	}
}

// "USCIS #" is an A-Number's caption only with its '#' close: a box's
// edge read as '#' a word's height past a masthead's "USCIS" is not one,
// and leaves nothing unread.
func TestExtract_USCISHashClose(t *testing.T) {
	masthead := func(hashX float64) extractor.Result {
		return extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "USCIS", 0.9}, at{hashX, 100, "#", 0.1},
			at{130, 100, "U.S. Citizenship and Immigration Services", 0.95})})
	}
	if r := masthead(90); len(r.Unread()) != 0 || len(r.Slots) != 0 {
		t.Fatalf("far '#': unread %+v slots %+v", r.Unread(), r.Slots)
	}
	if r := masthead(78); len(r.Unread()) != 1 {
		t.Fatalf("close '#': unread %+v; want the caption's value named", r.Unread())
	}
}

// A masthead's dark box, its white "USCIS" read with the box's edges as
// "lUSCIS#", just before the agency's name: no A-Number caption, and
// nothing unread. The same caption before a number is one.
func TestExtract_USCISHashMasthead(t *testing.T) {
	for _, tc := range []struct {
		name, next string
		want       []kv
		unread     int
	}{
		{"Agency", "U.S. Citizenship and Immigration Services", nil, 0},
		{"AgencyGarbled", "Citizensliip and Immigration Services", nil, 0},
		{"Department", "Department of Homeland Security", nil, 0},
		{"Number", "213441788", []kv{{anr, "A213441788"}}, 0},
		{"Nothing", "", nil, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
				at{50, 100, "lUSCIS#", 0.01}, at{100, 100, tc.next, 0.95})})
			if !same(found(r), tc.want) || len(r.Unread()) != tc.unread {
				t.Fatalf("findings %v unread %+v; want %v and %d unread", found(r), r.Unread(), tc.want, tc.unread)
			}
		})
	}
}
