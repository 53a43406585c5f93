package ocr_test

import (
	"context"
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/ocr"
)

// A line the page's reading left out is found from the ink no word covers
// and read on its own; a rule and a box's frame are not taken for text.
func TestEngine_LostLines(t *testing.T) {
	p := mustRenderPage(t, 300, []string{"Receipt Number: WAC2230076177", "A-Number: A123456789", "Page 1 of 2"})
	fill := func(r image.Rectangle) {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				p.img.Pix[y*p.img.Stride+x] = 0
			}
		}
	}
	fill(image.Rect(300, 1500, 2200, 1506))                                       // a rule
	boxAround(p.img, extractor.Box{X0: 400, Y0: 1700, X1: 1100, Y1: 1760}, 20, 3) // an empty box
	e := mustEngine(t, ocr.Config{})
	rec := mustRecognize(t, e, p.img, 300)
	lost := p.boxes["A123456789"]
	var kept []extractor.Word
	// The words of the other lines only: whatever the reading made of the
	// rule and the frame is left out too, so that their ink is
	// uncovered and must be told from text by its shape.
	for _, wd := range rec.Words {
		onLine := wd.Box.Y1 >= lost.Y0-5 && wd.Box.Y0 <= lost.Y1+5
		printed := false
		for _, b := range p.boxes {
			printed = printed || near(wd.Box, b, 15)
		}
		if printed && !onLine {
			kept = append(kept, wd)
		}
	}
	if len(kept) == len(rec.Words) || len(kept) == 0 {
		t.Fatalf("the page's reading has no words on the value's line to leave out: %q", texts(rec.Words))
	}
	regions, words, err := ocr.ReadLostLines(context.Background(), e, rec.Image, rec.DPI, kept)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("regions %v", regions)
	covered := false
	for _, r := range regions {
		b := extractor.Box{X0: float64(r.Min.X), Y0: float64(r.Min.Y), X1: float64(r.Max.X), Y1: float64(r.Max.Y)}
		switch {
		case b.X0 <= lost.X0 && b.X1 >= lost.X1 && b.Y0 <= lost.Y0 && b.Y1 >= lost.Y1:
			covered = true
		case b.Y1 > 1490 && b.Y0 < 1520, b.Y1 > 1670 && b.Y0 < 1790:
			t.Errorf("region %v holds a rule or a frame, not text", r)
		}
	}
	if !covered {
		t.Fatalf("no region covers the left-out line %+v: %v", lost, regions)
	}
	i := slices.IndexFunc(words, func(wd extractor.Word) bool { return strings.Contains(wd.Text, "A123456789") })
	if i < 0 {
		t.Fatalf("the left-out value was not read again: %q", texts(words))
	}
	if !words[i].Relook || !near(words[i].Box, lost, 15) {
		t.Errorf("word %+v: want marked as a second look, at %+v", words[i], lost)
	}
}

// A page Tesseract read along its vertical lines (on its side, the
// ascender test undecided) is brought upright with its words before the
// second look, which then finds the line the reading left out where it
// is on the upright page.
func TestUprightReading(t *testing.T) {
	p := mustRenderPage(t, 300, noticeLines())
	w, h := float64(p.img.Bounds().Dx()), float64(p.img.Bounds().Dy())
	side := turnCW(p.img, 90)
	lost := p.boxes["A123456789"]
	var read, upright []extractor.Word
	for text, b := range p.boxes {
		if near(b, lost, 5) || text == "A-Number:" {
			continue
		}
		upright = append(upright, extractor.Word{Text: text, Box: b, Conf: 0.95})
		// Turned a quarter clockwise, the page's (x, y) lies at (h-y, x).
		read = append(read, extractor.Word{Text: text, Box: extractor.Box{X0: h - b.Y1, Y0: b.X0, X1: h - b.Y0, Y1: b.X1}, Conf: 0.95})
	}
	img, words, regions := ocr.UprightReading(side, 3, read)
	if img.Bounds().Dx() != int(w) || img.Bounds().Dy() != int(h) || !slices.Equal(img.Pix, p.img.Pix) {
		t.Fatalf("page %v not brought upright (%v)", img.Bounds(), p.img.Bounds())
	}
	for i, wd := range words {
		if !near(wd.Box, upright[i].Box, 2) {
			t.Errorf("%q at %+v, upright at %+v", wd.Text, wd.Box, upright[i].Box)
		}
	}
	covered := false
	for _, r := range regions {
		b := extractor.Box{X0: float64(r.Min.X), Y0: float64(r.Min.Y), X1: float64(r.Max.X), Y1: float64(r.Max.Y)}
		covered = covered || b.X0 <= lost.X0 && b.X1 >= lost.X1 && b.Y0 <= lost.Y0 && b.Y1 >= lost.Y1
	}
	if !covered {
		t.Errorf("no region of the second look covers the left-out line %+v: %v", lost, regions)
	}
}

