package pipeline_test

import (
	"image"
	"image/draw"
	"slices"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/noticegen"
)

// TestProcess_CardNumberWithoutCaption wipes the caption above a card's
// A-Number ("USCIS#"), as a fold or glare does: under the card's title the
// nine digits are still its A-Number, reported for a person to check.
// With the card's top wiped as well, nothing says what they are: they are
// not reported, but the document says a number printed like an A-Number
// stands there, and never shows its digits.
func TestProcess_CardNumberWithoutCaption(t *testing.T) {
	clean, truth := mustNoticeImage(t, 55, noticegen.DocCard)
	var an string
	for _, f := range truth.Findings {
		if f.Kind == extractor.KindANumber {
			an = f.Value
		}
	}
	if an == "" {
		t.Fatalf("the generated card has no A-Number: %+v", truth.Findings)
	}
	p := MustPipeline(t, 1)
	rep := process(t, p, "clean.png", mustPNG(t, clean))
	i := slices.IndexFunc(rep.Findings, func(f extractor.Finding) bool { return f.Value == an })
	if i < 0 {
		t.Fatalf("clean card: findings %v, warnings %q; want the A-Number read", rep.Findings, rep.Warnings)
	}
	f := rep.Findings[i]
	if f.Label == "" {
		t.Fatalf("clean card: the A-Number was read without its caption: %+v", f)
	}
	// The caption sits above the value on a card, or before it on its line.
	scale := float64(clean.Bounds().Dx()) / rep.Pages[0].Width
	b := f.BBox
	h := b.Y1 - b.Y0
	wiped := image.NewGray(clean.Bounds())
	copy(wiped.Pix, clean.Pix)
	for _, r := range []image.Rectangle{
		image.Rect(int((b.X0-2*h)*scale), int((b.Y0-2.5*h)*scale), int((b.X1+h)*scale), int((b.Y0-0.2*h)*scale)),
		image.Rect(int((b.X0-12*h)*scale), int((b.Y0-0.2*h)*scale), int((b.X0-0.3*h)*scale), int((b.Y1+0.2*h)*scale)),
	} {
		draw.Draw(wiped, r, image.White, image.Point{}, draw.Src)
	}
	rep = process(t, p, "wiped.png", mustPNG(t, wiped))
	i = slices.IndexFunc(rep.Findings, func(f extractor.Finding) bool { return f.Kind == extractor.KindANumber })
	if i < 0 || rep.Findings[i].Value != an || rep.Findings[i].Confidence >= 0.7 {
		t.Fatalf("caption wiped: findings %v, warnings %q; want the A-Number below confidence 0.70", rep.Findings, rep.Warnings)
	}
	// The card's title and everything else above the number.
	draw.Draw(wiped, image.Rect(0, 0, wiped.Bounds().Dx(), int((b.Y0-0.2*h)*scale)), image.White, image.Point{}, draw.Src)
	rep = process(t, p, "untitled.png", mustPNG(t, wiped))
	if slices.ContainsFunc(rep.Findings, func(f extractor.Finding) bool { return f.Kind == extractor.KindANumber }) {
		t.Fatalf("top wiped: an A-Number was still reported: %v", rep.Findings)
	}
	want := "page 1: a number printed like an A-Number stands without a readable label; check it"
	if !slices.Contains(rep.Warnings, want) {
		t.Fatalf("warnings %q; want %q", rep.Warnings, want)
	}
	for _, w := range rep.Warnings {
		if strings.Contains(w, an[len(an)-4:]) {
			t.Errorf("warning %q shows digits of the value", w)
		}
	}
}
