package ocr_test

import (
	"image"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/noticescan/noticescan/extractor"
)

// noticeLines is the text of the test notice. The identifiers are the
// truth the tests check recognition against.
func noticeLines() []string {
	return []string{
		"U.S. Department of Homeland Security",
		"U.S. Citizenship and Immigration Services",
		"I-797C, Notice of Action",
		"Receipt Number: EAC2190012345",
		"Case Type: I-485 Application to Register Permanent Residence",
		"Received Date: 03/14/2021    Priority Date: 01/02/2020",
		"USCIS Online Account Number 1234 5678 9012",
		"A-Number: A123456789",
		"The above application has been received. Please notify us immediately",
		"if any of the above information is incorrect. If you find it necessary",
		"to contact this office in writing, you must include a copy of this notice.",
	}
}

// page is a rendered test page and where each word was drawn.
type page struct {
	img   *image.Gray
	dpi   float64
	boxes map[string]extractor.Box // by word text; later duplicates win
}

// mustRenderPage draws lines in 12-point Go Regular on a white US Letter
// page at dpi, one inch from the top-left corner.
func mustRenderPage(tb testing.TB, dpi float64, lines []string) *page {
	tb.Helper()
	w, h := int(8.5*dpi), int(11*dpi)
	img := whiteGray(w, h)
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		tb.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 12, DPI: dpi, Hinting: font.HintingFull})
	if err != nil {
		tb.Fatal(err)
	}
	defer face.Close()
	p := &page{img: img, dpi: dpi, boxes: map[string]extractor.Box{}}
	d := font.Drawer{Dst: img, Src: image.Black, Face: face}
	y := 1.2 * dpi
	space := d.MeasureString(" ")
	for _, line := range lines {
		d.Dot = fixed.P(int(dpi), int(y))
		for i, word := range strings.Fields(line) {
			if i > 0 {
				d.Dot.X += space
			}
			b, _ := d.BoundString(word)
			p.boxes[word] = extractor.Box{
				X0: float64(b.Min.X.Floor()), Y0: float64(b.Min.Y.Floor()),
				X1: float64(b.Max.X.Ceil()), Y1: float64(b.Max.Y.Ceil()),
			}
			d.DrawString(word)
		}
		y += 0.3 * dpi
	}
	return p
}

func whiteGray(w, h int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	img.Pix[0] = 255
	for n := 1; n < len(img.Pix); n *= 2 {
		copy(img.Pix[n:], img.Pix[:n])
	}
	return img
}

// turnCW turns img clockwise by deg (a multiple of 90), the way a page lies
// when it was fed sideways or upside down.
func turnCW(img *image.Gray, deg int) *image.Gray {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	var out *image.Gray
	if deg%180 == 0 {
		out = image.NewGray(image.Rect(0, 0, w, h))
	} else {
		out = image.NewGray(image.Rect(0, 0, h, w))
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := img.Pix[y*img.Stride+x]
			switch deg % 360 {
			case 0:
				out.Pix[y*out.Stride+x] = v
			case 90:
				out.Pix[x*out.Stride+(h-1-y)] = v
			case 180:
				out.Pix[(h-1-y)*out.Stride+(w-1-x)] = v
			case 270:
				out.Pix[(w-1-x)*out.Stride+y] = v
			}
		}
	}
	return out
}

// tilt turns img counterclockwise by deg about its center (nearest
// neighbour, as a cheap scanner would), filling with white.
func tilt(img *image.Gray, deg float64) *image.Gray {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	out := whiteGray(w, h)
	sin, cos := math.Sincos(deg * math.Pi / 180)
	cx, cy := float64(w)/2, float64(h)/2
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := float64(x)-cx, float64(y)-cy
			sx := int(math.Round(cx + dx*cos - dy*sin))
			sy := int(math.Round(cy + dx*sin + dy*cos))
			if sx >= 0 && sy >= 0 && sx < w && sy < h {
				out.Pix[y*out.Stride+x] = img.Pix[sy*img.Stride+sx]
			}
		}
	}
	return out
}