// A photographed sheet's first reading can leave out a dozen lines, the
// address block and a receipt number among them: the second look reads
// past the first eight, whose ink is larger.
func TestEngine_LostLinesMany(t *testing.T) {
	lines := []string{"U.S. Citizenship and Immigration Services"}
	for i := range 12 {
		lines = append(lines, fmt.Sprintf("Line %d of the notice that the page layout left out entirely.", i+1))
	}
	lines = append(lines, "YSC-14-063-04305")
	p := mustRenderPage(t, 300, lines)
	e := mustEngine(t, ocr.Config{})
	kept := []extractor.Word{{Text: "U.S.", Box: p.boxes["U.S."], Conf: 0.95}}
	_, words, err := ocr.ReadLostLines(context.Background(), e, p.img, 300, kept)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(words, func(wd extractor.Word) bool { return strings.Contains(wd.Text, "04305") }) {
		t.Fatalf("the receipt number's line was not read again: %q", texts(words))
	}
}

// A bold caption blurred on a low-resolution scan fills nearly three
// quarters of its box and is still taken for a line of text; a solid bar
// of the same size is not.
func TestLostLines_BoldLineNotBar(t *testing.T) {
	const w, h, factor, dpi = 850, 1100, 3, 300 // 100 cells an inch
	ink := make([]uint8, w*h)
	block := func(x0, y0, x1, y1 int, on func(x int) bool) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				if on(x) {
					ink[y*w+x] = 1
				}
			}
		}
	}
	block(100, 200, 300, 212, func(x int) bool { return x%4 != 0 }) // bold letters, 0.75 of the box
	block(100, 500, 300, 512, func(int) bool { return true })       // a black bar
	lost := ocr.LostLinesOfInk(ink, w, h, factor, dpi)
	var line, bar bool
	for _, r := range lost {
		line = line || r.Min.Y < 200*factor && r.Max.Y > 212*factor
		bar = bar || r.Min.Y < 500*factor && r.Max.Y > 512*factor
	}
	if !line || bar {
		t.Fatalf("regions %v: want the bold line (%v) and not the bar (%v)", lost, line, !bar)
	}
}

// Text in a ruled table, slightly slanted, is found line by line: the
// grid would otherwise join every cell into one component too tall to be
// a line, and a table the page layout left out would stay unread.
func TestLostLines_RuledTable(t *testing.T) {
	const w, h, factor, dpi = 850, 1100, 3, 300 // 100 cells an inch
	ink := make([]uint8, w*h)
	set := func(x, y int) { ink[y*w+x] = 1 }
	const x0, x1, y0, rows, pitch = 100, 700, 200, 5, 26
	slant := func(x int) int { return (x - x0) / 60 } // about 1°
	for r := 0; r <= rows; r++ {
		for x := x0; x <= x1; x++ {
			set(x, y0+r*pitch+slant(x))
		}
	}
	for _, x := range []int{x0, 350, x1} {
		for y := y0; y <= y0+rows*pitch+slant(x); y++ {
			set(x, y)
		}
	}
	var cells []image.Rectangle // in page pixels
	for r := range rows {
		for _, cx := range []int{x0 + 5, 355} {
			top := y0 + r*pitch + 8 + slant(cx)
			for y := top; y < top+10; y++ {
				for x := cx; x < cx+120; x++ {
					if x%4 != 0 {
						set(x, y)
					}
				}
			}
			cells = append(cells, image.Rect(cx*factor, top*factor, (cx+120)*factor, (top+10)*factor))
		}
	}
	lost := ocr.LostLinesOfInk(ink, w, h, factor, dpi)
	found := 0
	for _, c := range cells {
		if slices.ContainsFunc(lost, func(r image.Rectangle) bool { return c.In(r) && r.Dy() < 2*c.Dy() }) {
			found++
		}
	}
	if found < len(cells)-1 {
		t.Fatalf("%d of %d cells found as lines: %v", found, len(cells), lost)
	}
}

