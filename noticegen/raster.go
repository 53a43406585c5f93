package noticegen

import (
	"fmt"
	"image"
	"math"
	"os"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// fontSet holds the parsed fonts standing in for Helvetica, Helvetica
// Bold and Courier: the embedded Go fonts, or the files Options.FontFiles
// names. Parsed fonts are safe to share between goroutines; faces are not,
// so each renderer makes its own.
type fontSet [3]*opentype.Font

// loadFonts parses files (regular, bold, monospaced), or the embedded Go
// fonts when files is empty. The Go fonts slash their zero; notices are
// mostly printed in faces that do not, which files lets a set show.
func loadFonts(files []string) (*fontSet, error) {
	data := [][]byte{goregular.TTF, gobold.TTF, gomono.TTF}
	if len(files) > 0 {
		if len(files) != len(data) {
			return nil, fmt.Errorf("fonts: want 3 files (regular, bold, monospaced), got %d", len(files))
		}
		for i, name := range files {
			b, err := os.ReadFile(name)
			if err != nil {
				return nil, fmt.Errorf("fonts: %w", err)
			}
			data[i] = b
		}
	}
	var fs fontSet
	for i, b := range data {
		f, err := opentype.Parse(b)
		if err != nil {
			return nil, fmt.Errorf("parse font %d: %w", i, err)
		}
		fs[i] = f
	}
	return &fs, nil
}

type faceKey struct {
	font fontID
	size int // eighths of a point
}

// renderer rasterizes pages at one resolution. It is used by one goroutine.
type renderer struct {
	fonts *fontSet
	dpi   float64
	faces map[faceKey]font.Face
}

func newRenderer(fs *fontSet, dpi int) *renderer {
	return &renderer{fonts: fs, dpi: float64(dpi), faces: map[faceKey]font.Face{}}
}

func (rn *renderer) face(f fontID, size float64) (font.Face, error) {
	k := faceKey{f, int(math.Round(size * 8))}
	if fc, ok := rn.faces[k]; ok {
		return fc, nil
	}
	fc, err := opentype.NewFace(rn.fonts[f], &opentype.FaceOptions{Size: float64(k.size) / 8, DPI: rn.dpi, Hinting: font.HintingNone})
	if err != nil {
		return nil, fmt.Errorf("new face: %w", err)
	}
	rn.faces[k] = fc
	return fc, nil
}

// render draws p as black on white at the renderer's DPI.
func (rn *renderer) render(p *page) (*image.Gray, error) {
	s := rn.dpi / 72
	img := image.NewGray(image.Rect(0, 0, int(pageW*s+0.5), int(pageH*s+0.5)))
	fillRect(img, 0, 0, float64(img.Rect.Dx()), float64(img.Rect.Dy()), 255)
	for _, it := range p.items {
		switch it.kind {
		case itemText:
			if err := rn.text(img, it); err != nil {
				return nil, err
			}
		case itemFill:
			fillRect(img, it.x*s, it.y*s, it.x2*s, it.y2*s, it.gray)
		case itemLine:
			rn.stroke(img, it.x, it.y, it.x2, it.y2, it.size)
		case itemRect:
			rn.stroke(img, it.x, it.y, it.x2, it.y, it.size)
			rn.stroke(img, it.x, it.y2, it.x2, it.y2, it.size)
			rn.stroke(img, it.x, it.y, it.x, it.y2, it.size)
			rn.stroke(img, it.x2, it.y, it.x2, it.y2, it.size)
		}
	}
	return img, nil
}

// stroke draws an axis-aligned rule at least one pixel thick.
func (rn *renderer) stroke(img *image.Gray, x0, y0, x1, y1, w float64) {
	s := rn.dpi / 72
	t := max(w*s, 1) / 2
	fillRect(img, min(x0, x1)*s-t, min(y0, y1)*s-t, max(x0, x1)*s+t, max(y0, y1)*s+t, 0)
}

//go:norace
func fillRect(img *image.Gray, x0, y0, x1, y1 float64, g uint8) {
	r := image.Rect(int(math.Round(x0)), int(math.Round(y0)), int(math.Round(x1)), int(math.Round(y1)))
	r = r.Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := img.Pix[y*img.Stride+r.Min.X : y*img.Stride+r.Max.X]
		for x := range row {
			row[x] = g
		}
	}
}

// text draws one string, shrinking it when the Go font runs wider than the
// Helvetica metrics the layout was made with, so boxes still hold it.
func (rn *renderer) text(img *image.Gray, it item) error {
	s := rn.dpi / 72
	size := it.size
	fc, err := rn.face(it.font, size)
	if err != nil {
		return err
	}
	want := textWidth(it.font, size, it.text) * s
	got := float64(font.MeasureString(fc, it.text)) / 64
	if got > want && got > 0 {
		size *= want / got
		if fc, err = rn.face(it.font, size); err != nil {
			return err
		}
		got = float64(font.MeasureString(fc, it.text)) / 64
	}
	x := it.x * s
	switch it.align {
	case alignRight:
		x -= got
	case alignCenter:
		x -= got / 2
	}
	dot := fixed.Point26_6{X: fixed.Int26_6(x * 64), Y: fixed.Int26_6(it.y * s * 64)}
	prev := rune(-1)
	for _, c := range it.text {
		if prev >= 0 {
			dot.X += fc.Kern(prev, c)
		}
		dr, mask, mp, adv, ok := fc.Glyph(dot, c)
		if ok {
			if a, isAlpha := mask.(*image.Alpha); isAlpha {
				composite(img, dr, a, mp, it.gray)
			}
		}
		dot.X += adv
		prev = c
	}
	return nil
}

// composite paints color g through the glyph coverage mask.
//
//go:norace
func composite(img *image.Gray, dr image.Rectangle, mask *image.Alpha, mp image.Point, g uint8) {
	clip := dr.Intersect(img.Rect)
	for y := clip.Min.Y; y < clip.Max.Y; y++ {
		mrow := mask.Pix[(mp.Y+y-dr.Min.Y)*mask.Stride+mp.X+clip.Min.X-dr.Min.X:]
		drow := img.Pix[y*img.Stride+clip.Min.X : y*img.Stride+clip.Max.X]
		for x, d := range drow {
			a := int(mrow[x])
			if a == 0 {
				continue
			}
			drow[x] = uint8((int(d)*(255-a) + int(g)*a + 127) / 255)
		}
	}
}
