package document

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"slices"

	"github.com/pdfcpu/pdfcpu/pkg/filter"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// errUnsupportedImage sends Image to pdfium's renderer: the embedded image
// exists but is in a form this package does not decode itself.
var errUnsupportedImage = errors.New("embedded image format not decoded here")

// findImageXObject returns the image XObject of page n with the given pixel
// size, looking inside form XObjects too. Size is how pdfium's image object
// is matched to pdfcpu's: a scan page has one image, so ties do not arise.
func findImageXObject(m *model.Context, n, w, h int) (*types.StreamDict, error) {
	_, _, inh, err := m.PageDict(n, false)
	if err != nil {
		return nil, err
	}
	if inh == nil || inh.Resources == nil {
		return nil, fmt.Errorf("page has no resources: %w", errUnsupportedImage)
	}
	if sd := searchXObjects(m.XRefTable, inh.Resources, w, h, 0); sd != nil {
		return sd, nil
	}
	// An inline image (BI … EI) is not an XObject; pdfium can still draw it.
	return nil, fmt.Errorf("no %dx%d image XObject: %w", w, h, errUnsupportedImage)
}

func searchXObjects(x *model.XRefTable, res types.Dict, w, h, depth int) *types.StreamDict {
	obj, ok := res.Find("XObject")
	if !ok {
		return nil
	}
	xobjs, err := x.DereferenceDict(obj)
	if err != nil || xobjs == nil {
		return nil
	}
	names := make([]string, 0, len(xobjs))
	for k := range xobjs {
		names = append(names, k)
	}
	slices.Sort(names) // map order would make the choice between equals random
	for _, name := range names {
		sd, _, err := x.DereferenceStreamDict(xobjs[name])
		if err != nil || sd == nil {
			continue
		}
		switch st := sd.Subtype(); {
		case st != nil && *st == "Image":
			if iw, ih := intEntry(x, sd.Dict, "Width"), intEntry(x, sd.Dict, "Height"); iw == w && ih == h {
				return sd
			}
		case st != nil && *st == "Form" && depth < maxFormDepth:
			if r, ok := sd.Find("Resources"); ok {
				if rd, err := x.DereferenceDict(r); err == nil && rd != nil {
					if found := searchXObjects(x, rd, w, h, depth+1); found != nil {
						return found
					}
				}
			}
		}
	}
	return nil
}

func intEntry(x *model.XRefTable, d types.Dict, key string) int {
	o, ok := d.Find(key)
	if !ok {
		return 0
	}
	i, err := x.DereferenceInteger(o)
	if err != nil || i == nil {
		return 0
	}
	return i.Value()
}

// imageParams are the image dictionary entries that decide how samples
// become pixels.
type imageParams struct {
	w, h, bpc int
	mask      bool      // /ImageMask: 1-bit stencil painted in the fill colour
	decode    []float64 // /Decode, one min/max pair per component
	cs        colorSpace
}

