package noticegen

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"io"
	"sort"
)

// TIFF tags and values this writer uses.
const (
	tagNewSubfileType  = 254
	tagImageWidth      = 256
	tagImageLength     = 257
	tagBitsPerSample   = 258
	tagCompression     = 259
	tagPhotometric     = 262
	tagStripOffsets    = 273
	tagSamplesPerPixel = 277
	tagRowsPerStrip    = 278
	tagStripByteCounts = 279
	tagXResolution     = 282
	tagYResolution     = 283
	tagT6Options       = 293
	tagResolutionUnit  = 296
	tagPageNumber      = 297

	tiffShort    = 3
	tiffLong     = 4
	tiffRational = 5

	compressionG4      = 4
	compressionDeflate = 8
)

type tiffEntry struct {
	tag, typ uint16
	vals     []uint32 // rationals as numerator, denominator pairs
}

// writeTIFF writes a multi-page little-endian TIFF, one strip per page:
// bilevel pages as CCITT Group 4 (WhiteIsZero, as fax software writes
// them), gray pages as 8-bit Deflate.
func writeTIFF(w io.Writer, pages []*image.Gray, bilevel bool, dpi int) error {
	var b bytes.Buffer
	b.Write([]byte{'I', 'I', 42, 0, 0, 0, 0, 0})
	prevNext := 4 // where the previous IFD's "next" offset goes
	le := binary.LittleEndian
	for i, img := range pages {
		var data []byte
		entries := []tiffEntry{
			{tagNewSubfileType, tiffLong, []uint32{2}},
			{tagImageWidth, tiffLong, []uint32{uint32(img.Rect.Dx())}},
			{tagImageLength, tiffLong, []uint32{uint32(img.Rect.Dy())}},
			{tagSamplesPerPixel, tiffShort, []uint32{1}},
			{tagRowsPerStrip, tiffLong, []uint32{uint32(img.Rect.Dy())}},
			{tagXResolution, tiffRational, []uint32{uint32(dpi), 1}},
			{tagYResolution, tiffRational, []uint32{uint32(dpi), 1}},
			{tagResolutionUnit, tiffShort, []uint32{2}},
			{tagPageNumber, tiffShort, []uint32{uint32(i), uint32(len(pages))}},
		}
		if bilevel {
			data = encodeG4(img)
			entries = append(entries,
				tiffEntry{tagBitsPerSample, tiffShort, []uint32{1}},
				tiffEntry{tagCompression, tiffShort, []uint32{compressionG4}},
				tiffEntry{tagPhotometric, tiffShort, []uint32{0}},
				tiffEntry{tagT6Options, tiffLong, []uint32{0}})
		} else {
			var err error
			if data, err = deflate(grayRows(img)); err != nil {
				return fmt.Errorf("tiff page %d: compress: %w", i+1, err)
			}
			entries = append(entries,
				tiffEntry{tagBitsPerSample, tiffShort, []uint32{8}},
				tiffEntry{tagCompression, tiffShort, []uint32{compressionDeflate}},
				tiffEntry{tagPhotometric, tiffShort, []uint32{1}})
		}
		dataOff := b.Len()
		b.Write(data)
		if b.Len()%2 == 1 {
			b.WriteByte(0)
		}
		entries = append(entries,
			tiffEntry{tagStripOffsets, tiffLong, []uint32{uint32(dataOff)}},
			tiffEntry{tagStripByteCounts, tiffLong, []uint32{uint32(len(data))}})
		sort.Slice(entries, func(i, j int) bool { return entries[i].tag < entries[j].tag })

		ifd := b.Len()
		le.PutUint32(b.Bytes()[prevNext:], uint32(ifd))
		// Values that do not fit the 4-byte field go after the IFD.
		extra := ifd + 2 + 12*len(entries) + 4
		var tail bytes.Buffer
		var e [12]byte
		b.Write(le.AppendUint16(nil, uint16(len(entries))))
		for _, en := range entries {
			le.PutUint16(e[0:], en.tag)
			le.PutUint16(e[2:], en.typ)
			count := len(en.vals)
			if en.typ == tiffRational {
				count /= 2
			}
			le.PutUint32(e[4:], uint32(count))
			clear(e[8:])
			switch {
			case en.typ == tiffShort && len(en.vals) <= 2:
				for k, v := range en.vals {
					le.PutUint16(e[8+2*k:], uint16(v))
				}
			case en.typ == tiffLong && len(en.vals) == 1:
				le.PutUint32(e[8:], en.vals[0])
			default:
				le.PutUint32(e[8:], uint32(extra+tail.Len()))
				for _, v := range en.vals {
					tail.Write(le.AppendUint32(nil, v))
				}
			}
			b.Write(e[:])
		}
		prevNext = b.Len()
		b.Write([]byte{0, 0, 0, 0})
		b.Write(tail.Bytes())
	}
	_, err := w.Write(b.Bytes())
	return err
}

// grayRows returns the pixel rows without stride padding.
func grayRows(img *image.Gray) []byte {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if img.Stride == w {
		return img.Pix[:w*h]
	}
	out := make([]byte, 0, w*h)
	for y := 0; y < h; y++ {
		out = append(out, img.Pix[y*img.Stride:y*img.Stride+w]...)
	}
	return out
}
