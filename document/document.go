package document

import (
	"context"
	"fmt"
	"image"
	"sync"

	"github.com/noticescan/noticescan/extractor"
)

// Page is one page of a document, without its pixels.
type Page struct {
	// Number is 1-based.
	Number int
	// Text is the PDF text layer: words in PDF points, origin top-left, Y
	// down, Conf 1, Source text_layer. It is nil when the page has no text
	// or only glyphs without a Unicode mapping (the page needs OCR), and
	// always nil for image files.
	Text *extractor.Page
	// Scan reports that the page is plainly a scan: an image covers most of
	// it (80%) with no visible text drawn on top. An image file always is.
	// An OCR'd scan is a scan with a Text layer (its text is invisible).
	Scan bool
	// Width and Height are in points for PDF pages and in pixels for images,
	// as the page is displayed (after /Rotate or EXIF orientation).
	Width, Height float64
}

// source is one file format's way of producing pages. Page numbers are
// checked by Document before they reach it.
type source interface {
	numPages() int
	page(ctx context.Context, n int) (*Page, error)
	image(ctx context.Context, n int) (image.Image, float64, error)
	close() error
}

// Document is an opened file. It is safe for concurrent use; it keeps a
// reference to the bytes given to Open, which must not change until Close.
type Document struct {
	// MediaType is the sniffed type, e.g. "application/pdf" or "image/png".
	MediaType string

	src    source
	mu     sync.RWMutex // held for reading by calls, for writing by Close
	closed bool
}

// NumPages returns the number of pages, at least 1.
func (d *Document) NumPages() int { return d.src.numPages() }

// Page returns page n (1-based): its size, whether it is a scan and its
// text layer. It decodes no image; for a PDF it reads the page's text.
func (d *Document) Page(ctx context.Context, n int) (*Page, error) {
	if err := d.begin(ctx, n); err != nil {
		return nil, err
	}
	defer d.mu.RUnlock()
	p, err := d.src.page(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("page %d: %w", n, err)
	}
	return p, nil
}

// Image returns page n's image upright, and its resolution in dots per inch
// (0 if unknown). A scanned PDF page gives its embedded image as stored,
// other PDF pages are rendered at 300 DPI in grayscale. Each call decodes
// afresh and nothing is cached, so memory holds one page at a time.
func (d *Document) Image(ctx context.Context, n int) (image.Image, float64, error) {
	if err := d.begin(ctx, n); err != nil {
		return nil, 0, err
	}
	defer d.mu.RUnlock()
	img, dpi, err := d.src.image(ctx, n)
	if err != nil {
		return nil, 0, fmt.Errorf("page %d: %w", n, err)
	}
	return img, dpi, nil
}

// renderer is a source that can draw a page at a chosen resolution.
type renderer interface {
	render(ctx context.Context, n, dpi int) (image.Image, error)
}

// Render returns page n upright at about dpi dots per inch, for a person to
// look at. PDF pages are drawn at that resolution, which for a preview costs
// a fraction of Image's 300 DPI; image files have one resolution, and come
// as Image gives them.
func (d *Document) Render(ctx context.Context, n, dpi int) (image.Image, error) {
	if err := d.begin(ctx, n); err != nil {
		return nil, err
	}
	defer d.mu.RUnlock()
	if r, ok := d.src.(renderer); ok {
		img, err := r.render(ctx, n, dpi)
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", n, err)
		}
		return img, nil
	}
	img, _, err := d.src.image(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("page %d: %w", n, err)
	}
	return img, nil
}

// begin takes the read lock for one call, after checking the call can run.
func (d *Document) begin(ctx context.Context, n int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if n < 1 || n > d.src.numPages() {
		return fmt.Errorf("page %d of %d: %w", n, d.src.numPages(), ErrPageRange)
	}
	d.mu.RLock()
	if d.closed {
		d.mu.RUnlock()
		return fmt.Errorf("document: %w", ErrClosed)
	}
	return nil
}

// Close releases the document, waiting for calls in progress. Closing twice
// is not an error.
func (d *Document) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil
	}
	d.closed = true
	return d.src.close()
}
