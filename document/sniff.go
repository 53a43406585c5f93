package document

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"unicode/utf8"
)

// Media types that Open accepts.
const (
	TypePDF  = "application/pdf"
	TypePNG  = "image/png"
	TypeJPEG = "image/jpeg"
	TypeTIFF = "image/tiff"
	TypeGIF  = "image/gif"
	TypeBMP  = "image/bmp"
	TypeWebP = "image/webp"
	TypeHEIC = "image/heic" // HEIF with an HEVC brand, as phones write it
	TypeHEIF = "image/heif" // HEIF with only the generic brands
)

// pdfHeaderWindow is how far into the file a PDF header may start: readers
// since Acrobat tolerate junk (mail headers, BOMs) before "%PDF-".
const pdfHeaderWindow = 1024

// Sniff returns the media type of data, judged from its leading bytes only:
// the name a user gave the file is never trusted. It returns ErrEmpty for no
// bytes and ErrUnsupportedType, with what the bytes look like, for anything
// Open cannot read.
func Sniff(data []byte) (string, error) {
	if len(data) == 0 {
		return "", ErrEmpty
	}
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return TypePNG, nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return TypeJPEG, nil
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return TypeTIFF, nil
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return TypeGIF, nil
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return TypeWebP, nil
	case isBMP(data):
		return TypeBMP, nil
	case heifType(data) != "":
		return heifType(data), nil
	case bytes.Contains(data[:min(len(data), pdfHeaderWindow)], []byte("%PDF-")):
		return TypePDF, nil
	}
	if kind, mt := describe(data); kind != "" {
		return mt, fmt.Errorf("%s: %w", kind, ErrUnsupportedType)
	}
	return "", ErrUnsupportedType
}

// heifType returns TypeHEIC or TypeHEIF for an ISO-BMFF file whose ftyp
// box names a HEIF still-image brand, major or compatible, and "" for
// anything else. AVIF shares the container and the generic brands, so an
// AV1 brand anywhere rules the file out.
func heifType(data []byte) string {
	switch {
	case len(data) < 16 || string(data[4:8]) != "ftyp" || hasBrand(data, "avif", "avis"):
		return ""
	case hasBrand(data, "heic", "heix", "heim", "heis", "hevc", "hevx"):
		return TypeHEIC
	case hasBrand(data, "mif1", "msf1"):
		return TypeHEIF
	}
	return ""
}

// hasBrand reports whether the leading ftyp box lists one of brands, as its
// major brand or a compatible one.
func hasBrand(data []byte, brands ...string) bool {
	size := int(binary.BigEndian.Uint32(data))
	if size < 16 || size > len(data) {
		size = min(len(data), 256) // a bad size: look at what is there
	}
	list := [][]byte{data[8:12]}
	for i := 16; i+4 <= size; i += 4 {
		list = append(list, data[i:i+4])
	}
	for _, b := range list {
		for _, want := range brands {
			if string(b) == want {
				return true
			}
		}
	}
	return false
}

// isBMP checks the info-header size as well as "BM", since two letters alone
// would also match text files.
func isBMP(data []byte) bool {
	if len(data) < 18 || data[0] != 'B' || data[1] != 'M' {
		return false
	}
	switch binary.LittleEndian.Uint32(data[14:18]) {
	case 12, 16, 40, 52, 56, 64, 108, 124:
		return true
	}
	return false
}

// describe names common unsupported inputs so the error tells a user what
// they uploaded. The media type is returned where there is a standard one.
func describe(data []byte) (kind, mediaType string) {
	if len(data) >= 12 && string(data[4:8]) == "ftyp" {
		if hasBrand(data, "avif", "avis") {
			return "AVIF image (not supported: export it as JPEG or PDF)", "image/avif"
		}
		return "ISO media file (e.g. a video)", ""
	}
	switch {
	case bytes.HasPrefix(data, []byte("II+\x00")), bytes.HasPrefix(data, []byte("MM\x00+")):
		return "BigTIFF image (not supported: save it as classic TIFF)", TypeTIFF
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return "zip archive (e.g. .docx, .xlsx)", "application/zip"
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return "legacy Office document (e.g. .doc)", ""
	case bytes.HasPrefix(data, []byte("{\\rtf")):
		return "RTF document", "application/rtf"
	case bytes.HasPrefix(data, []byte("\x00\x00\x00\x0cjP  ")), bytes.HasPrefix(data, []byte{0xFF, 0x4F, 0xFF, 0x51}):
		return "JPEG 2000 image", "image/jp2"
	}
	head := data[:min(len(data), 512)]
	if i := lastRuneStart(head); len(head) < len(data) && !utf8.FullRune(head[i:]) {
		head = head[:i] // the cut split a multi-byte character
	}
	if utf8.Valid(head) && !bytes.ContainsRune(head, 0) {
		return "text file", "text/plain"
	}
	return "", ""
}

// lastRuneStart returns the index where the last (possibly partial)
// UTF-8 sequence of b begins.
func lastRuneStart(b []byte) int {
	i := len(b) - 1
	for i > 0 && len(b)-i < utf8.UTFMax && !utf8.RuneStart(b[i]) {
		i--
	}
	return i
}
