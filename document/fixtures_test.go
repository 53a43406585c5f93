package document_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Fixtures are built here from first principles (pdfcpu's writer, the
// standard image encoders, hand-written PDF objects), so each test knows the
// truth it checks against without trusting this package's output.

// textLine is one line of a generated born-digital page.
type textLine struct {
	Text string
	X, Y float64 // baseline start, PDF points from the bottom left
	Size float64
}

// MustTextPDF makes a Letter-size PDF with Helvetica text through pdfcpu's
// JSON "create" feature, one page per element of pages.
func MustTextPDF(tb testing.TB, pages ...[]textLine) []byte {
	tb.Helper()
	var sb strings.Builder
	sb.WriteString(`{"paper": "Letter", "origin": "LowerLeft", "pages": {`)
	for i, lines := range pages {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `"%d": {"content": {"text": [`, i+1)
		for j, l := range lines {
			if j > 0 {
				sb.WriteString(",")
			}
			fmt.Fprintf(&sb, `{"value": %q, "pos": [%g, %g], "font": {"name": "Helvetica", "size": %g}}`, l.Text, l.X, l.Y, l.Size)
		}
		sb.WriteString(`]}}`)
	}
	sb.WriteString(`}}`)
	var out bytes.Buffer
	if err := api.Create(nil, strings.NewReader(sb.String()), &out, model.NewDefaultConfiguration()); err != nil {
		tb.Fatalf("create text PDF: %v", err)
	}
	return out.Bytes()
}

// MustScanPDF imports images into a PDF, one full page each, the way a
// scan-to-PDF tool does: the JPEG is embedded as a DCTDecode stream.
func MustScanPDF(tb testing.TB, images ...[]byte) []byte {
	tb.Helper()
	imp, err := api.Import("formsize:Letter, position:full", types.POINTS)
	if err != nil {
		tb.Fatalf("import config: %v", err)
	}
	var rs []io.Reader
	for _, b := range images {
		rs = append(rs, bytes.NewReader(b))
	}
	var out bytes.Buffer
	if err := api.ImportImages(nil, &out, rs, imp, model.NewDefaultConfiguration()); err != nil {
		tb.Fatalf("import images: %v", err)
	}
	return out.Bytes()
}

// MustEncrypt encrypts a PDF with AES-256.
func MustEncrypt(tb testing.TB, pdf []byte, userPW, ownerPW string) []byte {
	tb.Helper()
	conf := model.NewAESConfiguration(userPW, ownerPW, 256)
	var out bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(pdf), &out, conf); err != nil {
		tb.Fatalf("encrypt: %v", err)
	}
	return out.Bytes()
}

// MustRawPDF assembles a PDF from object bodies (object 1 first, which must
// be the catalog) with a correct cross-reference table. It is for structures
// pdfcpu's writer does not produce: rotated placements, CCITT and 1-bit
// images, image masks, bombs.
func MustRawPDF(tb testing.TB, objects ...string) []byte {
	tb.Helper()
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// pdfStream renders a stream object with its /Length.
func pdfStream(dict string, data []byte) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

// imagePage describes a one-page PDF showing one image XObject.
type imagePage struct {
	W, H      float64 // MediaBox size in points
	Rotate    int
	Matrix    string // cm operands placing the unit square; default covers the page
	ImageDict string // entries besides /Type, /Subtype and /Length
	Data      []byte
	Extra     string // more content drawn after the image
}

func MustImagePDF(tb testing.TB, p imagePage) []byte {
	tb.Helper()
	if p.Matrix == "" {
		p.Matrix = fmt.Sprintf("%g 0 0 %g 0 0", p.W, p.H)
	}
	content := fmt.Sprintf("q %s cm /Im0 Do Q\n%s", p.Matrix, p.Extra)
	return MustRawPDF(tb,
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Rotate %d /Resources << /XObject << /Im0 5 0 R >> /Font << /F1 6 0 R >> >> /Contents 4 0 R >>", p.W, p.H, p.Rotate),
		pdfStream("", []byte(content)),
		pdfStream("/Type /XObject /Subtype /Image "+p.ImageDict, p.Data),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	)
}

// Corner colours of quadrant test images, upright.
var (
	red   = color.RGBA{255, 0, 0, 255}
	green = color.RGBA{0, 255, 0, 255}
	blue  = color.RGBA{0, 0, 255, 255}
	white = color.RGBA{255, 255, 255, 255}
)

// quadrants draws a w×h image whose four quadrants have the given colours:
// top left, top right, bottom left, bottom right.
func quadrants(w, h int, tl, tr, bl, br color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := tl
			switch {
			case x >= w/2 && y < h/2:
				c = tr
			case x < w/2 && y >= h/2:
				c = bl
			case x >= w/2 && y >= h/2:
				c = br
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

// quadrantColors samples the centre of each quadrant.
func quadrantColors(img image.Image) [4]color.RGBA {
	b := img.Bounds()
	at := func(fx, fy float64) color.RGBA {
		return color.RGBAModel.Convert(img.At(b.Min.X+int(fx*float64(b.Dx())), b.Min.Y+int(fy*float64(b.Dy())))).(color.RGBA)
	}
	return [4]color.RGBA{at(0.25, 0.25), at(0.75, 0.25), at(0.25, 0.75), at(0.75, 0.75)}
}

// near compares colours allowing for JPEG loss.
func near(a, b color.RGBA) bool {
	d := func(x, y uint8) bool { return x-y < 40 || y-x < 40 }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

// MustPNG encodes img, adding a pHYs chunk when dpi > 0 (Go's encoder
// writes none).
func MustPNG(tb testing.TB, img image.Image, dpi float64) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		tb.Fatal(err)
	}
	if dpi <= 0 {
		return b.Bytes()
	}
	data := make([]byte, 9)
	ppm := uint32(dpi/0.0254 + 0.5)
	binary.BigEndian.PutUint32(data, ppm)
	binary.BigEndian.PutUint32(data[4:], ppm)
	data[8] = 1 // metre
	const ihdrEnd = 8 + 8 + 13 + 4
	out := append([]byte{}, b.Bytes()[:ihdrEnd]...)
	out = append(out, pngChunk("pHYs", data)...)
	return append(out, b.Bytes()[ihdrEnd:]...)
}

func pngChunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// MustPNGHeader writes a PNG signature, an IHDR claiming w×h 8-bit gray,
// the given IDAT payload (may be nil) and IEND.
func MustPNGHeader(w, h uint32, idat []byte) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 0, 0, 0, 0)
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, pngChunk("IHDR", ihdr)...)
	if idat != nil {
		out = append(out, pngChunk("IDAT", idat)...)
	}
	return append(out, pngChunk("IEND", nil)...)
}

