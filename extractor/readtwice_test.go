package extractor_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
)

// TestResolveSlots_ReadInTwoPlaces: a fax's notice prints its receipt
// number under two labels, each garbled. The re-reads of one read it
// three times of eight, of the other twice: neither settles alone, but
// two places reading one value alike do, and neither label is named
// unread. One place alone, two places that each read two values twice,
// or a place whose two readings were scored 0 settle nothing.
func TestResolveSlots_ReadInTwoPlaces(t *testing.T) {
	const v, w = "NEW1316090016", "NEW1316030016"
	first := readingsAt(0.5, "NEW 13.160 96026", "NEW 13.160 96026", "NEW 13.60 90026", "NEW 13.360 90026", v, v, v, "NEW 13360 30016")
	second := readingsAt(0.6, v, v, "NEW. 13 160 0026", "NEW. 13 160 0016", w, w, "NEW 13 166 30018", "NEW 13 166 3001")
	garbled := readingsAt(0.3, "N 13", "NEW 1", "", "13 160", "EW", "", "16 0", "NE 13")
	pages := []extractor.Page{
		page(1, extractor.SourceOCR, at{50, 100, "Receipt Number: N#W 13?60 9@01~", 0.2}),
		page(2, extractor.SourceOCR, at{50, 100, "Receipt No.: N#W 1?160 ?0016", 0.2}),
	}
	for _, tc := range []struct {
		name     string
		one, two []extractor.Reading
		want     []kv
		unread   int
	}{
		{"OKTwoPlaces", first, second, []kv{{rcp, v}}, 0},
		{"ErrOnePlace", first, garbled, nil, 2},
		{"ErrTwoValuesEach", readingsAt(0.5, v, v, w, w, "", "", "", ""), readingsAt(0.5, v, v, w, w, "", "", "", ""), nil, 2},
		{"ErrNoConfidence", readingsAt(0, v, v, "", "", "", "", "", ""), second, nil, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract(pages)
			r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
				if s.Page == 1 {
					return tc.one
				}
				return tc.two
			})
			if u := r.Unread(); !same(found(r), tc.want) || len(u) != tc.unread {
				t.Fatalf("findings %v, want %v; unread %+v, want %d", found(r), tc.want, u, tc.unread)
			}
		})
	}
}

// TestResolveSlots_MisreadCopy: a notice prints its receipt number under two
// labels, and the first is read one digit off. No re-read of it repeats
// it, while all four of the other's repeat theirs: it is the misread copy,
// dropped with a note. Re-reads that repeat neither, or both, leave both
// values and the note that they differ.
func TestResolveSlots_MisreadCopy(t *testing.T) {
	const wrong, right = "LOS1891034850", "LOS1891034950"
	pages := []extractor.Page{
		page(1, extractor.SourceOCR, at{50, 100, "Receipt number: " + wrong, 0.5}),
		page(2, extractor.SourceOCR, at{50, 100, "Receipt #: " + right, 0.5}),
	}
	garbled := readingsAt(0.3, "LOS189 10349000", "LOS189 154000", "LOS1 103549850", "LOS 10354950")
	for _, tc := range []struct {
		name     string
		one, two []extractor.Reading
		want     []kv
		note     string
	}{
		{"OKCopyDropped", garbled, readingsAt(0.6, right, right, right, right), []kv{{rcp, right}}, "page 1: a receipt number read there once"},
		{"ErrNeitherRepeated", garbled, garbled, []kv{{rcp, wrong}, {rcp, right}}, "differ in one character"},
		{"ErrBothRepeated", readingsAt(0.6, wrong, wrong, wrong, wrong), readingsAt(0.6, right, right, right, right), []kv{{rcp, wrong}, {rcp, right}}, "differ in one character"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract(pages)
			if !same(found(r), []kv{{rcp, wrong}, {rcp, right}}) {
				t.Fatalf("first pass %v", found(r))
			}
			r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
				if s.Page == 1 {
					return tc.one
				}
				return tc.two
			})
			if !same(found(r), tc.want) {
				t.Fatalf("findings %v, want %v", found(r), tc.want)
			}
			if !slices.ContainsFunc(r.Warnings, func(w string) bool { return strings.Contains(w, tc.note) }) {
				t.Fatalf("warnings %q, want one with %q", r.Warnings, tc.note)
			}
		})
	}
}

// TestResolveSlots_FirstReadingHeldElsewhere: a notice prints its receipt
// number twice, and the page reads it alike at both places. The re-reads
// of one place repeat it; those of the other read one digit otherwise,
// seven of eight (the re-read model's four alike). The first reading
// stands, with a note; without the other place's re-reads repeating it,
// the seven replace it as before.
func TestResolveSlots_FirstReadingHeldElsewhere(t *testing.T) {
	const printed, misread = "YSC2100889126", "YSC2100889136"
	pages := []extractor.Page{
		page(1, extractor.SourceOCR, at{50, 100, "RECEIPT NUMBER " + printed, 0.6}),
		page(2, extractor.SourceOCR, at{50, 100, "RECEIPT NUMBER " + printed, 0.84}),
	}
	second := append(readingsAt(0, misread, misread, "YSC21008891236", printed), readingsAt(0.7, misread, misread, misread, misread)...)
	for _, tc := range []struct {
		name string
		one  []extractor.Reading
		want string
	}{
		{"OKHeld", readingsAt(0.35, "R "+printed, "R "+printed, "R "+printed, "R "+printed), printed},
		{"ErrNotRepeatedThere", readingsAt(0.35, "R YSC21", "", "R", "YSC 2100"), misread},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract(pages)
			r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
				if s.Page == 1 {
					return tc.one
				}
				return second
			})
			if got := found(r); !slices.Contains(got, kv{rcp, tc.want}) || len(got) != 1 && tc.want == printed {
				t.Fatalf("findings %v, want %s", got, tc.want)
			}
		})
	}
}

// TestResolveSlots_UnlabeledMisreadCopy: a footer's copy of a receipt
// number, no label beside it, read once one digit off near its end, where
// the page garbled the value under the receipt label and all four of its
// re-reads read the number. No re-read of the copy repeats it: it is the
// misread copy, dropped with a note. Without the label's re-reads, it
// stands.
func TestResolveSlots_UnlabeledMisreadCopy(t *testing.T) {
	const wrong, right = "NBC1994856754", "NBC1994856794"
	p := page(1, extractor.SourceOCR, at{50, 100, "Receipt number: NBC 19.948 5?79", 0.3}, at{400, 700, wrong, 0.3})
	for _, tc := range []struct {
		name  string
		label []extractor.Reading
		want  []kv
	}{
		{"OKCopyDropped", readingsAt(0.7, "NBC 19.948 56794", "NBC 19.948 56794", "NBC 19.948 56794", "NEC 19.948 56794"), []kv{{rcp, right}}},
		{"ErrLabelUnread", readingsAt(0.2, "NBC 19", "", "NBC", "19.948"), []kv{{rcp, wrong}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{p})
			if !same(found(r), []kv{{rcp, wrong}}) {
				t.Fatalf("first pass %v", found(r))
			}
			r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
				if s.Label != "" {
					return tc.label
				}
				return readingsAt(0.2, "HTN WHEN", "TS", "HITEC", "AUT")
			})
			if !same(found(r), tc.want) {
				t.Fatalf("findings %v, want %v", found(r), tc.want)
			}
		})
	}
}
