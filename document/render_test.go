package document_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"runtime"
	"testing"

	"github.com/noticescan/noticescan/document"
)

// darkPixels counts pixels darker than mid-gray in r.
func darkPixels(img image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y < 128 {
				n++
			}
		}
	}
	return n
}

func TestDocument_Image_Rendered(t *testing.T) {
	q := quadrants(40, 30, red, green, blue, white)
	rgb := "/Width 40 /Height 30 /ColorSpace /DeviceRGB /BitsPerComponent 8"
	text := MustTextPDF(t, []textLine{{"Receipt Number: IOE0912345678", 72, 700, 12}})
	for _, tt := range []struct {
		name     string
		data     []byte
		wantScan bool
		wantSize image.Point
		// ink must be found in inked (300 DPI pixels) and not in blank.
		inked, blank image.Rectangle
	}{
		{name: "OK/BornDigital", data: text, wantSize: image.Pt(2550, 3300),
			inked: image.Rect(300, 330, 1050, 380), blank: image.Rect(300, 1000, 2000, 3000)},
		{name: "OK/ImageUnderVisibleText", wantSize: image.Pt(1667, 1250),
			data: MustImagePDF(t, imagePage{W: 400, H: 300, ImageDict: "/Width 40 /Height 30 /ColorSpace /DeviceGray /BitsPerComponent 8",
				Data: bytes.Repeat([]byte{230}, 40*30), Extra: "BT /F1 24 Tf 1 0 0 1 20 20 Tm (Stamp) Tj ET"}),
			// A light full-page background with black text drawn over it: the
			// rendering, not the background image alone, shows the page.
			inked: image.Rect(83, 1104, 333, 1166), blank: image.Rect(0, 0, 1667, 600)},
		{name: "OK/SmallImage", wantSize: image.Pt(1667, 1250),
			data:  MustImagePDF(t, imagePage{W: 400, H: 300, ImageDict: rgb, Data: rgbSamples(q), Matrix: "100 0 0 75 0 225"}),
			inked: image.Rect(0, 0, 200, 150), blank: image.Rect(500, 400, 1600, 1200)},
		// pdfium reports the JPEG 2000 image; taking it out is not supported
		// here, so the page is rendered (as blank: the data is junk).
		{name: "OK/JPXScanRendered", wantScan: true, wantSize: image.Pt(1667, 1250),
			data:  MustImagePDF(t, imagePage{W: 400, H: 300, ImageDict: "/Width 40 /Height 30 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /JPXDecode", Data: []byte("not a jpeg 2000 stream")}),
			blank: image.Rect(0, 0, 1667, 1250)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc := MustOpen(t, tt.data)
			if p := MustPage(t, doc, 1); p.Scan != tt.wantScan {
				t.Errorf("Scan = %v, want %v", p.Scan, tt.wantScan)
			}
			img, dpi := MustImage(t, doc, 1)
			if _, ok := img.(*image.Gray); !ok {
				t.Errorf("image is %T, want *image.Gray", img)
			}
			// pdfium may round a side up by a pixel.
			if sz := img.Bounds().Size(); dpi != 300 || sz.X-tt.wantSize.X > 1 || sz.Y-tt.wantSize.Y > 1 || sz.X < tt.wantSize.X || sz.Y < tt.wantSize.Y {
				t.Errorf("size %v at %g DPI, want %v at 300", sz, dpi, tt.wantSize)
			}
			if !tt.inked.Empty() && darkPixels(img, tt.inked) == 0 {
				t.Errorf("no ink in %v", tt.inked)
			}
			if n := darkPixels(img, tt.blank); n > 0 {
				t.Errorf("%d dark pixels in %v, want none", n, tt.blank)
			}
		})
	}
}

// Render draws a PDF page at the resolution asked (a Letter page at 100 DPI
// is 850x1100 pixels), with the text where Image puts it, scaled; an image
// file has one resolution and comes as Image gives it.
func TestDocument_Render(t *testing.T) {
	ctx := context.Background()
	doc := MustOpen(t, MustTextPDF(t, []textLine{{"Receipt Number: IOE0912345678", 72, 700, 12}}))
	img, err := doc.Render(ctx, 1, 100)
	if err != nil {
		t.Fatal(err)
	}
	if sz := img.Bounds().Size(); sz.X < 850 || sz.X > 851 || sz.Y < 1100 || sz.Y > 1101 {
		t.Errorf("size %v, want 850x1100", sz)
	}
	if darkPixels(img, image.Rect(100, 110, 350, 127)) == 0 || darkPixels(img, image.Rect(100, 333, 667, 1000)) > 0 {
		t.Error("text not where a 100-DPI rendering puts it")
	}

	png := MustPNG(t, quadrants(40, 30, red, green, blue, white), 0)
	pdoc := MustOpen(t, png)
	want, _ := MustImage(t, pdoc, 1)
	got, err := pdoc.Render(ctx, 1, 100)
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds() != want.Bounds() {
		t.Errorf("image file rendered at %v, Image gives %v", got.Bounds(), want.Bounds())
	}
	if _, err := doc.Render(ctx, 2, 100); !errors.Is(err, document.ErrPageRange) {
		t.Errorf("page 2 of 1: %v, want ErrPageRange", err)
	}
}

func TestDocument_Image_ErrTooLarge(t *testing.T) {
	for _, tt := range []struct {
		name string
		page imagePage
	}{
		// An image stream inflating past its dimensions is refused at Open
		// now (TestOpenRefusesBombs/pdf-image-overflow).
		{"Dimensions", imagePage{W: 100, H: 100, ImageDict: "/Width 30000 /Height 30000 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", Data: zlibZeros(t, 1<<20)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc := MustOpen(t, MustImagePDF(t, tt.page))
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, _, err := doc.Image(context.Background(), 1)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, document.ErrTooLarge) {
				t.Fatalf("Image: err = %v, want ErrTooLarge", err)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
				t.Errorf("Image allocated %d MB before refusing", alloc>>20)
			}
		})
	}
}
