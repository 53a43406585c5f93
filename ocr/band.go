package ocr

import "image"

// lineBand whitens every row of a line crop outside the band of text
// around its middle: the tops of the next line's letters or a dashed rule
// caught at the crop's edge make Tesseract's single-line mode find no line
// at all and return nothing, where the value alone reads cleanly. The band
// is the fullest row of the crop's middle half and the rows joined to it
// that hold a twentieth of its ink or more (one faint row may break it). It
// reports false, and returns g, when nothing lies outside the band.
func lineBand(g *image.Gray) (*image.Gray, bool) {
	g = toGray(g) // origin at 0, stride = width
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	if w < 8 || h < 8 {
		return g, false
	}
	th := otsu(g.Pix)
	rows := make([]int, h)
	for y := range h {
		for _, v := range g.Pix[y*g.Stride : y*g.Stride+w] {
			if v <= th {
				rows[y]++
			}
		}
	}
	mid, peak := -1, 0
	for y := h / 4; y < h-h/4; y++ {
		if rows[y] > peak {
			mid, peak = y, rows[y]
		}
	}
	if peak == 0 {
		return g, false
	}
	floor := max(1, peak/20)
	edge := func(step int) int {
		last, gap := mid, 0
		for y := mid + step; y >= 0 && y < h; y += step {
			if rows[y] >= floor {
				last, gap = y, 0
				continue
			}
			if gap++; gap > 1 {
				break
			}
		}
		return last
	}
	top, bottom := edge(-1), edge(1)
	m := max(2, (bottom-top+1)/8)
	top, bottom = max(0, top-m), min(h-1, bottom+m)
	outside := false
	for y := range h {
		if (y < top || y > bottom) && rows[y] > 0 {
			outside = true
			break
		}
	}
	if !outside {
		return g, false
	}
	for y := range h {
		if y < top || y > bottom {
			row := g.Pix[y*g.Stride : y*g.Stride+w]
			for x := range row {
				row[x] = 255
			}
		}
	}
	return g, true
}
