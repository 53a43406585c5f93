package document_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/gif"
	"runtime"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/document/heiftest"
	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
)

func TestOpener_Open(t *testing.T) {
	ctx := context.Background()
	textPDF := MustTextPDF(t, []textLine{{"Receipt Number: IOE0912345678", 72, 700, 12}})
	small := quadrants(40, 30, red, green, blue, white)
	var gifBuf, bmpBuf, tiffBuf bytes.Buffer
	if err := gif.Encode(&gifBuf, small, nil); err != nil {
		t.Fatal(err)
	}
	if err := bmp.Encode(&bmpBuf, small); err != nil {
		t.Fatal(err)
	}
	if err := tiff.Encode(&tiffBuf, small, &tiff.Options{Compression: tiff.Deflate}); err != nil {
		t.Fatal(err)
	}

	for _, tt := range []struct {
		name      string
		data      []byte
		wantType  string
		wantPages int
		wantErr   error
		wantMsg   string // in the error message, when set
	}{
		{name: "OK/PDF", data: textPDF, wantType: "application/pdf", wantPages: 1},
		{name: "OK/PDFTwoPages", data: MustTextPDF(t, []textLine{{"one", 72, 700, 12}}, []textLine{{"two", 72, 700, 12}}), wantType: "application/pdf", wantPages: 2},
		{name: "OK/PNG", data: MustPNG(t, small, 0), wantType: "image/png", wantPages: 1},
		{name: "OK/JPEG", data: MustJPEG(t, small, 0, 0), wantType: "image/jpeg", wantPages: 1},
		{name: "OK/GIF", data: gifBuf.Bytes(), wantType: "image/gif", wantPages: 1},
		{name: "OK/BMP", data: bmpBuf.Bytes(), wantType: "image/bmp", wantPages: 1},
		{name: "OK/TIFF", data: tiffBuf.Bytes(), wantType: "image/tiff", wantPages: 1},
		{name: "OK/TIFFFax", data: MustReadFixture(t, "fax-g4-3pages.tif"), wantType: "image/tiff", wantPages: 3},
		{name: "OK/WebP", data: MustReadFixture(t, "quadrants.webp"), wantType: "image/webp", wantPages: 1},
		{name: "OK/HEIC", data: heiftest.MustEncode(t, quadrants(160, 120, red, green, blue, white)), wantType: "image/heic", wantPages: 1},
		{name: "OK/OwnerPasswordOnly", data: MustEncrypt(t, textPDF, "", "owner-secret"), wantType: "application/pdf", wantPages: 1},

		{name: "ErrEmpty", data: []byte{}, wantErr: document.ErrEmpty},
		{name: "ErrEmpty/Nil", data: nil, wantErr: document.ErrEmpty},
		{name: "ErrCorrupt/TruncatedPDF", data: textPDF[:len(textPDF)/2], wantErr: document.ErrCorrupt},
		{name: "ErrCorrupt/PDFHeaderThenGarbage", data: append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{0x8f, 0x13, 0x77, 0x00}, 500)...), wantErr: document.ErrCorrupt},
		{name: "ErrCorrupt/TruncatedPNG", data: MustPNG(t, small, 0)[:20], wantErr: document.ErrCorrupt},
		{name: "ErrCorrupt/JPEGHeaderThenGarbage", data: append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte{0x42}, 64)...), wantErr: document.ErrCorrupt},
		{name: "ErrCorrupt/TIFFHeaderOnly", data: []byte("II*\x00\x08\x00\x00\x00"), wantErr: document.ErrCorrupt},
		{name: "ErrCorrupt/TIFFLoopingDirectories", data: loopingTIFF(), wantErr: document.ErrCorrupt},
		// pdfcpu would recurse until the stack overflows, which kills the
		// process; the loop must be refused before pdfcpu reads the file.
		{name: "ErrCorrupt/StreamFilterRefersToItself", data: MustRawPDF(t,
			"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>",
			pdfStream("/Filter 3 0 R", []byte("x"))), wantErr: document.ErrCorrupt},
		{name: "ErrCorrupt/StreamDecodeParmsLoop", data: MustRawPDF(t,
			"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>",
			pdfStream("/Filter /FlateDecode /DecodeParms 4 0 R", []byte("x")),
			pdfStream("/Filter /FlateDecode /DecodeParms 3 0 R", []byte("y"))), wantErr: document.ErrCorrupt},
		{name: "ErrUnsupportedType/Text", data: []byte("Receipt Number: IOE0912345678\nplain text, not a scan\n"), wantErr: document.ErrUnsupportedType, wantMsg: "text file"},
		{name: "ErrUnsupportedType/Zip", data: append([]byte("PK\x03\x04\x14\x00\x06\x00"), make([]byte, 64)...), wantErr: document.ErrUnsupportedType, wantMsg: "zip"},
		{name: "ErrUnsupportedType/AVIF", data: append([]byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00mif1avifmiaf"), make([]byte, 64)...), wantErr: document.ErrUnsupportedType, wantMsg: "AVIF"},
		{name: "ErrUnsupportedType/RandomBytes", data: []byte{0x13, 0x00, 0xfe, 0x99, 0x00, 0x01, 0x02, 0xff}, wantErr: document.ErrUnsupportedType},
		{name: "ErrEncrypted", data: MustEncrypt(t, textPDF, "user-secret", "owner-secret"), wantErr: document.ErrEncrypted},
		{name: "ErrTooLarge/PNGHeader30000x30000", data: MustPNGHeader(30000, 30000, nil), wantErr: document.ErrTooLarge, wantMsg: "pixels"},
		{name: "ErrTooLarge/PNGBomb", data: MustPNGHeader(10000, 10000, zlibZeros(t, 10000*10001)), wantErr: document.ErrTooLarge},
		{name: "ErrTooLarge/GIFHeader", data: gifHeader(65535, 65535), wantErr: document.ErrTooLarge},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := opener.Open(ctx, tt.data)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Open: err = %v, want %v", err, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantMsg) {
					t.Errorf("Open: err = %q, want it to mention %q", err, tt.wantMsg)
				}
				return
			}
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer doc.Close()
			if doc.MediaType != tt.wantType {
				t.Errorf("MediaType = %q, want %q", doc.MediaType, tt.wantType)
			}
			if doc.NumPages() != tt.wantPages {
				t.Errorf("NumPages = %d, want %d", doc.NumPages(), tt.wantPages)
			}
			for n := 1; n <= doc.NumPages(); n++ {
				if _, err := doc.Page(ctx, n); err != nil {
					t.Errorf("Page(%d): %v", n, err)
				}
				if img, _, err := doc.Image(ctx, n); err != nil || img.Bounds().Empty() {
					t.Errorf("Image(%d) = %v, %v", n, img, err)
				}
			}
		})
	}
}

