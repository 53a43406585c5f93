package extractor_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
)

// word is one OCR word at a box, for pages whose words overlap or sit in
// cells, which page lays out on one line.
func word(text string, x0, y0, x1, y1, conf float64) extractor.Word {
	return extractor.Word{Text: text, Box: extractor.Box{X0: x0, Y0: y0, X1: x1, Y1: y1}, Conf: conf}
}

func ocrPage(ws ...extractor.Word) extractor.Page {
	return extractor.Page{Number: 1, Width: 2550, Height: 3300, Source: extractor.SourceOCR, Words: ws}
}

// TestExtract_GhostWord: Tesseract read a group of an account number twice,
// the second time half as high and unsure, laid over the first. The ghost
// goes and the value is read; a group printed twice side by side stays.
func TestExtract_GhostWord(t *testing.T) {
	label := []extractor.Word{word("USCIS", 222, 951, 325, 1020, 0.97), word("Online", 361, 951, 494, 1020, 0.96),
		word("Account", 511, 951, 661, 1020, 0.93), word("Number:", 696, 955, 830, 1000, 0.92)}
	for _, tc := range []struct {
		name  string
		ghost extractor.Word
		want  bool
	}{
		{"OKGhostOverLastGroup", word("0508", 1044, 960, 1141, 981, 0.14), true},
		{"ErrSameGroupBesideIt", word("0508", 1165, 970, 1261, 1006, 0.9), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws := append(slices.Clone(label), word("7773", 846, 971, 936, 1005, 0.96), word("0860", 950, 970, 1046, 1006, 0.85),
				tc.ghost, word("0508", 1055, 970, 1151, 1006, 0.96))
			r := extractor.Extract([]extractor.Page{ocrPage(ws...)})
			got := same(found(r), []kv{{"online_account_number", "777308600508"}})
			if got != tc.want {
				t.Fatalf("findings %v; want the account number %v", found(r), tc.want)
			}
		})
	}
}

// TestExtract_OnlineAccountNumberGarbled: "USCIS Online Account", or
// "Online Account" alone, whose "Number" OCR garbled past matching labels
// the value beside it. In prose
// the words label nothing: no value, no slot, no warning.
func TestExtract_OnlineAccountNumberGarbled(t *testing.T) {
	t.Run("OKNumberReadAsNumt", func(t *testing.T) {
		// The value stands as far from the garbled word as from a label's
		// end: farther than words of one phrase.
		r := extractor.Extract([]extractor.Page{ocrPage(word("USCIS", 222, 951, 325, 990, 0.97), word("Online", 361, 951, 494, 990, 0.96),
			word("Account", 511, 951, 661, 990, 0.93), word("Numt", 696, 955, 767, 987, 0.92),
			word("7773", 846, 955, 936, 990, 0.96), word("0860", 950, 955, 1046, 990, 0.85), word("0508", 1055, 955, 1151, 990, 0.96))})
		if !same(found(r), []kv{{"online_account_number", "777308600508"}}) {
			t.Fatalf("findings %v", found(r))
		}
	})
	t.Run("OKNumberLost", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "USCIS Online Account 7773 0860 0508", 0.9})})
		if !same(found(r), []kv{{"online_account_number", "777308600508"}}) {
			t.Fatalf("findings %v", found(r))
		}
	})
	// Without its USCIS, "Number" read "Nuribet’" on a fax.
	t.Run("OKNoUSCISNumberGarbled", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{ocrPage(word("‘Online", 426, 717, 557, 779, 0.72), word("Account", 577, 724, 720, 773, 0.89),
			word("Nuribet’", 737, 717, 893, 779, 0.26), word("5062", 926, 723, 1021, 769, 0.94), word("9250-0658", 1032, 729, 1231, 762, 0.82))})
		if !same(found(r), []kv{{"online_account_number", "506292500658"}}) {
			t.Fatalf("findings %v", found(r))
		}
	})
	t.Run("ErrProseNoUSCIS", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "Sign in to your online account and enter 4451 0127 9931", 0.9},
			at{50, 115, "You can also create an online account", 0.9},
			at{50, 130, "for free.", 0.9})})
		r.ResolveSlots(func(extractor.Slot) []extractor.Reading { return nil })
		if len(r.Findings) != 0 || len(r.Slots) != 0 || len(r.Warnings) != 0 {
			t.Fatalf("findings %v slots %+v warnings %q", found(r), r.Slots, r.Warnings)
		}
	})
	t.Run("ErrProse", func(t *testing.T) {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
			at{50, 100, "Our records show you already have a USCIS Online Account", 0.9},
			at{50, 115, "Sign in with it rather than creating a new one.", 0.9})})
		r.ResolveSlots(func(extractor.Slot) []extractor.Reading { return nil })
		if len(r.Findings) != 0 || len(r.Slots) != 0 || len(r.Warnings) != 0 {
			t.Fatalf("findings %v slots %+v warnings %q", found(r), r.Slots, r.Warnings)
		}
	})
	t.Run("ErrNotANumberWord", func(t *testing.T) {
		// A word that is no "Number" does not open the way to a number
		// further along: the Online Access Code is not the account's.
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "USCIS Online Account access 4451 0127 9931", 0.9})})
		if len(r.Findings) != 0 {
			t.Fatalf("findings %v", found(r))
		}
	})
}

