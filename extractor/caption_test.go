package extractor_test

import (
	"testing"

	"github.com/noticescan/noticescan/extractor"
)

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
		return page(1, ocr, at{50, 100, "“Tuscis Ar", 0.3}, at{300, 100, "Name", 0.9},
			at{52, 116, "227034346", 0.8}, at{300, 116, "SILVA", 0.9})
	}
	r := extractor.Extract([]extractor.Page{garbled()})
	if len(r.Findings) != 0 {
		t.Fatalf("findings before the re-read: %+v", r.Findings)
	}
	cs := r.Captions()
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
