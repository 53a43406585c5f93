package noticegen

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"slices"
)

// Degradation records how a document's scanned pages were made hard to
// read, so results can be broken down by cause.
type Degradation struct {
	Level Level `json:"level"`
	DPI   int   `json:"dpi"`
	// Skew is each page's small rotation in degrees, counterclockwise
	// positive; zero for born-digital pages.
	Skew []float64 `json:"skew"`
	// Turned is each page's quarter turn, clockwise degrees (0, 90, 180,
	// 270), as the pixels are stored.
	Turned []int `json:"turned"`
	// Noise is the sigma of added gaussian noise in gray levels.
	Noise float64 `json:"noise"`
	// Blur is the sigma of the gaussian blur in pixels at DPI.
	Blur float64 `json:"blur"`
	// JPEGQuality is the quality of the last JPEG encoding, 0 if none.
	JPEGQuality int `json:"jpeg_q"`
	// Fax is the fax look: halved vertical resolution, 1-bit, speckle and
	// streaks, stretched back to square pixels.
	Fax     bool    `json:"fax"`
	Speckle float64 `json:"speckle"`
	Streaks int     `json:"streaks"`
	// Ink is the gray of solid text (0 black); above about 90 it reads as
	// faint. Background is the paper gray.
	Ink        uint8 `json:"ink"`
	Background uint8 `json:"bg"`
	Stains     int   `json:"stains"`
	// Bilevel means the pages are stored as 1-bit images.
	Bilevel bool `json:"bilevel"`
	// Dots is how many salt-and-pepper dots of 1 to 3 pixels were strewn
	// over each fax page with FaxNoiseDense.
	Dots int `json:"dots,omitempty"`
	// EXIFOrientation, when set, is the JPEG Orientation tag (3, 6 or 8):
	// the pixels are stored turned and the tag says how to show them.
	EXIFOrientation int `json:"exif_orientation,omitempty"`
	// Photo describes each page of a phone photo, nil for scans. DPI is
	// then the lowest SheetDPI, Skew each sheet's rotation, and Noise and
	// Blur the largest of the pages.
	Photo []PhotoShot `json:"photo,omitempty"`
}

// planDegradation draws the parameters for one document. first is the
// first page that is scanned (pdf_mixed keeps page 1 born-digital).
func planDegradation(r *rnd, level Level, f Format, pages, first int, o Options) *Degradation {
	turned, dpis := o.Turned, o.DPIs
	dg := &Degradation{Level: level, Background: 255, Skew: make([]float64, pages), Turned: make([]int, pages)}
	faxOdds := 0.0
	switch level {
	case LevelNone:
		dg.DPI = pick(r, []int{200, 300})
	case LevelLight:
		dg.DPI = pick(r, []int{200, 300, 300})
		dg.Noise, dg.Blur = r.between(1, 3), r.between(0, 0.4)
		dg.Ink, dg.Background = uint8(r.intIn(0, 30)), uint8(r.intIn(240, 252))
	case LevelMedium:
		dg.DPI = pick(r, []int{150, 200, 300})
		dg.Noise, dg.Blur = r.between(3, 7), r.between(0.4, 0.8)
		dg.Ink, dg.Background = uint8(r.intIn(30, 80)), uint8(r.intIn(225, 245))
		if r.chance(0.2) {
			dg.Ink = uint8(r.intIn(90, 110))
		}
		dg.Stains = r.intIn(0, 1)
		faxOdds = 0.2
	case LevelHeavy:
		dg.DPI = pick(r, []int{150, 200, 300})
		dg.Noise, dg.Blur = r.between(7, 14), r.between(0.7, 1.2)
		dg.Ink, dg.Background = uint8(r.intIn(60, 110)), uint8(r.intIn(210, 235))
		dg.Stains = r.intIn(1, 3)
		faxOdds = 0.4
	}
	if f == FormatTIFF && faxOdds > 0 {
		faxOdds += 0.3 // TIFFs are mostly faxes
	}
	if f == FormatTIFF && o.FaxNoise == FaxNoiseDense {
		faxOdds = 1
	}
	if r.chance(faxOdds) {
		dg.Fax, dg.Bilevel, dg.DPI = true, true, 200
		dg.Speckle, dg.Streaks = r.between(0.0005, 0.003), r.intIn(0, 2)
		dg.Noise, dg.Blur = dg.Noise/2, min(dg.Blur, 0.6)
		dg.Ink, dg.Background = 0, 255
	}
	if len(dpis) > 0 && (!dg.Fax || !slices.Contains(dpis, 200)) {
		dg.DPI = pick(r, dpis)
	}
	if f == FormatTIFF && !dg.Fax && r.chance(0.4) {
		dg.Bilevel = true
	}
	skew := map[Level]float64{LevelLight: 0.6, LevelMedium: 1.2, LevelHeavy: 2}[level]
	for i := first; i < pages; i++ {
		if skew > 0 {
			s := r.between(skew/3, skew)
			if r.chance(0.5) {
				s = -s
			}
			dg.Skew[i] = math.Round(s*100) / 100
		}
		if turned && level != LevelNone && r.chance(0.12) {
			dg.Turned[i] = pick(r, []int{90, 180, 270})
		}
	}
	switch {
	case f == FormatJPEG || f == FormatPDFScan || f == FormatPDFScanText || f == FormatPDFMixed:
		dg.JPEGQuality = map[Level]int{LevelNone: 92, LevelLight: r.intIn(70, 90), LevelMedium: r.intIn(50, 75), LevelHeavy: r.intIn(30, 50)}[level]
	case !dg.Bilevel && level != LevelNone && level != LevelLight && r.chance(0.5):
		// A scan saved as JPEG once and converted later keeps the artifacts.
		dg.JPEGQuality = r.intIn(30, 75)
	}
	round := func(v, scale float64) float64 { return math.Round(v*scale) / scale }
	dg.Noise, dg.Blur, dg.Speckle = round(dg.Noise, 100), round(dg.Blur, 100), round(dg.Speckle, 1e4)
	if f == FormatJPEG && turned && dg.Turned[0] == 0 && r.chance(0.4) {
		// Stored turned; the tag says how to show it upright.
		dg.EXIFOrientation = pick(r, []int{3, 6, 8})
		dg.Turned[0] = map[int]int{3: 180, 6: 270, 8: 90}[dg.EXIFOrientation]
	}
	if dg.Fax && o.FaxNoise == FaxNoiseDense {
		// Thousands per letter page at 200 DPI, scaled to other sizes.
		dg.Dots = r.intIn(4000, 15000) * dg.DPI * dg.DPI / (200 * 200)
	}
	return dg
}

