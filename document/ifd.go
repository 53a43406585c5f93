package document

import (
	"encoding/binary"
	"errors"
)

// TIFF tags read by this package: page geometry for TIFF files and the few
// EXIF fields (which use the same layout) that decide how a photo is shown.
const (
	tagNewSubfileType   = 254
	tagImageWidth       = 256
	tagImageLength      = 257
	tagCompression      = 259
	tagPhotometric      = 262
	tagOrientation      = 274
	tagXResolution      = 282
	tagResolutionUnit   = 296
	tagSamplesPerPixel  = 277
	ifdEntrySize        = 12
	maxIFDEntries       = 4096
	resolutionUnitInch  = 2
	resolutionUnitCm    = 3
	tiffTypeShort       = 3
	tiffTypeLong        = 4
	tiffTypeRational    = 5
	subfileReducedImage = 1
)

var errBadIFD = errors.New("malformed TIFF directory")

// tiffStructure reads the classic TIFF layout (a header then a chain of
// IFDs) from a byte slice without copying it. Offsets are bounds-checked
// because they come straight from the file.
type tiffStructure struct {
	b     []byte
	order binary.ByteOrder
}

func parseTIFFHeader(b []byte) (tiffStructure, uint32, error) {
	if len(b) < 8 {
		return tiffStructure{}, 0, errBadIFD
	}
	var t tiffStructure
	switch string(b[:4]) {
	case "II*\x00":
		t.order = binary.LittleEndian
	case "MM\x00*":
		t.order = binary.BigEndian
	default:
		return tiffStructure{}, 0, errBadIFD
	}
	t.b = b
	return t, t.order.Uint32(b[4:8]), nil
}

// ifd is one image file directory: its tag values of interest and where the
// next directory starts (0 at the end of the chain).
type ifd struct {
	offset uint32
	next   uint32
	tags   map[uint16]ifdValue
}

// ifdValue keeps the first value of a tag, which is all this package needs.
type ifdValue struct {
	num, den uint32 // den is 1 except for RATIONAL values
}

func (t tiffStructure) readIFD(off uint32) (ifd, error) {
	b := t.b
	if uint64(off)+2 > uint64(len(b)) {
		return ifd{}, errBadIFD
	}
	n := int(t.order.Uint16(b[off:]))
	end := uint64(off) + 2 + uint64(n)*ifdEntrySize
	if n > maxIFDEntries || end+4 > uint64(len(b)) {
		return ifd{}, errBadIFD
	}
	d := ifd{offset: off, next: t.order.Uint32(b[end:]), tags: make(map[uint16]ifdValue, 8)}
	for i := 0; i < n; i++ {
		e := b[uint64(off)+2+uint64(i)*ifdEntrySize:]
		tag, typ, count := t.order.Uint16(e), t.order.Uint16(e[2:]), t.order.Uint32(e[4:])
		if count == 0 {
			continue
		}
		switch tag {
		case tagNewSubfileType, tagImageWidth, tagImageLength, tagCompression,
			tagOrientation, tagXResolution, tagResolutionUnit, tagSamplesPerPixel, tagPhotometric:
		default:
			continue
		}
		switch typ {
		case tiffTypeShort:
			d.tags[tag] = ifdValue{num: uint32(t.order.Uint16(e[8:])), den: 1}
		case tiffTypeLong:
			d.tags[tag] = ifdValue{num: t.order.Uint32(e[8:]), den: 1}
		case tiffTypeRational:
			p := t.order.Uint32(e[8:])
			if uint64(p)+8 > uint64(len(b)) {
				return ifd{}, errBadIFD
			}
			d.tags[tag] = ifdValue{num: t.order.Uint32(b[p:]), den: t.order.Uint32(b[p+4:])}
		}
	}
	return d, nil
}

func (d ifd) uint(tag uint16, def uint32) uint32 {
	if v, ok := d.tags[tag]; ok {
		return v.num
	}
	return def
}

// dpi converts XResolution and ResolutionUnit to dots per inch, 0 if the
// file does not say. TIFF's default unit is the inch.
func (d ifd) dpi() float64 {
	v, ok := d.tags[tagXResolution]
	if !ok || v.den == 0 || v.num == 0 {
		return 0
	}
	r := float64(v.num) / float64(v.den)
	switch d.uint(tagResolutionUnit, resolutionUnitInch) {
	case resolutionUnitInch:
		return r
	case resolutionUnitCm:
		return r * 2.54
	}
	return 0
}

// orientation returns the EXIF/TIFF Orientation tag, 1 (upright) when absent
// or out of range.
func (d ifd) orientation() int {
	o := d.uint(tagOrientation, 1)
	if o < 1 || o > 8 {
		return 1
	}
	return int(o)
}
