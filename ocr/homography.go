package ocr

import (
	"image"
	"math"
)

// Point is a position in pixels; (0, 0) is the top-left corner of the
// top-left pixel.
type Point struct{ X, Y float64 }

// Quad is a sheet's outline in a picture, corners in the order of the flat
// page's top-left, top-right, bottom-right and bottom-left.
type Quad [4]Point

// homography maps a point (u, v) of a flat page to the picture:
// x = (h0 u + h1 v + h2) / (h6 u + h7 v + 1), y = (h3 u + h4 v + h5) / (…).
type homography [8]float64

// apply maps (u, v) through h.
func (h homography) apply(u, v float64) (float64, float64) {
	d := h[6]*u + h[7]*v + 1
	return (h[0]*u + h[1]*v + h[2]) / d, (h[3]*u + h[4]*v + h[5]) / d
}

// pageToQuad returns the homography that takes the corners of a w×h page to
// q, and false when q is degenerate (three corners in a line).
func pageToQuad(w, h float64, q Quad) (homography, bool) {
	src := [4]Point{{0, 0}, {w, 0}, {w, h}, {0, h}}
	// Two equations per corner in the eight unknowns.
	var a [8][9]float64
	for i, s := range src {
		d := q[i]
		a[2*i] = [9]float64{s.X, s.Y, 1, 0, 0, 0, -s.X * d.X, -s.Y * d.X, d.X}
		a[2*i+1] = [9]float64{0, 0, 0, s.X, s.Y, 1, -s.X * d.Y, -s.Y * d.Y, d.Y}
	}
	// Gauss-Jordan elimination with partial pivoting.
	for c := range 8 {
		p := c
		for r := c + 1; r < 8; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		if math.Abs(a[p][c]) < 1e-12 {
			return homography{}, false
		}
		a[c], a[p] = a[p], a[c]
		for r := range 8 {
			if r == c {
				continue
			}
			f := a[r][c] / a[c][c]
			for k := c; k < 9; k++ {
				a[r][k] -= f * a[c][k]
			}
		}
	}
	var hm homography
	for i := range 8 {
		hm[i] = a[i][8] / a[i][i]
	}
	return hm, true
}

// warp samples src through h onto a new w×h page, bilinearly; what falls
// outside src is paper white. A page pixel's centre (x+0.5, y+0.5) maps to
// the picture's continuous coordinates.
func warp(src *image.Gray, h homography, w, ht int) *image.Gray {
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	dst := image.NewGray(image.Rect(0, 0, w, ht))
	for y := range ht {
		v := float64(y) + 0.5
		// Numerators and denominator are linear along a row: step them.
		nx, ny, d := h[1]*v+h[2]+h[0]*0.5, h[4]*v+h[5]+h[3]*0.5, h[7]*v+1+h[6]*0.5
		out := dst.Pix[y*dst.Stride : y*dst.Stride+w]
		for x := range out {
			sx, sy := nx/d-0.5, ny/d-0.5
			nx, ny, d = nx+h[0], ny+h[3], d+h[6]
			out[x] = bilinear(src, sw, sh, int64(sx*65536), int64(sy*65536))
		}
	}
	return dst
}