// degrade applies dg to one rendered page (black ink on white) in scan
// order: paper and ink, stains, skew, blur, noise, fax or JPEG, turn.
func degrade(img *image.Gray, dg *Degradation, i int, r *rnd) (*image.Gray, error) {
	tone(img, dg.Ink, dg.Background)
	for range dg.Stains {
		stain(img, r)
	}
	if dg.Skew[i] != 0 {
		img = rotate(img, dg.Skew[i], dg.Background)
	}
	if dg.Blur >= 0.25 { // below that the kernel is all centre
		blur(img, dg.Blur)
	}
	if dg.Noise > 0 {
		noise(img, dg.Noise, r)
	}
	switch {
	case dg.Fax:
		img = faxLook(img, dg, r)
		saltAndPepper(img, dg.Dots, r)
	case dg.Bilevel:
		threshold(img, 150)
	case dg.JPEGQuality > 0:
		var err error
		if img, err = jpegRoundTrip(img, dg.JPEGQuality); err != nil {
			return nil, err
		}
	}
	return turn(img, dg.Turned[i]), nil
}

//go:norace
func tone(img *image.Gray, ink, bg uint8) {
	if ink == 0 && bg == 255 {
		return
	}
	var lut [256]uint8
	for v := range lut {
		lut[v] = uint8(int(ink) + (int(bg)-int(ink))*v/255)
	}
	for i, v := range img.Pix {
		img.Pix[i] = lut[v]
	}
}

// stain darkens a soft-edged blob, like a coffee ring or toner smudge, at
// most by a third so the text under it stays legible.
//
//go:norace
func stain(img *image.Gray, r *rnd) {
	b := img.Bounds()
	cx, cy := r.between(0, float64(b.Dx())), r.between(0, float64(b.Dy()))
	rx, ry := r.between(0.04, 0.15)*float64(b.Dx()), r.between(0.03, 0.1)*float64(b.Dy())
	strength := r.between(0.12, 0.33)
	x0, x1 := max(0, int(cx-rx)), min(b.Dx(), int(cx+rx))
	y0, y1 := max(0, int(cy-ry)), min(b.Dy(), int(cy+ry))
	for y := y0; y < y1; y++ {
		dy := (float64(y) - cy) / ry
		row := img.Pix[y*img.Stride:]
		for x := x0; x < x1; x++ {
			dx := (float64(x) - cx) / rx
			d := dx*dx + dy*dy
			if d >= 1 {
				continue
			}
			f := 1 - strength*(1-d*d)
			row[x] = uint8(float64(row[x]) * f)
		}
	}
}

