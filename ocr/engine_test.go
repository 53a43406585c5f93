package ocr_test

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/ocr"
)

func TestMain(m *testing.M) {
	if err := ocr.ReexecWithThreadLimit(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func TestReexecWithThreadLimit(t *testing.T) {
	// TestMain ran it: this process is the re-executed one (or the limit was
	// set by whoever started the tests, which it must respect).
	if os.Getenv("OMP_THREAD_LIMIT") == "" {
		t.Fatal("OMP_THREAD_LIMIT not set after ReexecWithThreadLimit")
	}
	if err := ocr.ReexecWithThreadLimit(); err != nil {
		t.Fatalf("second call: %v, want a no-op", err)
	}
}

// mustEngine starts an engine that the test closes at cleanup.
func mustEngine(tb testing.TB, cfg ocr.Config) *ocr.Engine {
	tb.Helper()
	e, err := ocr.NewEngine(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { e.Close() })
	return e
}

func mustRecognize(tb testing.TB, e *ocr.Engine, img image.Image, dpi float64) *ocr.Recognition {
	tb.Helper()
	start := time.Now()
	r, err := e.Recognize(context.Background(), img, dpi)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Logf("%d words, mean conf %.2f, rotation %d, skew %.2f, scale %.2f, %d pass(es), %v",
		len(r.Words), r.MeanConf, r.Rotation, r.Skew, r.Scale, r.Passes, time.Since(start).Round(time.Millisecond))
	return r
}

// wantIdentifiers fails unless the receipt number and account number digits
// were read.
func wantIdentifiers(tb testing.TB, words []extractor.Word) {
	tb.Helper()
	all := texts(words)
	for _, want := range []string{"EAC2190012345", "1234 5678 9012", "A123456789"} {
		if !strings.Contains(all, want) {
			tb.Errorf("%q not read; words: %s", want, all)
		}
	}
}

func TestNewEngine(t *testing.T) {
	t.Run("ErrNoEngine", func(t *testing.T) {
		_, err := ocr.NewEngine(ocr.Config{TessdataPrefix: t.TempDir()})
		if !errors.Is(err, ocr.ErrNoEngine) {
			t.Fatalf("err = %v, want ErrNoEngine", err)
		}
		if !strings.Contains(err.Error(), "install") {
			t.Errorf("error does not say how to install: %v", err)
		}
	})
	t.Run("ErrClosed", func(t *testing.T) {
		e := mustEngine(t, ocr.Config{})
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Recognize(context.Background(), whiteGray(100, 100), 300); !errors.Is(err, ocr.ErrClosed) {
			t.Fatalf("err = %v, want ErrClosed", err)
		}
	})
}

func TestEngine_Recognize(t *testing.T) {
	upright := mustRenderPage(t, 300, noticeLines())

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		e := mustEngine(t, ocr.Config{})
		r := mustRecognize(t, e, upright.img, 300)
		wantIdentifiers(t, r.Words)
		if r.Rotation != 0 || r.Skew != 0 || r.Scale != 1 || r.Passes != 1 || r.Denoised {
			t.Errorf("rotation %d, skew %.2f, scale %.2f, passes %d, denoised %v; want 0, 0, 1, 1, false",
				r.Rotation, r.Skew, r.Scale, r.Passes, r.Denoised)
		}
		if r.Image.Bounds() != upright.img.Bounds() {
			t.Errorf("image bounds %v, want %v", r.Image.Bounds(), upright.img.Bounds())
		}
		got, ok := findWord(r.Words, "EAC2190012345")
		if !ok {
			t.Fatal("receipt number not read")
		}
		if want := upright.boxes["EAC2190012345"]; !near(got.Box, want, 6) {
			t.Errorf("box %+v, drawn at %+v", got.Box, want)
		}
		if got.Conf < 0.8 || got.Conf > 1 {
			t.Errorf("conf %.2f, want a confident read in 0..1", got.Conf)
		}
	})

	for _, turn := range []int{90, 180, 270} {
		t.Run(fmt.Sprintf("Turned%d", turn), func(t *testing.T) {
			t.Parallel()
			e := mustEngine(t, ocr.Config{})
			r := mustRecognize(t, e, turnCW(upright.img, turn), 300)
			if want := (360 - turn) % 360; r.Rotation != want {
				t.Fatalf("rotation %d, want %d", r.Rotation, want)
			}
			// Ascenders and the ink profile tell the turn before reading.
			if r.Passes != 1 {
				t.Errorf("%d passes, want 1", r.Passes)
			}
			if r.Image.Bounds() != upright.img.Bounds() {
				t.Errorf("image bounds %v, want upright %v", r.Image.Bounds(), upright.img.Bounds())
			}
			wantIdentifiers(t, r.Words)
			got, ok := findWord(r.Words, "EAC2190012345")
			if !ok {
				t.Fatal("receipt number not read")
			}
			if want := upright.boxes["EAC2190012345"]; !near(got.Box, want, 6) {
				t.Errorf("box %+v, drawn upright at %+v", got.Box, want)
			}
		})
	}

	t.Run("UpsideDownInOnePass", func(t *testing.T) {
		t.Parallel()
		// The ascenders tell an upside-down page before recognition, so no
		// pass is spent reading it upside down.
		e := mustEngine(t, ocr.Config{})
		r := mustRecognize(t, e, turnCW(upright.img, 180), 300)
		if r.Rotation != 180 || r.Passes != 1 {
			t.Errorf("rotation %d in %d passes, want 180 in 1", r.Rotation, r.Passes)
		}
	})

	t.Run("UprightWithPictureNotFlipped", func(t *testing.T) {
		t.Parallel()
		// A photo-like block holds most of the ink, so the first pass
		// explains too little of the page. With a page of text, its
		// letters settle the orientation first and no second pass is
		// wasted; with only a few lines they cannot, orientation detection
		// runs, and the guard must keep the upright reading.
		for _, c := range []struct {
			lines  []string
			passes int
		}{{noticeLines(), 1}, {noticeLines()[:4], 2}} {
			img := mustRenderPage(t, 300, c.lines).img
			photo(img, image.Rect(300, 1700, 2250, 3000))
			e := mustEngine(t, ocr.Config{})
			r := mustRecognize(t, e, img, 300)
			if r.Passes != c.passes {
				t.Errorf("%d lines: passes %d, want %d", len(c.lines), r.Passes, c.passes)
			}
			if r.Rotation != 0 {
				t.Fatalf("%d lines: rotation %d, want 0", len(c.lines), r.Rotation)
			}
			if !strings.Contains(texts(r.Words), "Homeland") {
				t.Errorf("%d lines: read %q", len(c.lines), texts(r.Words))
			}
		}
	})

	// SkewedFar lies past the first search's bound: a photographed sheet
	// restored askew, a sheet fed crooked.
	for _, tc := range []struct {
		name  string
		angle float64
	}{{"Skewed", 1.5}, {"SkewedFar", 5}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := mustEngine(t, ocr.Config{})
			r := mustRecognize(t, e, tilt(upright.img, tc.angle), 300)
			if math.Abs(r.Skew-tc.angle) > 0.15 {
				t.Errorf("skew %.2f, want %.1f", r.Skew, tc.angle)
			}
			if r.Rotation != 0 {
				t.Errorf("rotation %d, want 0", r.Rotation)
			}
			wantIdentifiers(t, r.Words)
		})
	}

	t.Run("SkewedOnItsSide", func(t *testing.T) {
		t.Parallel()
		e := mustEngine(t, ocr.Config{})
		r := mustRecognize(t, e, turnCW(tilt(upright.img, 1.5), 90), 300)
		if math.Abs(r.Skew-1.5) > 0.15 {
			t.Errorf("skew %.2f, want 1.5", r.Skew)
		}
		if r.Rotation != 270 {
			t.Errorf("rotation %d, want 270", r.Rotation)
		}
		wantIdentifiers(t, r.Words)
	})

	t.Run("Speckled", func(t *testing.T) {
		t.Parallel()
		// A hang fails this, not a slow machine: under the race detector
		// on a busy machine one speckled page took over 20 s.
		e := mustEngine(t, ocr.Config{PageTimeout: 5 * time.Minute})
		r := mustRecognize(t, e, sprinkle(upright.img, 0.005), 300)
		if !r.Denoised {
			t.Error("speckled page not denoised")
		}
		wantIdentifiers(t, r.Words)
	})

	t.Run("FaxSpecks", func(t *testing.T) {
		t.Parallel()
		// Fax dots are two rows high, so no pixel of them is alone and the
		// median filter's trigger does not see them; Tesseract reads them
		// as punctuation glued to the digits.
		img := faxLook(mustRenderPage(t, 200, noticeLines()).img, 0.002, 1)
		e := mustEngine(t, ocr.Config{})
		r := mustRecognize(t, e, img, 200)
		if !r.Denoised {
			t.Error("fax page with specks not denoised")
		}
		wantIdentifiers(t, r.Words)
	})

	t.Run("FaintStainedUpsideDown", func(t *testing.T) {
		t.Parallel()
		// Gray print on stained gray paper: the ink and the paper are too
		// close for the page to show its ink without flattening the
		// stain away, and without ink the page looks blank, so neither
		// its skew nor its orientation would be looked at.
		img := faint(tilt(mustRenderPage(t, 150, noticeLines()).img, 1.2), 130, 225, 8, 1)
		e := mustEngine(t, ocr.Config{})
		r := mustRecognize(t, e, turnCW(img, 180), 150)
		if r.Rotation != 180 {
			t.Errorf("rotation %d, want 180", r.Rotation)
		}
		if math.Abs(r.Skew-1.2) > 0.2 {
			t.Errorf("skew %.2f, want 1.2", r.Skew)
		}
		wantIdentifiers(t, r.Words)
	})

	t.Run("LowDPIUpscaled", func(t *testing.T) {
		t.Parallel()
		low := mustRenderPage(t, 150, noticeLines())
		e := mustEngine(t, ocr.Config{})
		r := mustRecognize(t, e, low.img, 0) // resolution inferred from the Letter size
		if math.Abs(r.Scale-2) > 0.02 {
			t.Errorf("scale %.3f, want 2", r.Scale)
		}
		if b := r.Image.Bounds(); b.Dx() != 2550 || b.Dy() != 3300 {
			t.Errorf("image %v, want 2550x3300", b)
		}
		wantIdentifiers(t, r.Words)
		got, ok := findWord(r.Words, "EAC2190012345")
		if !ok {
			t.Fatal("receipt number not read")
		}
		drawn := low.boxes["EAC2190012345"]
		want := extractor.Box{X0: 2 * drawn.X0, Y0: 2 * drawn.Y0, X1: 2 * drawn.X1, Y1: 2 * drawn.Y1}
		if !near(got.Box, want, 8) {
			t.Errorf("box %+v, want the drawn box scaled: %+v", got.Box, want)
		}
	})

	t.Run("FastReadsAsScanned", func(t *testing.T) {
		t.Parallel()
		e := mustEngine(t, ocr.Config{Fast: true})
		p200 := mustRenderPage(t, 200, noticeLines())
		r := mustRecognize(t, e, p200.img, 200)
		if r.Scale != 1 || r.DPI != 200 {
			t.Errorf("scale %.3f dpi %.0f, want the page as scanned", r.Scale, r.DPI)
		}
		if b := r.Image.Bounds(); b != p200.img.Bounds() {
			t.Errorf("image %v, want %v", b, p200.img.Bounds())
		}
		wantIdentifiers(t, r.Words)
		got, ok := findWord(r.Words, "EAC2190012345")
		if !ok {
			t.Fatal("receipt number not read")
		}
		if drawn := p200.boxes["EAC2190012345"]; !near(got.Box, drawn, 6) {
			t.Errorf("box %+v, want the drawn box %+v", got.Box, drawn)
		}
		// Below 150 DPI print is too small to read as it is.
		p100 := mustRenderPage(t, 100, noticeLines())
		if r := mustRecognize(t, e, p100.img, 100); math.Abs(r.Scale-3) > 0.02 {
			t.Errorf("100 DPI: scale %.3f, want 3", r.Scale)
		}
	})

	t.Run("ErrEmptyImage", func(t *testing.T) {
		t.Parallel()
		e := mustEngine(t, ocr.Config{})
		if _, err := e.Recognize(context.Background(), image.NewGray(image.Rect(0, 0, 0, 0)), 300); !errors.Is(err, ocr.ErrEmptyImage) {
			t.Fatalf("err = %v, want ErrEmptyImage", err)
		}
	})

	t.Run("TinyImages", func(t *testing.T) {
		t.Parallel()
		e := mustEngine(t, ocr.Config{})
		for _, size := range []image.Point{{1, 1}, {2, 2000}, {40, 40}} {
			for _, dpi := range []float64{0, 300} {
				if _, err := e.Recognize(context.Background(), whiteGray(size.X, size.Y), dpi); err != nil {
					t.Errorf("%v at %v DPI: %v", size, dpi, err)
				}
			}
		}
	})

	t.Run("Blank", func(t *testing.T) {
		t.Parallel()
		e := mustEngine(t, ocr.Config{RecycleAfter: 1})
		for range 2 { // the second page runs on a recycled handle
			r := mustRecognize(t, e, whiteGray(850, 1100), 300)
			if len(r.Words) != 0 || r.Passes != 1 {
				t.Errorf("%d words in %d passes on a blank page, want 0 in 1", len(r.Words), r.Passes)
			}
		}
	})
}

