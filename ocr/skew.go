package ocr

import (
	"image"
	"math"

	"github.com/noticescan/noticescan/extractor"
)

const (
	// maxSkew bounds the search: scanners and fax feeders turn pages by a
	// degree or two; larger angles are rare and cost search time.
	maxSkew = 3.0
	// wideSkew bounds the search again when the first one peaks at its
	// edge: a sheet fed crooked, or a photographed sheet whose outline
	// was found a little off, so that its restoration stood askew.
	wideSkew = 8.0
	// skewStep is the search resolution before parabolic refinement.
	skewStep = 0.1
	// minSkew is the smallest angle worth a resampling pass: below it text
	// lines drift less than ~half a line over the page width and Tesseract
	// copes on its own.
	minSkew = 0.3
	// inkDPI is the resolution of the binarized copy used for skew and ink
	// measurements: enough to keep text lines apart, small enough to be cheap.
	inkDPI = 100
	// minInkContrast is the least difference between the mean gray of ink
	// and of paper, on the flattened copy, for a page to have ink at all.
	minInkContrast = 24
)

// inkMap is a downsampled, binarized copy of a page: 1 where there is ink.
type inkMap struct {
	w, h   int
	factor int // page pixels per map pixel, per axis
	ink    []uint8
	sum    []int32 // integral image, (w+1)×(h+1)
	total  int
	// grainy: the print stood out only of the paper's grain (faintInk),
	// not as a mode of its own.
	grainy bool
}

// newInkMap averages factor×factor blocks, divides them by the paper around
// them (flatten) and thresholds them with Otsu. Flattening keeps stains and
// shading out of the ink and lets faint print on gray paper count. A page
// whose two modes lie close together for its noise (blank paper, a flat
// gray photo) has no ink rather than noise promoted to ink.
func newInkMap(g *image.Gray, factor int) *inkMap {
	gw, gh := g.Bounds().Dx(), g.Bounds().Dy()
	factor = max(1, min(factor, gw, gh))
	m := &inkMap{w: max(1, gw/factor), h: max(1, gh/factor), factor: factor}
	small := blockMeans(g, factor, m.w, m.h)
	small = flatten(&image.Gray{Pix: small, Stride: m.w, Rect: image.Rect(0, 0, m.w, m.h)}, inkDPI).Pix
	th := otsu(small)
	dark, light, nd, nl := 0, 0, 0, 0
	for _, v := range small {
		if v <= th {
			dark, nd = dark+int(v), nd+1
		} else {
			light, nl = light+int(v), nl+1
		}
	}
	m.ink = make([]uint8, len(small))
	m.sum = make([]int32, (m.w+1)*(m.h+1))
	if nd == 0 || nl == 0 {
		return m
	}
	defer m.count()
	// Otsu splits even pure noise in two; real ink stands apart from the
	// paper by many times the paper's own spread. On a blank noisy page the
	// class means lie under 3 spreads apart, on faint blurred print over 8.
	paper := float64(light) / float64(nl)
	spread := 0.0
	for _, v := range small {
		if v > th {
			spread += (float64(v) - paper) * (float64(v) - paper)
		}
	}
	spread = math.Sqrt(spread / float64(nl))
	if paper-float64(dark)/float64(nd) < max(minInkContrast, 6*spread) {
		m.faintInk(small)
		return m
	}
	for i, v := range small {
		if v <= th {
			m.ink[i] = 1
		}
	}
	return m
}

// faintInk marks the blocks that stand out of the paper's noise when
// Otsu's split did not: on a gray, grainy page the print covers too few
// blocks to make a mode of its own, so Otsu split the grain, and the page
// counted as blank. Blocks darker than the paper by minInkContrast and by
// six times its spread (robustly, from the median deviation) are ink; no
// grain reaches that, nor a page showing through from its back. Fewer such
// blocks than minInk of the page are specks left, not print.
func (m *inkMap) faintInk(small []uint8) {
	var hist [256]int
	for _, v := range small {
		hist[v]++
	}
	paper := quantile(hist[:], len(small)/2)
	var dev [256]int
	for v, n := range hist {
		d := v - paper
		dev[max(d, -d)] += n
	}
	spread := 1.4826 * float64(quantile(dev[:], len(small)/2))
	th := float64(paper) - max(minInkContrast, 6*spread)
	n := 0
	for v := 0; float64(v) < th; v++ {
		n += hist[v]
	}
	if float64(n) < minInk*float64(len(small)) {
		return
	}
	for i, v := range small {
		if float64(v) < th {
			m.ink[i] = 1
		}
	}
	m.grainy = true
}

