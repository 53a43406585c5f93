package extractor_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
)

// checkSlot extracts a labeled receipt number read at conf and returns the
// check slot of its first reading.
func checkSlot(t *testing.T, value string, conf float64) (extractor.Result, extractor.Slot) {
	t.Helper()
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number:", 0.95}, at{300, 100, value, conf})})
	if len(r.Slots) != 1 || r.Slots[0].Current != value {
		t.Fatalf("slots %+v, want one check of %s", r.Slots, value)
	}
	return r, r.Slots[0]
}

// resolveOpenReceipt resolves the open value of a receipt label, nothing
// read beside it, with rds, and checks the findings are want.
func resolveOpenReceipt(t *testing.T, rds []extractor.Reading, want []kv) {
	t.Helper()
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number:", 0.95})})
	if len(r.Slots) == 0 || len(r.Findings) != 0 {
		t.Fatalf("slots %+v findings %v before the re-read", r.Slots, found(r))
	}
	r.ResolveSlots(func(extractor.Slot) []extractor.Reading { return rds })
	if !same(found(r), want) {
		t.Fatalf("found %v, want %v", found(r), want)
	}
}

func readingsAt(conf float64, texts ...string) []extractor.Reading {
	out := make([]extractor.Reading, len(texts))
	for i, s := range texts {
		out[i] = extractor.Reading{Text: s, Conf: conf}
	}
	return out
}

// A check whose page-model re-reads read another value at least as often
// as the first reading, too faintly to settle, asks for the re-read model;
// re-reads that mostly repeat it, scatter, or settle do not.
func TestSlot_WantsSecondModel(t *testing.T) {
	const cur, other, third = "NBC2293273332", "NBC2293278332", "NBC2293273338"
	_, s := checkSlot(t, cur, 0.3)
	for _, tc := range []struct {
		name string
		rds  []extractor.Reading
		want bool
	}{
		{"AllOtherAtZero", readingsAt(0, other, other, other, other), true},
		{"TwoOtherRestGarbled", readingsAt(0, other, other, "N6C22", "."), true},
		// Two readings of another value settle it when the rest make
		// none, yet are no majority of four: only one model's half.
		{"TwoOtherSettledRestGarbled", readingsAt(0.8, other, other, "N6C22", "."), true},
		// A tie between the first reading and another value is the
		// other model's to break.
		{"TwoOtherTwoCurrent", readingsAt(0, other, other, cur, cur), true},
		{"OneOther", readingsAt(0, other, "N6C22", ".", ""), false},
		{"Scattered", readingsAt(0, other, third, cur, ""), false},
		// A faint first reading one model settles otherwise asks the
		// other model too, whose variants may read a third value.
		{"SettledOtherwise", readingsAt(0.8, other, other, other, other), true},
		{"SettledAlike", readingsAt(0.8, cur, cur, cur, other), false},
		{"BothModelsRead", readingsAt(0, other, other, other, other, other, other, other, other), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := s.WantsSecondModel(tc.rds); got != tc.want {
				t.Fatalf("WantsSecondModel = %v, want %v", got, tc.want)
			}
		})
	}
	// A sure first reading stands against one model's majority, so the
	// majority asks the re-read model (see TestResolveSlots_BothModelsReplace).
	_, sure := checkSlot(t, cur, 0.95)
	if !sure.Sure() {
		t.Fatal("a first reading at 0.95 is not sure")
	}
	if !sure.WantsSecondModel(readingsAt(0.8, other, other, other, cur)) {
		t.Error("a sure reading three of four re-reads outvote does not ask the re-read model")
	}
	if !sure.WantsSecondModel(readingsAt(0.8, other, other, cur, cur)) {
		t.Error("a sure reading half the re-reads read otherwise does not ask the re-read model")
	}
	if sure.WantsSecondModel(readingsAt(0.8, other, cur, cur, cur)) {
		t.Error("a sure reading three of four re-reads repeat asks the re-read model")
	}
	if _, open := checkSlot(t, cur, 0.3); func() bool {
		open.Current = ""
		return open.WantsSecondModel(readingsAt(0, other, other, other, other))
	}() {
		t.Fatal("a slot with no first reading is read by both models already")
	}
}