// loopingTIFF has one valid-looking directory whose "next" points to itself.
func loopingTIFF() []byte {
	b := []byte("II*\x00\x08\x00\x00\x00")
	b = append(b, 2, 0)                                      // two entries
	b = append(b, 0x00, 0x01, 3, 0, 1, 0, 0, 0, 10, 0, 0, 0) // width 10
	b = append(b, 0x01, 0x01, 3, 0, 1, 0, 0, 0, 10, 0, 0, 0) // height 10
	return append(b, 8, 0, 0, 0)                             // next IFD: itself
}

// gifHeader is a GIF whose logical screen claims w×h.
func gifHeader(w, h uint16) []byte {
	return []byte{'G', 'I', 'F', '8', '9', 'a', byte(w), byte(w >> 8), byte(h), byte(h >> 8), 0, 0, 0, ';'}
}

func TestOpener_Open_ErrTooLargeAllocatesLittle(t *testing.T) {
	data := MustPNGHeader(30000, 30000, zlibZeros(t, 1<<20))
	ctx := context.Background()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range 10 {
		if _, err := opener.Open(ctx, data); !errors.Is(err, document.ErrTooLarge) {
			t.Fatalf("Open: err = %v, want ErrTooLarge", err)
		}
	}
	runtime.ReadMemStats(&after)
	// Decoding would allocate 900 MB per call; a header check a few KB.
	if perCall := (after.TotalAlloc - before.TotalAlloc) / 10; perCall > 1<<20 {
		t.Errorf("Open allocated %d bytes per call, want under 1 MiB", perCall)
	}
	allocs := testing.AllocsPerRun(10, func() { _, _ = opener.Open(ctx, data) })
	if allocs > 100 {
		t.Errorf("Open made %.0f allocations per call, want few", allocs)
	}
}

func TestOpener_Open_ErrTooLargeLimits(t *testing.T) {
	o, err := document.NewOpener(document.Config{
		Limits:         document.Limits{MaxBytes: 4 << 20, MaxPages: 2, MaxPagePixels: 200_000},
		PDFiumCacheDir: pdfiumCache,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	ctx := context.Background()
	page := []textLine{{"page", 72, 700, 12}}
	for _, tt := range []struct {
		name string
		data []byte
		msg  string
	}{
		{"Bytes", append([]byte("%PDF-1.7\n"), make([]byte, 4<<20)...), "bytes"},
		{"PDFPages", MustTextPDF(t, page, page, page), "pages"},
		{"TIFFPages", MustReadFixture(t, "fax-g4-3pages.tif"), "pages"},
		{"Pixels", MustPNG(t, image.NewGray(image.Rect(0, 0, 500, 500)), 0), "pixels"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := o.Open(ctx, tt.data)
			if !errors.Is(err, document.ErrTooLarge) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("Open: err = %v, want ErrTooLarge naming %s", err, tt.msg)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	for _, tt := range []struct {
		name, data, want string
		wantErr          error
	}{
		{"PDF", "%PDF-1.4\n", "application/pdf", nil},
		{"PDFAfterJunk", "\xef\xbb\xbfjunk%PDF-1.4\n", "application/pdf", nil},
		{"PNG", "\x89PNG\r\n\x1a\n....", "image/png", nil},
		{"JPEG", "\xff\xd8\xff\xe0", "image/jpeg", nil},
		{"TIFFLittle", "II*\x00\x08\x00\x00\x00", "image/tiff", nil},
		{"TIFFBig", "MM\x00*\x00\x00\x00\x08", "image/tiff", nil},
		{"GIF", "GIF89a", "image/gif", nil},
		{"WebP", "RIFF\x00\x00\x00\x00WEBPVP8L", "image/webp", nil},
		{"BMP", "BM\x00\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00", "image/bmp", nil},
		{"ErrUnsupportedType/BMLetters", "BMW owners manual", "text/plain", document.ErrUnsupportedType},
		{"ErrUnsupportedType/BigTIFF", "II+\x00\x08\x00\x00\x00", "image/tiff", document.ErrUnsupportedType},
		{"ErrEmpty", "", "", document.ErrEmpty},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := document.Sniff([]byte(tt.data))
			if got != tt.want || !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Errorf("Sniff = %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