// TestExtract_NumberSplitByStreak: a fax's streak through "NUMBER:" made
// it "NUMBE" and "ER:", words apart; the value after them is the label's.
// A word that does not end "Number" still comes between a label and what
// follows it.
func TestExtract_NumberSplitByStreak(t *testing.T) {
	label := []extractor.Word{word("ONLINE", 361, 1075, 519, 1111, 0.97), word("ACCOUNT", 529, 1068, 732, 1111, 0.92),
		word("NUMBE", 746, 1075, 859, 1108, 0.45)}
	for _, tc := range []struct {
		name, tail, last string
		want             []kv
	}{
		{"OKTailER", "ER:", "NUMBE", []kv{{"online_account_number", "603642795131"}}},
		{"OKTailBER", "BER:", "NUM", []kv{{"online_account_number", "603642795131"}}},
		{"OKTailR", "R", "NUMBE", []kv{{"online_account_number", "603642795131"}}},
		{"ErrNotTheEnd", "NU:", "NUMBE", nil},
		{"ErrWordAfterWholeNumber", "ER:", "NUMBER", nil},
		{"ErrLongerWord", "CODE:", "NUMBE", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws := slices.Clone(label)
			ws[2].Text = tc.last
			ws = append(ws, word(tc.tail, 866, 1070, 930, 1112, 0.88), word("6036-4279-5131", 988, 1070, 1288, 1110, 0.07))
			r := extractor.Extract([]extractor.Page{ocrPage(ws...)})
			if !same(found(r), tc.want) {
				t.Fatalf("findings %v, want %v", found(r), tc.want)
			}
		})
	}
}

// TestExtract_SpeckBetweenGroups: a speck in the space between a number's
// groups reads as an apostrophe or a quote; the groups still make one
// number, and no more digits than they hold.
func TestExtract_SpeckBetweenGroups(t *testing.T) {
	for _, tc := range []struct {
		name string
		line string
		want []kv
	}{
		{"OKQuoteAfterAlone", "A 416 ‘317 129", []kv{{anr, "A416317129"}}},
		{"OKApostropheUnderLabel", "Alien Number: A298 659'064", []kv{{anr, "A298659064"}}},
		{"OKBacktickInAccount", "USCIS Online Account Number: 6036`4279 5131", []kv{{oan, "603642795131"}}},
		// "EAC 120-635-0501" read "EAC+420-635-0501": the plus is no
		// separator, and the value is re-read.
		{"ErrPlusNoSeparator", "Receipt number: EAC+420-635-0501", nil},
		{"ErrTooManyDigits", "Alien Number: A298 659'0647", nil},
		{"ErrRunsOn", "USCIS Online Account Number: 6036'4279'5131'7788", nil},
		// A colon is no separator, but the number goes on past it: the
		// A read as 6, "A 228 926 999" made "6228 926:999", and seven
		// of its digits were no A-Number.
		{"ErrRunsOnPastColon", "A-Number 6228 926:999", nil},
		{"ErrAccountRunsOnPastColon", "USCIS Online Account Number: 6036 4279 5131:77", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, tc.line, 0.9})})
			if !same(found(r), tc.want) {
				t.Fatalf("findings %v, want %v", found(r), tc.want)
			}
		})
	}
}

// TestExtract_TallWordKeepsRowsApart: a fax's streak read, with the
// digits it crossed, as one word two rows high ("ae") made a table's third
// and fourth rows one line, and the A-Numbers of both were lost. The rows
// stay apart; the A# column, its caption read "Ag", gives all four.
func TestExtract_TallWordKeepsRowsApart(t *testing.T) {
	ws := []extractor.Word{
		word("Name", 197, 690, 300, 725, 0.9), word("Form", 904, 690, 1000, 725, 0.9),
		word("RECEIPT", 1198, 692, 1380, 723, 0.95), word("NUMBER", 1392, 692, 1576, 723, 0.95), word("Ag", 1779, 692, 1829, 723, 0.66),
		word("Kwame", 197, 767, 320, 803, 0.9), word("I-485", 904, 767, 1000, 803, 0.9), word("A298", 1779, 767, 1883, 803, 0.81), word("659-064", 1894, 764, 2045, 805, 0.86),
		word("Fatima", 197, 840, 320, 880, 0.9), word("I-751", 904, 840, 1000, 880, 0.9), word("A", 1777, 845, 1807, 882, 0.5), word("14994844", 1818, 838, 2003, 880, 0.5),
		word("Olena", 197, 912, 304, 945, 0.96), word("N-400", 904, 907, 1014, 947, 0.69), word("MSC:", 1198, 908, 1281, 949, 0.76),
		word("ae", 1290, 907, 1524, 998, 0.13),
		word("A", 1774, 914, 1808, 947, 0.17), word("136971", 1819, 913, 1962, 944, 0.17), word("435", 1978, 913, 2045, 949, 0.96),
		word("Chen", 196, 981, 289, 1018, 0.93), word("1-539.", 902, 972, 1003, 1024, 0.92), word("A-6494536", 1780, 977, 1979, 1015, 0.83),
	}
	r := extractor.Extract([]extractor.Page{ocrPage(ws...)})
	var got []kv
	for _, f := range found(r) {
		if f.kind == anr {
			got = append(got, f)
		}
	}
	if want := []kv{{anr, "A298659064"}, {anr, "A014994844"}, {anr, "A136971435"}, {anr, "A006494536"}}; !same(got, want) {
		t.Fatalf("A-Numbers %v, want %v", got, want)
	}
}

