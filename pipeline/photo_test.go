package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/noticegen"
	"github.com/noticescan/noticescan/pipeline"
	"github.com/noticescan/noticescan/results"
)

// TestProcess_GeneratedPhotos reads phone photos of generated notices (a
// sheet on a desk, in perspective, with uneven light, some stored turned)
// end to end and checks the findings against the generator's truth:
// nothing reported that is not printed, and nearly everything found.
func TestProcess_GeneratedPhotos(t *testing.T) {
	dir, truth := MustGenerate(t, noticegen.Options{
		// PDFs of photos only: a JPEG photo whose sheet runs off the frame
		// is read whole, upscaled from its 72-DPI tag to 9000 pixels, which
		// can overrun the page time limit under the race detector.
		Seed: 31415, Count: 4, MaxPages: 2, Turned: true, Formats: []noticegen.Format{noticegen.FormatPhotoPDF},
	})
	p := MustPipeline(t, 2)
	found, missed := 0, 0
	for _, tr := range truth {
		data, err := os.ReadFile(filepath.Join(dir, tr.File))
		if err != nil {
			t.Fatal(err)
		}
		rep := p.Process(context.Background(), pipeline.Input{Name: tr.File, Data: data})
		if rep.Status == results.StatusFailed {
			t.Errorf("%s: failed: %s", tr.File, rep.Error)
			continue
		}
		want := map[extractor.Kind]map[string]bool{}
		for _, f := range tr.Findings {
			if want[extractor.Kind(f.Kind)] == nil {
				want[extractor.Kind(f.Kind)] = map[string]bool{}
			}
			want[extractor.Kind(f.Kind)][f.Value] = true
		}
		for _, f := range rep.Findings {
			if !want[f.Kind][f.Value] {
				t.Errorf("%s: spurious %s %s", tr.File, f.Kind, extractor.Mask(f.Kind, f.Value))
				continue
			}
			delete(want[f.Kind], f.Value)
			found++
		}
		for kind, values := range want {
			for v := range values {
				missed++
				t.Logf("%s: missed %s %s", tr.File, kind, extractor.Mask(kind, v))
			}
		}
	}
	recall := float64(found) / float64(max(1, found+missed))
	t.Logf("found %d, missed %d, recall %.3f", found, missed, recall)
	if found+missed == 0 || recall < 0.9 {
		t.Errorf("recall %.3f on photos, want at least 0.9", recall)
	}
}
