package ocr_test

import (
	"context"
	"image"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/noticegen"
	"github.com/noticescan/noticescan/ocr"
)

// camera is a projective map from a flat page to a picture, written as a
// 3×3 matrix (row-major, last entry 1): a sheet photographed from above at
// an angle. It is built from its parts here, not solved from corners, so
// that it checks the package's own solver independently.
type camera [9]float64

// newCamera places a page scaled by s, turned by deg, with its top-left
// corner at (tx, ty), and foreshortened by (g, h): the page's far edge
// shrinks by 1/(1 + g u + h v).
func newCamera(s, deg, tx, ty, g, h float64) camera {
	sin, cos := math.Sincos(deg * math.Pi / 180)
	// Affine part times the perspective divide [[1 0 0] [0 1 0] [g h 1]].
	a := [6]float64{s * cos, -s * sin, tx, s * sin, s * cos, ty}
	return camera{
		a[0] + a[2]*g, a[1] + a[2]*h, a[2],
		a[3] + a[5]*g, a[4] + a[5]*h, a[5],
		g, h, 1,
	}
}

func (c camera) apply(u, v float64) ocr.Point {
	d := c[6]*u + c[7]*v + c[8]
	return ocr.Point{X: (c[0]*u + c[1]*v + c[2]) / d, Y: (c[3]*u + c[4]*v + c[5]) / d}
}

// inverse is the adjugate of the matrix, which inverts it up to a scale
// that the divide removes.
func (c camera) inverse() camera {
	return camera{
		c[4]*c[8] - c[5]*c[7], c[2]*c[7] - c[1]*c[8], c[1]*c[5] - c[2]*c[4],
		c[5]*c[6] - c[3]*c[8], c[0]*c[8] - c[2]*c[6], c[2]*c[3] - c[0]*c[5],
		c[3]*c[7] - c[4]*c[6], c[1]*c[6] - c[0]*c[7], c[0]*c[4] - c[1]*c[3],
	}
}

// corners are where the page's corners land in the picture, top-left,
// top-right, bottom-right, bottom-left of the page.
func (c camera) corners(w, h float64) ocr.Quad {
	return ocr.Quad{c.apply(0, 0), c.apply(w, 0), c.apply(w, h), c.apply(0, h)}
}

// photograph takes a picture w×h of page through c: a desk of dark,
// grainy wood behind it, light falling off across the picture (a third
// darker at the far side, on the sheet and the desk alike) and sensor
// noise.
func photograph(page *image.Gray, c camera, w, h int, seed uint64) *image.Gray {
	return photographOn(page, c, w, h, seed, func(x, y int) float64 {
		return 80 + 20*math.Sin(float64(y)/7+math.Sin(float64(x)/40))
	})
}

// lightDesk is pale stone in broad blotches, 28 to 40 gray levels darker
// than a photographed page's paper under the same light. With the light
// falling off across the picture, the desk on its lit side is within 20
// levels of the paper in the middle.
func lightDesk(x, y int) float64 {
	return 205 + 6*math.Sin(float64(x)/53+2*math.Sin(float64(y)/71))
}

// photographOn is photograph with the sheet on desk, the desk's gray
// level at each pixel before the light falls off.
func photographOn(page *image.Gray, c camera, w, h int, seed uint64, desk func(x, y int) float64) *image.Gray {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e37))
	inv := c.inverse()
	pw, ph := page.Bounds().Dx(), page.Bounds().Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			light := 1 - 0.33*float64(x+y)/float64(w+h)
			p := inv.apply(float64(x)+0.5, float64(y)+0.5)
			var v float64
			if p.X >= 0 && p.Y >= 0 && p.X < float64(pw) && p.Y < float64(ph) {
				v = float64(page.Pix[int(p.Y)*page.Stride+int(p.X)])*0.9 + 10
			} else {
				v = desk(x, y)
			}
			v = v*light + rng.NormFloat64()*4
			out.Pix[y*out.Stride+x] = uint8(max(0, min(255, math.Round(v))))
		}
	}
	return out
}

// nearPoint reports whether two points are within tol pixels.
func nearPoint(a, b ocr.Point, tol float64) bool { return math.Hypot(a.X-b.X, a.Y-b.Y) <= tol }

