package document

import (
	"bytes"
	"context"
	"fmt"
	"image"

	"github.com/gen2brain/heic"
)

// heifMinWidth is the narrowest picture decoded. The WebAssembly build
// lays out the planes it returns assuming a row stride of the width
// rounded up to 16 bytes, while libheif pads a row to at least 64 bytes:
// rows of a picture up to 96 pixels wide (48 in its half-width chroma
// planes) come back shifted and the image scrambled.
const heifMinWidth = 97

// heifSource is a HEIF still image (HEIC from a phone): one page, decoded on
// demand by libheif and libde265 compiled to WebAssembly, which run inside
// wazero's sandbox: a hostile file can at worst fill the instance's memory
// (4 GiB, the most 32-bit WebAssembly can address), freed when the decode
// ends, or trap, which comes back as ErrCorrupt.
type heifSource struct {
	data   []byte
	hdr    heifHeader
	limits Limits
	slots  chan struct{} // the Opener's; one token per decode in progress
}

// openHEIF checks the boxes of a HEIF file: the primary item must be HEVC
// coded (a single image or a grid of tiles) and no item may be over the
// pixel limit, so a header claiming a huge image is refused before the
// decoder allocates for it.
func openHEIF(data []byte, o *Opener) (*heifSource, error) {
	var hdr heifHeader
	err := guard(func() (err error) {
		hdr, err = readHEIFHeader(data)
		return err
	})
	if err != nil {
		return nil, corrupt("read HEIF boxes", err)
	}
	switch {
	case hdr.itemType == "av01" || hdr.tilesAVIF:
		return nil, fmt.Errorf("AVIF image (not supported: export it as JPEG or PDF): %w", ErrUnsupportedType)
	case hdr.itemType != "hvc1" && hdr.itemType != "grid":
		return nil, fmt.Errorf("HEIF image coded as %q (only HEVC is supported): %w", hdr.itemType, ErrUnsupportedType)
	case hdr.tilesGray:
		// The decoder's glue has no layout for a grid of grayscale tiles
		// (libheif's encoder makes one of any odd-sized grayscale picture);
		// phones store colour, and keep grayscale only in auxiliary images
		// (alpha, depth, gain maps), which are not decoded.
		return nil, fmt.Errorf("grayscale HEIC image in tiles (not supported: export it as JPEG or PNG): %w", ErrUnsupportedType)
	}
	if err := o.limits.checkPixels(int64(hdr.storedW), int64(hdr.storedH)); err != nil {
		return nil, err
	}
	if hdr.uprightW < heifMinWidth {
		return nil, fmt.Errorf("HEIC image %d pixels wide, under the %d this decoder reads (and too small for a notice): %w", hdr.uprightW, heifMinWidth, ErrUnsupportedType)
	}
	// A grid's tiles, thumbnails and auxiliary images have sizes of their
	// own; none may need more memory than a page.
	if hdr.largestPix > o.limits.MaxPagePixels {
		return nil, fmt.Errorf("an image item is %d pixels, over the limit of %d pixels per page: %w", hdr.largestPix, o.limits.MaxPagePixels, ErrTooLarge)
	}
	return &heifSource{data: data, hdr: hdr, limits: o.limits, slots: o.heifSlots}, nil
}

func (s *heifSource) numPages() int { return 1 }

func (s *heifSource) page(_ context.Context, n int) (*Page, error) {
	return &Page{Number: n, Scan: true, Width: float64(s.hdr.uprightW), Height: float64(s.hdr.uprightH)}, nil
}

