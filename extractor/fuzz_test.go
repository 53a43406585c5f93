package extractor_test

import (
	"math"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
)

// FuzzExtract feeds arbitrary text laid out by arbitrary geometry. Whatever
// comes in, extraction must not panic and every finding must be a valid,
// normalized identifier with a confidence in (0, 1].
func FuzzExtract(f *testing.F) {
	seeds := []string{
		"USCIS Online Account Number: 1234 5678 9012",
		"RECEIPT NUMBER\nEAC2190012345",
		"Receipt Number: 10E0912345678 Case Type I-130",
		"A-Number: A-123-456-789\nAlien Number A12345678",
		"Online Access Code 4821 9930 1177\nCard # SRC1234567890",
		"NVC Case Number MTL2007547002",
		"Onl1ne Acc0unt Nurnber\n89O1 2345 67B9",
		"A#\n\n\n|0E0502983567 LIN 99 001 50001",
		"6606 0312 7858 (Online Account Number)\nA149-335-727 \u201c(Alien Number)\n\u00a5SC1618151920 (RECEIPT #)",
		"At\n122-774-404\nReceipt Number: LIN2591080324\nLIN2591688324",
	}
	for i, s := range seeds {
		f.Add(s, uint8(i*37), 10.0, 0.9)
	}
	f.Fuzz(func(t *testing.T, text string, jitter uint8, height float64, conf float64) {
		if len(text) > 4096 {
			return
		}
		p := extractor.Page{Number: 1, Width: 612, Height: 792, Source: extractor.SourceOCR}
		j := float64(jitter)
		for li, ln := range strings.Split(text, "\n") {
			x := 20 + math.Mod(j*float64(li), 50)
			for wi, w := range strings.Fields(ln) {
				wd := float64(len(w)) * height / 2
				y := float64(li)*height*1.4 + math.Mod(j*float64(wi), 7)
				wo := extractor.Word{Text: w, Box: extractor.Box{X0: x, Y0: y, X1: x + wd, Y1: y + height}, Conf: conf}
				// Glyphs as ocr measures them, some run together or lost:
				// one per character, holes picked by the jitter.
				for ci, c := range w {
					k := (int(jitter) + ci + int(c)) % 7
					if k == 6 {
						continue
					}
					gx := x + float64(ci)*height/2
					g := extractor.Glyph{Box: extractor.Box{X0: gx, Y0: y, X1: gx + height/2*float64(1+k/5), Y1: y + height}, Slashed: k == 4}
					if k%2 == 0 {
						// Ink in cells, for the likeness to the page's digits.
						g.Shape = make([]uint8, extractor.ShapeCols*extractor.ShapeRows)
						for i := range g.Shape {
							g.Shape[i] = uint8((int(jitter)*i + int(c)*(k+1)) % 256)
						}
					}
					for h := range k % 3 {
						hy := y + height*float64(h+1)/4
						g.Holes = append(g.Holes, extractor.Hole{Box: extractor.Box{X0: gx + 1, Y0: hy, X1: gx + 3, Y1: hy + height*float64(k)/10}, Area: float64(k + h)})
					}
					wo.Glyphs = append(wo.Glyphs, g)
				}
				p.Words = append(p.Words, wo)
				x += wd + math.Mod(j, 30)
			}
		}
		r := extractor.Extract([]extractor.Page{p})
		for _, fd := range r.Findings {
			if !extractor.Valid(fd.Kind, fd.Value) {
				t.Fatalf("invalid finding %q of kind %s", fd.Value, fd.Kind)
			}
			if !(fd.Confidence > 0 && fd.Confidence <= 1) {
				t.Fatalf("confidence %v", fd.Confidence)
			}
			if fd.Kind == extractor.KindOnlineAccountNumber && fd.Label == "" {
				t.Fatalf("unlabeled OAN %s", fd.Value)
			}
		}
		for _, s := range r.Slots {
			if !(s.Region.X1 > s.Region.X0 && s.Region.Y1 > s.Region.Y0) {
				t.Fatalf("empty slot region %+v", s.Region)
			}
		}
		lines := strings.Split(text, "\n")
		// A caption re-read as the page's own lines changes nothing that
		// could make an invalid or unlabeled Online Account Number.
		for _, c := range r.Captions() {
			if !(c.Region.X1 > c.Region.X0 && c.Region.Y1 > c.Region.Y0) {
				t.Fatalf("empty caption region %+v", c.Region)
			}
			rds := []extractor.Reading{{Text: lines[0], Conf: conf}, {Text: lines[len(lines)-1], Conf: conf}}
			if q, ok := extractor.Recaption(p, c, rds); ok {
				for _, fd := range extractor.Extract([]extractor.Page{q}).Findings {
					if !extractor.Valid(fd.Kind, fd.Value) || fd.Kind == extractor.KindOnlineAccountNumber && fd.Label == "" {
						t.Fatalf("recaptioned page gave %s %q", fd.Kind, fd.Value)
					}
				}
			}
		}
		// Re-reads made of the page's own lines, one of them with its
		// spaces moved, settle the slots only with valid values, and an
		// Online Account Number only with its label.
		r.ResolveSlots(func(s extractor.Slot) []extractor.Reading {
			var rds []extractor.Reading
			for i, ln := range lines[:min(len(lines), 7)] {
				rds = append(rds, extractor.Reading{Text: ln, Conf: conf * float64(i%3) / 2})
			}
			if n := len(lines[0]); n > 2 {
				rds = append(rds, extractor.Reading{Text: strings.ReplaceAll(lines[0][:n/2], " ", "") + " " + lines[0][n/2:], Conf: conf})
			}
			return rds
		})
		for _, fd := range r.Findings {
			if !extractor.Valid(fd.Kind, fd.Value) || fd.Kind == extractor.KindOnlineAccountNumber && fd.Label == "" {
				t.Fatalf("resolved slots gave %s %q", fd.Kind, fd.Value)
			}
		}
	})
}

// FuzzResolve checks that re-readings, however garbled, resolve only to
// valid values.
func FuzzResolve(f *testing.F) {
	f.Add("EAC2190012345", "10E0912345678", "A-123-456-789", uint8(0))
	f.Add("1234 5678 9012", "1234 5678 9O12", "", uint8(1))
	f.Add("BC 169-7506572", "1060325361950", "EAC219001234", uint8(13))
	f.Fuzz(func(t *testing.T, a, b, c string, k uint8) {
		kind := extractor.Kinds()[int(k)%3]
		s := extractor.Slot{Kind: kind, Page: 1, Region: extractor.Box{X1: 10, Y1: 10}}
		if k&4 != 0 {
			// A label's slot: the office code read alone, the clear lead.
			s.Label = "Receipt Number"
		}
		rds := []extractor.Reading{{Text: a, Conf: 0.5}, {Text: b, Conf: 0.9}, {Text: c, Conf: 0.7}}
		if k&8 != 0 {
			// Both recognizers' eight readings.
			rds = append(rds, extractor.Reading{Text: a}, extractor.Reading{Text: a, Conf: 0.2},
				extractor.Reading{Text: c, Conf: 0.1}, extractor.Reading{Text: b}, extractor.Reading{})
		}
		if fd, ok := extractor.Resolve(s, rds); ok && !extractor.Valid(fd.Kind, fd.Value) {
			t.Fatalf("invalid %q", fd.Value)
		}
	})
}