// TestExtract_RuleKeepsRowsApart: a table's rule read as a "|" two and a
// half lines high, at 0.71, made a caption row and the row of values under
// it one line, and the receipt number under its caption was lost without
// a word. A mark of no letter or digit that tall widens no line's band.
func TestExtract_RuleKeepsRowsApart(t *testing.T) {
	r := extractor.Extract([]extractor.Page{ocrPage(
		word("“Receipt", 199, 431, 317, 487, 0.44), word("number", 326, 449, 431, 480, 0.30), word("ease", 922, 435, 1003, 489, 0.42),
		word("Type", 1013, 433, 1077, 479, 0.96), word("|", 2321, 433, 2360, 526, 0.71),
		word("¥SC.18", 221, 513, 359, 549, 0.11), word("912", 374, 513, 439, 553, 0.87), word("22729", 454, 496, 565, 551, 0.97),
		word("1-765", 942, 507, 1027, 544, 0.64), word("APPLICATION", 1061, 510, 1330, 551, 0.92), word("FOR", 1337, 493, 1407, 557, 0.92),
		word("EMPLOYMENT", 1433, 507, 1684, 553, 0.96), word("AUTHORIZATION", 1710, 493, 2014, 557, 0.96))})
	if !same(found(r), []kv{{rcp, "YSC1891222729"}}) {
		t.Fatalf("findings %v, slots %+v", found(r), r.Slots)
	}
}

// TestExtract_TallCaptionHeadsItsColumn: a caption word OCR was sure of,
// boxed three lines high with a blot on it, still widens its line's band
// (only unsure blots and marks do not): the "No." beside it, boxed low,
// joins its line, and the caption heads its column, the rows below its
// values.
func TestExtract_TallCaptionHeadsItsColumn(t *testing.T) {
	r := extractor.Extract([]extractor.Page{ocrPage(
		word("Name", 239, 922, 349, 970, 0.96), word("Form", 839, 900, 1048, 960, 0.12),
		word("Receipt", 1243, 880, 1395, 990, 0.97), word("No.", 1402, 955, 1463, 990, 0.96),
		word("Hana", 242, 1071, 340, 1110, 0.9), word("I-90", 861, 1071, 960, 1110, 0.9), word("WPB", 1242, 1071, 1335, 1108, 0.74),
		word("22", 1346, 1071, 1386, 1108, 0.97), word("309", 1402, 1071, 1467, 1108, 0.96), word("44735", 1480, 1071, 1590, 1108, 0.96),
		word("Wei", 242, 1139, 320, 1180, 0.9), word("I-140", 861, 1139, 960, 1180, 0.9),
		word("EAC", 1244, 1139, 1319, 1173, 0.8), word("1493593430", 1328, 1139, 1549, 1173, 0.8))})
	for _, v := range []string{"WPB2230944735", "EAC1493593430"} {
		i := slices.IndexFunc(r.Findings, func(f extractor.Finding) bool { return f.Value == v })
		if i < 0 || r.Findings[i].Label != "Receipt No" {
			t.Fatalf("findings %+v: want %s under \"Receipt No\"", r.Findings, v)
		}
	}
}

// TestExtract_OfficeCodeRowReread: a row of a receipt column that holds
// an office's code alone (its digits, crossed by a fax's streak, read as
// a blot on a line of their own, or run into the code as letters read
// unsure, "SRCxaa"), or the code and its digits, some read as letters
// ("LINTSa8728859."), or a legacy number's code and its first digits
// ("MSC-12-239-43"), is a garbled row: it is re-read. A word that is no
// office's code, or only begins like one and was read with confidence,
// or the code and too few digits, ends the column.
func TestExtract_OfficeCodeRowReread(t *testing.T) {
	for _, tc := range []struct {
		name, code, rest string
		conf             float64
		want             []kv
	}{
		{"OKOfficeCode", "MSC:", "", 0.76, []kv{{rcp, "WAC2421895624"}, {rcp, "MSC1223943587"}}},
		{"OKOfficeCodeAndBlot", "MSC:", "ae", 0.76, []kv{{rcp, "WAC2421895624"}, {rcp, "MSC1223943587"}}},
		// The code's first digits blurred into letters run into it, the
		// rest of the digits read at no confidence.
		{"OKOfficeCodeRunIntoBlot", "MSCxaa", "23943587.", 0, []kv{{rcp, "WAC2421895624"}, {rcp, "MSC1223943587"}}},
		{"ErrNoOfficeCode", "Note:", "", 0.76, []kv{{rcp, "WAC2421895624"}}},
		{"ErrOfficeCodeInProse", "NBC", "will", 0.76, []kv{{rcp, "WAC2421895624"}}},
		{"ErrWordBeginningLikeCode", "LINEs", "", 0.93, []kv{{rcp, "WAC2421895624"}}},
		// Three of its digits read as letters, run into the code.
		{"OKDigitsReadAsLetters", "LINTSa8728859.", "", 0.47, []kv{{rcp, "WAC2421895624"}, {rcp, "MSC1223943587"}}},
		{"ErrCodeAndFewDigits", "LINTSaBcd8859.", "", 0.47, []kv{{rcp, "WAC2421895624"}}},
		// A legacy number's last digits lost, the rest read with
		// confidence.
		{"OKLegacyCutShort", "MSC-12-239-43", "", 0.92, []kv{{rcp, "WAC2421895624"}, {rcp, "MSC1223943587"}}},
		{"ErrCodeAndOneDigit", "MSC-1", "", 0.92, []kv{{rcp, "WAC2421895624"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws := []extractor.Word{
				word("Name", 197, 692, 300, 723, 0.9), word("RECEIPT", 1198, 692, 1380, 723, 0.95), word("NUMBER", 1392, 692, 1576, 723, 0.95),
				word("Fatima", 197, 840, 320, 880, 0.9), word("WAC2421895624", 1198, 840, 1500, 880, 0.9),
				word("Olena", 197, 912, 304, 945, 0.96), word(tc.code, 1198, 908, 1281, 949, tc.conf)}
			switch tc.rest {
			case "ae":
				// A blot two rows high, read at no confidence.
				ws = append(ws, word(tc.rest, 1290, 907, 1524, 998, 0.13))
			case "will":
				ws = append(ws, word(tc.rest, 1290, 910, 1380, 947, 0.93))
			case "23943587.":
				ws = append(ws, word(tc.rest, 1290, 903, 1500, 933, 0))
			}
			r := extractor.Extract([]extractor.Page{ocrPage(ws...)})
			r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
				return readingsAt(0.8, "MSC1223943587", "MSC1223943587", "MSC1223943587", "MSC1223943587")
			})
			if !same(found(r), tc.want) {
				t.Fatalf("findings %v, want %v", found(r), tc.want)
			}
		})
	}
}

