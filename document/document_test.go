package document_test

import (
	"context"
	"errors"
	"image"
	"sync"
	"testing"
	"time"

	"github.com/noticescan/noticescan/document"
)

// MustOpen opens data with the shared opener and closes it after the test.
func MustOpen(tb testing.TB, data []byte) *document.Document {
	tb.Helper()
	doc, err := opener.Open(context.Background(), data)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { _ = doc.Close() })
	return doc
}

func MustPage(tb testing.TB, doc *document.Document, n int) *document.Page {
	tb.Helper()
	p, err := doc.Page(context.Background(), n)
	if err != nil {
		tb.Fatalf("Page(%d): %v", n, err)
	}
	return p
}

func MustImage(tb testing.TB, doc *document.Document, n int) (image.Image, float64) {
	tb.Helper()
	img, dpi, err := doc.Image(context.Background(), n)
	if err != nil {
		tb.Fatalf("Image(%d): %v", n, err)
	}
	return img, dpi
}

func TestDocument_Page_ErrPageRange(t *testing.T) {
	doc := MustOpen(t, MustTextPDF(t, []textLine{{"one", 72, 700, 12}}))
	ctx := context.Background()
	for _, n := range []int{0, -1, 2} {
		if _, err := doc.Page(ctx, n); !errors.Is(err, document.ErrPageRange) {
			t.Errorf("Page(%d): err = %v, want ErrPageRange", n, err)
		}
		if _, _, err := doc.Image(ctx, n); !errors.Is(err, document.ErrPageRange) {
			t.Errorf("Image(%d): err = %v, want ErrPageRange", n, err)
		}
	}
}

func TestDocument_Close(t *testing.T) {
	doc, err := opener.Open(context.Background(), MustTextPDF(t, []textLine{{"one", 72, 700, 12}}))
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Close(); err != nil {
		t.Fatal(err)
	}
	if err := doc.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := doc.Page(context.Background(), 1); !errors.Is(err, document.ErrClosed) {
		t.Errorf("Page after Close: err = %v, want ErrClosed", err)
	}
}

func TestDocument_Context(t *testing.T) {
	data := MustTextPDF(t, []textLine{{"Receipt Number: IOE0912345678", 72, 700, 12}})
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := opener.Open(cancelled, data); !errors.Is(err, context.Canceled) {
		t.Errorf("Open: err = %v, want context.Canceled", err)
	}
	doc := MustOpen(t, data)
	if _, err := doc.Page(cancelled, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("Page: err = %v, want context.Canceled", err)
	}
	// Deadlines that expire while pdfium renders kill its instance; the
	// next call must get a working one.
	for _, d := range []time.Duration{time.Millisecond, 5 * time.Millisecond, 20 * time.Millisecond, 50 * time.Millisecond} {
		ctx, cancel := context.WithTimeout(context.Background(), d)
		_, _, err := doc.Image(ctx, 1)
		cancel()
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Image with %v deadline: err = %v, want nil or DeadlineExceeded", d, err)
		}
		if p := MustPage(t, doc, 1); p.Text == nil || len(p.Text.Words) != 3 {
			t.Fatalf("after a %v deadline: page = %+v, want 3 words", d, p)
		}
	}
}

func TestOpener_Concurrent(t *testing.T) {
	o, err := document.NewOpener(document.Config{PDFInstances: 2, PDFiumCacheDir: pdfiumCache})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	text := MustTextPDF(t, []textLine{{"Receipt Number: IOE0912345678", 72, 700, 12}}, []textLine{{"Page two", 72, 700, 12}})
	scan := MustScanPDF(t, MustJPEG(t, gray(200, 300, func(x, y int) uint8 { return uint8(x) }), 0, 0))
	fax := MustReadFixture(t, "fax-g4-3pages.tif")
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 8 {
		data := [][]byte{text, scan, fax}[i%3]
		doc, err := o.Open(context.Background(), data)
		if err != nil {
			t.Fatal(err)
		}
		defer doc.Close()
		// Two goroutines share each document, as a pipeline's workers may.
		for range 2 {
			wg.Go(func() {
				for n := 1; n <= doc.NumPages(); n++ {
					if _, err := doc.Page(context.Background(), n); err != nil {
						errs <- err
					}
					if _, _, err := doc.Image(context.Background(), n); err != nil {
						errs <- err
					}
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
