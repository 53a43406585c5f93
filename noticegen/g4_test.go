package noticegen

import (
	"bytes"
	"image"
	"io"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/ccitt"
	"golang.org/x/image/tiff"
)

// The G4 encoder is checked against x/image/ccitt's decoder, bit for bit,
// on shapes that exercise every coding mode and the long-run make-up codes.
func TestEncodeG4_RoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cases := map[string]*image.Gray{
		"White":   bilevel(64, 8, func(x, y int) bool { return false }),
		"Black":   bilevel(64, 8, func(x, y int) bool { return true }),
		"Checker": bilevel(37, 9, func(x, y int) bool { return (x+y)%2 == 0 }),
		"OneWide": bilevel(1, 20, func(x, y int) bool { return y%3 == 0 }),
		"Noise":   bilevel(1728, 40, func(x, y int) bool { return r.IntN(2) == 0 }),
		"Sparse":  bilevel(1700, 60, func(x, y int) bool { return r.IntN(50) == 0 }),
		"Shapes": bilevel(900, 120, func(x, y int) bool {
			return (x/7+y/5)%4 == 0 || (x > 300 && x < 700 && y > 30 && y < 90) || x == y
		}),
		"LongRuns":  bilevel(6000, 6, func(x, y int) bool { return x >= 2600+y*300 }),
		"EveryCode": everyCode(),
	}
	for name, img := range cases {
		t.Run(name, func(t *testing.T) {
			w, h := img.Rect.Dx(), img.Rect.Dy()
			enc := encodeG4(img)
			got, err := io.ReadAll(ccitt.NewReader(bytes.NewReader(enc), ccitt.MSB, ccitt.Group4, w, h, &ccitt.Options{Invert: true}))
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			stride := (w + 7) / 8
			if len(got) != stride*h {
				t.Fatalf("decoded %d bytes, want %d", len(got), stride*h)
			}
			for y := 0; y < h; y++ {
				for x := 0; x < w; x++ {
					black := got[y*stride+x/8]&(0x80>>(x%8)) != 0
					if want := img.Pix[y*img.Stride+x] < 128; black != want {
						t.Fatalf("pixel (%d,%d) black=%v, want %v", x, y, black, want)
					}
				}
			}
		})
	}
}

func bilevel(w, h int, black func(x, y int) bool) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if !black(x, y) {
				img.Pix[y*img.Stride+x] = 255
			}
		}
	}
	return img
}

// everyCode puts a white run of L and a black run of L on every other row
// (the white rows between force horizontal mode), for every terminating
// length and every make-up code, including the extended ones.
func everyCode() *image.Gray {
	var runs []int
	for n := 0; n < 64; n++ {
		runs = append(runs, n)
	}
	for k := 1; k <= 40; k++ {
		runs = append(runs, 64*k+k%64)
	}
	runs = append(runs, 2660, 5000)
	return bilevel(10001, 2*len(runs), func(x, y int) bool {
		if y%2 == 0 {
			return false
		}
		n := runs[y/2]
		return x >= n && x < 2*n
	})
}

// A bilevel TIFF page must decode through x/image/tiff, which reads
// WhiteIsZero Group 4 strips, to the same pixels.
func TestWriteTIFF_Bilevel(t *testing.T) {
	img := bilevel(850, 1100, func(x, y int) bool { return (x/9+y/13)%5 == 0 || x == y })
	var b bytes.Buffer
	if err := writeTIFF(&b, []*image.Gray{img, img}, true, 100); err != nil {
		t.Fatal(err)
	}
	m, err := tiff.Decode(&b)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	for y := 0; y < 1100; y++ {
		for x := 0; x < 850; x++ {
			r, _, _, _ := m.At(x, y).RGBA()
			if black := r < 0x8000; black != (img.Pix[y*img.Stride+x] < 128) {
				t.Fatalf("pixel (%d,%d) black=%v", x, y, black)
			}
		}
	}
}
