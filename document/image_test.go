package document_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"testing"

	"github.com/noticescan/noticescan/document"
	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
)

func TestDocument_Image_EXIFOrientation(t *testing.T) {
	// How each EXIF orientation stores the upright image (red top left,
	// green top right, blue bottom left, white bottom right), per the tag's
	// definition: which upright corner lands in each stored corner.
	for _, tt := range []struct {
		name   string
		orient uint16
		stored [4]color.RGBA // stored TL, TR, BL, BR
	}{
		{"OK/1Upright", 1, [4]color.RGBA{red, green, blue, white}},
		{"OK/2MirrorHorizontal", 2, [4]color.RGBA{green, red, white, blue}},
		{"OK/3Rotate180", 3, [4]color.RGBA{white, blue, green, red}},
		{"OK/4MirrorVertical", 4, [4]color.RGBA{blue, white, red, green}},
		{"OK/5Transpose", 5, [4]color.RGBA{red, blue, green, white}},
		{"OK/6Rotate90CW", 6, [4]color.RGBA{green, white, red, blue}},
		{"OK/7Transverse", 7, [4]color.RGBA{white, green, blue, red}},
		{"OK/8Rotate270CW", 8, [4]color.RGBA{blue, red, white, green}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Stored 64×48; orientations 5..8 show it 48×64.
			s := tt.stored
			doc := MustOpen(t, MustJPEG(t, quadrants(64, 48, s[0], s[1], s[2], s[3]), tt.orient, 0))
			wantW, wantH := 64, 48
			if tt.orient >= 5 {
				wantW, wantH = 48, 64
			}
			checkUpright(t, doc, wantW, wantH)
		})
	}
}

// checkUpright checks that an image file's page and image are wantW×wantH
// and show the quadrants red, green, blue, white from the top left.
func checkUpright(t *testing.T, doc *document.Document, wantW, wantH int) {
	t.Helper()
	p := MustPage(t, doc, 1)
	if int(p.Width) != wantW || int(p.Height) != wantH || !p.Scan || p.Text != nil {
		t.Errorf("page = %gx%g scan=%v text=%v, want %dx%d scan without text", p.Width, p.Height, p.Scan, p.Text, wantW, wantH)
	}
	img, _ := MustImage(t, doc, 1)
	if img.Bounds().Dx() != wantW || img.Bounds().Dy() != wantH {
		t.Errorf("image %v, want %dx%d", img.Bounds().Size(), wantW, wantH)
	}
	got := quadrantColors(img)
	for i, want := range []color.RGBA{red, green, blue, white} {
		if !near(got[i], want) {
			t.Errorf("upright quadrants = %v, want red, green, blue, white", got)
			break
		}
	}
}

func TestDocument_Image_DPI(t *testing.T) {
	small := gray(30, 20, func(x, y int) uint8 { return uint8(x * 8) })
	var bmpBuf, tiffBuf bytes.Buffer
	if err := bmp.Encode(&bmpBuf, small); err != nil {
		t.Fatal(err)
	}
	if err := tiff.Encode(&tiffBuf, small, nil); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		data []byte
		want float64
	}{
		{"PNGpHYs", MustPNG(t, small, 300), 300},
		{"PNGNone", MustPNG(t, small, 0), 0},
		{"JPEGJFIF", MustJPEG(t, small, 0, 200), 200},
		{"JPEGNone", MustJPEG(t, small, 0, 0), 0},
		{"TIFFFax", MustReadFixture(t, "fax-g4-3pages.tif"), 200},
		{"TIFFEncoderDefault", tiffBuf.Bytes(), 72}, // x/image/tiff writes 72 per inch
		{"BMPNone", bmpBuf.Bytes(), 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, dpi := MustImage(t, MustOpen(t, tt.data), 1); dpi != tt.want {
				t.Errorf("dpi = %g, want %g", dpi, tt.want)
			}
		})
	}
}