// decodeImageXObject turns an image XObject into pixels without rendering:
// a DCT (JPEG) stream is decoded by image/jpeg as stored; Flate, LZW,
// RunLength and CCITT streams are unpacked by pdfcpu's filters and mapped
// through /Decode and the colour space here.
func decodeImageXObject(x *model.XRefTable, sd *types.StreamDict, limits Limits) (image.Image, error) {
	p := imageParams{w: intEntry(x, sd.Dict, "Width"), h: intEntry(x, sd.Dict, "Height")}
	if err := limits.checkPixels(int64(p.w), int64(p.h)); err != nil {
		return nil, err
	}
	if b := sd.BooleanEntry("ImageMask"); b != nil && *b {
		p.mask = true
	}
	p.bpc = intEntry(x, sd.Dict, "BitsPerComponent")
	last := ""
	if n := len(sd.FilterPipeline); n > 0 {
		last = sd.FilterPipeline[n-1].Name
	}
	if p.mask || last == filter.CCITTFax {
		p.bpc = 1
	}
	if o, ok := sd.Find("Decode"); ok {
		if a, err := x.DereferenceArray(o); err == nil {
			for _, v := range a {
				f, err := x.DereferenceNumber(v)
				if err != nil {
					return nil, fmt.Errorf("image /Decode: %v: %w", err, ErrCorrupt)
				}
				p.decode = append(p.decode, f)
			}
		}
	}
	switch {
	case p.mask:
		p.cs = colorSpace{comps: 1}
	default:
		cs, err := resolveColorSpace(x, sd.Dict, last)
		if err != nil {
			return nil, err
		}
		p.cs = cs
	}
	switch last {
	case filter.DCT:
		return decodeDCT(sd, p, limits)
	case filter.JPX, filter.JBIG2:
		return nil, fmt.Errorf("%s: %w", last, errUnsupportedImage)
	}
	switch p.bpc {
	case 1, 2, 4, 8, 16:
	default:
		return nil, fmt.Errorf("%d bits per component: %w", p.bpc, errUnsupportedImage)
	}
	rowBytes := (int64(p.w)*int64(p.cs.comps)*int64(p.bpc) + 7) / 8
	want := rowBytes * int64(p.h)
	// The filters stop at what the image needs, plus slack for padding, so a
	// small stream cannot inflate into gigabytes.
	if err := sd.DecodeWithLimit(want + 1<<16); err != nil {
		if errors.Is(err, filter.ErrDecodeLimitExceeded) {
			return nil, fmt.Errorf("image stream inflates past %d bytes: %w", want, ErrTooLarge)
		}
		return nil, fmt.Errorf("decode image stream: %v: %w", err, ErrCorrupt)
	}
	if int64(len(sd.Content)) < want {
		return nil, fmt.Errorf("image stream has %d of %d bytes: %w", len(sd.Content), want, ErrCorrupt)
	}
	return p.pixels(sd.Content, rowBytes), nil
}

// decodeDCT decodes a JPEG stream as stored. Only filters before DCT (rare,
// e.g. ASCII85) are undone by pdfcpu, which passes JPEG data through as is.
func decodeDCT(sd *types.StreamDict, p imageParams, limits Limits) (image.Image, error) {
	data := sd.Raw
	if len(sd.FilterPipeline) > 1 {
		sd.CSComponents = 0 // keeps pdfcpu from decoding CMYK JPEGs itself
		if err := sd.DecodeWithLimit(int64(len(sd.Raw))*8 + 1<<20); err != nil {
			return nil, fmt.Errorf("decode image stream: %v: %w", err, ErrCorrupt)
		}
		data = sd.Content
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read JPEG header: %v: %w", err, ErrCorrupt)
	}
	if err := limits.checkPixels(int64(cfg.Width), int64(cfg.Height)); err != nil {
		return nil, err
	}
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decode JPEG: %v: %w", err, ErrCorrupt)
	}
	// A /Decode of [1 0] on a gray JPEG asks for a negative.
	if g, ok := img.(*image.Gray); ok && len(p.decode) >= 2 && p.decode[0] > p.decode[1] {
		for i, v := range g.Pix {
			g.Pix[i] = 255 - v
		}
	}
	return img, nil
}

// pixels maps packed samples to a Gray image (gray, masks and gray
// palettes) or an RGBA image (everything else). /Decode is folded into a
// lookup table per component, so the per-pixel work is table lookups.
func (p imageParams) pixels(data []byte, rowBytes int64) image.Image {
	if p.bpc == 16 {
		data, rowBytes = to8Bit(data, rowBytes, p.h)
		p.bpc = 8
	}
	comps := p.cs.comps
	lut := p.lookup()
	rect := image.Rect(0, 0, p.w, p.h)
	gray := p.mask || (comps == 1 && (p.cs.palette == nil || p.cs.palette.comps == 1))
	if gray {
		g := image.NewGray(rect)
		l := lut[0]
		for y := range p.h {
			row := data[int64(y)*rowBytes:][:rowBytes]
			out := g.Pix[y*g.Stride:][:p.w]
			switch p.bpc {
			case 8:
				for x, s := range row[:p.w] {
					out[x] = l[s]
				}
			case 1:
				for x := range out {
					out[x] = l[row[x>>3]>>(7-uint(x&7))&1]
				}
			default:
				for x := range out {
					out[x] = l[sampleAt(row, x, p.bpc)]
				}
			}
		}
		return g
	}
	rgba := image.NewRGBA(rect)
	var v [4]uint8
	for y := range p.h {
		row := data[int64(y)*rowBytes:][:rowBytes]
		out := rgba.Pix[y*rgba.Stride:]
		for x := range p.w {
			for c := range comps {
				v[c] = lut[c][sampleAt(row, x*comps+c, p.bpc)]
			}
			col := p.cs.rgba(v[:comps])
			out[4*x], out[4*x+1], out[4*x+2], out[4*x+3] = col.R, col.G, col.B, 255
		}
	}
	return rgba
}

