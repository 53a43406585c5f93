package ocr

import (
	"slices"
	"testing"

	"github.com/noticescan/noticescan/extractor"
)

func box(x0, y0, x1, y1 float64) word {
	return word{Word: extractor.Word{Text: "w", Box: extractor.Box{X0: x0, Y0: y0, X1: x1, Y1: y1}}}
}

// Words of a second look are kept only where no word was read and when
// no taller than the page's lines allow.
func TestUnseen(t *testing.T) {
	page := []word{box(380, 1064, 490, 1095), box(500, 1065, 525, 1088), box(415, 1125, 490, 1157), box(500, 1124, 550, 1156)}
	for _, tc := range []struct {
		name string
		w    word
		keep bool
	}{
		{"OKClearOfWords", box(400, 1400, 700, 1460), true},
		{"ErrSpansTwoLines", box(358, 1065, 821, 1206), false},
		{"ErrOnAWord", box(410, 1120, 495, 1160), false},
		{"ErrEmptyBox", box(400, 1400, 400, 1460), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := len(unseen([]word{tc.w}, page)) == 1; got != tc.keep {
				t.Fatalf("kept %v, want %v", got, tc.keep)
			}
		})
	}
}

// A word of the page whose box Tesseract made far flatter than its print
// leaves its ink free for a second look, which reads it again: the extra
// word holding most of it is the same text. A speck read inside an extra
// word's box does not hide it.
func TestUnseen_FlatBoxedWord(t *testing.T) {
	flat := box(1334, 855, 1587, 864)
	flat.Text = "1106654633."
	speck := box(1400, 830, 1406, 836)
	speck.Text = "."
	again := box(1319, 813, 1566, 860)
	again.Text = "71106654633"
	line := []word{box(232, 819, 341, 859), box(355, 812, 458, 859), box(1231, 814, 1318, 861)}
	if got := unseen([]word{again}, append(line, flat)); len(got) != 0 {
		t.Fatalf("the flat-boxed word read again was kept: %v", got)
	}
	if got := unseen([]word{again}, append(line, speck)); len(got) != 1 {
		t.Fatalf("a speck inside the extra word hid it: %v", got)
	}
}

// A word of the page that Tesseract boxed flat on the rule under its
// print, read again in place by the second look, takes the second look's
// box; the extra copy goes. Other words and other extra words stay as
// they are.
func TestRebox(t *testing.T) {
	words := func(ws ...word) []word { return ws }
	named := func(w word, text string) word { w.Text = text; return w }
	line := words(named(box(1265, 746, 1439, 805), "RECEIPT"), named(box(1443, 754, 1515, 791), "NO."),
		named(box(1987, 750, 2138, 791), "NUMBER"))
	flat := named(box(1663, 789, 1961, 794), "ALLEN")
	again := named(box(1844, 747, 1961, 788), "ALLEN")
	elsewhere := named(box(400, 1400, 700, 1440), "Notice")

	ws, extra := rebox(append(slices.Clone(line), flat), words(again, elsewhere))
	if len(extra) != 1 || extra[0].Text != "Notice" {
		t.Fatalf("extra words %v; want only the one elsewhere", extra)
	}
	if got := ws[len(ws)-1].Box; got != again.Box {
		t.Fatalf("flat word's box %v; want the second look's %v", got, again.Box)
	}
	for i, w := range line {
		if ws[i].Box != w.Box {
			t.Fatalf("word %q moved to %v", w.Text, ws[i].Box)
		}
	}
	// A word of the page with its print's height keeps its box, and the
	// second look's word then stays too (unseen decides whether it is
	// new).
	tall := named(box(1663, 750, 1961, 794), "ALLEN")
	if ws, extra := rebox(append(slices.Clone(line), tall), words(again)); len(extra) != 1 || ws[len(ws)-1].Box != tall.Box {
		t.Fatalf("a word boxed to its print's height was reboxed: %v, extra %v", ws[len(ws)-1].Box, extra)
	}
	// Other text, or the same text a line away, is not the flat word.
	for _, e := range []word{named(again, "ALIEN NO"), named(box(1844, 640, 1961, 681), "ALLEN")} {
		if ws, extra := rebox(append(slices.Clone(line), flat), words(e)); len(extra) != 1 || ws[len(ws)-1].Box != flat.Box {
			t.Fatalf("%q at %v reboxed the flat word", e.Text, e.Box)
		}
	}
}
