package hostile

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
)

// PNGHeader is a gray 8-bit PNG whose header claims w×h pixels, followed by
// idat as its one IDAT chunk (none if nil).
func PNGHeader(w, h int64, idat []byte) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		_ = binary.Write(&b, binary.BigEndian, uint32(len(data)))
		body := append([]byte(typ), data...)
		b.Write(body)
		_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(body))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	chunk("IHDR", append(ihdr, 8, 0, 0, 0, 0))
	if idat != nil {
		chunk("IDAT", idat)
	}
	chunk("IEND", nil)
	return b.Bytes()
}

// GIFScreen is a GIF whose screen and one frame claim w×h pixels (each at
// most 65535) with image data that ends at once.
func GIFScreen(w, h int) []byte {
	b := []byte("GIF89a")
	b = binary.LittleEndian.AppendUint16(b, uint16(w))
	b = binary.LittleEndian.AppendUint16(b, uint16(h))
	b = append(b, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff) // two-colour global table
	b = append(b, 0x2c, 0, 0, 0, 0)
	b = binary.LittleEndian.AppendUint16(b, uint16(w))
	b = binary.LittleEndian.AppendUint16(b, uint16(h))
	// No local table; LZW minimum code size 2, then clear and end codes.
	return append(b, 0, 2, 1, 0x2c, 0, 0x3b)
}

// TIFFStrip is a little-endian gray TIFF claiming w×h pixels whose one
// Deflate strip inflates to n zero bytes.
func TIFFStrip(w, h, n int64) []byte {
	strip := ZlibZeros(n)
	type entry struct {
		tag, typ uint16
		val      uint32
	}
	const short, long = 3, 4
	entries := []entry{
		{256, long, uint32(w)},
		{257, long, uint32(h)},
		{258, short, 8},
		{259, short, 8}, // Deflate
		{262, short, 1}, // black is zero
		{273, long, 0},  // strip offset, set below
		{277, short, 1},
		{278, long, uint32(h)},
		{279, long, uint32(len(strip))},
	}
	ifdLen := 2 + 12*len(entries) + 4
	entries[5].val = uint32(8 + ifdLen)
	b := []byte("II*\x00")
	b = binary.LittleEndian.AppendUint32(b, 8)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(entries)))
	for _, e := range entries {
		b = binary.LittleEndian.AppendUint16(b, e.tag)
		b = binary.LittleEndian.AppendUint16(b, e.typ)
		b = binary.LittleEndian.AppendUint32(b, 1)
		b = binary.LittleEndian.AppendUint32(b, e.val) // a SHORT sits in the low bytes, little-endian
	}
	b = binary.LittleEndian.AppendUint32(b, 0)
	return append(b, strip...)
}