// quantile is the value below which k of a histogram's counts lie.
func quantile(hist []int, k int) int {
	acc := 0
	for v, n := range hist {
		if acc += n; acc > k {
			return v
		}
	}
	return len(hist) - 1
}

// count fills the integral image and the total from ink.
func (m *inkMap) count() {
	for y := 0; y < m.h; y++ {
		var row int32
		for x := 0; x < m.w; x++ {
			row += int32(m.ink[y*m.w+x])
			m.sum[(y+1)*(m.w+1)+x+1] = m.sum[y*(m.w+1)+x+1] + row
		}
	}
	m.total = int(m.sum[len(m.sum)-1])
}

// rotated is the map of the page after rotate(page, deg), made from the
// map itself: measuring the rotated page again costs ~20 ms, this ~2.
func (m *inkMap) rotated(deg float64) *inkMap { return m.redrawn(rotate(m.gray(), deg)) }

// turned is the map of the page after rotate90(page, quarters).
func (m *inkMap) turned(quarters int) *inkMap { return m.redrawn(rotate90(m.gray(), quarters)) }

// gray draws the map with ink black and paper white, so that what
// rotate brings in from outside the page is paper.
func (m *inkMap) gray() *image.Gray {
	g := image.NewGray(image.Rect(0, 0, m.w, m.h))
	for i, v := range m.ink {
		g.Pix[i] = 255 * (1 - v)
	}
	return g
}

// redrawn thresholds a drawing of a map back into one. Below the middle
// gray: a one-cell stroke that rotation spreads over two cells keeps one.
func (m *inkMap) redrawn(g *image.Gray) *inkMap {
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	out := &inkMap{w: w, h: h, factor: m.factor, ink: make([]uint8, w*h), sum: make([]int32, (w+1)*(h+1))}
	for y := range h {
		for x, v := range g.Pix[y*g.Stride : y*g.Stride+w] {
			if v < 160 {
				out.ink[y*w+x] = 1
			}
		}
	}
	out.count()
	return out
}

// blockMeans averages the factor×factor blocks of g into a w×h image
// (partial blocks at the right and bottom edges are dropped).
func blockMeans(g *image.Gray, factor, w, h int) []uint8 {
	gh := g.Bounds().Dy()
	small := make([]uint8, w*h)
	n := uint32(factor * factor)
	acc := make([]uint32, w)
	for my := 0; my < h; my++ {
		clear(acc)
		for y := my * factor; y < min(gh, (my+1)*factor); y++ {
			row := g.Pix[y*g.Stride : y*g.Stride+w*factor]
			// 200- and 300-DPI pages, the usual ones, get loops without
			// an inner slice per block.
			switch factor {
			case 2:
				for bx := range acc {
					p := row[2*bx : 2*bx+2 : 2*bx+2]
					acc[bx] += uint32(p[0]) + uint32(p[1])
				}
			case 3:
				for bx := range acc {
					p := row[3*bx : 3*bx+3 : 3*bx+3]
					acc[bx] += uint32(p[0]) + uint32(p[1]) + uint32(p[2])
				}
			default:
				for bx := range acc {
					var s uint32
					for _, v := range row[bx*factor : (bx+1)*factor] {
						s += uint32(v)
					}
					acc[bx] += s
				}
			}
		}
		out := small[my*w : (my+1)*w]
		for x, s := range acc {
			out[x] = uint8(s / n)
		}
	}
	return small
}

// inkIn counts ink inside a box given in page pixels.
func (m *inkMap) inkIn(b extractor.Box) int {
	f := float64(m.factor)
	x0 := min(m.w, max(0, int(b.X0/f)))
	y0 := min(m.h, max(0, int(b.Y0/f)))
	x1 := min(m.w, max(0, int(math.Ceil(b.X1/f))))
	y1 := min(m.h, max(0, int(math.Ceil(b.Y1/f))))
	if x1 <= x0 || y1 <= y0 {
		return 0
	}
	W := m.w + 1
	return int(m.sum[y1*W+x1] - m.sum[y0*W+x1] - m.sum[y1*W+x0] + m.sum[y0*W+x0])
}

