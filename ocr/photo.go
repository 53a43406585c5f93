package ocr

import (
	"image"
	"math"
	"slices"
)

const (
	// sheetGrid is the long side, in cells, of the reduced picture the
	// sheet is looked for in: enough to place its edges within a fraction
	// of a cell once lines are fitted, and a few milliseconds of work.
	sheetGrid = 400
	// minFrameContrast is how much darker, in gray levels, every side of a
	// photo's frame must be than the sheet inside it. A scan's margins are
	// paper, as bright as the page; a light desk (stone, laminate, cloth)
	// under a sheet lit from above is 12-40 levels darker than the paper.
	minFrameContrast = 12
	// minSheetArea is the least share of the picture a sheet must cover to
	// be worth reading on its own: a smaller one is too few pixels to read
	// well, or not a sheet.
	minSheetArea = 0.2
	// minSheetFill is the least share of the fitted quadrilateral the bright
	// region must fill: a sheet fills its outline, a lamp or a window on
	// a desk does not.
	minSheetFill = 0.85
	// maxEdgeSpan is the widest step, in cells on either side, the sheet's
	// edge is looked for as: two covers an edge blurred by defocus and JPEG
	// against a desk little darker than the paper.
	maxEdgeSpan = 2
)

// paperSizes are the sheets a notice is printed on, short and long side in
// inches.
var paperSizes = [...][2]float64{{8.5, 11}, {8.27, 11.69}}

// sheet is a photographed sheet restored to a flat page.
type sheet struct {
	quad Quad       // outline in the picture's pixels
	page homography // restored page -> picture
	w, h int        // restored page size in pixels
	dpi  float64
}

// framed is the cheap test that tells a photo from a scan: a photo shows
// the sheet inside a frame of desk or table, darker than the sheet on all
// four sides; a scan's margins are paper. It samples a few hundred pixels,
// so a scanned page pays microseconds for it. It returns the frame's and the
// sheet's gray levels.
func framed(g *image.Gray) (frame, paper uint8, ok bool) {
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	if w < 200 || h < 200 {
		return 0, 0, false
	}
	const n = 48
	at := func(x, y int) uint8 { return g.Pix[y*g.Stride+x] }
	// The sheet: the bright end of a grid over the central half, where
	// text and shadows sit below it.
	inner := make([]uint8, 0, n*n)
	for i := range n {
		for j := range n {
			inner = append(inner, at(w/4+(w/2)*i/n, h/4+(h/2)*j/n))
		}
	}
	slices.Sort(inner)
	paper = inner[len(inner)*3/4]
	// The frame: each side's band a hundredth of the way in.
	var sides [4][]uint8
	ix, iy := max(1, w/100), max(1, h/100)
	for i := range n {
		x, y := w*(2*i+1)/(2*n), h*(2*i+1)/(2*n)
		sides[0] = append(sides[0], at(x, iy))
		sides[1] = append(sides[1], at(x, h-1-iy))
		sides[2] = append(sides[2], at(ix, y))
		sides[3] = append(sides[3], at(w-1-ix, y))
	}
	frame = 0
	for _, s := range sides {
		slices.Sort(s)
		med := s[len(s)/2]
		if int(med)+minFrameContrast > int(paper) {
			return 0, 0, false
		}
		frame = max(frame, med)
	}
	return frame, paper, true
}

