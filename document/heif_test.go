package document_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"image/color"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/document/heiftest"
)

func TestDocument_Image_HEIFTransforms(t *testing.T) {
	// How each irot/imir combination stores the upright image (red top
	// left, green top right, blue bottom left, white bottom right). irot
	// turns anticlockwise; imir axis 0 swaps left and right, axis 1 top and
	// bottom; they apply in the order listed.
	for _, tt := range []struct {
		name   string
		props  [][]byte
		stored [4]color.RGBA // stored TL, TR, BL, BR
		turned bool          // shown with width and height swapped
	}{
		{"OK/None", nil, [4]color.RGBA{red, green, blue, white}, false},
		{"OK/Rotate90", [][]byte{heiftest.Irot(1)}, [4]color.RGBA{blue, red, white, green}, true},
		{"OK/Rotate180", [][]byte{heiftest.Irot(2)}, [4]color.RGBA{white, blue, green, red}, false},
		{"OK/Rotate270", [][]byte{heiftest.Irot(3)}, [4]color.RGBA{green, white, red, blue}, true},
		{"OK/MirrorLeftRight", [][]byte{heiftest.Imir(0)}, [4]color.RGBA{green, red, white, blue}, false},
		{"OK/MirrorTopBottom", [][]byte{heiftest.Imir(1)}, [4]color.RGBA{blue, white, red, green}, false},
		{"OK/Rotate90ThenMirror", [][]byte{heiftest.Irot(1), heiftest.Imir(0)}, [4]color.RGBA{white, green, blue, red}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.stored
			// Stored 160×120: HEIC pictures this small are refused, and
			// libheif's own encoder makes a grid of anything under 64 pixels.
			data := heiftest.MustEncode(t, quadrants(160, 120, s[0], s[1], s[2], s[3]), tt.props...)
			doc := MustOpen(t, data)
			if doc.MediaType != document.TypeHEIC {
				t.Errorf("MediaType = %q, want %q", doc.MediaType, document.TypeHEIC)
			}
			wantW, wantH := 160, 120
			if tt.turned {
				wantW, wantH = 120, 160
			}
			checkUpright(t, doc, wantW, wantH)
		})
	}
}

// The same picture as PNG and as HEIC decodes to nearly the same pixels:
// HEVC at quality 90 moves a pixel of a smooth gradient by a few levels.
func TestDocument_Image_HEIFMatchesPNG(t *testing.T) {
	src := gray(160, 120, func(x, y int) uint8 { return uint8(x + y) })
	ref, _ := MustImage(t, MustOpen(t, MustPNG(t, src, 0)), 1)
	got, _ := MustImage(t, MustOpen(t, heiftest.MustEncode(t, src)), 1)
	if got.Bounds() != ref.Bounds() {
		t.Fatalf("bounds %v, want %v", got.Bounds(), ref.Bounds())
	}
	var sum, n int
	for y := range 120 {
		for x := range 160 {
			a := color.GrayModel.Convert(got.At(x, y)).(color.Gray).Y
			b := color.GrayModel.Convert(ref.At(x, y)).(color.Gray).Y
			sum += abs(int(a) - int(b))
			n++
		}
	}
	if mean := float64(sum) / float64(n); mean > 4 {
		t.Errorf("mean difference %.1f levels from the PNG, want at most 4", mean)
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// libheif's encoder stores a picture of odd width or height as a grid of
// padded tiles, as phones store large photos: the grid is read whole.
func TestDocument_Image_HEIFGrid(t *testing.T) {
	data := heiftest.MustEncode(t, quadrants(161, 121, red, green, blue, white))
	if !bytes.Contains(data, []byte("grid")) {
		t.Fatal("heif-enc made no grid of an odd-sized picture: the test needs another way to make one")
	}
	checkUpright(t, MustOpen(t, data), 161, 121)
}

// transparent makes heif-enc store an alpha channel: a grayscale auxiliary
// image beside the colour one.
var transparent = color.RGBA{}

func TestOpener_Open_HEIF(t *testing.T) {
	ctx := context.Background()
	heic := heiftest.MustEncode(t, quadrants(160, 120, red, green, blue, white))
	for _, tt := range []struct {
		name    string
		data    []byte
		wantErr error
		wantMsg string
		decode  bool // the error (or success) comes from Image, not Open
	}{
		{name: "ErrCorrupt/Truncated", data: heic[:len(heic)/2], wantErr: document.ErrCorrupt},
		{name: "ErrCorrupt/HeaderOnly", data: heic[:32], wantErr: document.ErrCorrupt},
		{name: "ErrCorrupt/NoPrimaryItem", data: renameBox(t, heic, "pitm", "xxxx"), wantErr: document.ErrCorrupt},
		{name: "ErrCorrupt/StreamGarbled", data: garbleMdat(t, heic), wantErr: document.ErrCorrupt, decode: true},
		{name: "ErrCorrupt/SizeDisagreesWithStream", data: setISPE(t, heic, 120, 160), wantErr: document.ErrCorrupt, decode: true},
		{name: "ErrUnsupportedType/TooNarrow", data: setISPE(t, heic, 96, 120), wantErr: document.ErrUnsupportedType, wantMsg: "96 pixels wide"},
		{name: "ErrTooLarge/HugeSize", data: setISPE(t, heic, 30000, 30000), wantErr: document.ErrTooLarge, wantMsg: "pixels"},
		{name: "ErrUnsupportedType/AV1Coded", data: setItemType(t, heic, "av01"), wantErr: document.ErrUnsupportedType, wantMsg: "AVIF"},
		{name: "ErrUnsupportedType/GrayGrid", data: heiftest.MustEncode(t, gray(161, 121, func(x, y int) uint8 { return uint8(x) })), wantErr: document.ErrUnsupportedType, wantMsg: "grayscale"},
		{name: "OK/ColourGridWithGrayItems", data: heiftest.MustEncodeItems(t, quadrants(161, 121, red, green, blue, transparent), gray(160, 120, func(x, y int) uint8 { return uint8(y) })), decode: true},
		{name: "ErrUnsupportedType/JPEGCoded", data: setItemType(t, heic, "jpeg"), wantErr: document.ErrUnsupportedType, wantMsg: "jpeg"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := opener.Open(ctx, tt.data)
			if tt.decode {
				if err != nil {
					t.Fatalf("Open: %v; the boxes are sound, so the decoder should be the one to fail", err)
				}
				defer doc.Close()
				_, _, err = doc.Image(ctx, 1)
			} else if err == nil {
				doc.Close()
			}
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("err = %v, want none", err)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("err = %v, want %v naming %q", err, tt.wantErr, tt.wantMsg)
			}
		})
	}
}

