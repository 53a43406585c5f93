package ocr

import "image"

// maxSpeckle is the share of sampled pixels that may be isolated dark dots
// before a page is median-filtered. Tesseract's time grows with the number
// of blobs: on a Letter page with heavy scanner noise (about 0.3% of pixels
// as lone dots) it ran for minutes, and after a 3×3 median it read the page
// in 0.8 s. Clean pages have almost none.
const maxSpeckle = 0.0005

// speckle estimates the share of pixels that are dark dots with no dark
// 4-neighbour, on every other row, against a threshold from the page's
// own histogram.
func speckle(g *image.Gray) float64 {
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	if w < 3 || h < 3 {
		return 0
	}
	th := inkThreshold(g)
	lone, n := 0, 0
	for y := 1; y < h-1; y += 2 {
		up := g.Pix[(y-1)*g.Stride : (y-1)*g.Stride+w]
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		down := g.Pix[(y+1)*g.Stride : (y+1)*g.Stride+w]
		for x := 1; x < w-1; x++ {
			if row[x] <= th && row[x-1] > th && row[x+1] > th && up[x] > th && down[x] > th {
				lone++
			}
		}
		n += w - 2
	}
	return float64(lone) / float64(n)
}

// median3 returns g filtered by a 3×3 median, which removes dots and
// specks up to 2×2 pixels while keeping strokes of 2 pixels and more.
// Edge pixels are copied.
func median3(g *image.Gray) *image.Gray {
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	out := toGray(g)
	if w < 3 || h < 3 {
		return out
	}
	// Each column's three values are sorted once and shared by the three
	// windows that contain it; the median of a window is then the median
	// of (largest minimum, median of medians, smallest maximum).
	lo, mid, hi := make([]uint8, w), make([]uint8, w), make([]uint8, w)
	for y := 1; y < h-1; y++ {
		a := g.Pix[(y-1)*g.Stride : (y-1)*g.Stride+w]
		b := g.Pix[y*g.Stride : y*g.Stride+w]
		c := g.Pix[(y+1)*g.Stride : (y+1)*g.Stride+w]
		for x := range w {
			lo[x], mid[x], hi[x] = sort3(a[x], b[x], c[x])
		}
		row := out.Pix[y*out.Stride : y*out.Stride+w]
		for x := 1; x < w-1; x++ {
			maxLo := uint8(max(int(lo[x-1]), int(lo[x]), int(lo[x+1])))
			minHi := uint8(min(int(hi[x-1]), int(hi[x]), int(hi[x+1])))
			_, midMid, _ := sort3(mid[x-1], mid[x], mid[x+1])
			_, row[x], _ = sort3(maxLo, midMid, minHi)
		}
	}
	return out
}

// sort3 orders three values without branches (min and max on int compile
// to conditional moves; on uint8 they branch): noisy pixels defeat branch
// prediction, which made a branching version several times slower on them.
func sort3(a, b, c uint8) (uint8, uint8, uint8) {
	x, y, z := int(a), int(b), int(c)
	lo, hi := min(x, y, z), max(x, y, z)
	return uint8(lo), uint8(x + y + z - lo - hi), uint8(hi)
}

// Specks are dots of dust, fax noise or toner too small to be print and
// standing alone on the paper. Sizes are at targetDPI and scale with the
// page's resolution.
const (
	// maxSpeckArea is the largest speck, in pixels: a fax dot of up to
	// 3×4 pixels at 200 DPI is ~27 pixels at 300 DPI. A period of 10-point
	// print is about as big, but sits next to a letter.
	maxSpeckArea = 30
	// speckGap is the clearance, in pixels, around a speck's box with no
	// other ink in it. Dots of i, j, colons and periods lie within 2–5
	// pixels of other ink at 300 DPI.
	speckGap = 6
	// minSpecks is the number of specks per square inch that makes a page
	// worth cleaning. Clean scans have under 0.5, noisy gray scans a few,
	// fax pages 10–60.
	minSpecks = 2
)

