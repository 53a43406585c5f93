package ocr_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/ocr"
)

// A value whose re-read crop, a cell under its label, catches the tops of
// the next line's letters: Tesseract's single-line mode read nothing at
// all from such crops; the value's own line alone reads.

func TestEngine_ReadLineNextLineAtEdge(t *testing.T) {
	const value = "IOE-02-804-33088"
	p := mustRenderPage(t, 300, []string{value, "NOTICE DATE"})
	v := p.boxes[value]
	h := v.Y1 - v.Y0
	region := extractor.Box{X0: v.X0 - 0.6*h, Y0: v.Y0 - 0.4*h, X1: v.X1 + 0.6*h, Y1: v.Y1 + 1.4*h}
	e := mustEngine(t, ocr.Config{RereadTessdata: filepath.Join(t.TempDir(), "missing")})
	rs, err := e.ReadLine(context.Background(), p.img, region, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
	if err != nil {
		t.Fatal(err)
	}
	read := 0
	for _, r := range rs {
		if strings.Contains(strings.NewReplacer(" ", "", "-", "").Replace(r.Text), "IOE0280433088") {
			read++
		}
	}
	if read < 2 {
		t.Errorf("%d variants read the value, want 2 or more: %+v", read, rs)
	}
}