// TestResult_StraysBrokenReceipt: a streak through a faxed form's cell
// left "IOE-97" "-37" of a receipt number, and a look-alike's caption
// below claimed them. The document says a receipt number was not read,
// unless one beginning so was read elsewhere. Words that only begin like
// a code are no receipt number.
func TestResult_StraysBrokenReceipt(t *testing.T) {
	const warn = "page 1: a garbled number printed like a receipt number was not read; check it"
	cell := []extractor.Word{word("RECEIPT", 1657, 489, 1789, 534, 0.89), word("IOE-97", 1666, 560, 1798, 607, 0.28),
		word("-37", 1818, 568, 1884, 608, 0.9), word("PASSPORT", 1666, 625, 1810, 678, 0.9), word("NUMBER", 1824, 625, 1957, 678, 0.96)}
	for _, tc := range []struct {
		name string
		ws   []extractor.Word
		want bool
	}{
		{"OKUnderAStreak", cell, true},
		{"ErrReadElsewhere", append(slices.Clone(cell), word("Receipt", 100, 200, 240, 240, 0.9), word("Number:", 250, 200, 390, 240, 0.9),
			word("IOE9743701128", 400, 200, 700, 240, 0.9)), false},
		{"ErrNoDash", []extractor.Word{word("IOE97", 1666, 560, 1798, 607, 0.9)}, false},
		{"ErrNoOffice", []extractor.Word{word("ABC-97", 1666, 560, 1798, 607, 0.9)}, false},
		{"ErrOneDigit", []extractor.Word{word("IOE-9", 1666, 560, 1798, 607, 0.9)}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{ocrPage(tc.ws...)})
			if got := slices.Contains(r.Warnings, warn); got != tc.want {
				t.Fatalf("warnings %q; want the broken receipt named %v", r.Warnings, tc.want)
			}
			for _, w := range r.Warnings {
				if strings.Contains(w, "97") {
					t.Fatalf("warning %q holds digits", w)
				}
			}
		})
	}
}

// TestResult_StraysUnderGarbledUSCISCaption: a card's "USCIS A#" read as
// "“Seis At", over an A-Number whose A ran into its first digit. "Seis" is
// no SEVIS caption claiming the number, and the garbled caption names the
// number as a stray whose caption is re-read. Followed by more words, the
// same two are prose.
func TestResult_StraysUnderGarbledUSCISCaption(t *testing.T) {
	body := []extractor.Word{word("Notice", 100, 300, 200, 335, 0.9), word("of", 210, 300, 240, 335, 0.9),
		word("Action", 250, 300, 350, 335, 0.9), word("[Notice", 921, 689, 1041, 723, 0.8), word("Date", 1052, 690, 1157, 725, 0.6),
		word("11818873", 246, 770, 484, 833, 0), word("08/26/2019", 957, 766, 1161, 801, 0.8)}
	for _, tc := range []struct {
		name    string
		caption []extractor.Word
		want    bool
	}{
		{"OKCaption", []extractor.Word{word("“Seis", 246, 676, 352, 751, 0.2), word("At", 361, 704, 405, 736, 0.75)}, true},
		{"ErrProse", []extractor.Word{word("“Seis", 246, 676, 352, 751, 0.2), word("At", 361, 704, 405, 736, 0.75),
			word("the", 415, 704, 470, 736, 0.75), word("door", 480, 704, 560, 736, 0.75)}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{ocrPage(append(slices.Clone(body), tc.caption...)...)})
			s := r.Strays()
			got := len(s) == 1 && s[0].Kind == extractor.KindANumber && len(r.Captions()) == 1
			if got != tc.want {
				t.Fatalf("strays %+v captions %+v; want one with its caption %v", s, r.Captions(), tc.want)
			}
		})
	}
}

// TestResult_StraysColonForDash: an A-Number whose second dash OCR read as
// a colon, with a speck after it, is named as a stray: the word is not cut
// at the colon as a label's end would be, and the colon counts as one
// garbled mark. A time is no A-Number.
func TestResult_StraysColonForDash(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"A256-054:726°", true},
		{"A256:054:726", true},
		{"A256:05:47:26", false},
		{"10:30", false},
	} {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{300, 114, tc.text, 0.6})})
		if got := len(r.Strays()) == 1 && len(r.Findings) == 0; got != tc.want {
			t.Errorf("%s: strays %+v findings %v; want a stray %v", tc.text, r.Strays(), found(r), tc.want)
		}
	}
}

