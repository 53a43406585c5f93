package ocr

import (
	"cmp"
	"image"
	"slices"

	"github.com/noticescan/noticescan/extractor"
)

// glyphMinHeight is the least height of a glyph, as a share of the
// tallest ink in the box: shorter ink is a dash, a dot or a speck.
const glyphMinHeight = 0.55

// Glyphs finds the characters printed in box of page g, left to right,
// with the holes of each: the paper a character's ink encloses. A
// recognizer that read a 0 as 6, or a 9 as 8, on a noisy page misread a
// shape whose holes still tell the digits apart (see extractor.Glyph).
// Dashes, dots and specks are left out; glyphs that touch come out as one.
func Glyphs(g *image.Gray, box extractor.Box) []extractor.Glyph {
	r := image.Rect(int(box.X0)-2, int(box.Y0)-2, int(box.X1)+3, int(box.Y1)+3).Intersect(g.Bounds())
	if r.Dx() < 4 || r.Dy() < 4 {
		return nil
	}
	crop := image.NewGray(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := range r.Dy() {
		copy(crop.Pix[y*crop.Stride:y*crop.Stride+r.Dx()], g.Pix[g.PixOffset(r.Min.X, r.Min.Y+y):])
	}
	cs := findComponents(crop, inkThreshold(crop))
	tallest := int32(0)
	for _, c := range cs.comps {
		tallest = max(tallest, c.y1-c.y0)
	}
	ox, oy := float64(r.Min.X), float64(r.Min.Y)
	var out []extractor.Glyph
	for id, c := range cs.comps {
		h := c.y1 - c.y0
		if float64(h) < glyphMinHeight*float64(tallest) {
			continue
		}
		gl := extractor.Glyph{Box: extractor.Box{X0: ox + float64(c.x0), Y0: oy + float64(c.y0), X1: ox + float64(c.x1), Y1: oy + float64(c.y1)}}
		holes, m := holesOf(cs, int32(id))
		gl.Shape = shapeGrid(m, int(c.x1-c.x0), int(h))
		gl.Slashed = slashedHoles(holes, int(c.x1-c.x0), int(h))
		for _, hl := range holes {
			gl.Holes = append(gl.Holes, extractor.Hole{
				Box:  extractor.Box{X0: gl.Box.X0 + float64(hl.x0), Y0: gl.Box.Y0 + float64(hl.y0), X1: gl.Box.X0 + float64(hl.x1+1), Y1: gl.Box.Y0 + float64(hl.y1+1)},
				Area: float64(hl.area),
			})
		}
		out = append(out, gl)
	}
	slices.SortFunc(out, func(a, b extractor.Glyph) int { return cmp.Compare(a.Box.X0, b.Box.X0) })
	return out
}

// shapeGrid is the share of ink in each of the cells of a glyph's box
// (see extractor.Glyph.Shape), from its mask m, w × h, ink -1. The grid
// spans the glyph's height and a width of shapeAspect of it, centred on
// the glyph (or its width, if wider): a 1 stays narrow.
func shapeGrid(m []int8, w, h int) []uint8 {
	const cols, rows = extractor.ShapeCols, extractor.ShapeRows
	gw := max(w, int(shapeAspect*float64(h)+0.5))
	off := (gw - w) / 2
	var ink [cols * rows]int
	for y := range h {
		cy := y * rows / h
		for x := range w {
			if m[y*w+x] < 0 {
				ink[cy*cols+(x+off)*cols/gw]++
			}
		}
	}
	// A cell holds the pixels whose index scales down to it: from
	// ceil(c·n/cells) up to ceil((c+1)·n/cells).
	up := func(a, b int) int { return (a + b - 1) / b }
	out := make([]uint8, cols*rows)
	for k := range out {
		cx, cy := k%cols, k/cols
		area := (up((cx+1)*gw, cols) - up(cx*gw, cols)) * (up((cy+1)*h, rows) - up(cy*h, rows))
		if area > 0 {
			out[k] = uint8(min(255, 255*ink[k]/area))
		}
	}
	return out
}

// shapeAspect is the width of a glyph's shape grid, as a share of its
// height: about a digit's.
const shapeAspect = 0.75