// degrade imitates a poor scan of img: it drops the resolution by factor
// (box average, then nearest-neighbour back up, which leaves blocky edges)
// and adds Gaussian noise of the given standard deviation. The result has
// its origin at (0, 0).
func degrade(img *image.Gray, factor int, noise float64, seed uint64) *image.Gray {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(seed, seed))
	for by := 0; by < h; by += factor {
		for bx := 0; bx < w; bx += factor {
			s, n := 0, 0
			for y := by; y < min(h, by+factor); y++ {
				for x := bx; x < min(w, bx+factor); x++ {
					s += int(img.Pix[y*img.Stride+x])
					n++
				}
			}
			for y := by; y < min(h, by+factor); y++ {
				for x := bx; x < min(w, bx+factor); x++ {
					v := float64(s)/float64(n) + rng.NormFloat64()*noise
					out.Pix[y*out.Stride+x] = uint8(max(0, min(255, v)))
				}
			}
		}
	}
	return out
}

// findWord returns the first word whose text equals text.
func findWord(words []extractor.Word, text string) (extractor.Word, bool) {
	for _, w := range words {
		if w.Text == text {
			return w, true
		}
	}
	return extractor.Word{}, false
}

// near reports whether two boxes match within tol pixels on every edge.
func near(a, b extractor.Box, tol float64) bool {
	return math.Abs(a.X0-b.X0) <= tol && math.Abs(a.Y0-b.Y0) <= tol &&
		math.Abs(a.X1-b.X1) <= tol && math.Abs(a.Y1-b.Y1) <= tol
}

func texts(words []extractor.Word) string {
	s := make([]string, len(words))
	for i, w := range words {
		s[i] = w.Text
	}
	return strings.Join(s, " ")
}

// faxLook imitates a standard-resolution fax of img: every other row is
// sent, thresholded to black and white with a wobbly threshold, strewn with
// dots of 1–3 by 1–2 pixels on share of the sent pixels, and each row is
// printed twice. That doubling makes every dot at least two rows high.
func faxLook(img *image.Gray, share float64, seed uint64) *image.Gray {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	rng := rand.New(rand.NewPCG(seed, seed+1))
	half := h / 2
	low := make([]uint8, w*half)
	for y := range half {
		row := img.Pix[2*y*img.Stride:]
		for x := range w {
			if int(row[x]) < 140+rng.IntN(30) {
				low[y*w+x] = 0
			} else {
				low[y*w+x] = 255
			}
		}
	}
	for range int(share * float64(w*half)) {
		x, y := rng.IntN(w-3), rng.IntN(half-1)
		dw, dh := 1+rng.IntN(3), 1+rng.IntN(2)
		for dy := range dh {
			for dx := range dw {
				low[(y+dy)*w+x+dx] = 0
			}
		}
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		src := min(y/2, half-1)
		copy(out.Pix[y*out.Stride:y*out.Stride+w], low[src*w:(src+1)*w])
	}
	return out
}

// faint imitates a weak, out-of-focus scan of img on stained gray paper:
// print blurred (a 1-2-1 kernel twice) and at gray ink on paper at gray
// paper, a soft blotch darkening a third of the page by up to a third, and
// Gaussian noise of the given deviation.
func faint(img *image.Gray, ink, paper uint8, noise float64, seed uint64) *image.Gray {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	rng := rand.New(rand.NewPCG(seed, seed+2))
	img = blur121(blur121(img))
	out := image.NewGray(image.Rect(0, 0, w, h))
	cx, cy, rx, ry := 0.6*float64(w), 0.45*float64(h), 0.3*float64(w), 0.2*float64(h)
	for y := range h {
		for x := range w {
			v := float64(ink) + float64(paper-ink)*float64(img.Pix[y*img.Stride+x])/255
			dx, dy := (float64(x)-cx)/rx, (float64(y)-cy)/ry
			if d := dx*dx + dy*dy; d < 1 {
				v *= 1 - 0.33*(1-d*d)
			}
			v += rng.NormFloat64() * noise
			out.Pix[y*out.Stride+x] = uint8(max(0, min(255, math.Round(v))))
		}
	}
	return out
}

// blur121 smooths img with the 3×3 kernel (1 2 1)ᵀ(1 2 1)/16, one axis at
// a time, repeating the edge pixels.
func blur121(img *image.Gray) *image.Gray {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	tmp := make([]int, w*h)
	for y := range h {
		row := img.Pix[y*img.Stride : y*img.Stride+w]
		for x := range w {
			tmp[y*w+x] = int(row[max(0, x-1)]) + 2*int(row[x]) + int(row[min(w-1, x+1)])
		}
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		a, b, c := tmp[max(0, y-1)*w:], tmp[y*w:], tmp[min(h-1, y+1)*w:]
		for x := range w {
			out.Pix[y*out.Stride+x] = uint8((a[x] + 2*b[x] + c[x] + 8) / 16)
		}
	}
	return out
}