// Re-reads of both models that all but one read another value replace the
// first reading, however faint they are and however sure it was; so do
// all of the re-read model's with half of the page model's. Fewer, or one
// model's alone, do not.
func TestResolveSlots_BothModelsReplace(t *testing.T) {
	const cur, other = "NBC2293273332", "NBC2293278332"
	for _, tc := range []struct {
		name string
		conf float64 // of the first reading
		rds  []extractor.Reading
		want string
	}{
		{"FaintFirstSevenOfEight", 0.3, readingsAt(0, other, other, other, other, other, other, other, "."), other},
		{"SureFirstSevenOfEight", 0.95, readingsAt(0, other, other, other, other, other, other, other, "."), other},
		{"SureFirstAllOfOneModel", 0.95, readingsAt(0, other, other, other, other), cur},
		{"SureFirstSixOfEight", 0.95, readingsAt(0, other, other, other, other, other, other, ".", "."), cur},
		// Every variant of the re-read model, with half the page
		// model's, replaces it; with one page variant it does not.
		{"SureFirstRereadModelAndHalf", 0.95, readingsAt(0.9, other, cur, other, cur, other, other, other, other), other},
		{"SureFirstRereadModelAndOne", 0.95, readingsAt(0.9, other, cur, cur, cur, other, other, other, other), cur},
		{"SureFirstPageModelAndHalf", 0.95, readingsAt(0.9, other, other, other, other, other, cur, other, cur), cur},
		// Half of each model's variants read another value, the rest
		// nothing, and none the first reading: both lead with it, and it
		// replaces the first reading. One re-read repeating the first
		// reading, or only one model's half, leaves it standing.
		{"SureFirstBothModelsLead", 0.95, readingsAt(0.5, other, other, "NBC - 1 6 5", ".", other, other, "NBC 0 . I", "."), other},
		{"SureFirstBothLeadOneRepeats", 0.95, readingsAt(0.5, other, other, cur, ".", other, other, "NBC 0 . I", "."), cur},
		{"SureFirstOneModelHalf", 0.95, readingsAt(0.5, other, other, "NBC - 1 6 5", ".", "NBC 0", ".", "NBC 0 . I", "."), cur},
		{"FaintFirstBothModelsLead", 0.3, readingsAt(0.5, other, other, "NBC - 1 6 5", ".", other, other, "NBC 0 . I", "."), other},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := checkSlot(t, cur, tc.conf)
			r.ResolveSlots(func(extractor.Slot) []extractor.Reading { return tc.rds })
			if got := found(r); !same(got, []kv{{rcp, tc.want}}) {
				t.Fatalf("findings %v, want %s", got, tc.want)
			}
		})
	}
}

// A label's line strewn with fax specks (";", ".") still stands alone: its
// garbled value is re-read, and the crop's margin catching the label's
// last letters ("IT", "T,") does not spoil the re-reads.
func TestSlots_SpeckedLabelLine(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
		at{40, 100, "Petition Receipt Number,", 0.9}, at{170, 100, "ZSF1L718299697-", 0.32},
		at{260, 99, ";", 0.36}, at{330, 101, ";", 0.13}, at{540, 102, ".", 0.22})})
	if len(r.Slots) != 1 || r.Slots[0].Kind != extractor.KindReceiptNumber || r.Slots[0].Current != "" {
		t.Fatalf("slots %+v, warnings %q; want the receipt label's value re-read", r.Slots, r.Warnings)
	}
	r.ResolveSlots(func(extractor.Slot) []extractor.Reading {
		// Both models' readings of a fax's value, as read: the re-read
		// model's last four misread a 9 as 0 in two of them.
		return readingsAt(0.3, "IT 2SF1718299697", "I 2SF1718299697", "MT, 2SF1718299697-", "T, ZSF1718299697-",
			"T, 2SF1718299607-", "T ZSF1718299607-", "T, 25F1718299697-", "T 25F1718299697-")
	})
	if got := found(r); !same(got, []kv{{rcp, "ZSF1718299697"}}) {
		t.Fatalf("findings %v, want ZSF1718299697", got)
	}
}