// inkFactor picks the downsampling factor that brings a page at dpi to
// about inkDPI.
func inkFactor(dpi float64) int {
	return max(1, int(math.Round(dpi/inkDPI)))
}

// sidewaysRatio is how much sharper the column profile must be than the
// row profile for a page to count as lying on its side.
const sidewaysRatio = 2

// estimateSkew finds the angle, in degrees counterclockwise, of the page's
// text lines by maximizing the sharpness (sum of squared bins) of the ink's
// projection profile over ±maxSkew, or over ±wideSkew when that search
// peaks at its edge. It profiles rows and columns both: when columns win,
// the page lies on its side, and the angle is that of its (vertical)
// lines; either way rotating by -angle levels the text.
func estimateSkew(m *inkMap) (angle float64, sideways bool) {
	pts := inkPoints(m)
	if len(pts) < 200 {
		return 0, false
	}
	angle, sideways = skewWithin(m, pts, maxSkew)
	if math.Abs(angle) >= maxSkew-skewStep/2 {
		return skewWithin(m, pts, wideSkew)
	}
	return angle, sideways
}

// inkPt is an ink pixel of an inkMap.
type inkPt struct{ x, y int32 }

// inkPoints lists the map's ink pixels, thinned on dense pages.
func inkPoints(m *inkMap) []inkPt {
	pts := make([]inkPt, 0, m.total)
	for y := 0; y < m.h; y++ {
		for x := 0; x < m.w; x++ {
			if m.ink[y*m.w+x] != 0 {
				pts = append(pts, inkPt{int32(x), int32(y)})
			}
		}
	}
	// Dense pages (photos, heavy noise) do not need every pixel to show
	// their profile; thinning keeps the search under a few milliseconds.
	if stride := len(pts) / 150000; stride > 1 {
		thin := pts[:0]
		for i := 0; i < len(pts); i += stride {
			thin = append(thin, pts[i])
		}
		pts = thin
	}
	return pts
}

// skewWithin is estimateSkew's search of the ink points over ±bound
// degrees.
func skewWithin(m *inkMap, pts []inkPt, bound float64) (angle float64, sideways bool) {
	steps := int(math.Round(2 * bound / skewStep))
	pad := func(n int) int { return int(math.Ceil(float64(n)*math.Tan(bound*math.Pi/180))) + 2 }
	rowPad, colPad := pad(m.w), pad(m.h)
	rowHist := make([]int32, m.h+2*rowPad)
	colHist := make([]int32, m.w+2*colPad)
	rowScore := make([]float64, steps+1)
	colScore := make([]float64, steps+1)
	for i := 0; i <= steps; i++ {
		// 16.16 fixed point: the float version spends most of its time
		// rounding.
		t := int32(math.Round(math.Tan((-bound+float64(i)*skewStep)*math.Pi/180) * (1 << 16)))
		clear(rowHist)
		clear(colHist)
		for _, p := range pts {
			rowHist[p.y+int32(rowPad)+(p.x*t+1<<15)>>16]++
			colHist[p.x+int32(colPad)-(p.y*t+1<<15)>>16]++
		}
		rowScore[i], colScore[i] = sumSquares(rowHist), sumSquares(colHist)
	}
	score := rowScore
	if maxOf(colScore) > maxOf(rowScore) {
		score = colScore
	}
	// Upright notices profile their rows at least twice as sharply as
	// their columns (measured: columns at most 0.45 of rows), a page on
	// its side the other way round (over 4 times).
	sideways = maxOf(colScore) > sidewaysRatio*maxOf(rowScore)
	best := 0
	for i, s := range score {
		if s > score[best] {
			best = i
		}
	}
	angle = -bound + float64(best)*skewStep
	if best > 0 && best < steps {
		// Vertex of the parabola through the peak and its neighbours.
		l, c, r := score[best-1], score[best], score[best+1]
		if d := l - 2*c + r; d < 0 {
			angle += skewStep * 0.5 * (l - r) / d
		}
	}
	return angle, sideways
}

func sumSquares(h []int32) float64 {
	s := 0.0
	for _, v := range h {
		s += float64(v) * float64(v)
	}
	return s
}

func maxOf(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = math.Max(m, x)
	}
	return m
}