// lookup tabulates, per component, what each possible sample becomes after
// /Decode: a gray or colour level, a palette index, or for a stencil mask
// black where it paints (decoded 0, by default sample 0; the fill colour is
// taken to be black) and white elsewhere. For palettes with a gray base
// the table goes straight to the gray level.
func (p imageParams) lookup() [][]uint8 {
	maxv := 1<<p.bpc - 1
	lut := make([][]uint8, p.cs.comps)
	for c := range lut {
		lut[c] = make([]uint8, maxv+1)
		dmin, dmax := 0.0, 1.0
		if p.cs.palette != nil {
			dmax = float64(maxv)
		}
		if len(p.decode) >= 2*(c+1) {
			dmin, dmax = p.decode[2*c], p.decode[2*c+1]
		}
		for s := range lut[c] {
			v := dmin + float64(s)*(dmax-dmin)/float64(maxv)
			switch {
			case p.mask && v < 0.5:
				lut[c][s] = 0
			case p.mask:
				lut[c][s] = 255
			case p.cs.palette != nil:
				idx := uint8(min(max(math.Round(v), 0), 255))
				if p.cs.palette.comps == 1 {
					idx = p.cs.palette.gray(idx)
				}
				lut[c][s] = idx
			default:
				lut[c][s] = unit(v)
			}
		}
	}
	return lut
}

// sampleAt returns sample i of a row packed at bpc bits (1, 2, 4 or 8).
func sampleAt(row []byte, i, bpc int) uint8 {
	if bpc == 8 {
		return row[i]
	}
	bit := i * bpc
	return row[bit>>3] >> (8 - bpc - bit&7) & uint8(1<<bpc-1)
}

// to8Bit keeps the rounded high part of 16-bit samples, which is all an
// 8-bit image can show.
func to8Bit(data []byte, rowBytes int64, h int) ([]byte, int64) {
	out := make([]byte, rowBytes/2*int64(h))
	for y := range int64(h) {
		row, o := data[y*rowBytes:][:rowBytes], out[y*rowBytes/2:][:rowBytes/2]
		for i := range o {
			v := uint32(row[2*i])<<8 | uint32(row[2*i+1])
			o[i] = uint8((v*255 + 32767) / 65535)
		}
	}
	return out, rowBytes / 2
}

// unit maps 0..1 to 0..255, clamping out-of-range /Decode results.
func unit(v float64) uint8 {
	return uint8(math.Round(min(max(v, 0), 1) * 255))
}

// colorSpace is the subset of PDF colour spaces scans use: gray, RGB, CMYK
// (device, calibrated or ICC-based) and indexed palettes over them.
type colorSpace struct {
	comps   int
	palette *palette
}

// palette is an /Indexed lookup table of base-space colours.
type palette struct {
	comps int // of the base space
	hival int
	table []byte
}

func (p *palette) entry(idx uint8) []byte {
	i := min(int(idx), p.hival)
	if (i+1)*p.comps > len(p.table) {
		return nil
	}
	return p.table[i*p.comps : (i+1)*p.comps]
}

func (p *palette) gray(idx uint8) uint8 {
	if e := p.entry(idx); e != nil {
		return e[0]
	}
	return 0
}