func TestDocument_Image_HEIFCancelled(t *testing.T) {
	doc := MustOpen(t, heiftest.MustEncode(t, quadrants(160, 120, red, green, blue, white)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := doc.Image(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("Image with a cancelled context: err = %v, want context.Canceled", err)
	}
}

// boxAt returns the offset of the first box of type typ in a HEIF file,
// searched as bytes: the fixtures are small and the types distinct.
func boxAt(tb testing.TB, data []byte, typ string) int {
	tb.Helper()
	i := bytes.Index(data, []byte(typ))
	if i < 4 {
		tb.Fatalf("no %s box", typ)
	}
	return i - 4
}

func renameBox(tb testing.TB, data []byte, typ, to string) []byte {
	out := bytes.Clone(data)
	copy(out[boxAt(tb, out, typ)+4:], to)
	return out
}

// setISPE rewrites the primary image's size (heif-enc writes one ispe).
func setISPE(tb testing.TB, data []byte, w, h uint32) []byte {
	out := bytes.Clone(data)
	at := boxAt(tb, out, "ispe") + 12 // past size, type, version and flags
	binary.BigEndian.PutUint32(out[at:], w)
	binary.BigEndian.PutUint32(out[at+4:], h)
	return out
}

// setItemType rewrites the coding of the primary item, in a file where it
// is the only one (heif-enc's infe is version 2).
func setItemType(tb testing.TB, data []byte, typ string) []byte {
	out := bytes.Clone(data)
	if bytes.Count(out, []byte("infe")) != 1 {
		tb.Fatal("more than one item")
	}
	copy(out[boxAt(tb, out, "infe")+16:], typ)
	return out
}

// garbleMdat overwrites the coded picture with bytes that are not HEVC,
// keeping every box and offset intact.
func garbleMdat(tb testing.TB, data []byte) []byte {
	out := bytes.Clone(data)
	for i := boxAt(tb, out, "mdat") + 8; i < len(out); i++ {
		out[i] = 0xFF
	}
	return out
}

func TestSniff_HEIF(t *testing.T) {
	for _, tt := range []struct {
		name, data, want string
		wantErr          error
	}{
		{"HEIC", "\x00\x00\x00\x1cftypheic\x00\x00\x00\x00mif1heicmiaf", document.TypeHEIC, nil},
		{"HEICCompatibleBrand", "\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00heic", document.TypeHEIC, nil},
		{"HEIFGeneric", "\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1", document.TypeHEIF, nil},
		{"ErrUnsupportedType/AVIF", "\x00\x00\x00\x1cftypavif\x00\x00\x00\x00mif1avifmiaf", "image/avif", document.ErrUnsupportedType},
		{"ErrUnsupportedType/AVIFCompatibleBrand", "\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00avif", "image/avif", document.ErrUnsupportedType},
		{"ErrUnsupportedType/Video", "\x00\x00\x00\x18ftypisom\x00\x00\x02\x00mp41", "", document.ErrUnsupportedType},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := document.Sniff([]byte(tt.data))
			if got != tt.want || !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Errorf("Sniff = %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