// rotate turns the page content counterclockwise by deg degrees about its
// center with bilinear interpolation, keeping the canvas size; corners that
// come from outside the page are paper white.
func rotate(src *image.Gray, deg float64) *image.Gray {
	w, h := src.Bounds().Dx(), src.Bounds().Dy()
	dst := image.NewGray(image.Rect(0, 0, w, h))
	sin, cos := math.Sincos(deg * math.Pi / 180)
	cx, cy := float64(w-1)/2, float64(h-1)/2
	const one = 1 << 16
	dx, dy := int64(cos*one), int64(sin*one)
	for y := 0; y < h; y++ {
		ry := float64(y) - cy
		// Source of the row's first pixel; each step right moves it by
		// (cos, sin).
		sx := int64((cx - cx*cos - ry*sin) * one)
		sy := int64((cy - cx*sin + ry*cos) * one)
		out := dst.Pix[y*dst.Stride : y*dst.Stride+w]
		for x := range out {
			x0, y0 := int(sx>>16), int(sy>>16)
			if sx >= 0 && sy >= 0 && x0 < w-1 && y0 < h-1 {
				// Inside: all four neighbours exist.
				fx, fy := sx&0xffff, sy&0xffff
				i := y0*src.Stride + x0
				top := int64(src.Pix[i])*(0x10000-fx) + int64(src.Pix[i+1])*fx
				bot := int64(src.Pix[i+src.Stride])*(0x10000-fx) + int64(src.Pix[i+src.Stride+1])*fx
				out[x] = uint8((top*(0x10000-fy) + bot*fy + 1<<31) >> 32)
			} else {
				out[x] = bilinear(src, w, h, sx, sy)
			}
			sx += dx
			sy += dy
		}
	}
	return dst
}

// bilinear samples src at 16.16 fixed-point (sx, sy).
func bilinear(src *image.Gray, w, h int, sx, sy int64) uint8 {
	x0, y0 := int(sx>>16), int(sy>>16)
	if sx < 0 || sy < 0 || x0 >= w || y0 >= h {
		return 255
	}
	fx, fy := sx&0xffff, sy&0xffff
	i := y0*src.Stride + x0
	var p00, p01, p10, p11 int64 = 255, 255, 255, 255
	p00 = int64(src.Pix[i])
	if x0+1 < w {
		p01 = int64(src.Pix[i+1])
	}
	if y0+1 < h {
		p10 = int64(src.Pix[i+src.Stride])
		if x0+1 < w {
			p11 = int64(src.Pix[i+src.Stride+1])
		}
	}
	top := p00*(0x10000-fx) + p01*fx
	bot := p10*(0x10000-fx) + p11*fx
	return uint8((top*(0x10000-fy) + bot*fy + 1<<31) >> 32)
}

// rotate90 turns src clockwise by quarter turns (0..3), exactly.
func rotate90(src *image.Gray, quarters int) *image.Gray {
	w, h := src.Bounds().Dx(), src.Bounds().Dy()
	switch quarters & 3 {
	case 1:
		dst := image.NewGray(image.Rect(0, 0, h, w))
		for y := 0; y < h; y++ {
			row := src.Pix[y*src.Stride : y*src.Stride+w]
			for x, v := range row {
				dst.Pix[x*dst.Stride+h-1-y] = v
			}
		}
		return dst
	case 2:
		dst := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			row := src.Pix[y*src.Stride : y*src.Stride+w]
			out := dst.Pix[(h-1-y)*dst.Stride : (h-1-y)*dst.Stride+w]
			for x, v := range row {
				out[w-1-x] = v
			}
		}
		return dst
	case 3:
		dst := image.NewGray(image.Rect(0, 0, h, w))
		for y := 0; y < h; y++ {
			row := src.Pix[y*src.Stride : y*src.Stride+w]
			for x, v := range row {
				dst.Pix[(w-1-x)*dst.Stride+y] = v
			}
		}
		return dst
	}
	return src
}

// rotateBox maps a box on a w×h image through the same clockwise quarter
// turns as rotate90.
func rotateBox(b extractor.Box, quarters int, w, h float64) extractor.Box {
	switch quarters & 3 {
	case 1:
		return extractor.Box{X0: h - b.Y1, Y0: b.X0, X1: h - b.Y0, Y1: b.X1}
	case 2:
		return extractor.Box{X0: w - b.X1, Y0: h - b.Y1, X1: w - b.X0, Y1: h - b.Y0}
	case 3:
		return extractor.Box{X0: b.Y0, Y0: w - b.X1, X1: b.Y1, Y1: w - b.X0}
	}
	return b
}
