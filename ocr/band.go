package ocr

import "image"

// lineBand whitens every row of a line crop outside the band of text
// around its middle: the tops of the next line's letters or a dashed rule
// caught at the crop's edge make Tesseract's single-line mode find no line
// at all and return nothing, where the value alone reads cleanly. The band
// is the run of rows, reaching into the crop's middle half, that holds the
// most ink, each row a twentieth of the fullest middle row's ink or more
// (one faint row may break a run). It reports false, and returns g, when
// nothing lies outside the band.
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
	peak := 0
	for y := h / 4; y < h-h/4; y++ {
		peak = max(peak, rows[y])
	}
	if peak == 0 {
		return g, false
	}
	floor := max(1, peak/20)
	// The fullest single row may be a dashed rule's, a few pixels high
	// across the crop: the value's line above it holds more ink in all.
	top, bottom, most := -1, -1, 0
	for y := 0; y < h; {
		if rows[y] < floor {
			y++
			continue
		}
		first, last, ink, gap := y, y, 0, 0
		for ; y < h; y++ {
			if rows[y] >= floor {
				last, gap = y, 0
				ink += rows[y]
				continue
			}
			if gap++; gap > 1 {
				break
			}
		}
		if last >= h/4 && first < h-h/4 && ink > most {
			top, bottom, most = first, last, ink
		}
	}
	if top < 0 {
		return g, false
	}
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