// findSheet looks for a photographed sheet in g: the bright region in the
// middle of the picture, its outline fitted with four straight sides. It
// returns false when the picture is not such a photo, or when the outline
// is implausible (too small, not four-sided, running off the picture), in
// which case the picture is read whole.
func findSheet(g *image.Gray) (*sheet, bool) {
	frame, paper, ok := framed(g)
	if !ok {
		return nil, false
	}
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	f := max(1, (max(w, h)+sheetGrid-1)/sheetGrid)
	sw, sh := w/f, h/f
	if sw < 40 || sh < 40 {
		return nil, false
	}
	small := closeDark(blockMeans(g, f, sw, sh), sw, sh, 2)
	// An edge blurred over a few cells against a light desk changes the
	// light too little from one cell to the next to stop the region, and
	// it leaks out onto the desk; measured across two cells, the change is
	// there. The narrow measure comes first: it keeps the region off dark
	// print nearer the sheet's edge.
	var q Quad
	for span := 1; ; span++ {
		mask := sheetRegion(small, sw, sh, frame, paper, span)
		if mask == nil {
			return nil, false
		}
		q, ok = fitQuad(outline(mask, sw, sh), small, sw, sh)
		if ok && plausible(q, mask, sw, sh) {
			break
		}
		if span == maxEdgeSpan {
			return nil, false
		}
	}
	for i := range q {
		// Cell (i, j) covers picture pixels [i*f, (i+1)*f).
		q[i] = Point{q[i].X * float64(f), q[i].Y * float64(f)}
	}
	return restoreGeometry(q)
}

// closeDark removes dark marks narrower than 2r+1 cells (print on the
// sheet) from a w×h image: the brightest value over a (2r+1)² window,
// then the darkest over the same window, which puts the sheet's edges back
// where they were.
func closeDark(pix []uint8, w, h, r int) []uint8 {
	lighter := func(a, b uint8) uint8 { return max(a, b) }
	darker := func(a, b uint8) uint8 { return min(a, b) }
	return extreme(extreme(pix, w, h, r, lighter), w, h, r, darker)
}

// extreme applies pick over a (2r+1)² window, along rows then columns.
func extreme(pix []uint8, w, h, r int, pick func(a, b uint8) uint8) []uint8 {
	return extremeRuns(extremeRuns(pix, h, w, w, 1, r, pick), w, h, 1, w, r, pick)
}

// extremeRuns applies pick over windows of 2r+1 along n runs of m values,
// the values of a run step apart and the runs' starts next apart.
func extremeRuns(pix []uint8, n, m, next, step, r int, pick func(a, b uint8) uint8) []uint8 {
	out := make([]uint8, len(pix))
	for i := range n {
		base := i * next
		for j := range m {
			v := pix[base+j*step]
			for k := max(0, j-r); k <= min(m-1, j+r); k++ {
				v = pick(v, pix[base+k*step])
			}
			out[base+j*step] = v
		}
	}
	return out
}

// sheetRegion grows the sheet from the middle of the picture over cells
// where the light changes smoothly, and stops at steps of at least a
// quarter of the contrast between sheet and frame, measured between the
// cells span away on either side: the sheet's edge.
// Shading and shadows change the light gradually and do not stop it, where
// a single threshold cuts a shaded corner off the sheet. The steps are
// widened by gapCells first, so that a stretch of edge where a light desk
// meets the sheet with little contrast does not let the region out, and
// the region is widened back by as much after, less what leaked through
// necks of up to 2*neckCells cells. Holes (seals, photos, glare) are
// filled. It returns nil when the middle is not bright paper.
func sheetRegion(pix []uint8, w, h int, frame, paper uint8, span int) []bool {
	const gapCells, neckCells = 2, 4
	step := max(8, (int(paper)-int(frame))/4)
	at := func(x, y int) int { return int(pix[min(h-1, max(0, y))*w+min(w-1, max(0, x))]) }
	steep := make([]uint8, len(pix))
	for y := range h {
		for x := range w {
			gx, gy := at(x+span, y)-at(x-span, y), at(x, y+span)-at(x, y-span)
			if max(gx, -gx, gy, -gy) >= step {
				steep[y*w+x] = 255
			}
		}
	}
	lighter := func(a, b uint8) uint8 { return max(a, b) }
	steep = extreme(steep, w, h, gapCells, lighter)
	// Seeds: smooth paper-bright cells in the middle tenth of the picture.
	var seeds []int
	mid := (int(frame) + int(paper)) / 2
	for y := h * 9 / 20; y <= h*11/20; y++ {
		for x := w * 9 / 20; x <= w*11/20; x++ {
			if i := y*w + x; steep[i] == 0 && int(pix[i]) > mid {
				seeds = append(seeds, i)
			}
		}
	}
	if len(seeds) == 0 {
		return nil
	}
	in := flood(w, h, seeds, func(i int) bool { return steep[i] == 0 })
	// Whatever the frame reaches from the border without crossing the
	// sheet is outside; the rest, holes included, is the sheet.
	var border []int
	for x := range w {
		border = append(border, x, (h-1)*w+x)
	}
	for y := range h {
		border = append(border, y*w, y*w+w-1)
	}
	out := flood(w, h, border, func(i int) bool { return !in[i] })
	region := make([]uint8, len(pix))
	for i, o := range out {
		if !o {
			region[i] = 255
		}
	}
	// Widen back, and cut off what leaked past a gap in the edge through a
	// neck narrower than the sheet's own corners: an opening.
	darker := func(a, b uint8) uint8 { return min(a, b) }
	region = extreme(extreme(region, w, h, neckCells, darker), w, h, gapCells+neckCells, lighter)
	for i, v := range region {
		in[i] = v != 0
	}
	return in
}

