package noticegen

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/bmp"
)

// Image encoders. Each records the resolution where the format can hold
// it, because OCR engines size their expectations from it.

func encodePNG(w io.Writer, img *image.Gray, dpi int) error {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&b, img); err != nil {
		return fmt.Errorf("encode png: %w", err)
	}
	// pHYs goes right after the 8-byte signature and the 25-byte IHDR.
	const at = 8 + 25
	ppm := uint32(float64(dpi)/0.0254 + 0.5)
	data := binary.BigEndian.AppendUint32(nil, ppm)
	data = binary.BigEndian.AppendUint32(data, ppm)
	data = append(data, 1)
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	typed := append([]byte("pHYs"), data...)
	chunk = append(chunk, typed...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(typed))
	out := append(append(append([]byte{}, b.Bytes()[:at]...), chunk...), b.Bytes()[at:]...)
	_, err := w.Write(out)
	return err
}

// encodeJPEG writes a grayscale or colour JPEG with a JFIF density and,
// when orientation is set, an EXIF Orientation tag.
func encodeJPEG(img image.Image, q, dpi, orientation int) ([]byte, error) {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
		return nil, fmt.Errorf("encode jpeg: %w", err)
	}
	raw := b.Bytes()
	out := append([]byte{}, raw[:2]...) // SOI
	jfif := []byte{0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 1}
	jfif = binary.BigEndian.AppendUint16(jfif, uint16(dpi))
	jfif = binary.BigEndian.AppendUint16(jfif, uint16(dpi))
	out = append(out, append(jfif, 0, 0)...)
	if orientation != 0 {
		exif := []byte{0xFF, 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0,
			'M', 'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, IFD0 at 8
			0, 1, // one entry
			0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, byte(orientation), 0, 0, // Orientation SHORT
			0, 0, 0, 0} // no next IFD
		out = append(out, exif...)
	}
	return append(out, raw[2:]...), nil
}

// encodeGIF posterizes to 16 grays, as scan-to-GIF tools do.
func encodeGIF(w io.Writer, img *image.Gray) error {
	pal := make(color.Palette, 16)
	for i := range pal {
		pal[i] = color.Gray{Y: uint8(i * 17)}
	}
	pm := image.NewPaletted(img.Rect, pal)
	posterize(pm.Pix, grayRows(img))
	if err := gif.Encode(w, pm, &gif.Options{NumColors: 16}); err != nil {
		return fmt.Errorf("encode gif: %w", err)
	}
	return nil
}

//go:norace
func posterize(dst, src []uint8) {
	for i, v := range src[:len(dst)] {
		dst[i] = v >> 4
	}
}

func encodeBMP(w io.Writer, img *image.Gray, dpi int) error {
	var b bytes.Buffer
	if err := bmp.Encode(&b, img); err != nil {
		return fmt.Errorf("encode bmp: %w", err)
	}
	out := b.Bytes()
	// biXPelsPerMeter and biYPelsPerMeter in the BITMAPINFOHEADER.
	ppm := uint32(float64(dpi)/0.0254 + 0.5)
	binary.LittleEndian.PutUint32(out[38:], ppm)
	binary.LittleEndian.PutUint32(out[42:], ppm)
	_, err := w.Write(out)
	return err
}
