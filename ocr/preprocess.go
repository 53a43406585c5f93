package ocr

import (
	"image"
	"image/color"
	"math"
	"slices"
)

// targetDPI is the resolution Tesseract's models read best; pages are
// rescaled toward it.
const targetDPI = 300

// fastMinDPI is the lowest resolution Config.Fast reads as it is: below it
// 10-point print is too small for Tesseract's layout analysis.
const fastMinDPI = 150

// toGray returns an 8-bit gray copy of img with its origin at (0, 0).
// Transparent pixels are composited on white, since a missing background on a
// scan means paper. Decoded JPEGs (YCbCr) keep their luma plane as is.
func toGray(img image.Image) *image.Gray {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dst := image.NewGray(image.Rect(0, 0, w, h))
	switch src := img.(type) {
	case *image.Gray:
		for y := 0; y < h; y++ {
			i := src.PixOffset(b.Min.X, b.Min.Y+y)
			copy(dst.Pix[y*dst.Stride:y*dst.Stride+w], src.Pix[i:i+w])
		}
	case *image.YCbCr:
		for y := 0; y < h; y++ {
			i := src.YOffset(b.Min.X, b.Min.Y+y)
			copy(dst.Pix[y*dst.Stride:y*dst.Stride+w], src.Y[i:i+w])
		}
	case *image.RGBA:
		for y := 0; y < h; y++ {
			row := src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):]
			out := dst.Pix[y*dst.Stride:]
			for x := 0; x < w; x++ {
				p := row[4*x : 4*x+4 : 4*x+4]
				// Premultiplied: adding the uncovered part composites on white.
				out[x] = clamp8(int(luma(p[0], p[1], p[2])) + 255 - int(p[3]))
			}
		}
	case *image.NRGBA:
		for y := 0; y < h; y++ {
			row := src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):]
			out := dst.Pix[y*dst.Stride:]
			for x := 0; x < w; x++ {
				p := row[4*x : 4*x+4 : 4*x+4]
				a := int(p[3])
				out[x] = uint8((int(luma(p[0], p[1], p[2]))*a + 255*(255-a) + 127) / 255)
			}
		}
	case *image.Paletted:
		var lut [256]uint8
		for i, c := range src.Palette {
			lut[i] = grayOf(c)
		}
		for y := 0; y < h; y++ {
			row := src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):]
			out := dst.Pix[y*dst.Stride:]
			for x := 0; x < w; x++ {
				out[x] = lut[row[x]]
			}
		}
	default:
		for y := 0; y < h; y++ {
			out := dst.Pix[y*dst.Stride:]
			for x := 0; x < w; x++ {
				out[x] = grayOf(img.At(b.Min.X+x, b.Min.Y+y))
			}
		}
	}
	return dst
}

// luma weighs 8-bit RGB like color.GrayModel does.
func luma(r, g, b uint8) uint8 {
	return uint8((19595*uint32(r) + 38470*uint32(g) + 7471*uint32(b) + 1<<15) >> 16)
}

// grayOf converts any color to gray on a white background.
func grayOf(c color.Color) uint8 {
	r, g, b, a := c.RGBA()
	y := (19595*r + 38470*g + 7471*b + 1<<15) >> 16
	return clamp8(int((y + 0xffff - a) >> 8))
}

func clamp8(v int) uint8 {
	if v < 0 {
		return 0
	}
	if v > 255 {
		return 255
	}
	return uint8(v)
}

