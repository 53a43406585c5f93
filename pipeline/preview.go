package pipeline

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"math"
)

// PreviewWidth is the widest preview image: enough to read a notice on a
// laptop screen and to zoom on an identifier, small enough (about a
// hundred kilobytes) to fetch per page.
const PreviewWidth = 1400

// previewDPI is the resolution that draws a page widthPt points wide at
// least PreviewWidth pixels wide.
func previewDPI(widthPt float64) int {
	if widthPt <= 0 {
		return 150
	}
	return int(math.Ceil(PreviewWidth * 72 / widthPt))
}

// preview encodes img, downscaled to at most PreviewWidth pixels wide, as
// a grayscale JPEG. img must be the image the page's boxes refer to, so
// that a box scaled by the width ratio lands on the same words.
func preview(img image.Image) ([]byte, error) {
	g := shrink(img, PreviewWidth)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, g, &jpeg.Options{Quality: 80}); err != nil {
		return nil, fmt.Errorf("encode preview: %w", err)
	}
	return buf.Bytes(), nil
}

// shrink converts img to gray and averages it down with a box filter to
// at most maxW pixels wide, keeping the aspect ratio.
func shrink(img image.Image, maxW int) *image.Gray {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	scale := 1.0
	if w > maxW {
		scale = float64(maxW) / float64(w)
	}
	dw := max(1, int(math.Round(float64(w)*scale)))
	dh := max(1, int(math.Round(float64(h)*scale)))
	src, ok := img.(*image.Gray)
	dst := image.NewGray(image.Rect(0, 0, dw, dh))
	for y := 0; y < dh; y++ {
		y0 := b.Min.Y + y*h/dh
		y1 := max(y0+1, b.Min.Y+(y+1)*h/dh)
		for x := 0; x < dw; x++ {
			x0 := b.Min.X + x*w/dw
			x1 := max(x0+1, b.Min.X+(x+1)*w/dw)
			var sum, n int
			for sy := y0; sy < y1; sy++ {
				for sx := x0; sx < x1; sx++ {
					if ok {
						sum += int(src.Pix[src.PixOffset(sx, sy)])
					} else {
						r, g, bl, _ := img.At(sx, sy).RGBA()
						sum += int((19595*r + 38470*g + 7471*bl + 1<<15) >> 24)
					}
					n++
				}
			}
			dst.Pix[y*dst.Stride+x] = uint8(sum / n)
		}
	}
	return dst
}