// flood marks the cells 4-connected to seeds through cells ok accepts
// (seeds that ok refuses are not marked).
func flood(w, h int, seeds []int, ok func(int) bool) []bool {
	seen := make([]bool, w*h)
	stack := make([]int, 0, len(seeds))
	for _, s := range seeds {
		if !seen[s] && ok(s) {
			seen[s] = true
			stack = append(stack, s)
		}
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		x, y := i%w, i/w
		for _, n := range [4]int{i - 1, i + 1, i - w, i + w} {
			switch {
			case n == i-1 && x == 0, n == i+1 && x == w-1, n == i-w && y == 0, n == i+w && y == h-1:
				continue
			}
			if !seen[n] && ok(n) {
				seen[n] = true
				stack = append(stack, n)
			}
		}
	}
	return seen
}

// outline returns the outer edges of the region's outermost cells: the
// first and last of every row and column. They are all the convex hull
// needs and trace the sheet's edges.
func outline(mask []bool, w, h int) []Point {
	var pts []Point
	for y := range h {
		row := mask[y*w : (y+1)*w]
		if a := slices.Index(row, true); a >= 0 {
			b := w - 1
			for !row[b] {
				b--
			}
			pts = append(pts, Point{float64(a), float64(y) + 0.5}, Point{float64(b) + 1, float64(y) + 0.5})
		}
	}
	for x := range w {
		a, b := -1, -1
		for y := range h {
			if mask[y*w+x] {
				if a < 0 {
					a = y
				}
				b = y
			}
		}
		if a >= 0 {
			pts = append(pts, Point{float64(x) + 0.5, float64(a)}, Point{float64(x) + 0.5, float64(b) + 1})
		}
	}
	return pts
}

// restorePhoto returns the flat page a photo of a sheet shows, with its
// light flattened, and the sheet; g itself and nil for anything else.
func restorePhoto(g *image.Gray) (*image.Gray, *sheet) {
	s, ok := findSheet(g)
	if !ok {
		return g, nil
	}
	return flatten(warp(g, s.page, s.w, s.h), s.dpi), s
}

// InputPoint maps a point of Image back to the picture Recognize was given,
// undoing the turn, the deskewing, the rescaling and, for a photo, the
// sheet's restoration: evidence found on the page can then be shown on the
// original picture.
func (r *Recognition) InputPoint(x, y float64) Point {
	w, h := float64(r.Image.Bounds().Dx()), float64(r.Image.Bounds().Dy())
	switch (r.Rotation / 90) & 3 {
	case 1:
		x, y, w, h = y, w-x, h, w
	case 2:
		x, y = w-x, h-y
	case 3:
		x, y, w, h = h-y, x, h, w
	}
	if r.Skew != 0 {
		// The page was rotated by -Skew about its centre; rotate back.
		sin, cos := math.Sincos(-r.Skew * math.Pi / 180)
		dx, dy := x-w/2, y-h/2
		x, y = w/2+dx*cos-dy*sin, h/2+dx*sin+dy*cos
	}
	if r.Scale > 0 {
		x, y = x/r.Scale, y/r.Scale
	}
	if r.Sheet != nil {
		x, y = r.sheet.apply(x, y)
	}
	return Point{x, y}
}
