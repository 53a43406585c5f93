package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/noticegen"
)

// TestExtract_BrokenRereadModelWarned checks that a re-read model that is
// installed but that Tesseract cannot load is named on standard error,
// while the notice is still read, with and without it.
func TestExtract_BrokenRereadModelWarned(t *testing.T) {
	n := mustGenerate(t, noticegen.Options{Seed: 12, Count: 1, Formats: []noticegen.Format{noticegen.FormatPDFDigital}})[0]
	for _, broken := range []bool{false, true} {
		cache := t.TempDir()
		if broken {
			dir := filepath.Join(cache, "noticescan", "tessdata")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "eng_best.traineddata"), []byte(strings.Repeat("cut short ", 500)), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		out, errOut, err := runCLIStatus(t, []string{"XDG_CACHE_HOME=" + cache}, "extract", "--format", "jsonl", n.Path)
		if err != nil {
			t.Fatalf("broken model %v: extract: %v\nstderr:\n%s", broken, err, errOut)
		}
		if !strings.Contains(out, `"status":"complete"`) {
			t.Errorf("broken model %v: the notice was not read complete:\n%s", broken, out)
		}
		warned := strings.Contains(errOut, "eng_best.traineddata: Tesseract cannot load it")
		if warned != broken {
			t.Errorf("broken model %v: warned %v; stderr:\n%s", broken, warned, errOut)
		}
	}
}
