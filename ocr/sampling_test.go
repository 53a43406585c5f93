package ocr

import (
	"image"
	"math"
	"math/rand/v2"
	"testing"
)

// resizeReference is the plain form of resize: per-sample tap lists and no
// unrolling. The fast path must give the same pixels.
func resizeReference(src *image.Gray, w, h int) *image.Gray {
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	taps := func(srcN, dstN int) (firsts []int, weights [][]int32) {
		scale := float64(dstN) / float64(srcN)
		support, step := 2.0, 1.0
		if scale < 1 {
			support, step = 2/scale, scale
		}
		for i := range dstN {
			center := (float64(i)+0.5)/scale - 0.5
			lo := max(0, int(math.Floor(center-support))+1)
			hi := min(srcN-1, int(math.Floor(center+support)))
			var ws []float64
			sum := 0.0
			for j := lo; j <= hi; j++ {
				v := catmullRom((float64(j) - center) * step)
				ws = append(ws, v)
				sum += v
			}
			var iw []int32
			for _, v := range ws {
				iw = append(iw, int32(math.Round(v/sum*(1<<14))))
			}
			firsts, weights = append(firsts, lo), append(weights, iw)
		}
		return firsts, weights
	}
	xf, xw := taps(sw, w)
	yf, yw := taps(sh, h)
	tmp := make([]int, w*sh)
	for y := range sh {
		for x := range w {
			acc := int32(1 << 13)
			for i, wt := range xw[x] {
				acc += wt * int32(src.GrayAt(src.Bounds().Min.X+xf[x]+i, src.Bounds().Min.Y+y).Y)
			}
			tmp[y*w+x] = int(clamp8(int(acc >> 14)))
		}
	}
	dst := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			acc := int32(1 << 13)
			for i, wt := range yw[y] {
				acc += wt * int32(tmp[(yf[y]+i)*w+x])
			}
			dst.Pix[y*dst.Stride+x] = clamp8(int(acc >> 14))
		}
	}
	return dst
}

func TestResizeMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sizes := []struct{ sw, sh, w, h int }{
		{40, 30, 80, 60},   // 2x up
		{40, 30, 60, 45},   // 1.5x up
		{37, 29, 148, 116}, // 4x up, odd sizes
		{80, 60, 40, 30},   // down
		{90, 70, 23, 17},   // far down
		{3, 2, 7, 5},       // fewer source samples than taps
		{1, 1, 4, 4},
		{50, 40, 75, 20}, // up one way, down the other
	}
	for _, sz := range sizes {
		// A sub-image, so a Stride wider than the row and a non-zero
		// origin are covered.
		big := image.NewGray(image.Rect(0, 0, sz.sw+5, sz.sh+3))
		for i := range big.Pix {
			big.Pix[i] = uint8(rng.IntN(256))
		}
		src := big.SubImage(image.Rect(2, 1, 2+sz.sw, 1+sz.sh)).(*image.Gray)
		got, want := resize(src, sz.w, sz.h), resizeReference(src, sz.w, sz.h)
		if got.Bounds() != want.Bounds() {
			t.Fatalf("%dx%d->%dx%d: bounds %v, want %v", sz.sw, sz.sh, sz.w, sz.h, got.Bounds(), want.Bounds())
		}
		for y := range sz.h {
			for x := range sz.w {
				if g, w := got.GrayAt(x, y).Y, want.GrayAt(x, y).Y; g != w {
					t.Fatalf("%dx%d->%dx%d: pixel (%d,%d) = %d, want %d", sz.sw, sz.sh, sz.w, sz.h, x, y, g, w)
				}
			}
		}
	}
}

// BenchmarkResize upscales a 150-DPI Letter page to 300 DPI.
func BenchmarkResize(b *testing.B) {
	src := image.NewGray(image.Rect(0, 0, 1275, 1650))
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range src.Pix {
		src.Pix[i] = uint8(rng.IntN(256))
	}
	for b.Loop() {
		resize(src, 2550, 3300)
	}
}

func TestBlockMeansMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	big := image.NewGray(image.Rect(0, 0, 131, 97))
	for i := range big.Pix {
		big.Pix[i] = uint8(rng.IntN(256))
	}
	// Stride wider than the rows, as for a cropped page.
	g := &image.Gray{Pix: big.Pix, Stride: big.Stride, Rect: image.Rect(0, 0, 120, 90)}
	for factor := 1; factor <= 5; factor++ {
		w, h := 120/factor, 90/factor
		got := blockMeans(g, factor, w, h)
		for by := range h {
			for bx := range w {
				s := 0
				for y := by * factor; y < (by+1)*factor; y++ {
					for x := bx * factor; x < (bx+1)*factor; x++ {
						s += int(g.Pix[y*g.Stride+x])
					}
				}
				if want := uint8(s / (factor * factor)); got[by*w+bx] != want {
					t.Fatalf("factor %d: block (%d,%d) = %d, want %d", factor, bx, by, got[by*w+bx], want)
				}
			}
		}
	}
}

func TestPackInkMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	big := image.NewGray(image.Rect(0, 0, 140, 90))
	for i := range big.Pix {
		big.Pix[i] = uint8(rng.IntN(256))
	}
	g := &image.Gray{Pix: big.Pix, Stride: big.Stride, Rect: image.Rect(0, 0, 130, 80)}
	const th = 60
	for step := 1; step <= 3; step++ {
		w, h := 130/step, 80/step
		wpl := (w + 31) / 32
		got := packInk(g, th, step, w, h, wpl)
		for y := range h {
			for x := range w {
				ink := false
				for dy := range step {
					for dx := range step {
						ink = ink || g.Pix[(y*step+dy)*g.Stride+x*step+dx] <= th
					}
				}
				if bit := got[y*wpl+x/32]>>(31-uint(x%32))&1 == 1; bit != ink {
					t.Fatalf("step %d: (%d,%d) ink %v, want %v", step, x, y, bit, ink)
				}
			}
		}
	}
}

// TestPageDPI checks that a resolution tag is trusted only when it gives a
// page of a size notices come on: phones tag every photo 72 DPI, and a
// 3024-px photo read as a 42-inch page would be resampled fourfold.
func TestPageDPI(t *testing.T) {
	tests := []struct {
		name   string
		w, h   int
		hint   float64
		lo, hi float64
	}{
		{"ScanTagTrusted", 1275, 1650, 150, 150, 150},
		{"CardScanTagTrusted", 1020, 640, 300, 300, 300},
		{"PhoneTagIgnored", 2268, 3024, 72, 260, 280},
		{"NoTag", 2550, 3300, 0, 295, 305},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pageDPI(tt.w, tt.h, tt.hint)
			if got < tt.lo || got > tt.hi {
				t.Errorf("pageDPI(%d, %d, %v) = %.1f, want %v..%v", tt.w, tt.h, tt.hint, got, tt.lo, tt.hi)
			}
			if s := pageScale(tt.w, tt.h, got, false); s > 1.5 && tt.hint == 72 {
				t.Errorf("a phone photo would be resampled %.1f×", s)
			}
		})
	}
}