// A faint first reading of an account number whose re-read crop caught the
// label's "R." and lost the value's first digit beside it: the page model
// read "2. 6299992 3743", twelve digits with the stray, the re-read model
// the whole value after "1.". The stray is the label's: the page model's
// lines are short a digit, settle nothing, and ask the re-read model,
// whose lines repeat the first reading.
func TestResolveSlots_LabelStopBeforeValue(t *testing.T) {
	const cur = "562999923743"
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "USCIS Online Account Number.", 0.95}, at{400, 100, cur, 0.31})})
	if len(r.Slots) != 1 || r.Slots[0].Current != cur {
		t.Fatalf("slots %+v, want one check of %s", r.Slots, cur)
	}
	check := r.Slots[0]
	rds := readingsAt(0.6, "2. 6299992 3743", "2. 6299992 3743", "2. 6299992 3743", "2. 6299992 3743")
	if !check.WantsSecondModel(rds) {
		t.Fatal("page-model lines that settle nothing do not ask the re-read model")
	}
	rds = append(rds, readingsAt(0.75, "1. 56299992 3743", "1. 56299992 3743", "1. 56299992 3743", "1. 56299992 3743")...)
	r.ResolveSlots(func(extractor.Slot) []extractor.Reading { return rds })
	if got := found(r); !same(got, []kv{{oan, cur}}) {
		t.Fatalf("findings %v, want %s", got, cur)
	}
	// A stop after a value's own first group is no label's.
	if c, ok := extractor.Resolve(check, readingsAt(0.8, "5629. 9992 3743", "5629. 9992 3743", "5629 9992 3743")); !ok || c.Value != cur {
		t.Fatalf("grouped value resolved %q, %v", c.Value, ok)
	}
}

// A faint first reading of a slashed zero, right, that three of the page
// model's variants read as 6 and all of the re-read model's as 8: the
// models split, and the 6 does not replace it.
func TestResolveSlots_FaintFirstModelsSplit(t *testing.T) {
	const cur, six, eight = "WAC1025588634", "WAC1625588634", "WAC1825588634"
	r, s := checkSlot(t, cur, 0.09)
	page := readingsAt(0.85, six, six, cur, six)
	if !s.WantsSecondModel(page) {
		t.Fatal("a faint reading one model replaces does not ask the other model")
	}
	rds := append(page, readingsAt(0.9, eight, eight, eight, eight)...)
	r.ResolveSlots(func(extractor.Slot) []extractor.Reading { return rds })
	for _, f := range r.Findings {
		if f.Value == six || f.Value == eight {
			t.Fatalf("findings %v: one model's misreading replaced the first reading", found(r))
		}
	}
}

// A sure first reading is confirmed by the first re-read that repeats it,
// unless one before it read another valid value: then every variant is
// read, to weigh the split.
func TestSlot_Confirmer(t *testing.T) {
	const cur, other = "NBC2293273332", "NBC2293278332"
	_, s := checkSlot(t, cur, 0.95)
	stops := func(texts ...string) int {
		confirm := s.Confirmer()
		for i, rd := range readingsAt(0.9, texts...) {
			if confirm(rd) {
				return i
			}
		}
		return -1
	}
	if got := stops(cur, other, other, other); got != 0 {
		t.Errorf("a first re-read that repeats the value stopped at %d", got)
	}
	if got := stops("N6C22", cur, other, other); got != 1 {
		t.Errorf("a repeat after a garbled re-read stopped at %d, want 1", got)
	}
	if got := stops(other, cur, cur, cur); got != -1 {
		t.Errorf("a repeat after a re-read of another value stopped at %d; want every variant read", got)
	}
}