// zlibZeros compresses n zero bytes: a small stream that inflates to n.
func zlibZeros(tb testing.TB, n int) []byte {
	tb.Helper()
	var b bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	chunk := make([]byte, 1<<20)
	for n > 0 {
		k := min(n, len(chunk))
		if _, err := zw.Write(chunk[:k]); err != nil {
			tb.Fatal(err)
		}
		n -= k
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func zlibBytes(tb testing.TB, data []byte) []byte {
	tb.Helper()
	var b bytes.Buffer
	zw := zlib.NewWriter(&b)
	if _, err := zw.Write(data); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// MustJPEG encodes img and splices in a JFIF segment with the given density
// (if dpi > 0) and an EXIF segment with the Orientation tag (if orient > 0),
// as cameras and scanners write them.
func MustJPEG(tb testing.TB, img image.Image, orient uint16, dpi uint16) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
		tb.Fatal(err)
	}
	out := []byte{0xFF, 0xD8}
	if dpi > 0 {
		jfif := []byte("JFIF\x00\x01\x02\x01")
		jfif = binary.BigEndian.AppendUint16(jfif, dpi)
		jfif = binary.BigEndian.AppendUint16(jfif, dpi)
		jfif = append(jfif, 0, 0)
		out = append(out, jpegSegment(0xE0, jfif)...)
	}
	if orient > 0 {
		// Big-endian TIFF header, IFD0 at 8 with one SHORT entry.
		exif := []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x01")
		exif = append(exif, 0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1)
		exif = binary.BigEndian.AppendUint16(exif, orient)
		exif = append(exif, 0, 0, 0, 0, 0, 0)
		out = append(out, jpegSegment(0xE1, exif)...)
	}
	return append(out, b.Bytes()[2:]...)
}

func jpegSegment(marker byte, data []byte) []byte {
	s := []byte{0xFF, marker}
	s = binary.BigEndian.AppendUint16(s, uint16(len(data)+2))
	return append(s, data...)
}

// MustReadFixture reads a committed file under testdata/document.
func MustReadFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "document", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// g4Strip returns page 1's single CCITT Group 4 strip from the TIFF
// fixture, read with a minimal IFD walk (little-endian, as ImageMagick
// writes it), to embed the same fax data in a PDF.
func g4Strip(tb testing.TB) (data []byte, w, h int) {
	tb.Helper()
	b := MustReadFixture(tb, "fax-g4-3pages.tif")
	le := binary.LittleEndian
	ifd := le.Uint32(b[4:])
	n := int(le.Uint16(b[ifd:]))
	var off, count uint32
	for i := range n {
		e := b[int(ifd)+2+12*i:]
		v := le.Uint32(e[8:])
		if le.Uint16(e[2:]) == 3 {
			v = uint32(le.Uint16(e[8:]))
		}
		switch le.Uint16(e) {
		case 256:
			w = int(v)
		case 257:
			h = int(v)
		case 273:
			off = v
		case 279:
			count = v
		}
	}
	return b[off : off+count], w, h
}

// gray makes a w×h gray image from a function of the pixel position.
func gray(w, h int, f func(x, y int) uint8) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Pix[y*img.Stride+x] = f(x, y)
		}
	}
	return img
}