// TestResult_StraysUnderRuledCaption: a table's "A#" caption read with the
// cell's rule glued before it ("[aw"), over an A-Number printed without
// its A and its padding zero. The number is named as a stray whose caption
// is re-read; prose beginning so is no caption.
func TestResult_StraysUnderRuledCaption(t *testing.T) {
	value := []extractor.Word{word("78136534", 253, 683, 436, 724, 0.31), word("11/08/2020", 950, 683, 1150, 720, 0.89)}
	for _, tc := range []struct {
		name    string
		caption []extractor.Word
		want    bool
	}{
		{"OKRuleBeforeCaption", []extractor.Word{word("[aw", 218, 610, 290, 645, 0.46)}, true},
		{"OKBarBeforeCaption", []extractor.Word{word("|At", 218, 610, 290, 645, 0.46)}, true},
		{"ErrProse", []extractor.Word{word("[aw", 218, 610, 290, 645, 0.46), word("firm", 300, 610, 380, 645, 0.9)}, false},
		{"ErrOtherWord", []extractor.Word{word("[lo", 218, 610, 290, 645, 0.46)}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{ocrPage(append(slices.Clone(value), tc.caption...)...)})
			s := r.Strays()
			got := len(s) == 1 && s[0].Kind == extractor.KindANumber && len(r.Captions()) == 1
			if got != tc.want || len(r.Findings) != 0 {
				t.Fatalf("strays %+v captions %+v findings %v; want one with its caption %v", s, r.Captions(), found(r), tc.want)
			}
		})
	}
}

// TestExtract_APiecesUnderCaption: a streak through a fax's table cell cut
// an A-Number printed in dashed groups, and OCR put its pieces on two
// lines ("3-054" above "158-0"). Under a "USCIS A#" caption read with its
// # lost, the cell is a slot to re-read, and the pieces are named; under
// a caption read past matching they are named. So is an A-Number garbled
// under a caption read "Ae", and one whose groups a speck read as a letter
// broke apart ("A060-" "r219-" "524"). A phone number's groups, or a
// date, are no A-Number's.
func TestExtract_APiecesUnderCaption(t *testing.T) {
	pieces := []extractor.Word{word("3-054", 354, 635, 456, 672, 0.66), word("158-0", 236, 654, 331, 697, 0.86),
		word("NOTICE", 912, 596, 1040, 630, 0.9), word("DATE", 1066, 596, 1150, 630, 0.64), word("Mar", 946, 635, 1010, 672, 0.97)}
	uscisA := []extractor.Word{word("USCIS.", 217, 576, 300, 611, 0.5), word("A", 310, 576, 335, 611, 0.5)}
	for _, tc := range []struct {
		name      string
		ws        []extractor.Word
		slot, str bool
	}{
		{"OKHashLost", append(slices.Clone(pieces), uscisA...), true, true},
		{"OKGarbledCaption", append(slices.Clone(pieces), word("USCIS.A¥", 217, 576, 335, 611, 0)), false, true},
		{"ErrPhone", append([]extractor.Word{word("375-5283", 236, 654, 400, 697, 0.86)}, uscisA...), false, false},
		// "A#" read "“Ae" over "A 069019404" read "A" "O@n019404".
		{"OKGarbledValue", []extractor.Word{word("“Ae", 247, 706, 300, 740, 0.33), word("A", 277, 778, 300, 815, 0.95),
			word("O@n019404", 315, 778, 520, 815, 0)}, true, false},
		// "USCIS A#" read as one word over "A-050-219-524" whose groups
		// a speck broke apart; a date under it is no A-Number.
		{"OKSpeckInGroups", []extractor.Word{word("USCISAY", 198, 639, 353, 681, 0.42), word("A060-", 222, 715, 319, 780, 0.23),
			word("r219-", 310, 714, 400, 749, 0.49), word("524", 404, 709, 469, 779, 0.96)}, true, false},
		{"ErrDateInPieces", []extractor.Word{word("USCISAY", 198, 639, 353, 681, 0.42), word("Mar", 222, 715, 300, 750, 0.9),
			word("15,", 310, 714, 360, 749, 0.9), word("2020", 370, 709, 469, 749, 0.96)}, false, false},
		{"ErrDateBelow", []extractor.Word{word("“Ae", 247, 706, 300, 740, 0.33), word("09/17/2025", 277, 778, 480, 815, 0.9)}, false, false},
		{"ErrNoCaption", append(slices.Clone(pieces), word("Total", 217, 576, 335, 611, 0.9)), false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{ocrPage(tc.ws...)})
			slot := slices.ContainsFunc(r.Slots, func(s extractor.Slot) bool { return s.Kind == extractor.KindANumber && s.Label != "" })
			str := slices.ContainsFunc(r.Strays(), func(s extractor.Stray) bool { return s.Kind == extractor.KindANumber })
			if slot != tc.slot || str != tc.str || len(r.Findings) != 0 {
				t.Fatalf("slots %+v strays %+v findings %v; want slot %v, stray %v", r.Slots, r.Strays(), found(r), tc.slot, tc.str)
			}
		})
	}
	// The weak caption's re-reads must be printed as an A-Number is: the
	// pieces read again as they stand are no value ("158-0 3-054" would
	// be A015803054), the whole number is.
	for _, tc := range []struct {
		read string
		want []kv
	}{
		{"158-0 3-054", nil},
		{"158-013-054", []kv{{anr, "A158013054"}}},
	} {
		t.Run("Reread"+tc.read, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{ocrPage(append(slices.Clone(pieces), uscisA...)...)})
			r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
				return readingsAt(0.9, tc.read, tc.read, tc.read, tc.read)
			})
			if !same(found(r), tc.want) {
				t.Fatalf("findings %v, want %v", found(r), tc.want)
			}
		})
	}
}