// Two recognizers that each settle on a value of their own over an open
// slot: the one whose every character the first pass read legibly is the
// same is found; with no first reading to side with one, or with both
// fitting it, the slot stays open.
func TestResolveSlots_FirstReadingBreaksSplit(t *testing.T) {
	page4 := readingsAt(0.23, "A03-435-678 7", "A03-435-678 7", "A03-435-678 7", "A03-435-678 7")
	for _, tc := range []struct {
		name, first string
		rds         []extractor.Reading
		want        []kv
	}{
		{"OKGlyphUnread", "A0?3-435-678", append(page4, readingsAt(0.9, "A013-435-678", "A013-435-678", "A013-435-678", "A013-435-678")...), []kv{{anr, "A013435678"}}},
		{"ErrNoFirstReading", "", append(page4, readingsAt(0.9, "A013-435-678", "A013-435-678", "A013-435-678", "A013-435-678")...), nil},
		{"ErrFirstReadingFitsNeither", "A0?3-485-678", append(page4, readingsAt(0.9, "A013-435-678", "A013-435-678", "A013-435-678", "A013-435-678")...), nil},
		{"ErrFirstReadingFitsBoth", "A0?3-435-678", append(readingsAt(0.23, "A023-435-678", "A023-435-678", "A023-435-678", "A023-435-678"),
			readingsAt(0.9, "A013-435-678", "A013-435-678", "A013-435-678", "A013-435-678")...), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			items := []at{{50, 100, "A-NUMBER", 0.9}}
			if tc.first != "" {
				items = append(items, at{50, 114, tc.first, 0.1})
			}
			r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, items...)})
			if len(r.Findings) != 0 || len(r.Slots) == 0 {
				t.Fatalf("findings %v slots %+v before the re-read", found(r), r.Slots)
			}
			r.ResolveSlots(func(s extractor.Slot) []extractor.Reading { return tc.rds })
			if !same(found(r), tc.want) {
				t.Fatalf("found %v, want %v", found(r), tc.want)
			}
			// The garbled first reading is the value found, no stray.
			if s := r.Strays(); tc.want != nil && len(s) != 0 {
				t.Fatalf("strays %+v under the value found", s)
			}
		})
	}
}

// A first reading that needed a repair, or that Tesseract was unsure of,
// goes to review when no re-read repeats it; one repeat, or a sure first
// reading, keeps its confidence.
func TestResolveSlots_UnconfirmedToReview(t *testing.T) {
	const repaired, value = "NBC22932733S2", "NBC2293273352"
	for _, tc := range []struct {
		name, first string
		rds         []extractor.Reading
		review      bool
	}{
		{"RepairedNoneRepeats", repaired, readingsAt(0.5, "N6C22", "", ".", "NBC2293"), true},
		{"RepairedOneRepeats", repaired, readingsAt(0.5, "N6C22", value, ".", ""), false},
		{"SureNoneRepeats", value, readingsAt(0.5, "N6C22", "", ".", "NBC2293"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, "Receipt Number:", 0.95}, at{300, 100, tc.first, 0.95})})
			if len(r.Findings) != 1 || r.Findings[0].Confidence < extractor.ReviewBelow {
				t.Fatalf("findings %+v before the re-read; want one above review", r.Findings)
			}
			r.ResolveSlots(func(extractor.Slot) []extractor.Reading { return tc.rds })
			if len(r.Findings) != 1 || r.Findings[0].Value != value {
				t.Fatalf("findings %v", found(r))
			}
			if got := r.Findings[0].Confidence < extractor.ReviewBelow; got != tc.review {
				t.Fatalf("confidence %.2f; review %v, want %v", r.Findings[0].Confidence, got, tc.review)
			}
			if got := slices.ContainsFunc(r.Warnings, func(w string) bool { return strings.Contains(w, "below confidence") }); got != tc.review {
				t.Fatalf("warnings %q", r.Warnings)
			}
		})
	}
}

