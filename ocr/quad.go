package ocr

import (
	"math"
	"slices"
)

// Limits on a plausible sheet outline. A phone held over a desk sees the
// sheet's corners at angles well inside these; beyond them the outline is
// more likely a shadow, a fold or a second sheet than the page.
const (
	minCornerAngle = 50.0 // degrees
	maxCornerAngle = 130.0
	// minSideRatio is the least ratio of opposite sides: a strongly
	// foreshortened page has too few pixels at its far end to read.
	minSideRatio = 0.6
	// minSheetAspect and maxSheetAspect bound long side / short side
	// around Letter's 1.29 and A4's 1.41.
	minSheetAspect = 1.1
	maxSheetAspect = 1.75
	// minSheetDPI is the least resolution of a restored page: below it a
	// notice's print is a few pixels high and not worth restoring.
	minSheetDPI = 60
)

// fitQuad fits four straight sides to a region's outline points: the
// largest quadrilateral on their convex hull gives the sides roughly, then
// each side is refitted to the points along it (least squares), which
// corrects for corners that are dog-eared, rounded or in shadow, and the
// corners are where adjacent sides meet. The corners come in the order
// top-left, top-right, bottom-right, bottom-left.
func fitQuad(pts []Point, pix []uint8, w, h int) (Quad, bool) {
	hull := convexHull(pts)
	if len(hull) < 4 {
		return Quad{}, false
	}
	c := largestQuad(hull)
	mid := Point{(c[0].X + c[1].X + c[2].X + c[3].X) / 4, (c[0].Y + c[1].Y + c[2].Y + c[3].Y) / 4}
	var lines [4][3]float64 // a x + b y = c, with a²+b² = 1
	for s := range 4 {
		a, b := c[s], c[(s+1)%4]
		l, ok := fitLine(onEdge(pts, a, b, mid, pix, w, h), a, b)
		if !ok {
			return Quad{}, false
		}
		lines[s] = l
	}
	var q Quad
	for s := range 4 {
		p, ok := intersect(lines[(s+3)%4], lines[s])
		if !ok {
			return Quad{}, false
		}
		q[s] = p
	}
	return order(q), true
}

