// Package hostile builds hostile documents for tests: decompression bombs
// (PDF streams, images) and PDFs whose structure attacks the parser (deep
// nesting, page tree loops). Each is small on disk and costly to read
// naively. It serves tests only; no product package imports it.
package hostile

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"strings"
)

// Bomb is one hostile file and what it attacks.
type Bomb struct {
	Name string
	Data []byte
}

// Bombs returns one bomb of each shape, each built to inflate to about n
// bytes (or to claim that many pixels) when read without limits.
func Bombs(n int64) []Bomb {
	side := isqrt(n)
	return []Bomb{
		{"pdf-content-flate", ContentFlate(n, 1)},
		{"pdf-content-flate-twice", ContentFlate(n, 2)},
		{"pdf-content-flate-thrice", ContentFlate(n, 3)},
		{"pdf-filter-chain-long", ContentFlate(n, 5)},
		// Just under a quarter of a gibibyte: below a reader's budget, so
		// pdfium parses it in full.
		{"pdf-content-near-budget", ContentFlate(min(n, 250<<20), 2)},
		{"pdf-pages-near-budget", ManyPages(4, min(n, 250<<20)/4)},
		{"pdf-filter-chain-indirect", FilterChainIndirect(n)},
		{"pdf-object-stream", ObjectStream(n)},
		{"pdf-image-raw", ImageRaw(side)},
		{"pdf-image-overflow", ImageOverflow(2000, n)},
		{"pdf-image-dct", ImageDCT(min(side, 65535))},
		{"pdf-image-ccitt", ImageCCITT(side)},
		{"pdf-image-jbig2", ImageJBIG2(side)},
		{"pdf-deep-nesting", DeepNesting(1_000_000)},
		{"pdf-page-tree-loop", PageTreeLoop()},
		{"pdf-many-pages", ManyPages(400, n/64)},
		{"png-header", PNGHeader(side, side, nil)},
		{"png-idat", PNGHeader(2000, 2000, ZlibZeros(n))},
		{"jpeg-sof", JPEGSOF(min(side, 65535), min(side, 65535))},
		{"gif-screen", GIFScreen(65535, 65535)},
		{"tiff-strip", TIFFStrip(side, side, n)},
	}
}

// ContentFlate is a one-page PDF whose content stream is FlateDecode
// applied levels times over n zero bytes; zero bytes are white
// space to a content parser, so the page is valid and empty.
func ContentFlate(n int64, levels int) []byte {
	data := ZlibZeros(n)
	for range levels - 1 {
		data = Zlib(data)
	}
	filters := strings.TrimSpace(strings.Repeat("/FlateDecode ", levels))
	return contentPage(fmt.Sprintf("/Filter [%s]", filters), data, "")
}

// FilterChainIndirect is ContentFlate twice over, with the filter array an
// indirect object holding an indirect name: filters reached through
// references must count the same.
func FilterChainIndirect(n int64) []byte {
	var f pdfFile
	inner := f.add("/FlateDecode")
	chain := f.add(fmt.Sprintf("[/FlateDecode %d 0 R]", inner))
	c := f.stream(fmt.Sprintf("/Filter %d 0 R", chain), Zlib(ZlibZeros(n)))
	return f.bytes(f.pages(fmt.Sprintf("/Resources << >> /Contents %d 0 R", c)))
}

// ObjectStream is a one-page PDF carrying an object stream that inflates to
// n bytes, its one object placed past all of it.
func ObjectStream(n int64) []byte {
	var f pdfFile
	f.stream(fmt.Sprintf("/Type /ObjStm /N 1 /First %d /Filter [/FlateDecode /FlateDecode]", n), Zlib(ZlibZeros(n)))
	c := f.stream("", []byte("q Q"))
	return f.bytes(f.pages(fmt.Sprintf("/Resources << >> /Contents %d 0 R", c)))
}

// ImageRaw draws a side×side 8-bit gray image whose Flate data is all
// there: side² zero bytes, twice compressed.
func ImageRaw(side int64) []byte {
	return imagePage(fmt.Sprintf("/Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter [/FlateDecode /FlateDecode]", side, side),
		Zlib(ZlibZeros(side*side)))
}

