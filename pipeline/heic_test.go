package pipeline_test

import (
	"bytes"
	"context"
	"image"
	"image/draw"
	"image/jpeg"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/noticescan/noticescan/document/heiftest"
	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/noticegen"
	"github.com/noticescan/noticescan/pipeline"
	"github.com/noticescan/noticescan/results"
)

// TestProcess_HEICMatchesJPEG reads one generated notice photo as the JPEG
// the generator wrote and as HEIC made from the same pixels, stored upright
// and stored sideways with an irot property saying how to show it: all
// three must give the same findings, and the sideways one must not need
// turning by the OCR, since the file said how to turn it.
func TestProcess_HEICMatchesJPEG(t *testing.T) {
	dir, truth := MustGenerate(t, noticegen.Options{
		Seed: 5151, Count: 1, Formats: []noticegen.Format{noticegen.FormatJPEG},
		Degradations: []noticegen.Level{noticegen.LevelLight}, DPIs: []int{150}, Turned: false,
	})
	jpg, err := os.ReadFile(filepath.Join(dir, truth[0].File))
	if err != nil {
		t.Fatal(err)
	}
	gray, err := jpeg.Decode(bytes.NewReader(jpg))
	if err != nil {
		t.Fatal(err)
	}
	// In colour, as phones store photos.
	upright := image.NewRGBA(gray.Bounds())
	draw.Draw(upright, upright.Bounds(), gray, gray.Bounds().Min, draw.Src)
	p := MustPipeline(t, 1)
	read := func(name string, data []byte) *pipeline.Report {
		rep := p.Process(context.Background(), pipeline.Input{Name: name, Data: data})
		if rep.Status != results.StatusComplete || len(rep.Pages) != 1 {
			t.Fatalf("%s: status %s, %d pages: %s", name, rep.Status, len(rep.Pages), rep.Error)
		}
		return rep
	}
	want := read("notice.jpg", jpg)
	if len(want.Findings) == 0 {
		t.Fatalf("the JPEG gave no findings (truth has %d): nothing to compare", len(truth[0].Findings))
	}
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"Upright", heiftest.MustEncode(t, upright)},
		{"StoredSidewaysWithIrot", heiftest.MustEncode(t, turnClockwise(upright), heiftest.Irot(1))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := read("notice.heic", tt.data)
			if got.MediaType != "image/heic" {
				t.Errorf("media type %q, want image/heic", got.MediaType)
			}
			if !slices.Equal(findingSet(got, false), findingSet(want, false)) {
				t.Errorf("HEIC findings %v, JPEG findings %v", findingSet(got, true), findingSet(want, true))
			}
			g, w := got.Pages[0], want.Pages[0]
			if g.Rotation != w.Rotation || g.Width != w.Width || g.Height != w.Height {
				t.Errorf("page %gx%g turned %d by the reader, the JPEG's %gx%g turned %d", g.Width, g.Height, g.Rotation, w.Width, w.Height, w.Rotation)
			}
		})
	}
}

// findingSet lists a report's findings as kind and value, sorted; masked
// values are for messages, since identifiers are personal data.
func findingSet(rep *pipeline.Report, masked bool) []string {
	var out []string
	for _, f := range rep.Findings {
		v := f.Value
		if masked {
			v = extractor.Mask(f.Kind, v)
		}
		out = append(out, string(f.Kind)+" "+v)
	}
	slices.Sort(out)
	return out
}

// turnClockwise returns img turned a quarter turn clockwise, so that an
// anticlockwise quarter turn shows it upright again.
func turnClockwise(img image.Image) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dy(), b.Dx()))
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			out.Set(b.Max.Y-1-y, x-b.Min.X, img.At(x, y))
		}
	}
	return out
}
