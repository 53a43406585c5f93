package ocr

import (
	"cmp"
	"context"
	"fmt"
	"image"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/otiai10/gosseract/v2"

	"github.com/noticescan/noticescan/extractor"
)

// Sizes of the text the page reading may have left out, in inches: a line
// of print is 0.06-0.5 in high (two lines run together at most) and a
// field's value at least a quarter inch wide. Letters of a word are under
// bridgeGap apart.
const (
	minLostHeight = 0.06
	maxLostHeight = 0.5
	minLostWidth  = 0.25
	bridgeGap     = 0.08
	// maxLostFill is the most of its box a line's ink fills.
	maxLostFill = 0.8
	// maxLostLines bounds the extra reads per page.
	maxLostLines = 16
)

// lostLines finds ink shaped like lines of text that no word of the page's
// reading covers. Tesseract's page layout now and then leaves a whole block
// out (a boxed field, a few lines beside a shadow on a photo) without a
// character read from it, and a value there would be lost without a trace.
// Rules, specks and pictures are not text-shaped: too thin, too small, too
// tall, not twice as wide as high, too sparse (a box's frame) or solid (a
// logo, a black bar; bold capitals fill 0.63 of their box at 100 DPI, and
// 0.70 blurred on a 150-DPI scan, where a caption over a boxed account
// number was lost with its number for want of a second look). Ink at the
// picture's edge is left too. The rectangles are in page pixels, largest
// ink first.
func lostLines(ws []word, m *inkMap, dpi float64) []image.Rectangle {
	if m.total == 0 || dpi <= 0 {
		return nil
	}
	cells := dpi / float64(m.factor) // map cells per inch
	free := slices.Clone(m.ink)
	for _, w := range ws {
		x0, y0 := int(w.Box.X0)/m.factor-1, int(w.Box.Y0)/m.factor-1
		x1, y1 := int(w.Box.X1)/m.factor+1, int(w.Box.Y1)/m.factor+1
		for y := max(0, y0); y <= min(m.h-1, y1); y++ {
			for x := max(0, x0); x <= min(m.w-1, x1); x++ {
				free[y*m.w+x] = 0
			}
		}
	}
	clearInkRules(free, m.w, m.h, cells)
	// Bridge the gaps between letters and words along each row, so that
	// a line of text is one component: the map drawn with the free ink
	// and its bridges black.
	joined := image.NewGray(image.Rect(0, 0, m.w, m.h))
	gap := max(1, int(bridgeGap*cells))
	for y := range m.h {
		row := joined.Pix[y*m.w : (y+1)*m.w]
		last := -1
		for x, v := range free[y*m.w : (y+1)*m.w] {
			if v == 0 {
				row[x] = 255
				continue
			}
			if last >= 0 && x-last > 1 && x-last <= gap {
				clear(row[last+1 : x])
			}
			last = x
		}
	}
	cs := findComponents(joined, 0)
	ink := make([]int, len(cs.comps))
	for y, rs := range cs.rows {
		for _, r := range rs {
			for x := r.x0; x < r.x1; x++ {
				ink[r.comp] += int(free[y*m.w+int(x)])
			}
		}
	}
	type comp struct {
		r   image.Rectangle
		ink int
	}
	var comps []comp
	for id, k := range cs.comps {
		c := comp{r: image.Rect(int(k.x0), int(k.y0), int(k.x1), int(k.y1)), ink: ink[id]}
		h, w := float64(c.r.Dy())/cells, float64(c.r.Dx())/cells
		fill := float64(c.ink) / float64(c.r.Dx()*c.r.Dy())
		if h < minLostHeight || h > maxLostHeight || w < minLostWidth || w < 2*h || fill < 0.1 || fill > maxLostFill {
			continue
		}
		// Ink at the picture's edge is a desk or the sheet's border on a
		// photo, a scanner's shadow on a scan: not a line of the page.
		if c.r.Min.X == 0 || c.r.Min.Y == 0 || c.r.Max.X == m.w || c.r.Max.Y == m.h {
			continue
		}
		comps = append(comps, c)
	}
	slices.SortFunc(comps, func(a, b comp) int { return cmp.Compare(b.ink, a.ink) })
	if len(comps) > maxLostLines {
		comps = comps[:maxLostLines]
	}
	out := make([]image.Rectangle, len(comps))
	for i, c := range comps {
		r := image.Rect(c.r.Min.X*m.factor, c.r.Min.Y*m.factor, c.r.Max.X*m.factor, c.r.Max.Y*m.factor)
		// A narrow margin across: a boxed value's frame stands close to
		// its first character and would be read as a quote or a 1.
		px, py := max(3, r.Dy()/8), max(4, r.Dy()/4)
		out[i] = image.Rect(r.Min.X-px, r.Min.Y-py, r.Max.X+px, r.Max.Y+py)
	}
	return out
}

// Rules, in inches: a run of ink this long along a row, or down a column,
// is a table's rule or a box's frame, not print.
const (
	minRuleAcross = 0.5
	minRuleDown   = 0.4
)