// ImageOverflow draws a side×side 8-bit gray image, a size any scan may
// have, whose twice-compressed data runs on to n bytes.
func ImageOverflow(side, n int64) []byte {
	return imagePage(fmt.Sprintf("/Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter [/FlateDecode /FlateDecode]", side, side),
		Zlib(ZlibZeros(n)))
}

// ImageDCT draws a small JPEG whose frame header and dictionary claim
// side×side pixels.
func ImageDCT(side int64) []byte {
	return imagePage(fmt.Sprintf("/Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode", side, side),
		JPEGSOF(side, side))
}

// ImageCCITT draws a side×side Group 4 fax image that is all white: one
// bit per row, so a few kilobytes claim gigapixels.
func ImageCCITT(side int64) []byte {
	rows := bytes.Repeat([]byte{0xff}, int((side+7)/8)) // "V0" per row: same as the (white) line above
	return imagePage(fmt.Sprintf("/Width %d /Height %d /ImageMask true /BitsPerComponent 1 /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns %d /Rows %d >>", side, side, side, side),
		rows)
}

// ImageJBIG2 draws an embedded JBIG2 stream whose page information segment
// claims a side×side page.
func ImageJBIG2(side int64) []byte {
	var b bytes.Buffer
	seg := func(num uint32, typ byte, data []byte) {
		_ = binary.Write(&b, binary.BigEndian, num)
		b.WriteByte(typ)
		b.WriteByte(0) // refers to no segment
		b.WriteByte(1) // page 1
		_ = binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.Write(data)
	}
	var page bytes.Buffer
	for _, v := range []uint32{uint32(side), uint32(side), 0, 0} {
		_ = binary.Write(&page, binary.BigEndian, v)
	}
	page.Write([]byte{0, 0, 0}) // flags, no striping
	seg(0, 48, page.Bytes())    // page information
	seg(1, 49, nil)             // end of page
	return imagePage(fmt.Sprintf("/Width %d /Height %d /ImageMask true /BitsPerComponent 1 /Filter /JBIG2Decode", side, side), b.Bytes())
}

// DeepNesting is a one-page PDF whose page dictionary holds arrays nested
// depth deep.
func DeepNesting(depth int) []byte {
	nest := strings.Repeat("[", depth) + strings.Repeat("]", depth)
	var f pdfFile
	c := f.stream("", []byte("q Q"))
	return f.bytes(f.pages(fmt.Sprintf("/Resources << >> /Contents %d 0 R /Nest %s", c, nest)))
}

// PageTreeLoop is a PDF whose page tree node lists its own parent as a kid.
func PageTreeLoop() []byte {
	var f pdfFile
	root, mid := f.reserve(), f.reserve()
	f.set(root, fmt.Sprintf("<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", mid))
	f.set(mid, fmt.Sprintf("<< /Type /Pages /Parent %d 0 R /Kids [%d 0 R] /Count 1 >>", root, root))
	return f.bytes(f.add(fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", root)))
}

// ManyPages is a PDF of pages pages, each with its own content stream
// inflating to each bytes: every page is moderate, the document is not.
func ManyPages(pages int, each int64) []byte {
	var f pdfFile
	data := Zlib(ZlibZeros(each))
	kids := make([]string, pages)
	for i := range kids {
		kids[i] = fmt.Sprintf("/Resources << >> /Contents %d 0 R", f.stream("/Filter [/FlateDecode /FlateDecode]", data))
	}
	return f.bytes(f.pages(kids...))
}

// JPEGSOF is a small gray baseline JPEG whose frame header is patched to
// claim w×h pixels (each at most 65535).
func JPEGSOF(w, h int64) []byte {
	var b bytes.Buffer
	_ = jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 16, 16)), nil) // in-memory encode of a valid image
	data := b.Bytes()
	if i := bytes.Index(data, []byte{0xff, 0xc0}); i >= 0 && i+9 <= len(data) {
		binary.BigEndian.PutUint16(data[i+5:], uint16(h))
		binary.BigEndian.PutUint16(data[i+7:], uint16(w))
	}
	return data
}

func isqrt(n int64) int64 { return int64(math.Sqrt(float64(n))) }