// A lost line whose region holds only the upper part of its letters (the
// ink map kept only their darker part, under a stain) reads as garbage;
// it is read again with room above and below, and its value is found.
func TestEngine_LostLineCutThrough(t *testing.T) {
	p := mustRenderPage(t, 300, []string{"Receipt Number: WAC2230076177", "A250-445-656"})
	b := p.boxes["A250-445-656"]
	h := b.Y1 - b.Y0
	cut := image.Rect(int(b.X0)-4, int(b.Y0)-2, int(b.X1)+4, int(b.Y0+0.7*h))
	e := mustEngine(t, ocr.Config{})
	words, err := ocr.ReadLostRegions(context.Background(), e, p.img, 300, []image.Rectangle{cut})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(words, func(wd extractor.Word) bool { return strings.Contains(wd.Text, "A250-445-656") })
	if i < 0 {
		t.Fatalf("the cut line was not read: %q", texts(words))
	}
	if !words[i].Relook || !near(words[i].Box, b, 15) {
		t.Errorf("word %+v: want marked as a second look, at %+v", words[i], b)
	}
}

// A lost line under a dark, soft stain is read flattened: one threshold
// for the region took the darkened paper for ink and read nothing, and
// an A-Number under a shadow stayed unread without a word.
func TestEngine_LostLineUnderStain(t *testing.T) {
	p := mustRenderPage(t, 300, []string{"Receipt Number: WAC2230076177", "A-Number", "A-54774015"})
	b := p.boxes["A-54774015"]
	// A shadow darkest over the value's left half, fading out to the
	// right and upward: paper at 255 falls to about 95, print stays 0.
	cx, cy := b.X0+0.3*(b.X1-b.X0), (b.Y0+b.Y1)/2
	for y := int(b.Y0) - 120; y < int(b.Y1)+120; y++ {
		for x := int(b.X0) - 150; x < int(b.X1)+150; x++ {
			dx, dy := (float64(x)-cx)/170, (float64(y)-cy)/110
			dark := 160 * math.Exp(-(dx*dx + dy*dy))
			i := y*p.img.Stride + x
			p.img.Pix[i] = uint8(float64(p.img.Pix[i]) * (1 - dark/255))
		}
	}
	region := image.Rect(int(b.X0)-4, int(b.Y0)-4, int(b.X1)+4, int(b.Y1)+4)
	e := mustEngine(t, ocr.Config{})
	words, err := ocr.ReadLostRegions(context.Background(), e, p.img, 300, []image.Rectangle{region})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(words, func(wd extractor.Word) bool { return strings.Contains(wd.Text, "54774015") }) {
		t.Fatalf("the stained line was not read: %q", texts(words))
	}
}