// rotate turns img by deg (counterclockwise) about its centre with
// bilinear sampling, filling uncovered corners with the paper gray. Source
// positions are stepped along each row in 16.16 fixed point.
//
//go:norace
func rotate(img *image.Gray, deg float64, bg uint8) *image.Gray {
	w, h, st := img.Rect.Dx(), img.Rect.Dy(), img.Stride
	out := image.NewGray(image.Rect(0, 0, w, h))
	sin, cos := math.Sincos(deg * math.Pi / 180)
	cx, cy := float64(w)/2, float64(h)/2
	const one = 1 << 16
	dx, dy := int64(cos*one), int64(sin*one)
	p := img.Pix
	for y := 0; y < h; y++ {
		fy := float64(y) - cy
		sx := int64((cos*(-cx) - sin*fy + cx) * one)
		sy := int64((sin*(-cx) + cos*fy + cy) * one)
		row := out.Pix[y*out.Stride : y*out.Stride+w]
		for x := range row {
			x0, y0 := int(sx>>16), int(sy>>16)
			if sx < 0 || sy < 0 || x0+1 >= w || y0+1 >= h {
				row[x] = bg
			} else {
				fx, fy := sx&(one-1), sy&(one-1)
				i := y0*st + x0
				top := int64(p[i])*(one-fx) + int64(p[i+1])*fx
				bot := int64(p[i+st])*(one-fx) + int64(p[i+st+1])*fx
				row[x] = uint8((top*(one-fy) + bot*fy + 1<<31) >> 32)
			}
			sx += dx
			sy += dy
		}
	}
	return out
}

// blur is a separable gaussian in 16.16 fixed point. The vertical pass
// runs row by row over a copy so it stays cache-friendly on 300-DPI pages.
//
//go:norace
func blur(img *image.Gray, sigma float64) {
	rad := int(math.Ceil(sigma * 2.5))
	fk := make([]float64, 2*rad+1)
	var sum float64
	for i := range fk {
		d := float64(i - rad)
		fk[i] = math.Exp(-d * d / (2 * sigma * sigma))
		sum += fk[i]
	}
	k := make([]int32, len(fk))
	for i := range k {
		k[i] = int32(fk[i] / sum * 65536)
	}
	w, h, st := img.Rect.Dx(), img.Rect.Dy(), img.Stride
	// Both passes accumulate whole rows tap by tap, which the compiler
	// keeps free of bounds checks; the row copy is padded by repeating its
	// end pixels.
	pad := make([]uint8, w+2*rad)
	acc := make([]int32, w)
	for y := 0; y < h; y++ {
		row := img.Pix[y*st : y*st+w]
		copy(pad[rad:], row)
		for i := 0; i < rad; i++ {
			pad[i], pad[rad+w+i] = row[0], row[w-1]
		}
		clear(acc)
		for j, kv := range k {
			addScaled(acc, pad[j:j+w], kv)
		}
		store(row, acc)
	}
	src := append([]uint8(nil), img.Pix...)
	for y := 0; y < h; y++ {
		clear(acc)
		for j, kv := range k {
			sy := min(max(y+j-rad, 0), h-1)
			addScaled(acc, src[sy*st:sy*st+w], kv)
		}
		store(img.Pix[y*st:y*st+w], acc)
	}
}

//go:norace
func addScaled(acc []int32, src []uint8, k int32) {
	src = src[:len(acc)]
	for x, v := range src {
		acc[x] += int32(v) * k
	}
}

//go:norace
func store(dst []uint8, acc []int32) {
	acc = acc[:len(dst)]
	for x := range dst {
		dst[x] = clamp8((acc[x] + 32768) >> 16)
	}
}

func clamp8(v int32) uint8 { return uint8(min(max(v, 0), 255)) }

// noise adds gaussian noise. Drawing a normal deviate per pixel dominated
// the run time, so deviates come from a table indexed by 16 random bits.
//
//go:norace
func noise(img *image.Gray, sigma float64, r *rnd) {
	var tab [1 << 16]int16
	for i := range tab {
		tab[i] = int16(math.Round(r.NormFloat64() * sigma))
	}
	var bits uint64
	for i, v := range img.Pix {
		if i%4 == 0 {
			bits = r.Uint64()
		}
		n := int32(v) + int32(tab[bits&0xFFFF])
		bits >>= 16
		img.Pix[i] = clamp8(n)
	}
}