// Both models leading with one value settle a slot that no majority of all
// eight readings does: half of them alike and the rest garbled past
// parsing, or a faint first reading that no re-read repeats while each
// model read another value three times of four. One model's lead against
// another value, or a lead that another valid value comes close to,
// settles nothing; one model's lead where the other read nothing valid
// does (see clearLead).
func TestResolveSlots_BothModelsLead(t *testing.T) {
	const v, w, x = "YSC1295287793", "YSC1295287798", "YSC1295287795"
	t.Run("Open", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			rds  []extractor.Reading
			want []kv
		}{
			{"OKHalfOfEachModel", readingsAt(0.4, v, v, "YOG-12-952-87793", ".", v, v, "Y5-12-952-87793", "Y56-12-952-87793"), []kv{{rcp, v}}},
			{"ErrOneModelOnly", readingsAt(0.4, v, v, v, v, "YSC-12-952-877", w, "Y56", "."), nil},
			{"OKOneModelRestGarbled", readingsAt(0.4, v, v, v, v, "Y5-12-952-87793", ".", "Y56", "."), []kv{{rcp, v}}},
			{"ErrOtherValueClose", readingsAt(0.4, v, v, w, w, v, v, w, "."), nil},
			{"ErrModelsLeadApart", readingsAt(0.4, v, v, ".", ".", w, w, ".", "."), nil},
		} {
			t.Run(tc.name, func(t *testing.T) { resolveOpenReceipt(t, tc.rds, tc.want) })
		}
	})
	t.Run("FaintFirst", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			rds  []extractor.Reading
			want []kv
		}{
			{"OKThreeOfEachModel", readingsAt(0.2, w, w, "11YSC12952877988", w, w, x, w, w), []kv{{rcp, w}}},
			{"ErrTwoOfOneModel", readingsAt(0.2, w, x, "11YSC12952877988", w, w, x, w, w), nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r, _ := checkSlot(t, v, 0.38)
				r.ResolveSlots(func(extractor.Slot) []extractor.Reading { return tc.rds })
				if !same(found(r), tc.want) {
					t.Fatalf("found %v, want %v", found(r), tc.want)
				}
			})
		}
	})
}

// An open label's value that Tesseract read at confidence 0 every time (a
// trailing stop, a smeared prefix) settles with a majority of both
// models' readings, and is reported unsure; half of them against three
// of another value, or the four readings of one model alone, leave it
// unread. A majority at 0 against a value the page read does not
// replace it.
func TestResolveSlots_OpenMajorityAtZero(t *testing.T) {
	const printed, other = "IOE0008382091", "IOE0068362091"
	open := func(t *testing.T) extractor.Result {
		r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
			at{40, 100, "USCIS Receipt Number:", 0.97}, at{230, 100, "1060008382091", 0.2})})
		if len(r.Slots) != 1 || r.Slots[0].Current != "" {
			t.Fatalf("slots %+v; want the label's value open", r.Slots)
		}
		return r
	}
	for _, tc := range []struct {
		name string
		rds  []extractor.Reading
		want []kv
	}{
		{"OKFiveOfEight", readingsAt(0, "10E0008382091", "10E0008382091", "100008382091", "10E0008382091.",
			"10E0068362091", "10E0008382091", "10E0008382091", "F 1000"), []kv{{rcp, printed}}},
		{"ErrHalf", readingsAt(0, "10E0008382091", "10E0008382091", "10E0068362091", ".",
			"10E0068362091", "10E0008382091", "10E0008382091", "10E0068362091"), nil},
		{"ErrOneModel", readingsAt(0, "10E0008382091", "10E0008382091", "10E0008382091", "10E0008382091"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := open(t)
			r.ResolveSlots(func(extractor.Slot) []extractor.Reading { return tc.rds })
			if got := found(r); !same(got, tc.want) {
				t.Fatalf("findings %v, want %v", got, tc.want)
			}
			if len(tc.want) > 0 && r.Findings[0].Confidence >= 0.7 {
				t.Errorf("confidence %.2f; want it unsure", r.Findings[0].Confidence)
			}
		})
	}
	t.Run("ErrAgainstThePageReading", func(t *testing.T) {
		r, _ := checkSlot(t, other, 0.9)
		r.ResolveSlots(func(extractor.Slot) []extractor.Reading {
			return readingsAt(0, printed, printed, printed, ".", printed, printed, ".", ".")
		})
		if got := found(r); !same(got, []kv{{rcp, other}}) {
			t.Fatalf("findings %v, want the page's %s standing", got, other)
		}
	})
}

