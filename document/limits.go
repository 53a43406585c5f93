package document

import "fmt"

// Limits bound what one uploaded file may cost. Each is checked from headers
// before the corresponding memory is allocated.
type Limits struct {
	MaxBytes      int64 // size of the uploaded file
	MaxPages      int   // pages in a PDF or TIFF
	MaxPagePixels int64 // width×height of one page image, decoded or rendered
}

// DefaultLimits returns 100 MiB, 500 pages and 60 megapixels per page (a
// letter page at 600 DPI is 33.7 megapixels).
func DefaultLimits() Limits {
	return Limits{MaxBytes: 100 << 20, MaxPages: 500, MaxPagePixels: 60_000_000}
}

// withDefaults fills zero fields, so Config{} means the defaults.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxPages <= 0 {
		l.MaxPages = d.MaxPages
	}
	if l.MaxPagePixels <= 0 {
		l.MaxPagePixels = d.MaxPagePixels
	}
	return l
}

// checkPixels refuses a w×h image over the per-page limit. Dimensions come
// from file headers, so they are checked for sign and overflow too.
func (l Limits) checkPixels(w, h int64) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("image is %dx%d pixels: %w", w, h, ErrCorrupt)
	}
	if w > l.MaxPagePixels || h > l.MaxPagePixels || w*h > l.MaxPagePixels {
		return fmt.Errorf("image is %dx%d pixels, over the limit of %d pixels per page: %w", w, h, l.MaxPagePixels, ErrTooLarge)
	}
	return nil
}

// Memory budgets for reading a PDF. pdfcpu and pdfium each decode streams;
// these bound what one document may make them hold, whatever its size on
// disk (a few kilobytes of twice-deflated zeros inflate to gigabytes).
const (
	// maxStreamDecode bounds the decoded bytes of any one stream that is
	// not an image (content, fonts, object streams).
	maxStreamDecode = 256 << 20
	// maxDocumentDecode bounds the decoded bytes of all such streams of one
	// document together.
	maxDocumentDecode = 256 << 20
	// maxFilterChain is the most filters one stream may chain: real files
	// use one or two (e.g. ASCII85 over Flate); more only multiply a bomb.
	maxFilterChain = 3
	// maxNesting bounds how deep arrays and dictionaries nest; real files
	// stay under ten, and parsers recurse once per level.
	maxNesting = 256
	// pdfiumProcessMemory is the WebAssembly memory all pdfium instances
	// of a process may hold together; each instance gets its share, but at
	// least pdfiumMinMemory: a copy of the file (up to MaxBytes) plus a
	// page as pdfium draws it (4 bytes a pixel, 34 MB for a letter page at
	// 300 DPI). With more than two instances the floor wins, and the
	// process may hold 256 MiB per instance.
	pdfiumProcessMemory = 512 << 20
	pdfiumMinMemory     = 256 << 20
)

// pdfiumMemory is the memory limit of each of n pdfium instances.
func pdfiumMemory(n int) int64 {
	return max(pdfiumProcessMemory/int64(max(n, 1)), pdfiumMinMemory)
}
