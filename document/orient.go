package document

import (
	"image"
	"image/draw"
)

// Orientation follows the EXIF/TIFF Orientation tag: 1 is upright, 2..4 are
// mirrors and half turns, 5..8 swap width and height. Scanned PDF pages use
// the same codes, derived from how the page places its image.
type orientation int

// swapsAxes reports whether the upright image is the stored one transposed.
func (o orientation) swapsAxes() bool { return o >= 5 && o <= 8 }

// uprightSize returns the displayed size of a w×h stored image.
func (o orientation) uprightSize(w, h int) (int, int) {
	if o.swapsAxes() {
		return h, w
	}
	return w, h
}

// dest maps stored pixel (x, y) of a w×h image to its upright position.
func (o orientation) dest(x, y, w, h int) (int, int) {
	switch o {
	case 2:
		return w - 1 - x, y
	case 3:
		return w - 1 - x, h - 1 - y
	case 4:
		return x, h - 1 - y
	case 5:
		return y, x
	case 6:
		return h - 1 - y, x
	case 7:
		return h - 1 - y, w - 1 - x
	case 8:
		return y, w - 1 - x
	}
	return x, y
}

// applyOrientation returns img turned upright. Gray images, the common case
// for scans, stay gray; anything else becomes RGBA.
func applyOrientation(img image.Image, o orientation) image.Image {
	if o <= 1 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	uw, uh := o.uprightSize(w, h)
	if g, ok := img.(*image.Gray); ok {
		dst := image.NewGray(image.Rect(0, 0, uw, uh))
		for y := 0; y < h; y++ {
			row := g.Pix[g.PixOffset(b.Min.X, b.Min.Y+y):][:w]
			for x, v := range row {
				dx, dy := o.dest(x, y, w, h)
				dst.Pix[dy*dst.Stride+dx] = v
			}
		}
		return dst
	}
	src, ok := img.(*image.RGBA)
	if !ok || b.Min != (image.Point{}) {
		src = image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(src, src.Bounds(), img, b.Min, draw.Src)
	}
	dst := image.NewRGBA(image.Rect(0, 0, uw, uh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := o.dest(x, y, w, h)
			copy(dst.Pix[dy*dst.Stride+dx*4:dy*dst.Stride+dx*4+4], src.Pix[y*src.Stride+x*4:])
		}
	}
	return dst
}