// convexHull returns the hull of pts counterclockwise (Andrew's monotone
// chain), without collinear points.
func convexHull(pts []Point) []Point {
	p := slices.Clone(pts)
	slices.SortFunc(p, func(a, b Point) int {
		if a.X != b.X {
			return cmpFloat(a.X, b.X)
		}
		return cmpFloat(a.Y, b.Y)
	})
	p = slices.Compact(p)
	if len(p) < 3 {
		return p
	}
	hull := make([]Point, 0, 2*len(p))
	for pass := range 2 {
		start := len(hull)
		for _, pt := range p {
			for len(hull) >= start+2 && cross(hull[len(hull)-2], hull[len(hull)-1], pt) <= 0 {
				hull = hull[:len(hull)-1]
			}
			hull = append(hull, pt)
		}
		hull = hull[:len(hull)-1] // the last point starts the other chain
		if pass == 0 {
			slices.Reverse(p)
		}
	}
	return hull
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// cross is twice the signed area of the triangle a, b, c.
func cross(a, b, c Point) float64 {
	return (b.X-a.X)*(c.Y-a.Y) - (b.Y-a.Y)*(c.X-a.X)
}

// largestQuad returns the largest-area quadrilateral with its corners on
// the convex polygon hull, in hull order. For a diagonal (i, j) the best
// third and fourth corners only move forward as j does, so the search is
// quadratic in the hull's size.
func largestQuad(hull []Point) Quad {
	n := len(hull)
	at := func(i int) Point { return hull[i%n] }
	tri := func(a, b, c int) float64 { return math.Abs(cross(at(a), at(b), at(c))) }
	best, bi := -1.0, [4]int{0, 1, 2, 3}
	for i := range n {
		k, l := i+1, i+3
		for j := i + 2; j < i+n-1; j++ {
			k = max(k, i+1)
			for k+1 < j && tri(i, k+1, j) >= tri(i, k, j) {
				k++
			}
			l = max(l, j+1)
			for l+1 < i+n && tri(j, l+1, i) >= tri(j, l, i) {
				l++
			}
			if a := tri(i, k, j) + tri(j, l, i); a > best {
				best, bi = a, [4]int{i, k, j, l}
			}
		}
	}
	return Quad{at(bi[0]), at(bi[1]), at(bi[2]), at(bi[3])}
}

// onEdge moves each outline point near the side from a to b onto the
// steepest fall of the light across the side (between mid, inside, and
// the frame), to a fraction of a cell. The region's border stops short of
// the edge, where the light starts to change; the edge itself is where it
// changes most.
func onEdge(pts []Point, a, b, mid Point, pix []uint8, w, h int) []Point {
	length := dist(a, b)
	if length < 4 {
		return nil
	}
	ux, uy := (b.X-a.X)/length, (b.Y-a.Y)/length
	nx, ny := uy, -ux // a normal; turned to point away from mid
	if (a.X-mid.X)*nx+(a.Y-mid.Y)*ny < 0 {
		nx, ny = -nx, -ny
	}
	sample := func(x, y float64) float64 {
		x, y = math.Max(0, math.Min(float64(w)-1.001, x-0.5)), math.Max(0, math.Min(float64(h)-1.001, y-0.5))
		x0, y0 := int(x), int(y)
		fx, fy := x-float64(x0), y-float64(y0)
		i := y0*w + x0
		top := float64(pix[i])*(1-fx) + float64(pix[i+1])*fx
		bot := float64(pix[i+w])*(1-fx) + float64(pix[i+w+1])*fx
		return top*(1-fy) + bot*fy
	}
	const reach, step = 8, 0.5 // half-cells each way
	var out []Point
	var fall [2*reach + 1]float64
	for _, p := range pts {
		t := ((p.X-a.X)*ux + (p.Y-a.Y)*uy) / length
		d := math.Abs((p.X-a.X)*uy - (p.Y-a.Y)*ux)
		if t < 0.1 || t > 0.9 || d > max(3, 0.03*length) {
			continue
		}
		best := 0
		for k := -reach; k <= reach; k++ {
			o := float64(k) * step
			fall[k+reach] = sample(p.X+(o-step)*nx, p.Y+(o-step)*ny) - sample(p.X+(o+step)*nx, p.Y+(o+step)*ny)
			if fall[k+reach] > fall[best] {
				best = k + reach
			}
		}
		o := float64(best-reach) * step
		if best > 0 && best < 2*reach {
			l, c, r := fall[best-1], fall[best], fall[best+1]
			if den := l - 2*c + r; den < 0 {
				o += step * 0.5 * (l - r) / den
			}
		}
		out = append(out, Point{p.X + o*nx, p.Y + o*ny})
	}
	return out
}

// fitLine fits a line to the points lying along the side from a to b,
// away from its ends (where the neighbouring sides and rounded corners
// are), by total least squares. The line is a x + b y = c with a unit
// normal.
func fitLine(pts []Point, a, b Point) ([3]float64, bool) {
	dx, dy := b.X-a.X, b.Y-a.Y
	length := math.Hypot(dx, dy)
	if length < 4 {
		return [3]float64{}, false
	}
	ux, uy := dx/length, dy/length
	tol := max(2, 0.02*length)
	var sx, sy, sxx, sxy, syy, n float64
	for _, p := range pts {
		t := ((p.X-a.X)*ux + (p.Y-a.Y)*uy) / length
		d := math.Abs((p.X-a.X)*uy - (p.Y-a.Y)*ux)
		if t < 0.1 || t > 0.9 || d > tol {
			continue
		}
		sx, sy, n = sx+p.X, sy+p.Y, n+1
		sxx, sxy, syy = sxx+p.X*p.X, sxy+p.X*p.Y, syy+p.Y*p.Y
	}
	if n < 8 {
		// Too few points to refit: keep the hull's side.
		return [3]float64{uy, -ux, uy*a.X - ux*a.Y}, true
	}
	mx, my := sx/n, sy/n
	cxx, cxy, cyy := sxx/n-mx*mx, sxy/n-mx*my, syy/n-my*my
	// The normal is the covariance's eigenvector of the smaller eigenvalue.
	theta := 0.5 * math.Atan2(2*cxy, cxx-cyy) // direction of the line
	nx, ny := -math.Sin(theta), math.Cos(theta)
	return [3]float64{nx, ny, nx*mx + ny*my}, true
}

// intersect returns where two lines meet, false for (near) parallel ones.
func intersect(l1, l2 [3]float64) (Point, bool) {
	det := l1[0]*l2[1] - l1[1]*l2[0]
	if math.Abs(det) < 1e-9 {
		return Point{}, false
	}
	return Point{(l1[2]*l2[1] - l1[1]*l2[2]) / det, (l1[0]*l2[2] - l1[2]*l2[0]) / det}, true
}

// order puts the corners of a convex quadrilateral clockwise on the screen
// (y down), starting at the top-left one.
func order(q Quad) Quad {
	cx, cy := (q[0].X+q[1].X+q[2].X+q[3].X)/4, (q[0].Y+q[1].Y+q[2].Y+q[3].Y)/4
	s := q[:]
	slices.SortFunc(s, func(a, b Point) int {
		return cmpFloat(math.Atan2(a.Y-cy, a.X-cx), math.Atan2(b.Y-cy, b.X-cx))
	})
	first := 0
	for i, p := range s {
		if p.X+p.Y < s[first].X+s[first].Y {
			first = i
		}
	}
	var out Quad
	for i := range 4 {
		out[i] = s[(first+i)%4]
	}
	return out
}

// plausible checks a fitted outline against the region it came from on a
// w×h grid: inside the picture, large, four-sided and filled by the region,
// with corner angles and proportions a photographed sheet can have.
func plausible(q Quad, mask []bool, w, h int) bool {
	for _, p := range q {
		// A corner on or past the edge: the sheet runs off the picture.
		if p.X < 1 || p.Y < 1 || p.X > float64(w-1) || p.Y > float64(h-1) {
			return false
		}
	}
	area := 0.0
	for i := range 4 {
		a, b, c := q[i], q[(i+1)%4], q[(i+2)%4]
		if cross(a, b, c) <= 0 { // clockwise on screen is positive here
			return false
		}
		ang := math.Acos(clampUnit(((a.X-b.X)*(c.X-b.X) + (a.Y-b.Y)*(c.Y-b.Y)) /
			(math.Hypot(a.X-b.X, a.Y-b.Y) * math.Hypot(c.X-b.X, c.Y-b.Y))))
		if deg := ang * 180 / math.Pi; deg < minCornerAngle || deg > maxCornerAngle {
			return false
		}
		area += a.X*b.Y - b.X*a.Y
	}
	area /= 2
	if area < minSheetArea*float64(w*h) {
		return false
	}
	top, bottom, left, right := dist(q[0], q[1]), dist(q[3], q[2]), dist(q[0], q[3]), dist(q[1], q[2])
	if min(top, bottom)/max(top, bottom) < minSideRatio || min(left, right)/max(left, right) < minSideRatio {
		return false
	}
	if a := max(top+bottom, left+right) / min(top+bottom, left+right); a < minSheetAspect || a > maxSheetAspect {
		return false
	}
	n, edge := 0, 0
	for i, in := range mask {
		if !in {
			continue
		}
		n++
		if x, y := i%w, i/w; x == 0 || y == 0 || x == w-1 || y == h-1 {
			edge++
		}
	}
	// A sheet inside the picture does not reach its edge; a region that
	// does either leaked into the desk or belongs to a sheet running off.
	if edge > (w+h)/50 {
		return false
	}
	return math.Abs(float64(n)-area) <= (1-minSheetFill)*area
}

func clampUnit(v float64) float64 { return math.Max(-1, math.Min(1, v)) }

func dist(a, b Point) float64 { return math.Hypot(a.X-b.X, a.Y-b.Y) }

// restoreGeometry sizes the flat page for a sheet outlined by q in the
// picture: Letter or A4, whichever has the closer proportions, upright or
// landscape as the sheet lies, at the resolution the picture gives the
// sheet (its sides in pixels over its size in inches).
func restoreGeometry(q Quad) (*sheet, bool) {
	across := (dist(q[0], q[1]) + dist(q[3], q[2])) / 2
	down := (dist(q[0], q[3]) + dist(q[1], q[2])) / 2
	short, long := min(across, down), max(across, down)
	paper := paperSizes[0]
	for _, p := range paperSizes[1:] {
		if math.Abs(long/short-p[1]/p[0]) < math.Abs(long/short-paper[1]/paper[0]) {
			paper = p
		}
	}
	dpi := (short/paper[0] + long/paper[1]) / 2
	if dpi < minSheetDPI {
		return nil, false
	}
	w, h := int(math.Round(paper[0]*dpi)), int(math.Round(paper[1]*dpi))
	if across > down {
		w, h = h, w
	}
	hm, ok := pageToQuad(float64(w), float64(h), q)
	if !ok {
		return nil, false
	}
	return &sheet{quad: q, page: hm, w: w, h: h, dpi: dpi}, true
}