// clearInkRules clears the rules from a w×h ink map of cells cells an
// inch. Text in a ruled table touches the grid, and all of it with the
// grid made one component too tall to be a line: a phone photo of a table
// whose every row the page layout left out kept none of them.
func clearInkRules(ink []uint8, w, h int, cells float64) {
	at := func(x, y int) bool { return x >= 0 && y >= 0 && x < w && y < h && ink[y*w+x] != 0 }
	// Both directions are found before either is cleared, so a rule
	// crossing another is found whole.
	rule := make([]bool, len(ink))
	markRuns(w, h, max(2, int(minRuleAcross*cells)), at, func(x, y int) { rule[y*w+x] = true })
	markRuns(h, w, max(2, int(minRuleDown*cells)), func(y, x int) bool { return at(x, y) },
		func(y, x int) { rule[y*w+x] = true })
	for i, r := range rule {
		if r {
			ink[i] = 0
		}
	}
}

// markRuns marks the ink of every run at least `least` cells long along the first
// axis (n long) of an n×m map. A rule left slightly slanted by the page's
// skew steps across the other axis: runs are followed in a band of three.
func markRuns(n, m, least int, at func(i, j int) bool, mark func(i, j int)) {
	for j := range m {
		band := func(i int) bool { return at(i, j-1) || at(i, j) || at(i, j+1) }
		for i := 0; i < n; {
			k := 0
			for i+k < n && band(i+k) {
				k++
			}
			if k >= least {
				for a := i; a < i+k; a++ {
					for d := -1; d <= 1; d++ {
						if at(a, j+d) {
							mark(a, j+d)
						}
					}
				}
			}
			i += k + 1
		}
	}
}

// readLost reads each region of g as a block of text and returns the words
// found there, in g's pixels. A region that reads as nothing or as garbage
// (no word shaped as notices print words and numbers) is read once more
// with half its height added above and below, and that reading kept if it
// holds such a word: on a stained or faded line the ink map keeps only the
// darker part of the letters, and a line cut through reads as nothing (an
// A-Number under a coffee stain's rim) or as "A?SA—-445—A54". A region
// that read as words keeps them, however doubtful: a taller region read a
// right "A3806637" as "93806637", surer of it. It runs in the handle's
// goroutine.
func readLost(ctx context.Context, c *gosseract.Client, g *image.Gray, regions []image.Rectangle, dpi float64) ([]word, error) {
	var out []word
	for _, r := range regions {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ws, err := readRegion(c, g, r, dpi)
		if err != nil {
			return nil, err
		}
		if !readable(ws) {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			taller := image.Rect(r.Min.X, r.Min.Y-r.Dy()/2, r.Max.X, r.Max.Y+r.Dy()/2)
			more, err := readRegion(c, g, taller, dpi)
			if err != nil {
				return nil, err
			}
			if readable(more) {
				ws = more
			}
		}
		out = append(out, ws...)
	}
	return out, nil
}

// readable reports whether ws holds a well-formed word of two letters or
// digits or more.
func readable(ws []word) bool {
	return slices.ContainsFunc(ws, func(w word) bool { return alnum(w.Text) >= 2 && wellFormed(w.Text) })
}

// readRegion reads one region of g as a block of text.
func readRegion(c *gosseract.Client, g *image.Gray, r image.Rectangle, dpi float64) ([]word, error) {
	r = r.Intersect(g.Bounds())
	if r.Dx() < 8 || r.Dy() < 8 {
		return nil, nil
	}
	const margin = 10
	// Under a stain or a shadow, one threshold for the region takes the
	// darkened paper for ink and reads nothing: uneven paper is flattened
	// first, as for a re-read line (cropLine). A boxed field's frame, cut
	// by the region, would be read as letters.
	crop := toGray(g.SubImage(r))
	if paper := paperLevels(crop, dpi); unevenPaper(paper) {
		crop = flattenPaper(crop, paper, dpi)
	}
	img := pad(clearRules(crop), margin)
	if err := c.SetImageFromBytes(encodeTIFF(img)); err != nil {
		return nil, fmt.Errorf("read lost lines: set image: %v", err)
	}
	if err := setDPI(c, dpi); err != nil {
		return nil, fmt.Errorf("read lost lines: %v", err)
	}
	p, err := readWords(c, gosseract.PSM_SINGLE_BLOCK)
	if err != nil {
		return nil, err
	}
	dx, dy := float64(r.Min.X-margin), float64(r.Min.Y-margin)
	out := make([]word, 0, len(p.words))
	for _, w := range p.words {
		w.Box = extractor.Box{X0: w.Box.X0 + dx, Y0: w.Box.Y0 + dy, X1: w.Box.X1 + dx, Y1: w.Box.Y1 + dy}
		w.Relook = true
		out = append(out, w)
	}
	return out, nil
}