func TestDocument_Image_Formats(t *testing.T) {
	q := quadrants(40, 30, red, green, blue, white)
	var gifBuf, bmpBuf, tiffBuf bytes.Buffer
	if err := gif.Encode(&gifBuf, q, nil); err != nil {
		t.Fatal(err)
	}
	if err := bmp.Encode(&bmpBuf, q); err != nil {
		t.Fatal(err)
	}
	if err := tiff.Encode(&tiffBuf, q, &tiff.Options{Compression: tiff.Deflate, Predictor: true}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"PNG", MustPNG(t, q, 0)},
		{"GIF", gifBuf.Bytes()},
		{"BMP", bmpBuf.Bytes()},
		{"TIFFDeflate", tiffBuf.Bytes()},
		{"WebPLossless", MustReadFixture(t, "quadrants.webp")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			img, _ := MustImage(t, MustOpen(t, tt.data), 1)
			if img.Bounds().Size() != image.Pt(40, 30) {
				t.Errorf("size = %v, want 40x30", img.Bounds().Size())
			}
			if got := quadrantColors(img); got != [4]color.RGBA{red, green, blue, white} {
				t.Errorf("quadrants = %v, want red, green, blue, white", got)
			}
		})
	}
}

func TestDocument_Image_TIFFPages(t *testing.T) {
	doc := MustOpen(t, MustReadFixture(t, "fax-g4-3pages.tif"))
	if doc.NumPages() != 3 {
		t.Fatalf("NumPages = %d, want 3", doc.NumPages())
	}
	for n := 1; n <= 3; n++ {
		p := MustPage(t, doc, n)
		if p.Width != 400 || p.Height != 300 || !p.Scan {
			t.Errorf("page %d = %gx%g scan=%v, want 400x300 scan", n, p.Width, p.Height, p.Scan)
		}
		img, _ := MustImage(t, doc, n)
		if img.Bounds().Size() != image.Pt(400, 300) {
			t.Fatalf("page %d: size %v, want 400x300", n, img.Bounds().Size())
		}
		// Page k has its square at x = 20+40(k-1) .. 59+40(k-1), y = 20..59.
		for k := 1; k <= 3; k++ {
			x := 40 + 40*(k-1)
			wantDark := k == n
			if dark := darkPixels(img, image.Rect(x-5, 35, x+5, 45)) == 100; dark != wantDark {
				t.Errorf("page %d: square of page %d dark = %v, want %v", n, k, dark, wantDark)
			}
		}
		if darkPixels(img, image.Rect(0, 250, 400, 300)) != 0 {
			t.Errorf("page %d: ink in the blank bottom strip", n)
		}
	}
}

// A fax code's white runs are 0 bits; PhotometricInterpretation says what a
// 0 bit shows. Writers that store bilevel pages as BlackIsZero (PIL via
// libtiff does) code the paper as black runs, so the same data under the
// two photometrics must decode to negatives, with WhiteIsZero's paper white.
func TestDocument_Image_FaxPhotometric(t *testing.T) {
	white := MustReadFixture(t, "fax-g4-3pages.tif")
	black := setTIFFPhotometric(t, white, 1)
	wImg, _ := MustImage(t, MustOpen(t, white), 1)
	bImg, _ := MustImage(t, MustOpen(t, black), 1)
	if wImg.Bounds() != bImg.Bounds() {
		t.Fatalf("bounds %v vs %v", wImg.Bounds(), bImg.Bounds())
	}
	var sum, n int
	b := wImg.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			w := color.GrayModel.Convert(wImg.At(x, y)).(color.Gray).Y
			k := color.GrayModel.Convert(bImg.At(x, y)).(color.Gray).Y
			if int(w)+int(k) != 255 {
				t.Fatalf("pixel (%d,%d): WhiteIsZero %d, BlackIsZero %d: not negatives", x, y, w, k)
			}
			sum += int(w)
			n++
		}
	}
	if mean := sum / n; mean < 200 {
		t.Errorf("WhiteIsZero page mean gray %d: paper should be white", mean)
	}
}

// setTIFFPhotometric rewrites the first directory's PhotometricInterpretation
// (a SHORT held in the entry) in a copy of a little- or big-endian TIFF.
func setTIFFPhotometric(t *testing.T, data []byte, v uint16) []byte {
	t.Helper()
	out := bytes.Clone(data)
	var order binary.ByteOrder = binary.LittleEndian
	if string(out[:2]) == "MM" {
		order = binary.BigEndian
	}
	off := order.Uint32(out[4:])
	n := int(order.Uint16(out[off:]))
	for i := range n {
		e := out[int(off)+2+12*i:]
		if order.Uint16(e) == 262 {
			order.PutUint16(e[8:], v)
			return out
		}
	}
	t.Fatal("no PhotometricInterpretation entry")
	return nil
}
