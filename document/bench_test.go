package document_test

import (
	"bytes"
	"context"
	"fmt"
	"image/jpeg"
	"testing"

	"github.com/noticescan/noticescan/document"
)

// These benchmarks price what the pipeline pays per process and per page.
// Measured on a busy 2-core Xeon: NewOpener 8.1 s compiling pdfium, 0.26 s
// from PDFiumCacheDir; the text layer of a dense 612-word page 42 ms (20-30
// ms for a typical notice page); a 200 DPI scanned page's JPEG 85 ms, of
// which jpeg.Decode is 76; a rendered 300 DPI page 300 ms.

func BenchmarkNewOpener(b *testing.B) {
	for _, bb := range []struct {
		name  string
		cache func(*testing.B) string
	}{
		{"ColdCompile", func(b *testing.B) string { return b.TempDir() }},
		{"Cached", func(*testing.B) string { return pdfiumCache }},
	} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				o, err := document.NewOpener(document.Config{PDFiumCacheDir: bb.cache(b)})
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				_ = o.Close()
				b.StartTimer()
			}
		})
	}
}

// noticePage is a letter page of 12 labelled fields and 30 lines of prose,
// about the density of a receipt notice.
func noticePage() []textLine {
	var lines []textLine
	for i := range 12 {
		lines = append(lines, textLine{fmt.Sprintf("Receipt Number: IOE09%08d   Priority Date: 05/%02d/2023", 12345678+i, i+1), 40, 740 - 14*float64(i), 10})
	}
	for i := range 30 {
		lines = append(lines, textLine{"The above application or petition has been received by our office and is in process. Our records show", 40, 560 - 13*float64(i), 9})
	}
	return lines
}

func BenchmarkDocument_Page_TextLayer(b *testing.B) {
	doc := MustOpen(b, MustTextPDF(b, noticePage()))
	ctx := context.Background()
	words := 0
	for b.Loop() {
		p, err := doc.Page(ctx, 1)
		if err != nil {
			b.Fatal(err)
		}
		words = len(p.Text.Words)
	}
	b.ReportMetric(float64(words), "words/page")
}

func BenchmarkDocument_Image(b *testing.B) {
	scan := gray(1700, 2200, func(x, y int) uint8 { // letter at 200 DPI
		if (x/7+y/11)%5 == 0 {
			return 20
		}
		return uint8(235 + (x*y)%20)
	})
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, scan, &jpeg.Options{Quality: 75}); err != nil {
		b.Fatal(err)
	}
	fax, w, h := g4Strip(b)
	for _, bb := range []struct {
		name string
		data []byte
	}{
		{"ScannedPDFJPEG200DPI", MustScanPDF(b, jb.Bytes())},
		{"ScannedPDFCCITT", MustImagePDF(b, imagePage{W: 200, H: 150, Data: fax,
			ImageDict: fmt.Sprintf("/Width %d /Height %d /BitsPerComponent 1 /ColorSpace /DeviceGray /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns %d >>", w, h, w)})},
		{"BornDigitalRender300DPI", MustTextPDF(b, noticePage())},
		{"JPEG200DPI", jb.Bytes()},
		{"TIFFFaxPage", MustReadFixture(b, "fax-g4-3pages.tif")},
	} {
		b.Run(bb.name, func(b *testing.B) {
			doc := MustOpen(b, bb.data)
			MustPage(b, doc, 1) // as the pipeline does; later Image calls reuse what it learnt
			ctx := context.Background()
			for b.Loop() {
				if _, _, err := doc.Image(ctx, 1); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkOpener_Open(b *testing.B) {
	data := MustTextPDF(b, noticePage(), noticePage(), noticePage())
	ctx := context.Background()
	for b.Loop() {
		doc, err := opener.Open(ctx, data)
		if err != nil {
			b.Fatal(err)
		}
		_ = doc.Close()
	}
}