// image decodes the picture upright. libheif applies irot, imir and clap
// itself, so no orientation is applied here; an EXIF Orientation inside the
// file is informational once those properties exist (HEIF and MIAF say so)
// and is ignored, as phones and browsers ignore it.
//
// The decoder takes no context and cannot be interrupted, so it runs on its
// own goroutine: a caller whose context ends gets its error at once, while
// the decode finishes in the background holding its slot, which keeps a
// file that takes forever from running more than a slot's worth of them.
func (s *heifSource) image(ctx context.Context, _ int) (image.Image, float64, error) {
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, 0, ctx.Err()
	}
	type result struct {
		img image.Image
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() { <-s.slots }()
		var img image.Image
		err := guard(func() error {
			m, err := heic.Decode(bytes.NewReader(s.data))
			if err != nil {
				return err
			}
			img, err = s.own(m)
			return err
		})
		if err != nil {
			err = corrupt("decode HEIF", err)
		}
		done <- result{img, err}
	}()
	select {
	case r := <-done:
		return r.img, 0, r.err
	case <-ctx.Done():
		return nil, 0, ctx.Err()
	}
}

// own checks the decoded picture against the header and copies it out of
// the decoder's WebAssembly memory: the decoder hands back a view into
// that memory, and holding the view would keep all of it alive.
func (s *heifSource) own(img image.Image) (image.Image, error) {
	sz := img.Bounds().Size()
	if sz.X != s.hdr.uprightW || sz.Y != s.hdr.uprightH {
		return nil, fmt.Errorf("decoded %dx%d pixels, the header says %dx%d: %w", sz.X, sz.Y, s.hdr.uprightW, s.hdr.uprightH, ErrCorrupt)
	}
	var out image.Image
	ok := false
	switch m := img.(type) {
	case *image.YCbCr:
		o := image.NewYCbCr(image.Rectangle{Max: sz}, m.SubsampleRatio)
		cw, ch := o.CStride, 0 // the chroma planes' size follows the subsampling
		if cw > 0 {
			ch = len(o.Cb) / cw
		}
		c := m.COffset(m.Rect.Min.X, m.Rect.Min.Y)
		ok = copyRows(o.Y, o.YStride, m.Y[m.YOffset(m.Rect.Min.X, m.Rect.Min.Y):], m.YStride, sz.X, sz.Y) &&
			copyRows(o.Cb, o.CStride, m.Cb[c:], m.CStride, cw, ch) &&
			copyRows(o.Cr, o.CStride, m.Cr[c:], m.CStride, cw, ch)
		out = o
	case *image.Gray:
		o := image.NewGray(image.Rectangle{Max: sz})
		ok = copyRows(o.Pix, o.Stride, m.Pix[m.PixOffset(m.Rect.Min.X, m.Rect.Min.Y):], m.Stride, sz.X, sz.Y)
		out = o
	case *image.RGBA:
		o := image.NewRGBA(image.Rectangle{Max: sz})
		ok = copyRows(o.Pix, o.Stride, m.Pix[m.PixOffset(m.Rect.Min.X, m.Rect.Min.Y):], m.Stride, 4*sz.X, sz.Y)
		out = o
	case *image.NRGBA:
		o := image.NewNRGBA(image.Rectangle{Max: sz})
		ok = copyRows(o.Pix, o.Stride, m.Pix[m.PixOffset(m.Rect.Min.X, m.Rect.Min.Y):], m.Stride, 4*sz.X, sz.Y)
		out = o
	default:
		return nil, fmt.Errorf("decoded image of type %T: %w", img, ErrCorrupt)
	}
	if !ok {
		return nil, fmt.Errorf("decoded planes shorter than %dx%d pixels: %w", sz.X, sz.Y, ErrCorrupt)
	}
	return out, nil
}

// copyRows copies rows of n bytes between buffers of different strides,
// reporting false if either is too short: the source is the decoder's, so
// its length is checked, not trusted.
func copyRows(dst []byte, dstStride int, src []byte, srcStride, n, rows int) bool {
	for y := range rows {
		d, s := y*dstStride, y*srcStride
		if s+n > len(src) || d+n > len(dst) {
			return false
		}
		copy(dst[d:d+n], src[s:s+n])
	}
	return true
}

func (s *heifSource) close() error { return nil }
