package ocr

import (
	"image"
	"sort"
)

// run is a horizontal stretch of ink on one row, [x0, x1), and the
// connected component it belongs to.
type run struct {
	x0, x1 int32
	comp   int32
}

// comp is one 8-connected component of ink: its bounding box (max
// exclusive) and its pixel count.
type comp struct {
	x0, y0, x1, y1 int32
	area           int32
}

// components is a page's ink as runs per row, labeled into connected
// components. Working on runs rather than pixels keeps a page cheap: a
// 300-DPI Letter page holds ~8M pixels but ~10^5 runs of ink.
type components struct {
	w, h  int
	rows  [][]run // sorted by x0
	comps []comp
}

// findComponents labels the pixels of g at or below th (ink) into
// 8-connected components.
func findComponents(g *image.Gray, th uint8) *components {
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	cs := &components{w: w, h: h, rows: make([][]run, h)}
	total := 0
	for y := range h {
		px := g.Pix[y*g.Stride : y*g.Stride+w]
		var rs []run
		for x := 0; x < w; {
			if px[x] > th {
				x++
				continue
			}
			x0 := x
			for x < w && px[x] <= th {
				x++
			}
			rs = append(rs, run{x0: int32(x0), x1: int32(x)})
		}
		cs.rows[y] = rs
		total += len(rs)
	}

	// Union-find over runs numbered row by row; the root is the lowest
	// number, so roots come first in scan order.
	parent := make([]int32, total)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	base, prevBase := 0, 0
	for y := range h {
		if y > 0 {
			prev := cs.rows[y-1]
			j := 0
			for i, r := range cs.rows[y] {
				// Runs on adjacent rows touch when they overlap or meet at a
				// corner.
				for j < len(prev) && prev[j].x1 < r.x0 {
					j++
				}
				for k := j; k < len(prev) && prev[k].x0 <= r.x1; k++ {
					a, b := find(int32(base+i)), find(int32(prevBase+k))
					if a != b {
						parent[max(a, b)] = min(a, b)
					}
				}
			}
		}
		prevBase = base
		base += len(cs.rows[y])
	}

	id := make([]int32, total) // component of each root run
	i := int32(0)
	for y, rs := range cs.rows {
		for k := range rs {
			r := &rs[k]
			root := find(i)
			if root == i {
				id[i] = int32(len(cs.comps))
				cs.comps = append(cs.comps, comp{x0: r.x0, y0: int32(y), x1: r.x1, y1: int32(y + 1)})
			}
			r.comp = id[root]
			c := &cs.comps[r.comp]
			c.x0, c.x1 = min(c.x0, r.x0), max(c.x1, r.x1)
			c.y1 = int32(y + 1)
			c.area += r.x1 - r.x0
			i++
		}
	}
	return cs
}

// alone reports whether component id has no other component of more than
// minor pixels within d pixels of its bounding box.
func (cs *components) alone(id, d, minor int32) bool {
	c := cs.comps[id]
	x0, x1 := c.x0-d, c.x1+d
	for y := max(0, c.y0-d); y < min(int32(cs.h), c.y1+d); y++ {
		rs := cs.rows[y]
		k := sort.Search(len(rs), func(k int) bool { return rs[k].x1 > x0 })
		for ; k < len(rs) && rs[k].x0 < x1; k++ {
			if c := rs[k].comp; c != id && cs.comps[c].area > minor {
				return false
			}
		}
	}
	return true
}

// specks returns the components of at most maxArea pixels that have no
// larger component within gap pixels: dots too small to be print and too
// far from any letter to belong to it. Other dots nearby do not count: on
// a page strewn with noise every dot has a neighbour, and requiring
// clear paper around each kept them all (dense fax noise read as nothing).
// Dots of i and j, periods and the dot of a zero sit next to or inside a
// letter and stay.
func (cs *components) specks(maxArea, gap int32) []int32 {
	var out []int32
	for id, c := range cs.comps {
		if c.area <= maxArea && cs.alone(int32(id), gap, maxArea) {
			out = append(out, int32(id))
		}
	}
	return out
}

// around calls f at every pixel of the components picked, own set, and at
// the pixels one away from them, own unset: a component's fringe, lighter
// than the threshold it was found at, goes with it when it is painted out.
// A fringe pixel next to two of its pixels is visited more than once.
func (cs *components) around(pick []bool, f func(x, y int, own bool)) {
	for y, rs := range cs.rows {
		for _, r := range rs {
			if !pick[r.comp] {
				continue
			}
			for yy := max(0, y-1); yy < min(cs.h, y+2); yy++ {
				for x := max(0, int(r.x0)-1); x < min(cs.w, int(r.x1)+1); x++ {
					f(x, yy, yy == y && x >= int(r.x0) && x < int(r.x1))
				}
			}
		}
	}
}
