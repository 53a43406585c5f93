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
	sample := make([]uint8, 0, len(g.Pix)/7+1)
	for i := 0; i < len(g.Pix); i += 7 {
		sample = append(sample, g.Pix[i])
	}
	th := otsu(sample)
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