// removeSpecks paints the specks of g with the paper's gray when there are
// enough of them to matter, and reports whether it did. Tesseract takes
// each speck for a character or merges it into one: on fax pages it read
// specks as punctuation and split or garbled words next to them, and its
// time grew with their number. The median filter does not see them, as
// fax dots are two rows high (the vertical resolution is doubled).
func removeSpecks(g *image.Gray, dpi float64) bool {
	th := inkThreshold(g)
	s := dpi / targetDPI
	maxArea := int32(maxSpeckArea * s * s)
	gap := int32(max(2, speckGap*s))
	// Most pages have no specks to speak of: count them first on a strip
	// of a quarter inch in every two inches, an eighth of the page.
	b := g.Bounds()
	band, step := max(8, int(dpi/4)), max(64, int(2*dpi))
	sampled, area := 0, 0.0
	for y := b.Min.Y; y < b.Max.Y; y += step {
		r := image.Rect(b.Min.X, y, b.Max.X, min(b.Max.Y, y+band))
		cs := findComponents(g.SubImage(r).(*image.Gray), th)
		for _, id := range cs.specks(maxArea, gap) {
			// A bit of a letter cut off by the strip's edge is no speck.
			if c := cs.comps[id]; c.y0 > 0 && int(c.y1) < r.Dy() {
				sampled++
			}
		}
		area += float64(r.Dx()) * float64(r.Dy())
	}
	if float64(sampled) < minSpecks*area/(dpi*dpi) {
		return false
	}
	cs := findComponents(g, th)
	specks := cs.specks(maxArea, gap)
	if float64(len(specks)) < minSpecks*float64(cs.w)*float64(cs.h)/(dpi*dpi) {
		return false
	}
	paper := paperLevel(g, th)
	for _, id := range specks {
		// One pixel around the box too: a resampled speck has a fringe
		// lighter than the threshold, and the clearance holds no other ink.
		c := cs.comps[id]
		for y := max(0, c.y0-1); y < min(int32(cs.h), c.y1+1); y++ {
			row := g.Pix[int(y)*g.Stride:]
			for x := max(0, c.x0-1); x < min(int32(cs.w), c.x1+1); x++ {
				row[x] = max(row[x], paper)
			}
		}
	}
	return true
}

// inkThreshold is the Otsu threshold of a sample of g's pixels.
func inkThreshold(g *image.Gray) uint8 {
	sample := make([]uint8, 0, len(g.Pix)/7+1)
	for i := 0; i < len(g.Pix); i += 7 {
		sample = append(sample, g.Pix[i])
	}
	return otsu(sample)
}

// paperLevel is the median gray of a sample of the pixels lighter than th.
func paperLevel(g *image.Gray, th uint8) uint8 {
	var hist [256]int
	for i := 0; i < len(g.Pix); i += 5 {
		hist[g.Pix[i]]++
	}
	n := 0
	for v := int(th) + 1; v < 256; v++ {
		n += hist[v]
	}
	acc := 0
	for v := int(th) + 1; v < 256; v++ {
		acc += hist[v]
		if 2*acc >= n {
			return uint8(v)
		}
	}
	return 255
}

// smooth blurs g with two passes of a box of radius r each way, close to
// a Gaussian of sigma r. On a grainy page the grain is as coarse as the
// strokes, and Tesseract's threshold breaks every letter apart; blurred,
// the grain averages out while strokes a few pixels wide stay dark.
func smooth(g *image.Gray, r int) *image.Gray {
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	out := toGray(g) // a copy
	if r < 1 || w < 2 || h < 2 {
		return out
	}
	line := make([]uint8, max(w, h))
	// pass blurs n pixels at pix[0], pix[step], ... in place.
	pass := func(pix []uint8, n, step int) {
		for i := range n {
			line[i] = pix[i*step]
		}
		sum := 0
		for i := -r; i <= r; i++ {
			sum += int(line[min(max(i, 0), n-1)])
		}
		for i := range n {
			pix[i*step] = uint8(sum / (2*r + 1))
			sum += int(line[min(i+r+1, n-1)]) - int(line[max(i-r, 0)])
		}
	}
	for range 2 {
		for y := range h {
			pass(out.Pix[y*out.Stride:], w, 1)
		}
		for x := range w {
			pass(out.Pix[x:], h, out.Stride)
		}
	}
	return out
}
