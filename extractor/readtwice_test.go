package extractor_test

import (
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