// pageScale returns the factor that brings a w×h page at dpi to targetDPI.
// With no dpi (<= 0) the page is assumed to be a full Letter or A4 sheet,
// whichever aspect ratio fits better. Factors within 10% of 1 are not worth
// a resampling pass and its blur. With fast, pages of fastMinDPI and more
// are only ever shrunk.
func pageScale(w, h int, dpi float64, fast bool) float64 {
	if dpi <= 0 {
		dpi = guessDPI(w, h)
	}
	s := targetDPI / dpi
	if fast && dpi >= fastMinDPI && s > 1 {
		return 1
	}
	if math.Abs(s-1) < 0.1 {
		return 1
	}
	s = math.Max(0.25, math.Min(4, s))
	// Guard against a bogus hint on a huge image: Tesseract's time grows with
	// the pixel count and nothing on a notice needs more than ~9000 px.
	if long := float64(max(w, h)) * s; long > 9000 {
		s *= 9000 / long
	}
	return s
}

// maxPageInches is the long side of the largest sheet a notice comes on
// (US Legal is 14 in) with a margin. A resolution that makes the picture
// larger than that is not the page's: phones and many apps write 72 DPI
// into every photo, which would have a 3024-px photo read as a 42-inch
// page and resampled fourfold.
const maxPageInches = 17

// pageDPI returns the resolution to read a w×h page at: hint when it can
// be the page's, else the one a full Letter or A4 sheet would have.
func pageDPI(w, h int, hint float64) float64 {
	if hint > 0 && float64(max(w, h))/hint <= maxPageInches {
		return hint
	}
	return guessDPI(w, h)
}

func guessDPI(w, h int) float64 {
	papers := [...]struct{ short, long float64 }{
		{8.5, 11},     // US Letter, inches
		{8.27, 11.69}, // A4
	}
	short, long := float64(min(w, h)), float64(max(w, h))
	best, bestDiff := papers[0], math.Inf(1)
	for _, p := range papers {
		if d := math.Abs(long/short - p.long/p.short); d < bestDiff {
			best, bestDiff = p, d
		}
	}
	return (short/best.short + long/best.long) / 2
}

// resize resamples src to w×h with a separable Catmull-Rom filter (widened
// when shrinking, so it averages instead of aliasing). It is written for
// *image.Gray because x/image/draw takes ~0.8 s for a Letter page through
// its generic path; this takes a small fraction of that.
func resize(src *image.Gray, w, h int) *image.Gray {
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	if w == sw && h == sh {
		return toGray(src)
	}
	xs := filterTaps(sw, w)
	ys := filterTaps(sh, h)

	// Horizontal pass: every source row to the new width.
	tmp := make([]uint8, w*sh)
	for y := 0; y < sh; y++ {
		off := src.PixOffset(src.Bounds().Min.X, src.Bounds().Min.Y+y)
		row := src.Pix[off : off+sw]
		out := tmp[y*w : (y+1)*w]
		if xs.n == 4 {
			// Upscaling, the usual case: four taps, unrolled, which
			// halves the time of this pass.
			for x := range out {
				f := xs.first[x]
				r := row[f : f+4 : f+4]
				t := xs.weights[4*x : 4*x+4 : 4*x+4]
				acc := 1<<13 + t[0]*int32(r[0]) + t[1]*int32(r[1]) + t[2]*int32(r[2]) + t[3]*int32(r[3])
				out[x] = clamp8(int(acc >> 14))
			}
			continue
		}
		for x := range out {
			f := xs.first[x]
			acc := int32(1 << 13)
			for i, wt := range xs.weights[x*xs.n : (x+1)*xs.n] {
				acc += wt * int32(row[f+i])
			}
			out[x] = clamp8(int(acc >> 14))
		}
	}
	// Vertical pass: whole rows at a time, which keeps memory access linear.
	dst := image.NewGray(image.Rect(0, 0, w, h))
	acc := make([]int32, w)
	for y := 0; y < h; y++ {
		f := ys.first[y]
		t := ys.weights[y*ys.n : (y+1)*ys.n]
		out := dst.Pix[y*dst.Stride : y*dst.Stride+w]
		if ys.n == 4 {
			r0, r1 := tmp[f*w:(f+1)*w], tmp[(f+1)*w:(f+2)*w]
			r2, r3 := tmp[(f+2)*w:(f+3)*w], tmp[(f+3)*w:(f+4)*w]
			r1, r2, r3 = r1[:len(r0)], r2[:len(r0)], r3[:len(r0)]
			out = out[:len(r0)]
			for x, v := range r0 {
				a := 1<<13 + t[0]*int32(v) + t[1]*int32(r1[x]) + t[2]*int32(r2[x]) + t[3]*int32(r3[x])
				out[x] = clamp8(int(a >> 14))
			}
			continue
		}
		for x := range acc {
			acc[x] = 1 << 13
		}
		for i, wt := range t {
			row := tmp[(f+i)*w : (f+i+1)*w]
			for x, v := range row {
				acc[x] += wt * int32(v)
			}
		}
		for x, a := range acc {
			out[x] = clamp8(int(a >> 14))
		}
	}
	return dst
}

