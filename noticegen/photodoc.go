package noticegen

import (
	"bytes"
	"fmt"
	"image"
	"math"
)

// photoJFIFDPI is the density phones write; it says nothing about the
// sheet, so readers must not trust it.
const photoJFIFDPI = 72

// encodePhotos photographs every page of a photo-format document and
// writes the JPEG or the PDF of JPEGs.
func encodePhotos(pages []*page, j job, o Options, fonts *fontSet, r *rnd) ([]byte, *Degradation, error) {
	n := len(pages)
	dg := &Degradation{Level: LevelPhoto, Skew: make([]float64, n), Turned: make([]int, n), JPEGQuality: r.intIn(68, 92)}
	if j.format == FormatPhotoJPEG {
		// Phones store the sensor's pixels and tag how to show them.
		dg.EXIFOrientation = []int{1, 6, 8, 3}[r.weighted(0.45, 0.35, 0.1, 0.1)]
		dg.Turned[0] = map[int]int{1: 0, 3: 180, 6: 270, 8: 90}[dg.EXIFOrientation]
	} else if o.Turned {
		// A scanning app that kept a sideways photo as it was.
		for i := range dg.Turned {
			if r.chance(0.1) {
				dg.Turned[i] = pick(r, []int{90, 270})
			}
		}
	}
	var ink, paper float64
	pp := make([]pdfPage, n)
	var out []byte
	for i, p := range pages {
		s := planShot(r, smallestIdent(p))
		rn := newRenderer(fonts, min(max(int(math.Ceil(s.maxDPI*1.25)), 100), 320))
		sheet, err := rn.render(p)
		if err != nil {
			return nil, nil, fmt.Errorf("page %d: render: %w", i+1, err)
		}
		img, err := develop(sheet, s, dg.Turned[i], r)
		if err != nil {
			return nil, nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		b, err := encodeJPEG(img, dg.JPEGQuality, photoJFIFDPI, dg.EXIFOrientation)
		if err != nil {
			return nil, nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		s.Width, s.Height = img.Rect.Dx(), img.Rect.Dy()
		dg.Photo = append(dg.Photo, s.PhotoShot)
		dg.Skew[i] = s.Rotation
		if i == 0 || s.SheetDPI < dg.DPI {
			dg.DPI = s.SheetDPI
		}
		dg.Noise, dg.Blur = max(dg.Noise, s.Noise), max(dg.Blur, s.Defocus)
		ink, paper = ink+s.ink*s.exposure, paper+(s.paper[0]+s.paper[1]+s.paper[2])/3*s.exposure
		out = b
		// The page is sized so the sheet in it comes out near letter size.
		pw := float64(s.Width) * 72 / float64(s.SheetDPI)
		ph := float64(s.Height) * 72 / float64(s.SheetDPI)
		pp[i] = pdfPage{w: pw, h: ph, content: imageContent(pw, ph), jpeg: b, imgW: s.Width, imgH: s.Height, rgb: true}
	}
	dg.Ink = uint8(min(ink/float64(n)*255, 255))
	dg.Background = uint8(min(paper/float64(n)*255, 255))
	if j.format == FormatPhotoJPEG {
		return out, dg, nil
	}
	var buf bytes.Buffer
	if err := writePDF(&buf, string(j.docType), pp); err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), dg, nil
}

// develop turns a rendered sheet into the stored photo: placed and lit on
// the desk, defocused, noisy, and turned as the camera stored it.
func develop(sheet *image.Gray, s *shot, turned int, r *rnd) (*image.RGBA, error) {
	planes, err := photograph(sheet, s)
	if err != nil {
		return nil, err
	}
	for c := range planes {
		blur(planes[c], s.Defocus)
		noise(planes[c], s.Noise, r)
		planes[c] = turn(planes[c], turned)
	}
	return interleave(planes), nil
}

//go:norace
func interleave(planes [3]*image.Gray) *image.RGBA {
	out := image.NewRGBA(planes[0].Rect)
	rp, gp, bp := planes[0].Pix, planes[1].Pix, planes[2].Pix
	px := out.Pix
	for i := range rp {
		px[4*i], px[4*i+1], px[4*i+2], px[4*i+3] = rp[i], gp[i], bp[i], 255
	}
	return out
}
