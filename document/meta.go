package document

import (
	"bytes"
	"encoding/binary"
	"math"
)

// imageMeta is what an image file says about itself beyond its pixels.
type imageMeta struct {
	orient orientation
	dpi    float64 // 0 when unknown
}

// jpegMeta reads the JFIF density and the EXIF Orientation and resolution
// from a JPEG's header segments. It never fails: a malformed segment just
// leaves the defaults (upright, unknown DPI), as a viewer would.
func jpegMeta(b []byte) imageMeta {
	m := imageMeta{orient: 1}
	var exifDPI float64
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xFF {
			break
		}
		marker := b[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		if marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01 {
			i += 2
			continue
		}
		if marker == 0xDA || marker == 0xD9 { // start of scan: no more headers
			break
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			break
		}
		seg := b[i+4 : i+2+n]
		switch {
		case marker == 0xE0 && bytes.HasPrefix(seg, []byte("JFIF\x00")) && len(seg) >= 12:
			m.dpi = densityDPI(seg[7], binary.BigEndian.Uint16(seg[8:]))
		case marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")):
			o, dpi := exifMeta(seg[6:])
			m.orient, exifDPI = o, dpi
		}
		i += 2 + n
	}
	if m.dpi == 0 {
		m.dpi = exifDPI
	}
	return m
}

// densityDPI converts a JFIF density (unit 1 = per inch, 2 = per cm).
// Unit 0 only gives an aspect ratio, so the DPI is unknown.
func densityDPI(unit byte, d uint16) float64 {
	switch unit {
	case 1:
		return float64(d)
	case 2:
		return math.Round(float64(d)*2.54*10) / 10
	}
	return 0
}

// exifMeta reads IFD0 of an EXIF block, which is a TIFF structure.
func exifMeta(b []byte) (orientation, float64) {
	t, off, err := parseTIFFHeader(b)
	if err != nil {
		return 1, 0
	}
	d, err := t.readIFD(off)
	if err != nil {
		return 1, 0
	}
	return orientation(d.orientation()), d.dpi()
}

// pngMeta reads pHYs (pixels per metre) and an eXIf orientation from the
// chunks before the image data.
func pngMeta(b []byte) imageMeta {
	m := imageMeta{orient: 1}
	for i := 8; i+12 <= len(b); {
		n := binary.BigEndian.Uint32(b[i:])
		typ := string(b[i+4 : i+8])
		if uint64(i)+12+uint64(n) > uint64(len(b)) || typ == "IDAT" {
			break
		}
		data := b[i+8 : i+8+int(n)]
		switch typ {
		case "pHYs":
			if len(data) == 9 && data[8] == 1 {
				m.dpi = math.Round(float64(binary.BigEndian.Uint32(data))*0.0254*10) / 10
			}
		case "eXIf":
			m.orient, _ = exifMeta(data)
		}
		i += 12 + int(n)
	}
	return m
}

// bmpMeta reads the horizontal resolution from a BITMAPINFOHEADER or later.
func bmpMeta(b []byte) imageMeta {
	m := imageMeta{orient: 1}
	if len(b) >= 46 && binary.LittleEndian.Uint32(b[14:]) >= 40 {
		if ppm := int32(binary.LittleEndian.Uint32(b[38:])); ppm > 0 {
			m.dpi = math.Round(float64(ppm)*0.0254*10) / 10
		}
	}
	return m
}