func TestFindSheet(t *testing.T) {
	pg := mustRenderPage(t, 150, noticeLines())
	pw, ph := float64(pg.img.Bounds().Dx()), float64(pg.img.Bounds().Dy())
	const W, H = 1500, 1900
	// The corners must be found within 0.3% of the picture's long side,
	// under six pixels here: half a cell of the grid the sheet is looked
	// for in, or a twentieth of an inch on the sheet.
	tol := 0.003 * H
	for _, tc := range []struct {
		name string
		cam  camera
		desk func(x, y int) float64 // nil: dark wood
	}{
		{"Square", newCamera(1, 0, 110, 150, 0, 0), nil},
		{"Tilted", newCamera(0.95, 4, 200, 120, 0, 0), nil},
		{"Perspective", newCamera(1.05, -3, 120, 100, 0, 1.2e-4), nil},
		{"PerspectiveSideways", newCamera(0.95, 2, 80, 100, 1e-4, -4e-5), nil},
		{"Landscape", newCamera(0.8, 90, 1450, 250, 0, 0), nil},
		{"LightDesk", newCamera(0.95, 4, 200, 120, 0, 0), lightDesk},
		{"LightDeskPerspective", newCamera(1.05, -3, 120, 100, 0, 1.2e-4), lightDesk},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			want := tc.cam.corners(pw, ph)
			if tc.name == "Landscape" {
				// The sheet lies on its side: its top-left corner is the
				// picture's top-right one, and the outline starts at the
				// picture's top-left.
				want = ocr.Quad{want[3], want[0], want[1], want[2]}
			}
			for _, p := range want {
				if p.X < 0 || p.Y < 0 || p.X > W || p.Y > H {
					t.Fatalf("test geometry: corner %v outside the %dx%d picture", p, W, H)
				}
			}
			img := photograph(pg.img, tc.cam, W, H, 1)
			if tc.desk != nil {
				img = photographOn(pg.img, tc.cam, W, H, 1, tc.desk)
			}
			got, ok := ocr.FindSheet(img)
			if !ok {
				t.Fatalf("no sheet found; corners at %v", want)
			}
			for i := range got {
				if !nearPoint(got[i], want[i], tol) {
					t.Errorf("corner %d at %.1f, want %.1f ± %.0f px", i, got[i], want[i], tol)
				}
			}
		})
	}
}

func TestFindSheet_ReadWhole(t *testing.T) {
	pg := mustRenderPage(t, 150, noticeLines())
	const W, H = 1500, 1900
	gray := func(v uint8) *image.Gray {
		g := image.NewGray(image.Rect(0, 0, W, H))
		for i := range g.Pix {
			g.Pix[i] = v
		}
		return g
	}
	scan := mustRenderPage(t, 300, noticeLines()).img
	for _, tc := range []struct {
		name string
		img  *image.Gray
	}{
		// A scan's margins are paper: it is not a photo at all.
		{"FlatScan", scan},
		{"FaintScan", faint(scan, 90, 200, 6, 3)},
		{"TiltedScan", tilt(scan, 2)},
		// A photo whose sheet runs off the picture cannot be outlined.
		{"OffFrame", photograph(pg.img, newCamera(1, 3, 600, 150, 0, 0), W, H, 2)},
		{"CornerCut", photograph(pg.img, newCamera(1.1, 0, 120, -40, 0, 0), W, H, 3)},
		// Too small to read on its own: the whole picture is read.
		{"Small", photograph(pg.img, newCamera(0.35, 5, 500, 600, 0, 0), W, H, 4)},
		{"Dark", gray(30)},
		{"Gray", gray(180)},
		{"Tiny", gray(255).SubImage(image.Rect(0, 0, 50, 50)).(*image.Gray)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if q, ok := ocr.FindSheet(tc.img); ok {
				t.Errorf("sheet found at %.0f; want the picture read whole", q)
			}
		})
	}
}