// A receipt label's value re-read alone whose office code every variant
// read as digits ("106" for IOE) settles as a receipt number; the same
// thirteen digits on the page are a run of digits.
func TestResolveSlots_OfficeCodeReadAsDigits(t *testing.T) {
	const printed = "IOE0325361950"
	rds := append(readingsAt(0.8, "1060325361950", "1060325361950", "1060325361950", "1060325361950"),
		readingsAt(0.6, "1OEG325361950", "JOEG325361950", "1OE0325361950", "JOE0325361950")...)
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
		at{40, 100, "Receipt Number:", 0.97}, at{200, 100, "1060325361950", 0.8})})
	if len(r.Slots) != 1 || r.Slots[0].Current != "" {
		t.Fatalf("slots %+v findings %v; want the label's value open", r.Slots, found(r))
	}
	r.ResolveSlots(func(extractor.Slot) []extractor.Reading { return rds })
	if got := found(r); !same(got, []kv{{rcp, printed}}) {
		t.Fatalf("findings %v, want %s", got, printed)
	}
	if u := r.Unread(); len(u) != 0 {
		t.Errorf("unread %+v", u)
	}
}

// A faint first reading no re-read repeats, whose two recognizers each
// lead with a value one character off it, each in another place: each
// misread a digit of its own, and the first reading, which agrees with
// one of them at every place, stands (a person is asked to check it).
// Both misreading the same place leave nothing to stand on: withdrawn.
func TestResolveSlots_FirstReadingBetweenModels(t *testing.T) {
	const cur = "NBC2293273332"
	for _, tc := range []struct {
		name        string
		page, model string
		want        []kv
	}{
		{"OKMisreadApart", "NBC2293278332", "NBC2298273332", []kv{{rcp, cur}}},
		{"ErrMisreadAlike", "NBC2293278332", "NBC2293275332", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := checkSlot(t, cur, 0.3)
			r.ResolveSlots(func(extractor.Slot) []extractor.Reading {
				return readingsAt(0.4, tc.page, tc.page, tc.page, tc.page, tc.model, tc.model, tc.model, "NBC22")
			})
			if got := found(r); !same(got, tc.want) {
				t.Fatalf("findings %v, want %v", got, tc.want)
			}
		})
	}
}

// A value noise broke into more words than a slot takes ("4" "aie)" ":"
// "994" "4" "ao24" for 4479 9994 4934): the re-read region reaches over
// the words with digits that go on close after them, or every re-read
// loses the last digits. A word of text beside it still bounds it.
func TestSlot_RegionOverBrokenValue(t *testing.T) {
	for _, tc := range []struct {
		name, tail string
		covered    bool
	}{
		{"OKDigitsGoOn", "ao24", true},
		{"ErrTextBeside", "Blvd", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := page(1, extractor.SourceOCR, at{50, 100, "USCIS Online Account Number: 4 aie) : 994 4 " + tc.tail, 0.4})
			last := p.Words[len(p.Words)-1].Box
			r := extractor.Extract([]extractor.Page{p})
			if len(r.Slots) != 1 {
				t.Fatalf("slots %+v, want one", r.Slots)
			}
			if covered := r.Slots[0].Region.X1 >= last.X1; covered != tc.covered {
				t.Fatalf("region %+v reaches over %q (%v): %v, want %v", r.Slots[0].Region, tc.tail, last, covered, tc.covered)
			}
		})
	}
}

