package pipeline_test

import (
	"image"
	"image/draw"
	"slices"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/noticegen"
	"github.com/noticescan/noticescan/results"
)

// TestProcess_FormWithoutItsReceipt wipes an I-797 receipt notice's
// receipt number, caption and all, as a stain or a fold does: no label is
// left to report unreadable, but the form number in the margin still says
// a receipt number belongs on the page, so the document is partial.
func TestProcess_FormWithoutItsReceipt(t *testing.T) {
	clean, truth := mustNoticeImage(t, 47, noticegen.DocReceipt)
	if !slices.ContainsFunc(truth.Findings, func(f noticegen.Finding) bool { return f.Kind == extractor.KindReceiptNumber }) {
		t.Fatalf("the generated notice has no receipt number: %+v", truth.Findings)
	}
	p := MustPipeline(t, 1)
	rep := process(t, p, "clean.png", mustPNG(t, clean))
	if rep.Status != results.StatusComplete || len(unreadWarnings(rep)) > 0 {
		t.Fatalf("clean page: status %s, warnings %q; want complete", rep.Status, rep.Warnings)
	}
	wiped := image.NewGray(clean.Bounds())
	copy(wiped.Pix, clean.Pix)
	scale := float64(clean.Bounds().Dx()) / rep.Pages[0].Width
	// Each pass wipes the receipt numbers read, with the caption above or
	// beside them, until none is read.
	for range 3 {
		var receipts []extractor.Finding
		for _, f := range rep.Findings {
			if f.Kind == extractor.KindReceiptNumber {
				receipts = append(receipts, f)
			}
		}
		if len(receipts) == 0 {
			break
		}
		for _, f := range receipts {
			for _, o := range append(f.Occurrences, extractor.Occurrence{BBox: f.BBox}) {
				b := o.BBox
				h := b.Y1 - b.Y0
				r := image.Rect(int((b.X0-12*h)*scale), int((b.Y0-3*h)*scale), int((b.X1+h)*scale), int((b.Y1+h)*scale))
				draw.Draw(wiped, r, image.White, image.Point{}, draw.Src)
			}
		}
		rep = process(t, p, "wiped.png", mustPNG(t, wiped))
	}
	if slices.ContainsFunc(rep.Findings, func(f extractor.Finding) bool { return f.Kind == extractor.KindReceiptNumber }) {
		t.Fatalf("a receipt number is still read: %v", rep.Findings)
	}
	want := "page 1: a Form I-797 notice, but its receipt number could not be read"
	if rep.Status != results.StatusPartial || !slices.Contains(rep.Warnings, want) {
		t.Fatalf("status %s, warnings %q; want partial with %q", rep.Status, rep.Warnings, want)
	}
	for _, w := range rep.Warnings {
		if strings.Contains(w, "label found") {
			t.Errorf("warning %q: the caption was wiped too, no label should be reported", w)
		}
	}
}