// TestEngine_RecognizePhotoOnLightDesk reads generated phone photos of a
// sheet lying whole in the picture on a light desk (stone, laminate, cloth
// or wood a few tens of gray levels darker than the paper, its edge
// blurred): the sheet must be found and restored, and its identifiers read.
func TestEngine_RecognizePhotoOnLightDesk(t *testing.T) {
	dir := t.TempDir()
	truth, err := noticegen.Generate(dir, noticegen.Options{
		Seed: 8686, Count: 5, MaxPages: 1,
		Formats: []noticegen.Format{noticegen.FormatPhotoJPEG},
	})
	if err != nil {
		t.Fatal(err)
	}
	op, err := document.NewOpener(document.Config{PDFiumCacheDir: filepath.Join(os.TempDir(), "noticescan-test-pdfium")})
	if err != nil {
		t.Fatal(err)
	}
	defer op.Close()
	e := mustEngine(t, ocr.Config{})
	const most = 3
	photos, found, want := 0, 0, 0
	for _, tr := range truth {
		shot := tr.DegradationDetail.Photo[0]
		if !strings.HasSuffix(shot.Desk, "_light") || shot.OffFrame || photos == most {
			continue
		}
		photos++
		img, dpi := mustPageImage(t, op, filepath.Join(dir, tr.File))
		r := mustRecognize(t, e, img, dpi)
		if r.Sheet == nil {
			t.Errorf("%s (%s desk, sheet %.0f%% of the picture): read whole; want the sheet restored", tr.File, shot.Desk, 100*shot.Cover)
			continue
		}
		n := foundTruth(r, tr)
		t.Logf("%s (%s desk): %d of %d identifiers", tr.File, shot.Desk, n, len(tr.Findings))
		found += n
		want += len(tr.Findings)
	}
	if photos < 2 {
		t.Fatalf("test set: %d whole sheets on a light desk, want at least 2", photos)
	}
	// A restored sheet reads like a clean scan: a digit misread here or
	// there, no more.
	if found < want-1 {
		t.Errorf("%d of %d identifiers read on the restored sheets", found, want)
	}
}

func TestPageToQuad(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for i := range 20 {
		cam := newCamera(0.5+rng.Float64(), rng.Float64()*20-10, rng.Float64()*500, rng.Float64()*500,
			(rng.Float64()-0.5)*2e-4, (rng.Float64()-0.5)*2e-4)
		const w, h = 1275, 1650
		m, ok := ocr.PageToQuad(w, h, cam.corners(w, h))
		if !ok {
			t.Fatalf("camera %d: no map for corners %v", i, cam.corners(w, h))
		}
		// Four corners fix a projective map: every other point must land
		// where the camera puts it.
		for range 10 {
			u, v := rng.Float64()*w, rng.Float64()*h
			if got, want := m(u, v), cam.apply(u, v); !nearPoint(got, want, 1e-6*w) {
				t.Errorf("camera %d: (%.1f, %.1f) maps to %.3f, want %.3f", i, u, v, got, want)
			}
		}
	}
	if _, ok := ocr.PageToQuad(100, 100, ocr.Quad{{0, 0}, {10, 10}, {20, 20}, {30, 30}}); ok {
		t.Error("corners in a line gave a map")
	}
}

func TestEngine_RecognizePhoto(t *testing.T) {
	pg := mustRenderPage(t, 150, noticeLines())
	cam := newCamera(1.1, -4, 110, 180, 2e-5, 9e-5)
	photo := photograph(pg.img, cam, 1500, 1900, 5)
	e := mustEngine(t, ocr.Config{})
	r := mustRecognize(t, e, photo, 0)
	if r.Sheet == nil {
		t.Fatal("photo read whole; want the sheet restored")
	}
	wantIdentifiers(t, r.Words)
	// The restored page is a Letter sheet at about the resolution the
	// photo gave it (1.1 × 150 DPI here, give or take the foreshortening),
	// rescaled toward 300 DPI.
	if ratio := float64(r.Image.Bounds().Dy()) / float64(r.Image.Bounds().Dx()); math.Abs(ratio-11/8.5) > 0.01 {
		t.Errorf("restored page %v: aspect %.3f, want Letter's %.3f", r.Image.Bounds(), ratio, 11/8.5)
	}
	// Evidence maps back onto the picture where the word was printed.
	for _, text := range []string{"EAC2190012345", "A123456789"} {
		w, ok := findWord(r.Words, text)
		if !ok {
			continue // reported by wantIdentifiers
		}
		got := r.InputPoint((w.Box.X0+w.Box.X1)/2, (w.Box.Y0+w.Box.Y1)/2)
		b := pg.boxes[text]
		want := cam.apply((b.X0+b.X1)/2, (b.Y0+b.Y1)/2)
		// Within a tenth of an inch of the photo's sheet.
		if !nearPoint(got, want, 0.1*150*1.1) {
			t.Errorf("%s: maps back to %.1f, printed at %.1f", text, got, want)
		}
	}
}