// photo fills r with a dark, blotchy texture, the way a printed photo or
// a logo scans: much ink, no text.
func photo(img *image.Gray, r image.Rectangle) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.Pix[y*img.Stride+x] = uint8(40 + 30*math.Sin(float64(x)/40)*math.Cos(float64(y)/55))
		}
	}
}

// sprinkle blackens a share of img's pixels at random, one by one, like
// scanner noise.
func sprinkle(img *image.Gray, share float64) *image.Gray {
	out := image.NewGray(img.Bounds())
	copy(out.Pix, img.Pix)
	rng := rand.New(rand.NewPCG(3, 4))
	for range int(float64(len(out.Pix)) * share) {
		out.Pix[rng.IntN(len(out.Pix))] = 0
	}
	return out
}

func TestEngine_Timeout(t *testing.T) {
	p := mustRenderPage(t, 300, noticeLines())
	line := p.img.SubImage(image.Rect(250, 300, 1300, 420))
	e := mustEngine(t, ocr.Config{})

	// The page is held in Tesseract until its time limit has passed and
	// then until the test lets go, so it overruns the limit on any machine.
	// Preparing the line must fit in the limit for the hold to be reached:
	// the limit doubles until it does, which only a slow machine needs.
	var held bool
	for limit := 100 * time.Millisecond; !held; limit *= 2 {
		if limit > time.Minute {
			t.Fatal("the page never reached Tesseract within its time limit")
		}
		entered, release := make(chan struct{}), make(chan struct{})
		ocr.SetPageHold(e, func(ctx context.Context) {
			close(entered)
			<-ctx.Done()
			<-release
		})
		ocr.SetPageTimeout(e, limit)
		_, err := e.Recognize(context.Background(), line, 300)
		if !errors.Is(err, ocr.ErrTimeout) {
			t.Fatalf("err = %v, want ErrTimeout (limit %v)", err, limit)
		}
		select {
		case <-entered:
			held = true
		default:
		}
		// Recognize has returned while Tesseract still holds the page: the
		// caller never waits for a page past its limit.
		close(release)
	}

	// The engine goes on with a fresh handle.
	ocr.SetPageHold(e, nil)
	ocr.SetPageTimeout(e, time.Minute)
	r, err := e.Recognize(context.Background(), line, 300)
	if err != nil {
		t.Fatalf("after a timeout: %v", err)
	}
	if !strings.Contains(texts(r.Words), "Homeland") {
		t.Errorf("after a timeout read %q", texts(r.Words))
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Recognize(ctx, p.img, 300); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestEngine_Concurrent(t *testing.T) {
	t.Parallel()
	p := mustRenderPage(t, 300, noticeLines())
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() {
			e, err := ocr.NewEngine(ocr.Config{})
			if err != nil {
				t.Error(err)
				return
			}
			defer e.Close()
			r, err := e.Recognize(context.Background(), p.img, 300)
			if err != nil {
				t.Errorf("worker %d: %v", i, err)
				return
			}
			wantIdentifiers(t, r.Words)
		})
	}
	wg.Wait()
}

// Leptonica's complaints about boxes outside photographed pages, which
// Tesseract recovers from, must not reach a CLI user's terminal.
func TestNewEngine_QuietsLeptonica(t *testing.T) {
	mustEngine(t, ocr.Config{})
	if !ocr.LeptonicaQuiet() {
		t.Fatal("Leptonica still prints its messages after NewEngine")
	}
}