// TestEngine_LostLineOnDullPaper reads lost lines cut from a dull, grainy
// scan: gray print on gray paper. Set in a white border, such a crop gave
// Tesseract's threshold the border against the paper to split, and the
// lines read as nothing.
func TestEngine_LostLineOnDullPaper(t *testing.T) {
	p := mustRenderPage(t, 300, []string{"Receipt Number: WAC2230076177", "USCIS Online", "A-54774015"})
	// A 150-DPI scan brought to 300: strokes blurred over a few pixels.
	for range 2 {
		boxBlur(p.img, 2)
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	for i, v := range p.img.Pix {
		p.img.Pix[i] = uint8(max(0, min(255, 110+float64(v)*(200-110)/255+10*rnd.NormFloat64())))
	}
	e := mustEngine(t, ocr.Config{})
	// The Go font's slashed zero is not at issue here: the value's start
	// is enough to tell a line read from one lost.
	for _, c := range []struct{ first, last, want string }{{"USCIS", "Online", "USCIS"}, {"A-54774015", "A-54774015", "A-5477"}} {
		a, b := p.boxes[c.first], p.boxes[c.last]
		region := image.Rect(int(a.X0)-4, int(min(a.Y0, b.Y0))-4, int(b.X1)+4, int(max(a.Y1, b.Y1))+4)
		words, err := ocr.ReadLostRegions(context.Background(), e, p.img, 300, []image.Rectangle{region})
		if err != nil {
			t.Fatal(err)
		}
		if got := texts(words); !strings.Contains(got, c.want) {
			t.Errorf("%q on dull paper read as %q", c.first, got)
		}
	}
}

// boxBlur averages each pixel of g with its neighbours within r, in place.
func boxBlur(g *image.Gray, r int) {
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	src := slices.Clone(g.Pix)
	for y := range h {
		for x := range w {
			sum, n := 0, 0
			for yy := max(0, y-r); yy <= min(h-1, y+r); yy++ {
				for xx := max(0, x-r); xx <= min(w-1, x+r); xx++ {
					sum += int(src[yy*g.Stride+xx])
					n++
				}
			}
			g.Pix[y*g.Stride+x] = uint8(sum / n)
		}
	}
}

// Words read at almost no confidence and without a digit, where the second
// look read text, are what the page's layout made of that text (a
// photographed table's row "A# A098-636-806" read as "Abe", "eae",
// "bie"): they go. Sure words, words with a digit and garbled words the
// second look did not read over stay. Which regions get that second look
// is measured on generated photos (see the README); Tesseract garbles such
// a row too rarely to draw one that it does.
func TestDropGarbled(t *testing.T) {
	w := func(text string, x0, y0, x1, y1, conf float64) extractor.Word {
		return extractor.Word{Text: text, Box: extractor.Box{X0: x0, Y0: y0, X1: x1, Y1: y1}, Conf: conf}
	}
	page := []extractor.Word{
		w("Receipt", 243, 1053, 396, 1089, 0.96), w("Pa", 222, 1106, 407, 1171, 0.19),
		w("Abe", 1042, 1095, 1129, 1156, 0), w("eae", 1156, 1094, 1219, 1155, 0.29), w("bie", 1242, 1089, 1314, 1175, 0.22),
		w("4O1", 1330, 1095, 1390, 1150, 0.1), w("of", 1392, 1100, 1430, 1150, 0.9),
	}
	again := []extractor.Word{w("A098-636-806", 1040, 1100, 1400, 1150, 0.55)}
	var got []string
	for _, x := range ocr.DropGarbled(page, again) {
		got = append(got, x.Text)
	}
	if want := []string{"Receipt", "Pa", "4O1", "of"}; !slices.Equal(got, want) {
		t.Fatalf("kept %q, want %q", got, want)
	}
}

// A second look that reads a garbled word's place no better (a
// letterhead's logo read "/USCIS#" at 0.08) is dropped; one that reads a
// digit, or surely, is kept, and so is a garbled word of it over ink no
// word of the page had read.
func TestGarbledAgain(t *testing.T) {
	w := func(text string, x0, y0, x1, y1, conf float64) extractor.Word {
		return extractor.Word{Text: text, Box: extractor.Box{X0: x0, Y0: y0, X1: x1, Y1: y1}, Conf: conf}
	}
	page := []extractor.Word{w("ee", 250, 258, 514, 327, 0.12), w("U.S.", 594, 269, 661, 297, 0.96), w("preps", 2020, 1533, 2228, 1624, 0.16)}
	again := []extractor.Word{
		w("/USCIS#", 250, 258, 514, 327, 0.08), w("ACCOUNT", 2030, 1536, 2211, 1570, 0.86), w("5924", 2040, 1590, 2130, 1622, 0.2),
		w("Ssa", 1200, 900, 1300, 940, 0.1),
	}
	var got []string
	for _, x := range ocr.GarbledAgain(again, page) {
		got = append(got, x.Text)
	}
	if want := []string{"ACCOUNT", "5924", "Ssa"}; !slices.Equal(got, want) {
		t.Fatalf("kept %q, want %q", got, want)
	}
}