func TestEngine_RecognizeScanIsNotPhoto(t *testing.T) {
	scan := mustRenderPage(t, 300, noticeLines())
	e := mustEngine(t, ocr.Config{})
	r := mustRecognize(t, e, scan.img, 300)
	if r.Sheet != nil {
		t.Fatalf("scan taken for a photo of a sheet at %.0f", *r.Sheet)
	}
	// Nothing moved the page: its points are the input's.
	for _, p := range []ocr.Point{{0, 0}, {1000, 2000}} {
		if got := r.InputPoint(p.X, p.Y); !nearPoint(got, p, 1e-9) {
			t.Errorf("InputPoint(%v) = %v on an untouched page", p, got)
		}
	}
}

func BenchmarkFindSheet(b *testing.B) {
	pg := mustRenderPage(b, 150, noticeLines())
	for _, tc := range []struct {
		name string
		img  *image.Gray
	}{
		{"Scan300", mustRenderPage(b, 300, noticeLines()).img},
		{"Photo", photograph(pg.img, newCamera(1.1, -4, 110, 180, 2e-5, 9e-5), 1500, 1900, 5)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				ocr.FindSheet(tc.img)
			}
		})
	}
}

// BenchmarkRecognizePhotoVsScan reads the same notice scanned at 150 DPI
// and photographed (the sheet at about 165 DPI on a desk, in
// perspective), one after the other, and reports the CPU time per page of
// each and their ratio: what restoring a photo costs over reading a scan.
func BenchmarkRecognizePhotoVsScan(b *testing.B) {
	scan := mustRenderPage(b, 150, noticeLines())
	photo := photograph(scan.img, newCamera(1.1, -4, 110, 180, 2e-5, 9e-5), 1500, 1900, 5)
	e := mustEngine(b, ocr.Config{})
	var scanCPU, photoCPU time.Duration
	n := 0
	for b.Loop() {
		start := processCPU(b)
		if _, err := e.Recognize(context.Background(), scan.img, 150); err != nil {
			b.Fatal(err)
		}
		mid := processCPU(b)
		r, err := e.Recognize(context.Background(), photo, 0)
		if err != nil {
			b.Fatal(err)
		}
		if r.Sheet == nil {
			b.Fatal("photo read whole")
		}
		scanCPU += mid - start
		photoCPU += processCPU(b) - mid
		n++
	}
	b.ReportMetric(float64(scanCPU.Nanoseconds())/float64(n), "scan-cpu-ns/page")
	b.ReportMetric(float64(photoCPU.Nanoseconds())/float64(n), "photo-cpu-ns/page")
	b.ReportMetric(float64(photoCPU)/float64(scanCPU), "photo/scan-cpu")
}

// TestEngine_RecognizePhotoDeskBrighterThanSheet reads a tinted sheet
// photographed on a desk brighter than its paper, the light falling off
// across the picture: no sheet outline stands out (the desk is not darker
// on every side), and Tesseract's global threshold, falling between paper
// and desk, turned the whole sheet to ink, so the page read not one word.
// With the paper flattened it reads.
func TestEngine_RecognizePhotoDeskBrighterThanSheet(t *testing.T) {
	pg := mustRenderPage(t, 150, noticeLines())
	tinted := image.NewGray(pg.img.Bounds())
	for i, v := range pg.img.Pix {
		// Blue paper under a cool light: about 205 where white is 255.
		tinted.Pix[i] = uint8(float64(v) * 0.8)
	}
	cam := newCamera(1.05, -3, 200, 160, 0, 4e-5)
	photo := photographOn(tinted, cam, 1500, 1950, 11, func(x, y int) float64 {
		return 262 - 4*math.Sin(float64(x)/61+math.Sin(float64(y)/83))
	})
	e := mustEngine(t, ocr.Config{})
	r := mustRecognize(t, e, photo, 0)
	if r.Sheet != nil {
		t.Logf("sheet found at %v", *r.Sheet)
	}
	wantIdentifiers(t, r.Words)
}