// One recognizer's four readings alike settle a label's open value while
// the other's scatter, but not when the other read, twice, a value the
// document holds elsewhere: that is the number printed here too, and the
// four alike misread it.
func TestResolveSlots_OneRecognizerAgainstValueElsewhere(t *testing.T) {
	const lead, elsewhere, third = "IOE0881606165", "IOE0881006165", "IOE0881006185"
	for _, tc := range []struct {
		name  string
		other []string
		want  []kv
	}{
		{"OKScatter", []string{third, "IOE0881006166", "IOE", ""}, []kv{{rcp, elsewhere}, {rcp, lead}}},
		{"ErrValueElsewhere", []string{elsewhere, elsewhere, "IOE", ""}, []kv{{rcp, elsewhere}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{
				page(1, extractor.SourceOCR, at{40, 100, "Receipt Number: " + elsewhere, 0.97}),
				page(2, extractor.SourceOCR, at{40, 100, "Receipt Number:", 0.97}, at{230, 100, "1O6-0881-6O", 0.2}),
			})
			if !slices.ContainsFunc(r.Slots, func(s extractor.Slot) bool { return s.Page == 2 && s.Current == "" }) {
				t.Fatalf("slots %+v findings %v; want page 2's label open", r.Slots, found(r))
			}
			rds := append(readingsAt(0.6, lead, lead, lead, lead), readingsAt(0.6, tc.other...)...)
			r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
				if s.Page == 1 {
					// Page 1's check repeats its value.
					return readingsAt(0.9, elsewhere, elsewhere, elsewhere, elsewhere)
				}
				return rds
			})
			if got := found(r); !same(got, tc.want) {
				t.Fatalf("findings %v, want %v", got, tc.want)
			}
		})
	}
}

// Readings with a value's digits and its office code one letter off and no
// office ("WAL" for WAC, "NBCA" for NBC) count for that value: three
// readings alike and two such settle an open label that none of them
// settled alone. Readings of the digits under another office, or under a
// code two letters off, or of other digits, do not count; nor do they
// make a value no reading read whole twice.
func TestResolveSlots_OfficeGarbled(t *testing.T) {
	const v, w = "WAC1290053499", "WAC1290053429"
	for _, tc := range []struct {
		name string
		rds  []extractor.Reading
		want []kv
	}{
		{"OKLetterOff", readingsAt(0.25, "R WAC-12-900-53499", "R WAC-12-900-53499", "R WAC-12-900-53499", "R WAC-12-900-53459",
			"R WAL-12-900-53499", "R WAL-12-900-53429", "R WAL-12-900-53499", "R WAL-12-900-53429"), []kv{{rcp, v}}},
		{"OKLetterMoreOrLess", readingsAt(0.25, v, v, v, w, w, "WACA1290053499", "AC-12-900-53499", "."), []kv{{rcp, v}}},
		{"ErrTwoLettersOff", readingsAt(0.25, v, v, v, w, w, "WLL1290053499", "VAL1290053499", "."), nil},
		{"ErrOtherDigits", readingsAt(0.25, v, v, v, w, w, "WAL1290053488", "WAL1290053488", "."), nil},
		{"ErrReadWholeOnce", readingsAt(0.25, v, ".", "WAL1290053499", "WAL1290053499", "WAL1290053499", ".", ".", "."), nil},
		// Each recognizer in the lead, the page model's only with its
		// office garbled: four against one (see clearLead).
		{"OKLeadWithGarbledOffice", []extractor.Reading{{Text: ", , YOE-96-045-2 52 12", Conf: 0.25}, {Text: ", , YOE-96-045-2 52 12", Conf: 0.28},
			{Text: ", , YOE-98-045-272 12", Conf: 0.08}, {Text: ", , YOE-98-045-272 12"}, {Text: "10E-98-045-2 92 12", Conf: 0.43},
			{Text: "10-98-0452 92 12", Conf: 0.35}, {Text: "1OE-98-045-272 12", Conf: 0.32}, {Text: "1OE-98-045.272 12", Conf: 0.29}},
			[]kv{{rcp, "IOE9804527212"}}},
		// Without them, the page model is in no lead.
		{"ErrLeadOfOneRecognizer", readingsAt(0.25, "YOE-96-045-2 52 12", "YOE-96-045-2 52 12", ".", ".",
			"10E-98-045-2 92 12", "IOE-98-045-272 12", "1OE-98-045-272 12", "1OE-98-045.272 12"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) { resolveOpenReceipt(t, tc.rds, tc.want) })
	}
	// Against a value the page read, garbled copies count for nothing:
	// the re-reads' majority stays short of replacing it.
	t.Run("ErrAgainstThePageReading", func(t *testing.T) {
		const page = "NBC1690515380"
		r, _ := checkSlot(t, page, 0.9)
		r.ResolveSlots(func(extractor.Slot) []extractor.Reading {
			return readingsAt(0.3, "N8C1690915380", "N8C1690915380", "N8C1690915380", "N8C1690915380",
				"NEC1690915380", "NBC1690915380", "NEC1690915380", "NEC1690915380")
		})
		if got := found(r); !same(got, []kv{{rcp, page}}) {
			t.Fatalf("findings %v, want the page's %s standing", got, page)
		}
	})
}

