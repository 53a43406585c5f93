package ocr

import (
	"image"
	"math"
	"slices"
)

// Slashed zeros. Monospaced fonts, and the Go fonts, print the zero with a
// slash through it (Ø), and on fax noise Tesseract reads that glyph as 8,
// 9 or 6 with high confidence, every variant of a re-read alike: the value
// still validates, one digit wrong. The glyph itself tells: the slash
// parts its oval into two holes side by side, where an 8's two holes lie
// a waist apart and a 6 or 9 has one.

const (
	// zeroMinHeight and zeroMaxHeight bound, in inches, the height of a
	// digit looked at: 7 to 24 points of type.
	zeroMinHeight = 0.06
	zeroMaxHeight = 0.25
	// zeroSlant is the least shift to the right, as a share of the
	// glyph's width, from the centre of a slashed zero's upper hole to its
	// lower one: the slash rises to the right and parts them sideways,
	// where an 8's lie one above the other.
	zeroSlant = 0.06
)

// unslashZeros erases, on page g at dpi, the slash of every glyph shaped
// as a slashed zero, leaving its oval, which Tesseract reads as 0 on a page
// where it read the slashed glyph as 8, 9 or 6. It returns how many it
// erased. Only components of a digit's size and shape are looked at.
func unslashZeros(g *image.Gray, dpi float64) int {
	th := inkThreshold(g)
	cs := findComponents(g, th)
	paper := paperLevel(g, th)
	minH, maxH := int32(zeroMinHeight*dpi), int32(zeroMaxHeight*dpi)
	n := 0
	for id, c := range cs.comps {
		h, w := c.y1-c.y0, c.x1-c.x0
		if h < minH || h > maxH || 2*w < minH {
			continue
		}
		// Taller than wide by a fifth: two o's run together are not one.
		if 5*h >= 6*w {
			holes, m := holesOf(cs, int32(id))
			if slashedHoles(holes, int(w), int(h)) {
				eraseSlash(g, c, m, holes, paper)
				n++
			}
			continue
		}
		if w <= maxRun*h {
			n += unslashInRun(g, cs, int32(id), paper)
		}
	}
	return n
}

// maxRun is the most glyphs, in heights, a run of digits that noise or a
// bold threshold ran together may span and still be looked into.
const maxRun = 5

// unslashInRun erases the slash of the slashed zeros inside component id,
// glyphs run together ("A0", "102"): each pair of its holes that is a
// slashed zero's (see slashedHoles), as seen in a window around the pair
// one stroke wider each side, loses the ink between its oval's sides. The
// erasing stays within the pair's span, so a neighbour touching the oval
// never moves its sides. It returns how many it erased.
func unslashInRun(g *image.Gray, cs *components, id int32, paper uint8) int {
	c := cs.comps[id]
	w, h := int(c.x1-c.x0), int(c.y1-c.y0)
	holes, m := holesOf(cs, id)
	if len(holes) < 2 {
		return 0
	}
	stroke := max(2, h/5)
	n := 0
	for i := range holes {
		for j := i + 1; j < len(holes); j++ {
			a, b := holes[i], holes[j]
			// Halves of one oval lie within a third of its height of each
			// other across; holes of neighbouring glyphs a glyph apart.
			if 3*math.Abs(a.cx-b.cx) > float64(h) || !oneOval(a, b, h) {
				continue
			}
			// The pair as its own glyph: holes in a window's coordinates.
			wx0, wx1 := max(0, min(a.x0, b.x0)-stroke), min(w, max(a.x1, b.x1)+1+stroke)
			pair := []hole{a, b}
			for k := range pair {
				pair[k].x0 -= wx0
				pair[k].x1 -= wx0
				pair[k].cx -= float64(wx0)
			}
			if !slashedHoles(pair, wx1-wx0, h) {
				continue
			}
			sub := make([]int8, 0, (wx1-wx0)*h)
			for y := range h {
				sub = append(sub, m[y*w+wx0:y*w+wx1]...)
			}
			win := comp{x0: c.x0 + int32(wx0), y0: c.y0, x1: c.x0 + int32(wx1), y1: c.y1}
			eraseSlashWithin(g, win, sub, pair, paper, min(pair[0].x0, pair[1].x0), max(pair[0].x1, pair[1].x1))
			n++
		}
	}
	return n
}

// eraseSlash papers over the inside of the oval of the slashed zero c, whose
// holes are holes and whose box's map is m (see holesOf): on each row
// between the holes' top and bottom, what lies between the oval's two
// sides, as thick as they are on most rows, is the slash.
func eraseSlash(g *image.Gray, c comp, m []int8, holes []hole, paper uint8) {
	eraseSlashWithin(g, c, m, holes, paper, 0, int(c.x1-c.x0)-1)
}