// rgba converts one pixel's looked-up components (levels, or a palette
// index) to RGB.
func (cs colorSpace) rgba(v []uint8) color.RGBA {
	if cs.palette != nil {
		e := cs.palette.entry(v[0])
		switch {
		case e == nil:
			return color.RGBA{A: 255}
		case len(e) == 3:
			return color.RGBA{e[0], e[1], e[2], 255}
		case len(e) == 4:
			r, g, b := color.CMYKToRGB(e[0], e[1], e[2], e[3])
			return color.RGBA{r, g, b, 255}
		}
		return color.RGBA{e[0], e[0], e[0], 255}
	}
	switch len(v) {
	case 3:
		return color.RGBA{v[0], v[1], v[2], 255}
	case 4:
		r, g, b := color.CMYKToRGB(v[0], v[1], v[2], v[3])
		return color.RGBA{r, g, b, 255}
	}
	return color.RGBA{v[0], v[0], v[0], 255}
}

// resolveColorSpace reads /ColorSpace. A CCITT image without one is gray,
// as every viewer assumes; Separation, DeviceN, Lab and patterns are left
// to pdfium.
func resolveColorSpace(x *model.XRefTable, d types.Dict, lastFilter string) (colorSpace, error) {
	o, ok := d.Find("ColorSpace")
	if !ok {
		if lastFilter == filter.CCITTFax || lastFilter == filter.DCT {
			return colorSpace{comps: 1}, nil
		}
		return colorSpace{}, fmt.Errorf("no colour space: %w", errUnsupportedImage)
	}
	return colorSpaceOf(x, o, 0)
}

func colorSpaceOf(x *model.XRefTable, o types.Object, depth int) (colorSpace, error) {
	o, err := x.Dereference(o)
	if err != nil || depth > 3 {
		return colorSpace{}, fmt.Errorf("colour space: %w", errUnsupportedImage)
	}
	switch v := o.(type) {
	case types.Name:
		return namedColorSpace(string(v))
	case types.Array:
		if len(v) == 0 {
			break
		}
		name, _ := v[0].(types.Name)
		switch name {
		case "CalGray", "CalRGB", "DeviceGray", "DeviceRGB", "DeviceCMYK":
			return namedColorSpace(string(name))
		case "ICCBased":
			if len(v) < 2 {
				break
			}
			sd, _, err := x.DereferenceStreamDict(v[1])
			if err != nil || sd == nil {
				break
			}
			if n := intEntry(x, sd.Dict, "N"); n == 1 || n == 3 || n == 4 {
				return colorSpace{comps: n}, nil
			}
		case "Indexed":
			if len(v) < 4 {
				break
			}
			base, err := colorSpaceOf(x, v[1], depth+1)
			if err != nil || base.palette != nil {
				break
			}
			table, err := lookupTable(x, v[3])
			if err != nil {
				return colorSpace{}, err
			}
			hival, _ := x.DereferenceInteger(v[2])
			if hival == nil || hival.Value() < 0 {
				break
			}
			return colorSpace{comps: 1, palette: &palette{comps: base.comps, hival: hival.Value(), table: table}}, nil
		}
	}
	return colorSpace{}, fmt.Errorf("colour space %v: %w", o, errUnsupportedImage)
}

func namedColorSpace(name string) (colorSpace, error) {
	switch name {
	case "DeviceGray", "CalGray", "G":
		return colorSpace{comps: 1}, nil
	case "DeviceRGB", "CalRGB", "RGB":
		return colorSpace{comps: 3}, nil
	case "DeviceCMYK", "CMYK":
		return colorSpace{comps: 4}, nil
	}
	return colorSpace{}, fmt.Errorf("colour space %s: %w", name, errUnsupportedImage)
}

func lookupTable(x *model.XRefTable, o types.Object) ([]byte, error) {
	o, err := x.Dereference(o)
	if err != nil {
		return nil, fmt.Errorf("palette: %v: %w", err, ErrCorrupt)
	}
	switch v := o.(type) {
	case types.StringLiteral:
		return types.Unescape(v.Value())
	case types.HexLiteral:
		return v.Bytes()
	case types.StreamDict:
		if err := v.DecodeWithLimit(1 << 16); err != nil {
			return nil, fmt.Errorf("palette: %v: %w", err, ErrCorrupt)
		}
		return v.Content, nil
	}
	return nil, fmt.Errorf("palette %T: %w", o, errUnsupportedImage)
}