// TestResolveSlots_StrayReread: a stray, a number printed like an
// A-Number with no label read, is re-read where it stands. A re-read counts only as an unlabeled value would: the A
// printed, no character repaired, no digit fewer than the stray shows
// (nine at most: a tenth is its A read as a 4, which a re-read may repeat).
// Otherwise the stray's own warning stands, and no label is said to be
// unread.
func TestResolveSlots_StrayReread(t *testing.T) {
	const strayWarn = "page 1: a number printed like an A-Number stands without a readable label; check it"
	for _, tc := range []struct {
		name, first, read string
		want              []kv
	}{
		{"OKDigitReadAsLetter", "Al48-454-552,", "A148-454-552", []kv{{anr, "A148454552"}}},
		{"OKALost", "125-672-713", "A-125-672-713", []kv{{anr, "A125672713"}}},
		{"ErrALostAgain", "125-672-713", "125-672-713", nil},
		{"ErrDigitDropped", "Al48-454-552,", "A48-454-552", nil},
		{"ErrRepaired", "Al48-454-552,", "Al48-454-552", nil},
		// Ten digits on the page, the first the A read as a 4.
		{"OKTenShownNineRead", "4125672713", "A125672713", []kv{{anr, "A125672713"}}},
		{"OKAReadAsFour", "4125672713", "4125672713", []kv{{anr, "A125672713"}}},
		{"ErrTenLedByAnother", "4125672713", "5125672713", nil},
		{"ErrTenRunOn", "4125672713", "41256727135", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{ocrPage(word("Beneficiary", 256, 972, 500, 1010, 0.9),
				word(tc.first, 209, 1047, 500, 1087, 0.3), word("X78445178", 1301, 1047, 1500, 1087, 0.9))})
			if len(r.Strays()) != 1 || len(r.Slots) != 1 || r.Slots[0].Label != "" {
				t.Fatalf("strays %+v slots %+v; want one stray, re-read", r.Strays(), r.Slots)
			}
			r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
				return readingsAt(0.8, tc.read, tc.read, tc.read, tc.read)
			})
			if !same(found(r), tc.want) {
				t.Fatalf("findings %v, want %v", found(r), tc.want)
			}
			if len(r.Unread()) != 0 {
				t.Fatalf("unread %+v; no label stood there", r.Unread())
			}
			if named := len(r.Strays()) == 1; named != (tc.want == nil) {
				t.Fatalf("strays %+v; want the stray named only when not read", r.Strays())
			}
			if tc.want == nil && !slices.Contains(r.Warnings, strayWarn) {
				t.Fatalf("warnings %q; want the stray named", r.Warnings)
			}
		})
	}
	// A garbled receipt-shaped number is named, not re-read: a card's
	// number has its shape.
	r := extractor.Extract([]extractor.Page{ocrPage(word("Y5C+169-196-2097", 209, 1047, 500, 1087, 0.3))})
	if len(r.Strays()) != 1 || len(r.Slots) != 0 {
		t.Fatalf("strays %+v slots %+v; want the receipt named, not re-read", r.Strays(), r.Slots)
	}
	// A stray under a label's slot is re-read by that slot alone.
	r = extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{400, 100, "A-Number", 0.9}, at{400, 115, "A~-227-314-677", 0.5})})
	if len(r.Slots) != 1 || r.Slots[0].Label == "" {
		t.Fatalf("slots %+v; want the label's only", r.Slots)
	}
}

// TestResolveSlots_InsertedDigit: on a faint scan the first pass read
// "120815063" for a printed "12081503", a speck taken for a digit between
// two others, and every re-read of both recognizers read the eight digits,
// surely. The re-reads' value replaces it. Re-reads that lose a first or
// last digit (a crop's edge), unsure ones, one recognizer's, or fewer
// alike leave the first reading.
func TestResolveSlots_InsertedDigit(t *testing.T) {
	eight := func(conf float64, agree int, text string) []extractor.Reading {
		rds := readingsAt(conf, slices.Repeat([]string{text}, agree)...)
		return append(rds, readingsAt(conf, slices.Repeat([]string{"1208"}, 8-agree)...)...)
	}
	for _, tc := range []struct {
		name string
		rds  []extractor.Reading
		want string
	}{
		{"OKSpeckBetweenDigits", eight(0.96, 8, "12081503"), "A012081503"},
		{"OKAllButOne", eight(0.96, 7, "12081503"), "A012081503"},
		{"OKOtherValueFirst", append(readingsAt(0.96, "12081508"), readingsAt(0.96, slices.Repeat([]string{"12081503"}, 7)...)...), "A012081503"},
		{"ErrUnsure", eight(0.6, 8, "12081503"), "A120815063"},
		{"ErrFirstDigitCut", eight(0.96, 8, "20815063"), "A120815063"},
		{"ErrLastDigitCut", eight(0.96, 8, "12081506"), "A120815063"},
		{"ErrSixOfEight", eight(0.96, 6, "12081503"), "A120815063"},
		{"ErrOneRecognizer", readingsAt(0.96, "12081503", "12081503", "12081503", "12081503"), "A120815063"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{ocrPage(word("USCIS", 215, 650, 300, 680, 0.9), word("A#", 310, 650, 350, 680, 0.9),
				word("120815063", 215, 728, 412, 778, 0.73), word("09/17/2025", 938, 728, 1140, 778, 0.95))})
			if !same(found(r), []kv{{anr, "A120815063"}}) {
				t.Fatalf("findings %v, want the first reading", found(r))
			}
			r.ResolveSlots(func(s extractor.Slot) []extractor.Reading { return tc.rds })
			if !same(found(r), []kv{{anr, tc.want}}) {
				t.Fatalf("findings %v, want %s", found(r), tc.want)
			}
		})
	}
}

