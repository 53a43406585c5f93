package document_test

import (
	"bytes"
	"context"
	"errors"
	"image/gif"
	"testing"
	"time"

	"github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/document/heiftest"
	"golang.org/x/image/bmp"
)

// FuzzOpen feeds arbitrary bytes through Open, Page and Image: nothing may
// panic, and every error must be one a caller can branch on.
func FuzzOpen(f *testing.F) {
	q := quadrants(16, 12, red, green, blue, white)
	var gifBuf, bmpBuf bytes.Buffer
	if err := gif.Encode(&gifBuf, q, nil); err != nil {
		f.Fatal(err)
	}
	if err := bmp.Encode(&bmpBuf, q); err != nil {
		f.Fatal(err)
	}
	fax, _, _ := g4Strip(f)
	text := MustTextPDF(f, []textLine{{"Receipt Number: IOE0912345678", 72, 700, 12}})
	heic := heiftest.MustEncode(f, quadrants(160, 120, red, green, blue, white), heiftest.Irot(1), heiftest.Imir(1))
	for _, seed := range [][]byte{
		text,
		text[:len(text)*2/3],
		MustEncrypt(f, text, "", "owner"),
		MustScanPDF(f, MustJPEG(f, q, 0, 0)),
		MustImagePDF(f, imagePage{W: 200, H: 150, Rotate: 90, Data: fax,
			ImageDict: "/Width 400 /Height 300 /BitsPerComponent 1 /ImageMask true /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns 400 /Rows 300 >>"}),
		MustImagePDF(f, imagePage{W: 40, H: 30, ImageDict: "/Width 4 /Height 2 /ColorSpace [/Indexed /DeviceRGB 3 <ff0000 00ff00 0000ff ffffff>] /BitsPerComponent 2", Data: []byte{0x1b, 0xe4}}),
		MustPNG(f, q, 300),
		MustJPEG(f, q, 6, 150),
		gifBuf.Bytes(),
		bmpBuf.Bytes(),
		MustReadFixture(f, "fax-g4-3pages.tif"),
		MustReadFixture(f, "quadrants.webp"),
		loopingTIFF(),
		MustPNGHeader(30000, 30000, nil),
		heic,
		heic[:len(heic)*2/3],
		setISPE(f, heic, 30000, 30000),
	} {
		f.Add(seed)
	}
	o, err := document.NewOpener(document.Config{
		Limits:         document.Limits{MaxBytes: 1 << 20, MaxPages: 4, MaxPagePixels: 2_000_000},
		PDFiumCacheDir: pdfiumCache,
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = o.Close() })
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		doc, err := o.Open(ctx, data)
		if err != nil {
			checkSentinel(t, "Open", err)
			return
		}
		defer doc.Close()
		for n := 1; n <= min(doc.NumPages(), 2); n++ {
			if _, err := doc.Page(ctx, n); err != nil {
				checkSentinel(t, "Page", err)
			}
			if img, _, err := doc.Image(ctx, n); err != nil {
				checkSentinel(t, "Image", err)
			} else if img.Bounds().Empty() {
				t.Errorf("Image(%d) is empty", n)
			}
		}
	})
}

func checkSentinel(t *testing.T, call string, err error) {
	t.Helper()
	for _, s := range []error{document.ErrEmpty, document.ErrCorrupt, document.ErrUnsupportedType,
		document.ErrTooLarge, document.ErrEncrypted, context.DeadlineExceeded} {
		if errors.Is(err, s) {
			return
		}
	}
	t.Errorf("%s: error %q wraps no sentinel", call, err)
}