// tapTable holds, for every output sample, the first source sample and n
// 14-bit fixed-point weights (weights[i*n : (i+1)*n]). Every sample has
// the same number of taps, zero-weighted near the edges, so the loops over
// them can be unrolled.
type tapTable struct {
	n       int
	first   []int
	weights []int32
}

func filterTaps(srcN, dstN int) tapTable {
	scale := float64(dstN) / float64(srcN)
	support, step := 2.0, 1.0
	if scale < 1 {
		support, step = 2/scale, scale
	}
	los := make([]int, dstN)
	all := make([][]float64, dstN)
	n := 1
	for i := range dstN {
		center := (float64(i)+0.5)/scale - 0.5
		lo := max(0, int(math.Floor(center-support))+1)
		hi := min(srcN-1, int(math.Floor(center+support)))
		ws := make([]float64, 0, hi-lo+1)
		sum := 0.0
		for j := lo; j <= hi; j++ {
			v := catmullRom((float64(j) - center) * step)
			ws = append(ws, v)
			sum += v
		}
		for k := range ws {
			ws[k] /= sum
		}
		los[i], all[i] = lo, ws
		n = max(n, len(ws))
	}
	tt := tapTable{n: n, first: make([]int, dstN), weights: make([]int32, dstN*n)}
	for i, ws := range all {
		// Slide the window to fit n taps inside the source; the taps
		// outside the filter's support get weight 0.
		first := max(0, min(los[i], srcN-n))
		tt.first[i] = first
		for k, v := range ws {
			tt.weights[i*n+los[i]+k-first] = int32(math.Round(v * (1 << 14)))
		}
	}
	return tt
}

func catmullRom(x float64) float64 {
	x = math.Abs(x)
	switch {
	case x < 1:
		return (1.5*x-2.5)*x*x + 1
	case x < 2:
		return ((-0.5*x+2.5)*x-4)*x + 2
	}
	return 0
}

// otsu returns the threshold that best separates the two modes of pix's
// histogram: values <= the threshold are ink.
func otsu(pix []uint8) uint8 {
	var hist [256]int
	for _, v := range pix {
		hist[v]++
	}
	total := len(pix)
	sumAll := 0.0
	for i, n := range hist {
		sumAll += float64(i * n)
	}
	var best float64
	var th uint8
	wB, sumB := 0, 0.0
	for i, n := range hist {
		wB += n
		if wB == 0 {
			continue
		}
		wF := total - wB
		if wF == 0 {
			break
		}
		sumB += float64(i * n)
		mB, mF := sumB/float64(wB), (sumAll-sumB)/float64(wF)
		if between := float64(wB) * float64(wF) * (mB - mF) * (mB - mF); between > best {
			best, th = between, uint8(i)
		}
	}
	return th
}

// binarize maps pixels to black or white around the Otsu threshold.
func binarize(g *image.Gray) *image.Gray {
	out := toGray(g)
	th := otsu(out.Pix)
	for i, v := range out.Pix {
		if v <= th {
			out.Pix[i] = 0
		} else {
			out.Pix[i] = 255
		}
	}
	return out
}

