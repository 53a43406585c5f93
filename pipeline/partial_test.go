package pipeline_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/noticegen"
	"github.com/noticescan/noticescan/pipeline"
	"github.com/noticescan/noticescan/results"
)

// mustNoticeImage generates one clean notice of type dt as a gray PNG page
// at 150 DPI and returns it decoded, with its truth.
func mustNoticeImage(tb testing.TB, seed int64, dt noticegen.DocType) (*image.Gray, noticegen.Truth) {
	tb.Helper()
	dir, truth := MustGenerate(tb, noticegen.Options{
		Seed: seed, Count: 1, DPIs: []int{150},
		Formats:      []noticegen.Format{noticegen.FormatPNG},
		Degradations: []noticegen.Level{noticegen.LevelNone},
		DocTypes:     []noticegen.DocType{dt},
	})
	f, err := os.Open(filepath.Join(dir, truth[0].File))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		tb.Fatal(err)
	}
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
	return g, truth[0]
}

func mustPNG(tb testing.TB, g *image.Gray) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, g); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// boxBlur spreads every pixel over a (2r+1)² square, three times: close
// to a Gaussian of sigma ≈ r, which leaves a page's lines as gray bands.
func boxBlur(g *image.Gray, r int) *image.Gray {
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	cur := slices.Clone(g.Pix)
	tmp := make([]uint8, len(cur))
	pass := func(src, dst []uint8, horizontal bool) {
		n, m := w, h
		at := func(line, i int) int { return line*w + i }
		if !horizontal {
			n, m = h, w
			at = func(line, i int) int { return i*w + line }
		}
		for line := 0; line < m; line++ {
			sum := 0
			for i := -r; i <= r; i++ {
				sum += int(src[at(line, min(max(i, 0), n-1))])
			}
			for i := 0; i < n; i++ {
				dst[at(line, i)] = uint8(sum / (2*r + 1))
				sum += int(src[at(line, min(i+r+1, n-1))]) - int(src[at(line, max(i-r, 0))])
			}
		}
	}
	for range 3 {
		pass(cur, tmp, true)
		pass(tmp, cur, false)
	}
	return &image.Gray{Pix: cur, Stride: w, Rect: image.Rect(0, 0, w, h)}
}

func blankPage(w, h int, paper uint8) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = paper
	}
	return g
}

// stroke draws a line of width px from (x0, y0) to (x1, y1).
func stroke(g *image.Gray, x0, y0, x1, y1, width float64) {
	n := int(math.Hypot(x1-x0, y1-y0)) + 1
	for i := 0; i <= n; i++ {
		t := float64(i) / float64(n)
		cx, cy := x0+t*(x1-x0), y0+t*(y1-y0)
		for dy := -width / 2; dy <= width/2; dy++ {
			for dx := -width / 2; dx <= width/2; dx++ {
				g.SetGray(int(cx+dx), int(cy+dy), color.Gray{Y: 20})
			}
		}
	}
}

func process(tb testing.TB, p *pipeline.Pipeline, name string, data []byte) *pipeline.Report {
	tb.Helper()
	rep := p.Process(context.Background(), pipeline.Input{Name: name, Data: data})
	if rep.Status == results.StatusFailed {
		tb.Fatalf("%s: failed: %s", name, rep.Error)
	}
	return rep
}

func unreadWarnings(rep *pipeline.Report) []string {
	var out []string
	for _, w := range rep.Warnings {
		if strings.Contains(w, "could not be read") {
			out = append(out, w)
		}
	}
	return out
}

