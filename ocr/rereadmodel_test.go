package ocr_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/noticescan/noticescan/ocr"
)

// TestEngine_RereadModel checks that a re-read model Tesseract cannot load
// (a download cut short, a file of junk) is reported, not dropped in
// silence, and that a directory without one is no error: re-reads then use
// the page model as designed.
func TestEngine_RereadModel(t *testing.T) {
	best := filepath.Join(os.Getenv("HOME"), ".cache", "noticescan", "tessdata", "eng_best.traineddata")
	if xdg := os.Getenv("XDG_CACHE_HOME"); xdg != "" {
		best = filepath.Join(xdg, "noticescan", "tessdata", "eng_best.traineddata")
	}
	good, err := os.ReadFile(best)
	if err != nil {
		t.Fatalf("the test set-up installs the re-read model (scripts/bestmodel.sh): %v", err)
	}
	tests := []struct {
		name    string
		model   []byte // nil: no model file
		wantDir bool
		wantErr bool
	}{
		{"Installed", good, true, false},
		{"Absent", nil, false, false},
		{"Truncated", good[:len(good)/3], false, true},
		{"Junk", bytes.Repeat([]byte("not a model "), 1000), false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.model != nil {
				if err := os.WriteFile(filepath.Join(dir, "eng_best.traineddata"), tc.model, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			e, err := ocr.NewEngine(ocr.Config{RereadTessdata: dir})
			if err != nil {
				t.Fatal(err)
			}
			defer e.Close()
			got, err := e.RereadModel()
			if (got != "") != tc.wantDir || (err != nil) != tc.wantErr {
				t.Errorf("RereadModel() = %q, %v; want a directory %v, an error %v", got, err, tc.wantDir, tc.wantErr)
			}
			if err != nil {
				t.Logf("error: %v", err)
			}
		})
	}
}