// TestResolveSlots_StrayNotAZip: a ZIP+4 code whose dash OCR lost stands
// like an A-Number, nine digits in a run. Its re-read region stops at the
// state's code before it, whose A made an A-Number of the ZIP, and a
// re-read in a ZIP's groups is no A-Number.
func TestResolveSlots_StrayNotAZip(t *testing.T) {
	r := extractor.Extract([]extractor.Page{ocrPage(word("SAN", 209, 547, 280, 587, 0.9), word("JOSE", 290, 547, 380, 587, 0.9),
		word("CA", 390, 547, 440, 587, 0.9), word("945625607", 460, 547, 700, 587, 0.4))})
	if len(r.Slots) != 1 || r.Slots[0].Region.X0 < 440 {
		t.Fatalf("slots %+v; want the stray re-read right of the state", r.Slots)
	}
	r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
		return readingsAt(0.9, "A94562-5607", "A94562-5607", "A94562-5607", "A94562-5607")
	})
	if len(r.Findings) != 0 {
		t.Fatalf("findings %v; a ZIP+4 code is no A-Number", found(r))
	}
}

// TestExtract_ValueOnLineBeside: on a photographed sheet that curls, a
// table row rises toward its far end, and "A#" at the row's foot shares
// too little height with its value in the next column to make one line.
// The value is the label's. A line beside that is the next row, or a row
// with its own label, is not.
func TestExtract_ValueOnLineBeside(t *testing.T) {
	rows := func(value extractor.Word) []extractor.Word {
		return []extractor.Word{
			word("A#", 200, 822, 244, 846, 0.89), value,
			word("SSN", 202, 892, 276, 924, 0.96), word("607-34-4618", 998, 880, 1214, 909, 0.92),
		}
	}
	for _, tc := range []struct {
		name string
		ws   []extractor.Word
		want []kv
	}{
		{"OKRowRisesToItsEnd", rows(word("133914717", 1000, 803, 1188, 832, 0.97)), []kv{{anr, "A133914717"}}},
		{"OKRowFallsToItsEnd", rows(word("133914717", 1000, 835, 1188, 864, 0.97)), []kv{{anr, "A133914717"}}},
		// The row above, a line's pitch away.
		{"ErrRowAbove", rows(word("133914717", 1000, 780, 1188, 809, 0.97)), nil},
		// The value's line has a word of its own left of the label's end:
		// another row's.
		{"ErrOtherRow", append(rows(word("133914717", 1000, 803, 1188, 832, 0.97)), word("ID", 150, 800, 190, 830, 0.95)), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{ocrPage(tc.ws...)})
			if !same(found(r), tc.want) {
				t.Fatalf("found %v, want %v", found(r), tc.want)
			}
		})
	}
}

// TestExtract_ReceiptShapedRowUnderGarbledHead: a fax's table of receipt
// numbers whose first row was garbled ("|\OE-97-095-71969:") and whose
// second read "SRC-18+335-46634", a speck read as a plus. One garbled row
// under a garbled head is no column in general, but a row printed as a
// receipt number is one: it is re-read, also when a letter of its code
// was read twice, or the code read as digits in a legacy number's
// groups. A document ID's digits are not.
func TestExtract_ReceiptShapedRowUnderGarbledHead(t *testing.T) {
	for _, tc := range []struct {
		name, row string
		slots     int
	}{
		{"OKReceiptShaped", "SRC-18+335-46634", 2},
		{"ErrOtherNumber", "2O19-364+4485431", 1},
		// A letter of its code read twice, Y and ¥.
		{"OKCodeLetterTwice", "Y¥SC2031546509", 2},
		{"ErrFourLettersNoCode", "QXZW2031546509", 1},
		// Its office code read as digits, grouped as a legacy number
		// is printed; thirteen digits grouped otherwise are not one.
		{"OKLegacyGroupsCodeAsDigits", "106-00-817-34270'", 2},
		{"ErrDigitsOtherwiseGrouped", "106-0081-7342-70", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{ocrPage(
				word("NAME", 222, 719, 336, 760, 0.96), word("FORM", 930, 720, 1042, 762, 0.61),
				word("RECEIPT", 1119, 714, 1389, 762, 0.37), word("NUMBER", 1401, 719, 1577, 757, 0.41),
				word("RAVIMENSAH", 223, 785, 489, 825, 0.09), word("|\\OE-97-095-71969:", 1225, 789, 1546, 826, 0),
				word("LUCA", 224, 859, 324, 891, 0.92), word(tc.row, 1224, 855, 1553, 896, 0.54))})
			n := 0
			for _, s := range r.Slots {
				if s.Kind == extractor.KindReceiptNumber {
					n++
				}
			}
			if n != tc.slots {
				t.Fatalf("receipt slots %+v, want %d", r.Slots, tc.slots)
			}
		})
	}
}

