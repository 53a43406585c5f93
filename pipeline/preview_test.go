package pipeline_test

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/noticescan/noticescan/noticegen"
	"github.com/noticescan/noticescan/pipeline"
	"github.com/noticescan/noticescan/results"
)

// TestProcess_PreviewBoxesLineUp checks that each finding's box, scaled
// from the page's coordinate space to its preview, lands on ink: on turned
// scans, where a box in the unturned image's pixels would land elsewhere,
// and on born-digital pages, whose boxes are in points.
func TestProcess_PreviewBoxesLineUp(t *testing.T) {
	dir, truth := MustGenerate(t, noticegen.Options{
		Seed: 77, Count: 2, MaxPages: 1, DPIs: []int{150},
		Formats:      []noticegen.Format{noticegen.FormatPNG, noticegen.FormatPDFDigital},
		Degradations: []noticegen.Level{noticegen.LevelNone},
		DocTypes:     []noticegen.DocType{noticegen.DocOnline},
	})
	type input struct {
		name string
		data []byte
	}
	var inputs []input
	for _, tr := range truth {
		data, err := os.ReadFile(filepath.Join(dir, tr.File))
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, input{tr.File, data})
		if tr.Format == noticegen.FormatPNG {
			// The scan lying on its side, as a feeder might deliver it.
			inputs = append(inputs, input{tr.File + " turned 90", turnPNG(t, data)})
		}
	}
	p := MustPipeline(t, 2)
	checked := 0
	for _, in := range inputs {
		rep := p.Process(context.Background(), pipeline.Input{Name: in.name, Data: in.data, Previews: true})
		if rep.Status != results.StatusComplete {
			t.Fatalf("%s: status %s: %s", in.name, rep.Status, rep.Error)
		}
		if len(rep.Findings) == 0 {
			t.Fatalf("%s: nothing found", in.name)
		}
		pg := rep.Pages[0]
		if pg.Preview == nil || pg.Width <= 0 || pg.Height <= 0 {
			t.Fatalf("%s: no preview (%d bytes) or no page size %gx%g", in.name, len(pg.Preview), pg.Width, pg.Height)
		}
		img, err := jpeg.Decode(bytes.NewReader(pg.Preview))
		if err != nil {
			t.Fatalf("%s: preview: %v", in.name, err)
		}
		b := img.Bounds()
		if b.Dx() > pipeline.PreviewWidth {
			t.Errorf("%s: preview %d pixels wide, over %d", in.name, b.Dx(), pipeline.PreviewWidth)
		}
		if r, want := float64(b.Dx())/float64(b.Dy()), pg.Width/pg.Height; r < want*0.98 || r > want*1.02 {
			t.Errorf("%s: preview aspect %.3f, page %.3f", in.name, r, want)
		}
		scale := float64(b.Dx()) / pg.Width
		page := inkShare(img, b)
		for _, f := range rep.Findings {
			box := image.Rect(int(f.BBox.X0*scale), int(f.BBox.Y0*scale), int(f.BBox.X1*scale)+1, int(f.BBox.Y1*scale)+1)
			ink := inkShare(img, box)
			if ink < 0.08 || ink < 2*page {
				t.Errorf("%s: %s box %v holds %.1f%% ink, page %.1f%%: the box misses its words",
					in.name, f.Kind, box, 100*ink, 100*page)
			}
			checked++
		}
	}
	if len(inputs) != 3 {
		t.Fatalf("%d inputs, want a scan, the scan turned and a born-digital PDF", len(inputs))
	}
}

// turnPNG turns a PNG a quarter clockwise.
func turnPNG(t *testing.T, data []byte) []byte {
	t.Helper()
	src, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b := src.Bounds()
	dst := image.NewGray(image.Rect(0, 0, b.Dy(), b.Dx()))
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			dst.Set(b.Max.Y-1-y, x-b.Min.X, src.At(x, y))
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, dst); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// inkShare is the share of dark pixels in r.
func inkShare(img image.Image, r image.Rectangle) float64 {
	r = r.Intersect(img.Bounds())
	if r.Empty() {
		return 0
	}
	dark := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if g, _, _, _ := img.At(x, y).RGBA(); g < 0x8000 {
				dark++
			}
		}
	}
	return float64(dark) / float64(r.Dx()*r.Dy())
}
