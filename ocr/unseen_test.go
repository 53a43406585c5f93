package ocr

import (
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
