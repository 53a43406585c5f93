package pipeline

import (
	"testing"

	"github.com/noticescan/noticescan/ocr"
)

func TestPoorScan(t *testing.T) {
	for _, tt := range []struct {
		name string
		rec  ocr.Recognition
		want bool
	}{
		{"OKCleanScan", ocr.Recognition{MeanConf: 0.92, DPI: 300}, false},
		{"OKClean200DPIScan", ocr.Recognition{MeanConf: 0.92, DPI: 300, Scale: 1.5}, false},
		{"OKDotted", ocr.Recognition{MeanConf: 0.92, Denoised: true}, true},
		{"OKDottedPhotoOfSheet", ocr.Recognition{MeanConf: 0.92, Denoised: true, Sheet: &ocr.Quad{}}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := poorScan(&tt.rec); got != tt.want {
				t.Fatalf("poorScan(%+v) = %v, want %v", tt.rec, got, tt.want)
			}
		})
	}
}