//go:norace
func threshold(img *image.Gray, t uint8) {
	for i, v := range img.Pix {
		if v < t {
			img.Pix[i] = 0
		} else {
			img.Pix[i] = 255
		}
	}
}

// faxLook halves the vertical resolution, thresholds, adds speckle and
// streaks, and stretches back to square pixels, like a standard-mode fax
// printed to a TIFF.
//
//go:norace
func faxLook(img *image.Gray, dg *Degradation, r *rnd) *image.Gray {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	half := h / 2
	low := make([]uint8, w*half)
	fine := dg.Level != LevelHeavy
	for y := 0; y < half; y++ {
		a := img.Pix[2*y*img.Stride:]
		b := img.Pix[(2*y+1)*img.Stride:]
		for x := 0; x < w; x++ {
			v := (int(a[x]) + int(b[x])) / 2
			if fine {
				v = int(a[x])
			}
			t := 140 + r.IntN(30)
			if v < t {
				low[y*w+x] = 0
			} else {
				low[y*w+x] = 255
			}
		}
	}
	for n := int(dg.Speckle * float64(w*half)); n > 0; n-- {
		x, y := r.IntN(w-2), r.IntN(half-1)
		for dy := 0; dy < 1+r.IntN(2); dy++ {
			for dx := 0; dx < 1+r.IntN(3); dx++ {
				low[(y+dy)*w+x+dx] = 0
			}
		}
	}
	for range dg.Streaks {
		if r.chance(0.5) {
			x := r.IntN(w - 3)
			for y := 0; y < half; y++ {
				low[y*w+x] = 0
			}
		} else {
			// A dropped scan line: white across the page.
			y := r.IntN(half)
			for x := 0; x < w; x++ {
				low[y*w+x] = 255
			}
		}
	}
	out := image.NewGray(img.Rect)
	for y := 0; y < h; y++ {
		src := min(y/2, half-1)
		copy(out.Pix[y*out.Stride:y*out.Stride+w], low[src*w:src*w+w])
	}
	return out
}

// saltAndPepper strews n isolated dots of 1 to 3 pixels over a bilevel
// page, as a noisy fax line does: black on paper, white in ink. White
// dots in ink are single pixels so strokes stay whole.
//
//go:norace
func saltAndPepper(img *image.Gray, n int, r *rnd) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if w < 4 || h < 4 {
		return
	}
	for range n {
		x, y := r.IntN(w-3), r.IntN(h-3)
		i := y*img.Stride + x
		if img.Pix[i] == 0 {
			img.Pix[i] = 255
			continue
		}
		dw, dh := 1+r.IntN(3), 1+r.IntN(3)
		if dw == 3 && dh == 3 {
			dh = 2 // no square blobs as big as a stroke is wide
		}
		for dy := range dh {
			for dx := range dw {
				img.Pix[i+dy*img.Stride+dx] = 0
			}
		}
	}
}

func jpegRoundTrip(img *image.Gray, q int) (*image.Gray, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
		return nil, fmt.Errorf("jpeg round trip: %w", err)
	}
	m, err := jpeg.Decode(&buf)
	if err != nil {
		return nil, fmt.Errorf("jpeg round trip: %w", err)
	}
	g, ok := m.(*image.Gray)
	if !ok {
		return nil, fmt.Errorf("jpeg round trip: decoded %T, want gray", m)
	}
	// The decoder pads rows to whole blocks; later steps want them tight.
	out := image.NewGray(image.Rect(0, 0, g.Rect.Dx(), g.Rect.Dy()))
	for y := range out.Rect.Dy() {
		copy(out.Pix[y*out.Stride:(y+1)*out.Stride], g.Pix[y*g.Stride:])
	}
	return out, nil
}

// turn rotates by a multiple of 90 degrees clockwise, exactly.
//
//go:norace
func turn(img *image.Gray, deg int) *image.Gray {
	if deg == 0 {
		return img
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if deg == 180 {
		out := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				out.Pix[(h-1-y)*out.Stride+w-1-x] = img.Pix[y*img.Stride+x]
			}
		}
		return out
	}
	out := image.NewGray(image.Rect(0, 0, h, w))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := img.Pix[y*img.Stride+x]
			if deg == 90 {
				out.Pix[x*out.Stride+h-1-y] = v
			} else {
				out.Pix[(w-1-x)*out.Stride+y] = v
			}
		}
	}
	return out
}