// TestProcess_NoSilentMiss: a page whose ink reads as nothing makes the
// document partial and names the page; a blank page, a duplex back side
// showing through, and a page with a few pen marks stay complete and
// carry no such warning.
func TestProcess_NoSilentMiss(t *testing.T) {
	clean, truth := mustNoticeImage(t, 41, noticegen.DocReceipt)
	if len(truth.Findings) == 0 {
		t.Fatal("the generated notice has no identifier")
	}
	w, h := clean.Bounds().Dx(), clean.Bounds().Dy()
	p := MustPipeline(t, 1)

	t.Run("IllegiblePageIsPartial", func(t *testing.T) {
		rep := process(t, p, "blurred.png", mustPNG(t, boxBlur(clean, 5)))
		if rep.Status != results.StatusPartial {
			t.Fatalf("status %s, warnings %q; want partial", rep.Status, rep.Warnings)
		}
		if !slices.Contains(rep.Warnings, "page 1: text could not be read") {
			t.Errorf("warnings %q; want page 1 named as not read", rep.Warnings)
		}
	})

	quiet := []struct {
		name string
		page *image.Gray
	}{
		{"BlankPage", blankPage(w, h, 250)},
		{"DuplexBackSide", func() *image.Gray {
			// The front printed through the paper: mirrored and faint.
			g := blankPage(w, h, 250)
			for y := 0; y < h; y++ {
				for x := 0; x < w; x++ {
					v := clean.Pix[y*clean.Stride+w-1-x]
					g.Pix[y*g.Stride+x] = uint8(250 - (255-int(v))/20)
				}
			}
			return g
		}()},
		{"FewMarks", func() *image.Gray {
			// A signature and an initial, as on the back of a form.
			g := blankPage(w, h, 250)
			for i := 0; i < 40; i++ {
				x := 250 + float64(i)*6
				stroke(g, x, 1300+12*math.Sin(float64(i)/2), x+6, 1300+12*math.Sin(float64(i+1)/2), 2)
			}
			stroke(g, 900, 1500, 930, 1540, 2)
			stroke(g, 930, 1540, 960, 1500, 2)
			return g
		}()},
	}
	for _, tt := range quiet {
		t.Run(tt.name+"StaysComplete", func(t *testing.T) {
			rep := process(t, p, tt.name+".png", mustPNG(t, tt.page))
			if rep.Status != results.StatusComplete || len(unreadWarnings(rep)) > 0 {
				t.Fatalf("status %s, warnings %q; want complete without a could-not-be-read warning", rep.Status, rep.Warnings)
			}
		})
	}

	t.Run("CleanPageStaysComplete", func(t *testing.T) {
		rep := process(t, p, "clean.png", mustPNG(t, clean))
		if rep.Status != results.StatusComplete || len(unreadWarnings(rep)) > 0 {
			t.Fatalf("status %s, warnings %q; want complete", rep.Status, rep.Warnings)
		}
	})
}

// TestProcess_UnreadableLabelValue blots out the value of a notice's
// Online Account Number: the document becomes partial with a warning that
// names the page and the label, and never a value.
func TestProcess_UnreadableLabelValue(t *testing.T) {
	clean, truth := mustNoticeImage(t, 43, noticegen.DocOnline)
	var oan string
	for _, f := range truth.Findings {
		if f.Kind == extractor.KindOnlineAccountNumber {
			oan = f.Value
		}
	}
	if oan == "" {
		t.Fatalf("the generated notice has no Online Account Number: %+v", truth.Findings)
	}
	p := MustPipeline(t, 1)
	// The clean page says where the value is printed; the blotted copy is
	// what is tested.
	rep := process(t, p, "clean.png", mustPNG(t, clean))
	want := "page 1: USCIS Online Account Number label found but its value could not be read"
	i := slices.IndexFunc(rep.Findings, func(f extractor.Finding) bool { return f.Value == oan })
	if i < 0 || slices.Contains(rep.Warnings, want) {
		t.Fatalf("clean page: findings %v, warnings %q; want the account number read", rep.Findings, rep.Warnings)
	}
	scale := float64(clean.Bounds().Dx()) / rep.Pages[0].Width
	b := rep.Findings[i].BBox
	blot := image.Rect(int(b.X0*scale)-2, int(b.Y0*scale)-2, int(b.X1*scale)+2, int(b.Y1*scale)+2)
	blotted := image.NewGray(clean.Bounds())
	copy(blotted.Pix, clean.Pix)
	draw.Draw(blotted, blot, image.Black, image.Point{}, draw.Src)

	rep = process(t, p, "blotted.png", mustPNG(t, blotted))
	if slices.ContainsFunc(rep.Findings, func(f extractor.Finding) bool { return f.Kind == extractor.KindOnlineAccountNumber }) {
		t.Fatalf("an account number was read under the blot: %v", rep.Findings)
	}
	if rep.Status != results.StatusPartial || !slices.Contains(rep.Warnings, want) {
		t.Fatalf("status %s, warnings %q; want partial with %q", rep.Status, rep.Warnings, want)
	}
	for _, w := range rep.Warnings {
		if strings.Contains(w, oan[len(oan)-4:]) {
			t.Errorf("warning %q shows digits of the value", w)
		}
	}
}
