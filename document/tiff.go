package document

import (
	"context"
	"fmt"
	"image"
	"io"

	"golang.org/x/image/tiff"
)

// tiffPage is one page of a TIFF file as its directory describes it.
type tiffPage struct {
	ifdOffset uint32
	w, h      int // stored size
	meta      imageMeta
	// faxBlackIsZero: CCITT data under BlackIsZero, which x/image/tiff
	// decodes as a negative (see image).
	faxBlackIsZero bool
}

// tiffSource is a TIFF file, one page per full-resolution IFD. Pages are
// decoded one at a time so a long fax never sits decoded in memory.
type tiffSource struct {
	t     tiffStructure
	pages []tiffPage
}

// tiffCompressionSupported reports the schemes golang.org/x/image/tiff
// decodes: none, CCITT Group 3 and 4, LZW, Deflate and PackBits. JPEG in
// TIFF (6, 7) is missing there, so it is refused up front rather than
// failing page by page.
func tiffCompressionSupported(c uint32) bool {
	switch c {
	case 1, 3, 4, 5, 8, 32946, 32773:
		return true
	}
	return false
}

func openTIFF(ctx context.Context, data []byte, limits Limits) (*tiffSource, error) {
	t, off, err := parseTIFFHeader(data)
	if err != nil {
		return nil, corrupt("read TIFF header", err)
	}
	s := &tiffSource{t: t}
	seen := make(map[uint32]bool)
	for off != 0 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// A chain that loops back would otherwise never end.
		if seen[off] {
			return nil, corrupt("read TIFF directories", fmt.Errorf("directory chain loops at offset %d", off))
		}
		seen[off] = true
		// Skipped thumbnails count too, or a chain of them could run long.
		if len(seen) > 2*limits.MaxPages+2 {
			return nil, fmt.Errorf("TIFF has more than %d directories: %w", 2*limits.MaxPages+2, ErrTooLarge)
		}
		d, err := t.readIFD(off)
		if err != nil {
			return nil, corrupt(fmt.Sprintf("read TIFF directory %d", len(seen)), err)
		}
		off = d.next
		// Reduced-resolution copies (thumbnails, previews) are not pages.
		if d.uint(tagNewSubfileType, 0)&subfileReducedImage != 0 {
			continue
		}
		n := len(s.pages) + 1
		if n > limits.MaxPages {
			return nil, fmt.Errorf("TIFF has more than %d pages: %w", limits.MaxPages, ErrTooLarge)
		}
		w, h := int64(d.uint(tagImageWidth, 0)), int64(d.uint(tagImageLength, 0))
		if err := limits.checkPixels(w, h); err != nil {
			return nil, fmt.Errorf("page %d: %w", n, err)
		}
		if c := d.uint(tagCompression, 1); !tiffCompressionSupported(c) {
			return nil, fmt.Errorf("page %d: TIFF compression %d is not supported (re-save as Group 4, LZW or Deflate): %w", n, c, ErrUnsupportedType)
		}
		s.pages = append(s.pages, tiffPage{
			ifdOffset: d.offset, w: int(w), h: int(h),
			meta:           imageMeta{orient: orientation(d.orientation()), dpi: d.dpi()},
			faxBlackIsZero: isFax(d.uint(tagCompression, 1)) && d.uint(tagPhotometric, 0) == photometricBlackIsZero,
		})
	}
	if len(s.pages) == 0 {
		return nil, corrupt("read TIFF directories", fmt.Errorf("no pages"))
	}
	return s, nil
}

func (s *tiffSource) numPages() int { return len(s.pages) }

func (s *tiffSource) page(_ context.Context, n int) (*Page, error) {
	p := s.pages[n-1]
	w, h := p.meta.orient.uprightSize(p.w, p.h)
	return &Page{Number: n, Scan: true, Width: float64(w), Height: float64(h)}, nil
}

func (s *tiffSource) image(_ context.Context, n int) (image.Image, float64, error) {
	p := s.pages[n-1]
	var img image.Image
	err := guard(func() (err error) {
		img, err = tiff.Decode(&ifdReader{t: s.t, ifd: p.ifdOffset})
		return err
	})
	if err != nil {
		return nil, 0, corrupt("decode TIFF page", err)
	}
	if g, ok := img.(*image.Gray); ok && p.faxBlackIsZero {
		// libtiff, and so the writers of such files, takes a fax code's
		// white runs as 0 bits and lets BlackIsZero show them black;
		// x/image/tiff paints white runs white whatever the photometric
		// says. Following libtiff turns these pages right side out.
		for i, v := range g.Pix {
			g.Pix[i] = 255 - v
		}
	}
	return applyOrientation(img, p.meta.orient), p.meta.dpi, nil
}

// photometricBlackIsZero is TIFF's PhotometricInterpretation 1.
const photometricBlackIsZero = 1

// isFax reports the CCITT compressions: Group 3 (2, 3) and Group 4 (4).
func isFax(c uint32) bool { return c == 2 || c == 3 || c == 4 }

func (s *tiffSource) close() error { return nil }

// ifdReader presents the TIFF with its header pointing at one chosen IFD.
// x/image/tiff only decodes the first directory; patching the four offset
// bytes as they are read lets it decode any page without copying the file.
// It implements io.ReaderAt, which the decoder uses directly.
type ifdReader struct {
	t   tiffStructure
	ifd uint32
	pos int64
}

func (r *ifdReader) ReadAt(p []byte, off int64) (int, error) {
	b := r.t.b
	if off < 0 {
		return 0, fmt.Errorf("negative offset")
	}
	if off >= int64(len(b)) {
		return 0, io.EOF
	}
	n := copy(p, b[off:])
	var hdr [4]byte
	r.t.order.PutUint32(hdr[:], r.ifd)
	for i := int64(4); i < 8; i++ {
		if j := i - off; j >= 0 && j < int64(n) {
			p[j] = hdr[i-4]
		}
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (r *ifdReader) Read(p []byte) (int, error) {
	n, err := r.ReadAt(p, r.pos)
	r.pos += int64(n)
	return n, err
}