// eraseSlashWithin is eraseSlash touching only columns lo..hi of c's box.
func eraseSlashWithin(g *image.Gray, c comp, m []int8, holes []hole, paper uint8, lo, hi int) {
	w := int(c.x1 - c.x0)
	y0, y1 := min(holes[0].y0, holes[1].y0), max(holes[0].y1, holes[1].y1)
	type side struct{ l, r, lw, rw int }
	sides := make([]side, 0, y1-y0+1)
	var lws, rws []int
	for y := y0; y <= y1; y++ {
		row := m[y*w : (y+1)*w]
		l, r := slices.Index(row, -1), w-1
		for r >= 0 && row[r] != -1 {
			r--
		}
		if l < 0 {
			sides = append(sides, side{l: -1})
			continue
		}
		lw, rw := 0, 0
		for l+lw < w && row[l+lw] == -1 {
			lw++
		}
		for r-rw >= 0 && row[r-rw] == -1 {
			rw++
		}
		sides = append(sides, side{l, r, lw, rw})
		lws, rws = append(lws, lw), append(rws, rw)
	}
	if len(lws) == 0 {
		return
	}
	slices.Sort(lws)
	slices.Sort(rws)
	lw, rw := lws[len(lws)/2], rws[len(rws)/2]
	for i, s := range sides {
		if s.l < 0 {
			continue
		}
		row := g.Pix[(int(c.y0)+y0+i)*g.Stride+int(c.x0):]
		for x := max(lo, s.l+lw); x <= min(hi, s.r-rw); x++ {
			row[x] = max(row[x], paper)
		}
	}
}

// oneOval reports whether holes a and b of a run of glyphs h pixels tall
// can be the two halves of one zero: the slash parts the oval corner to
// corner, so each half reaches both of its sides (their edges lie
// together), they lie side by side over a row or more, and they are near
// alike in size. Where two glyphs touch they enclose a hole of their own,
// the paper between an 8's waist and the next 8's, and that hole is
// offset from the next glyph's own and far smaller.
func oneOval(a, b hole, h int) bool {
	edge := max(1, h/8)
	return abs(a.x0-b.x0) <= edge && abs(a.x1-b.x1) <= edge &&
		min(a.y1, b.y1) >= max(a.y0, b.y0) &&
		5*min(a.area, b.area) >= 3*max(a.area, b.area)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// hole is an enclosed region of paper inside a glyph.
type hole struct {
	x0, x1, y0, y1, area int
	cx, cy               float64
}

// slashedHoles reports whether the holes of a glyph w×h pixels are a
// slashed zero's: two halves of one oval, alike in size, one above the
// middle and one below, that fill most of the glyph's height, the upper
// one to the left, and that meet or nearly (the slash parts them
// sideways). An 8's or a B's two holes lie a waist apart, one above the
// other; a 0, 6 or 9 has one, and a speck of noise in a 9's tail makes a
// second far smaller.
func slashedHoles(holes []hole, w, h int) bool {
	if len(holes) != 2 {
		return false
	}
	up, down := holes[0], holes[1]
	if up.cy > down.cy {
		up, down = down, up
	}
	mid := float64(h) / 2
	return up.cy < mid && down.cy > mid &&
		5*min(up.area, down.area) >= 2*max(up.area, down.area) &&
		2*(down.y1-up.y0+1) >= h &&
		down.y0-up.y1 <= h/12 && down.cx-up.cx >= zeroSlant*float64(w)
}

// holesOf finds the holes of component id larger than a speck: the paper
// in its box that does not reach the box's edge. It also returns the box
// as a map, row by row, in which the component's ink is -1.
func holesOf(cs *components, id int32) ([]hole, []int8) {
	c := cs.comps[id]
	w, h := int(c.x1-c.x0), int(c.y1-c.y0)
	// 0 paper not yet reached, 1 paper reached, -1 ink.
	m := make([]int8, w*h)
	for y := range h {
		for _, r := range cs.rows[int(c.y0)+y] {
			if r.comp != id {
				continue
			}
			for x := r.x0; x < r.x1; x++ {
				m[y*w+int(x-c.x0)] = -1
			}
		}
	}
	fill := func(x0, y0 int) (hole, bool) {
		hl := hole{x0: x0, x1: x0, y0: y0, y1: y0}
		edge := false
		sx, sy := 0, 0
		stack := []int{y0*w + x0}
		m[y0*w+x0] = 1
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := i%w, i/w
			hl.area++
			sx, sy = sx+x, sy+y
			hl.x0, hl.x1 = min(hl.x0, x), max(hl.x1, x)
			hl.y0, hl.y1 = min(hl.y0, y), max(hl.y1, y)
			if x == 0 || y == 0 || x == w-1 || y == h-1 {
				edge = true
			}
			for _, d := range [4][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
				nx, ny := x+d[0], y+d[1]
				if nx >= 0 && ny >= 0 && nx < w && ny < h && m[ny*w+nx] == 0 {
					m[ny*w+nx] = 1
					stack = append(stack, ny*w+nx)
				}
			}
		}
		hl.cx, hl.cy = float64(sx)/float64(hl.area), float64(sy)/float64(hl.area)
		return hl, !edge
	}
	var out []hole
	for y := range h {
		for x := range w {
			if m[y*w+x] != 0 {
				continue
			}
			if hl, inside := fill(x, y); inside && hl.area >= minHole(h) {
				out = append(out, hl)
			}
		}
	}
	return out, m
}

// minHole is the least area of a hole in a glyph h pixels tall: smaller
// gaps are pinholes of noise in a stroke.
func minHole(h int) int { return max(4, h*h/80) }