// A table row whose form number and receipt number the page read as one
// word at no confidence ("—"N-400..~—=—=s«YSC:1995034750"): the crop made
// from that word reaches into the form column, and the re-reads begin with
// its last digits ("00 YSC 1995034750"). They are no part of the value.
func TestResolveSlots_FormColumnBeforeValue(t *testing.T) {
	r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR,
		at{40, 100, "Receipt number", 0.9}, at{170, 100, "—\"N-400..~—=—=s«YSC:1995034750", 0})})
	if len(r.Slots) != 1 || r.Slots[0].Kind != extractor.KindReceiptNumber || r.Slots[0].Current != "" {
		t.Fatalf("slots %+v, warnings %q; want the receipt label's value re-read", r.Slots, r.Warnings)
	}
	r.ResolveSlots(func(extractor.Slot) []extractor.Reading {
		// Both models' readings, as read on a shaded fax.
		return []extractor.Reading{
			{Text: "00 SC1995034750", Conf: 0.47}, {Text: "00 ETE.", Conf: 0.48}, {Text: "00 YSC 1995034750", Conf: 0.94}, {Text: "00 YSC SDO", Conf: 0.61},
			{Text: "00 Y5C1995034750", Conf: 0.48}, {Text: "00 YSC1995034750", Conf: 0.51}, {Text: "00 YSC 1995034750", Conf: 0.94}, {Text: "00 YSC S", Conf: 0.63},
		}
	})
	if got := found(r); !same(got, []kv{{rcp, "YSC1995034750"}}) {
		t.Fatalf("findings %v, want YSC1995034750", got)
	}
}

// Both models leading with a value whose office code is not the first
// reading's leave the first reading standing: the office letters blur
// where the digits do not (both read a printed YSC as VSC on a fax).
func TestResolveSlots_LeadOverOfficeStands(t *testing.T) {
	const cur, other = "YSC2435405996", "VSC2435405996"
	r, _ := checkSlot(t, cur, 0.95)
	r.ResolveSlots(func(extractor.Slot) []extractor.Reading {
		return readingsAt(0.5, other, other, "VSC - 1 6 5", ".", other, other, "V5C 0 . I", ".")
	})
	if got := found(r); !same(got, []kv{{rcp, cur}}) {
		t.Fatalf("findings %v, want %s", got, cur)
	}
}