// garbledWord reports a word Tesseract read at almost no confidence and
// without a digit: what its layout made of a line it garbled (a
// photographed table's row "A# A098-636-806" read as "Pa", "Abe", "eae",
// "bie"; an account's caption and value, two lines of a photo in shadow,
// as "ee" and "preps"). Such words do not hide their ink from the second
// look.
func garbledWord(w word) bool {
	return w.Conf < garbledWordConf && !strings.ContainsFunc(w.Text, unicode.IsDigit)
}

// garbledWordConf is the confidence under which a word without a digit
// counts as garbled (see garbledWord).
const garbledWordConf = 0.3

// garbledAgain drops the words of the second look that are garbled
// themselves (see garbledWord) where they lie over a word of ws that hid
// nothing: read again no better, a letterhead's logo read "/USCIS#" at
// 0.08, and made an A-Number caption of it.
func garbledAgain(again, ws []word, hidden func(word) bool) []word {
	return slices.DeleteFunc(again, func(a word) bool {
		return garbledWord(a) && slices.ContainsFunc(ws, func(w word) bool { return hidden(w) && overlap(a, w) })
	})
}

// overlap reports whether the boxes of a and w share any area.
func overlap(a, w word) bool {
	return min(a.Box.X1, w.Box.X1) > max(a.Box.X0, w.Box.X0) && min(a.Box.Y1, w.Box.Y1) > max(a.Box.Y0, w.Box.Y0)
}

// dropCovered drops the words of ws that hid no text from the second look
// (see garbledWord) and that a word of it overlaps: it read their text
// again.
func dropCovered(ws, again []word, hidden func(word) bool) []word {
	return slices.DeleteFunc(ws, func(w word) bool {
		return hidden(w) && slices.ContainsFunc(again, func(a word) bool { return overlap(a, w) })
	})
}

// unseen keeps the words of extra that stand clear of the words of ws and
// are no taller than two of their lines: lost text lies where no word
// was, and a word overlapping the page's words, or spanning two of their
// lines, is Tesseract making one of a region's lines and the edges of
// words read before (a tall "2594785948" over a caption and its value hid
// the value from its label). So is a word that holds most of a word of
// the page.
func unseen(extra, ws []word) []word {
	tall := math.Inf(1)
	if mh, ok := medianHeight(ws); ok {
		tall = 3 * mh
	}
	var out []word
	for _, e := range extra {
		area := (e.Box.X1 - e.Box.X0) * (e.Box.Y1 - e.Box.Y0)
		keep := area > 0 && e.Box.Y1-e.Box.Y0 <= tall
		for _, w := range ws {
			ix := min(e.Box.X1, w.Box.X1) - max(e.Box.X0, w.Box.X0)
			iy := min(e.Box.Y1, w.Box.Y1) - max(e.Box.Y0, w.Box.Y0)
			// A word of the page with a box far flatter than its print
			// (Tesseract boxed "1106654633." 9 pixels high on a 45-pixel
			// line) left its text's ink free, and the region read it
			// again: one more than half inside the extra word is the same
			// text.
			inside := alnum(w.Text) >= 3 && 2*ix*iy > (w.Box.X1-w.Box.X0)*(w.Box.Y1-w.Box.Y0)
			if !keep || ix > 0 && iy > 0 && (2*ix*iy > area || inside) {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, e)
		}
	}
	return out
}

// rebox gives a word of the page that Tesseract boxed far flatter than its
// print the box of the second look's word that repeats it, and drops that
// extra word. The flat box lay a line's part off its text (the "ALIEN"
// of a table's header boxed on the rule under it), so the text's ink was
// left free and read again in place; the page's reading stays, in its
// place: a header's caption on its row, not beside another caption.
func rebox(ws, extra []word) ([]word, []word) {
	mh, ok := medianHeight(ws)
	if !ok {
		return ws, extra
	}
	out := extra[:0:0]
	for _, e := range extra {
		i := slices.IndexFunc(ws, func(w word) bool {
			if w.Box.Y1-w.Box.Y0 >= mh/4 || alnum(w.Text) < 3 || !sameLetters(w.Text, e.Text) {
				return false
			}
			ix := min(e.Box.X1, w.Box.X1) - max(e.Box.X0, w.Box.X0)
			gap := max(w.Box.Y0-e.Box.Y1, e.Box.Y0-w.Box.Y1)
			return 2*ix >= e.Box.X1-e.Box.X0 && gap <= mh
		})
		if i < 0 {
			out = append(out, e)
			continue
		}
		ws[i].Box = e.Box
	}
	return ws, out
}

// medianHeight is the median height of the words' boxes; false for no
// words.
func medianHeight(ws []word) (float64, bool) {
	if len(ws) == 0 {
		return 0, false
	}
	hs := make([]float64, 0, len(ws))
	for _, w := range ws {
		hs = append(hs, w.Box.Y1-w.Box.Y0)
	}
	slices.Sort(hs)
	return hs[len(hs)/2], true
}

// sameLetters reports whether a and b hold the same letters and digits,
// case aside.
func sameLetters(a, b string) bool {
	keep := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return unicode.ToUpper(r)
			}
			return -1
		}, s)
	}
	return keep(a) != "" && keep(a) == keep(b)
}