// flatten divides g by an estimate of its paper, so that stains, shading
// and gray or uneven paper turn white while print keeps its contrast to the
// paper around it. The paper of each block of a tenth of an inch (wider
// than any stroke) is its 90th-percentile gray, interpolated bilinearly
// between block centres.
func flatten(g *image.Gray, dpi float64) *image.Gray {
	return flattenPaper(g, paperLevels(g, dpi), dpi)
}

// minPaperSpread is the spread, in gray levels between the 10th and 90th
// percentiles of paperLevels, past which a page's paper is uneven enough
// for flattening to change how it binarizes: a scan's paper varies by a
// few levels (a bilevel page's not at all), a photo's light by tens.
const minPaperSpread = 12

// unevenPage reports a page whose paper levels (see paperLevels) vary by
// minPaperSpread or more. Unlike unevenPaper, meant for a line's crop, it
// ignores the tenth of blocks darkest and brightest: a page's logo, bars
// and margins would say uneven of any scan.
func unevenPage(paper []int32) bool {
	if len(paper) == 0 {
		return false
	}
	pl := slices.Sorted(slices.Values(paper))
	return pl[len(pl)*9/10]-pl[len(pl)/10] >= minPaperSpread
}

// paperLevels estimates the paper of each block of a tenth of an inch of g
// as its 90th-percentile gray, block rows first.
func paperLevels(g *image.Gray, dpi float64) []int32 {
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	bs := max(4, int(math.Round(dpi/10)))
	gw, gh := (w+bs-1)/bs, (h+bs-1)/bs
	paper := make([]int32, gw*gh)
	var hist [256]int32
	for by := range gh {
		for bx := range gw {
			clear(hist[:])
			x0, y0 := bx*bs, by*bs
			x1, y1 := min(w, x0+bs), min(h, y0+bs)
			for y := y0; y < y1; y++ {
				for _, v := range g.Pix[y*g.Stride+x0 : y*g.Stride+x1] {
					hist[v]++
				}
			}
			above := int32((x1 - x0) * (y1 - y0) / 10)
			v, acc := 255, hist[255]
			for v > 0 && acc <= above {
				v--
				acc += hist[v]
			}
			paper[by*gw+bx] = int32(max(v, 16))
		}
	}
	return paper
}

// flattenPaper is flatten with the paper levels given.
func flattenPaper(g *image.Gray, paper []int32, dpi float64) *image.Gray {
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	bs := max(4, int(math.Round(dpi/10)))
	gw, gh := (w+bs-1)/bs, (h+bs-1)/bs
	// lerp gives the two blocks around pixel i and the weight (0..256) of
	// the second.
	lerp := func(i, n int) (int, int, int32) {
		f := (float64(i)+0.5)/float64(bs) - 0.5
		a := max(0, min(n-1, int(math.Floor(f))))
		return a, min(n-1, a+1), int32(math.Max(0, math.Min(1, f-float64(a))) * 256)
	}
	xa, xb, xt := make([]int, w), make([]int, w), make([]int32, w)
	for x := range w {
		xa[x], xb[x], xt[x] = lerp(x, gw)
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	level := make([]int32, w)
	for y := range h {
		ya, yb, yt := lerp(y, gh)
		ra, rb := paper[ya*gw:(ya+1)*gw], paper[yb*gw:(yb+1)*gw]
		for x := range level {
			a, b, t := xa[x], xb[x], xt[x]
			top := ra[a]*(256-t) + ra[b]*t
			bot := rb[a]*(256-t) + rb[b]*t
			level[x] = (top*(256-yt) + bot*yt) >> 16
		}
		src := g.Pix[y*g.Stride : y*g.Stride+w]
		dst := out.Pix[y*out.Stride : y*out.Stride+w]
		for x, v := range src {
			dst[x] = uint8(min(255, int32(v)*255/level[x]))
		}
	}
	return out
}
