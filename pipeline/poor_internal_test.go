package pipeline

import (
	"testing"

	"github.com/noticescan/noticescan/ocr"
)

func TestPoorScan(t *testing.T) {
	for _, tt := range []struct {
		name string
		dpi  float64
		rec  ocr.Recognition
		want bool
	}{
		{"OKClean300DPI", 300, ocr.Recognition{MeanConf: 0.92}, false},
		{"OKUnknownDPIClean", 0, ocr.Recognition{MeanConf: 0.92}, false},
		{"OKLowResolution", 200, ocr.Recognition{MeanConf: 0.92}, true},
		{"OKDotted", 300, ocr.Recognition{MeanConf: 0.92, Denoised: true}, true},
		{"OKPhotoOfSheet", 150, ocr.Recognition{MeanConf: 0.92, Sheet: &ocr.Quad{}}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := poorScan(tt.dpi, &tt.rec); got != tt.want {
				t.Fatalf("poorScan(%v, %+v) = %v, want %v", tt.dpi, tt.rec, got, tt.want)
			}
		})
	}
}