// TestSlot_FarValueOverLookAlikeBelow: a table's row, the label in its
// first column and its value, garbled, in the next; the next row's
// look-alike number stands in the cell below the label. A value's worth
// of digits far along the label's line is re-read, not the cell below; a
// short far group is no value.
func TestSlot_FarValueOverLookAlikeBelow(t *testing.T) {
	for _, tc := range []struct {
		name, far string
		covered   bool
	}{
		{"OKGarbledValue", "106-91-017-48250", true},
		{"ErrShortGroup", "CASE 12", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{ocrPage(
				word("RECEIPT", 214, 719, 387, 780, 0.94), word("NUMBER", 389, 722, 562, 783, 0.97),
				word(tc.far, 1011, 714, 1325, 780, 0.11),
				word("FILE", 207, 800, 295, 862, 0.92), word("REFERENCE", 311, 799, 575, 863, 0.57),
				word("CB0690352093", 1011, 800, 1286, 859, 0.04))})
			if len(r.Slots) != 1 {
				t.Fatalf("slots %+v, want one", r.Slots)
			}
			reg := r.Slots[0].Region
			covered := reg.X0 <= 1011 && reg.X1 >= 1325 && reg.Y0 <= 714 && reg.Y1 >= 780 && reg.Y1 < 859
			if covered != tc.covered {
				t.Fatalf("region %+v covers the far group alone: %v, want %v", reg, covered, tc.covered)
			}
		})
	}
}

// TestResolveSlots_StrayInColumn: once a page's A-Number is found, other
// places for one are not re-read, but a stray in a column of A-Numbers
// found in other rows is the next person's in a family's case table: it
// is re-read (here a row read in a second look, never a value on its
// own). A stray out of the column is left to its warning.
func TestResolveSlots_StrayInColumn(t *testing.T) {
	const strayWarn = "page 1: a number printed like an A-Number stands without a readable label; check it"
	for _, tc := range []struct {
		name string
		x0   float64
		want []kv
	}{
		{"OKInColumn", 1807, []kv{{anr, "A072999575"}, {anr, "A170722995"}, {anr, "A271886725"}}},
		{"ErrOutOfColumn", 600, []kv{{anr, "A072999575"}, {anr, "A170722995"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stray := word("A271886725", tc.x0, 858, tc.x0+224, 892, 0.92)
			stray.Relook = true
			r := extractor.Extract([]extractor.Page{ocrPage(
				word("Mohammed", 224, 789, 430, 823, 0.97), word("A072999575", 1807, 790, 2020, 824, 0.9),
				word("Leila", 224, 858, 308, 891, 0.88), stray,
				word("Ivan", 224, 928, 299, 959, 0.95), word("A170722995", 1807, 924, 2042, 960, 0.9))})
			if len(r.Strays()) != 1 {
				t.Fatalf("strays %+v findings %v; want the second-look row a stray", r.Strays(), found(r))
			}
			r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
				return readingsAt(0.8, "A271886725", "A271886725", "A271886725", "A271886725")
			})
			if !same(found(r), tc.want) {
				t.Fatalf("findings %v, want %v", found(r), tc.want)
			}
			if named := slices.Contains(r.Warnings, strayWarn); named != (len(tc.want) == 2) {
				t.Fatalf("warnings %q; want the stray named only when not read", r.Warnings)
			}
		})
	}
}

// TestExtract_SpeckIsNoACaption: on a faxed notice that has no A-Number,
// a speck a third of a line high read as "Ay" was taken for an "A#"
// caption, and the Contact Center's phone number below it named an
// A-Number label whose value could not be read (the page as OCR read it).
// A caption of a line's height over a value is one ("A#" with its #
// read as y).
func TestExtract_SpeckIsNoACaption(t *testing.T) {
	p := testdataPage(t, "speck-caption-over-phone.json")
	r := extractor.Extract([]extractor.Page{p})
	r.ResolveSlots(func(extractor.Slot) []extractor.Reading {
		return readingsAt(0.6, "000-379 5283", "000-379 5283", "000-379 5288", "000-379 5283")
	})
	if u := r.Unread(); slices.ContainsFunc(u, func(u extractor.Unread) bool { return u.Kind == extractor.KindANumber }) {
		t.Fatalf("unread %+v; the page has no A-Number label", u)
	}
	if got := found(r); slices.ContainsFunc(got, func(f kv) bool { return f.kind == anr }) {
		t.Fatalf("findings %v; the page has no A-Number", got)
	}
	body := []extractor.Word{
		word("U.S.", 233, 2795, 301, 2835, 0.9), word("CITIZENSHIP", 306, 2791, 605, 2832, 0.9),
		word("IMMIGRATION", 618, 2792, 845, 2832, 0.95), word("SERVICES", 854, 2793, 1016, 2833, 0.95),
		word("Ay", 693, 2850, 723, 2888, 0.14), word("206-074-883", 693, 2900, 950, 2940, 0.6),
	}
	r = extractor.Extract([]extractor.Page{ocrPage(body...)})
	if got := found(r); !same(got, []kv{{anr, "A206074883"}}) {
		t.Fatalf("findings %v, want the caption's A206074883", got)
	}
}
