package ocr_test

import (
	"math"
	"testing"

	"github.com/noticescan/noticescan/ocr"
)

func TestOrientDecision(t *testing.T) {
	for _, tt := range []struct {
		name     string
		up, left float64
		want     int
		ok       bool
	}{
		{"Upright", 14.6, -5.6, 0, true},
		{"UpsideDown", -13.9, 4.6, 2, true},
		{"TextUpToTheLeft", 3.0, 12.0, 1, true},
		{"TextUpToTheRight", -2.0, -9.5, 3, true},
		{"WeakSignal", 4.0, 5.0, 0, false},
		{"AxesTooClose", 10.3, -4.7, 0, false},
		{"NoCountsOnOneAxis", 20, 0, 0, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q, ok := ocr.OrientDecision(tt.up, tt.left)
			if q != tt.want || ok != tt.ok {
				t.Errorf("OrientDecision(%g, %g) = %d, %v; want %d, %v", tt.up, tt.left, q, ok, tt.want, tt.ok)
			}
		})
	}
}

// A page known to lie on its side is turned by the sign of a signal too
// weak for OrientDecision (a sideways sample scan measured up 4.0, left 5.0).
func TestSidewaysDecision(t *testing.T) {
	for _, tt := range []struct {
		left float64
		want int
		ok   bool
	}{{5.0, 1, true}, {-4.2, 3, true}, {1.5, 0, false}, {-2.9, 0, false}} {
		if q, ok := ocr.SidewaysDecision(tt.left); q != tt.want || ok != tt.ok {
			t.Errorf("SidewaysDecision(%g) = %d, %v; want %d, %v", tt.left, q, ok, tt.want, tt.ok)
		}
	}
}

// The ink map of a deskewed or turned page is redrawn from the page's first
// map instead of being measured again; it must say the same.
func TestInkMapRedrawn(t *testing.T) {
	p := mustRenderPage(t, 200, noticeLines())
	for _, c := range []struct {
		quarters int
		deg      float64
	}{{0, 1.5}, {0, -2.8}, {1, 0}, {2, 0.7}, {3, -1}} {
		iou, measured, redrawn := ocr.InkAgreement(p.img, 200, c.quarters, c.deg)
		// Measuring a rotated page again moves its ink by ~10% itself
		// (resampling blurs strokes across cells).
		if iou < 0.7 || math.Abs(float64(redrawn-measured)) > 0.15*float64(measured) {
			t.Errorf("%+v: ink cells agree %.2f, totals %d measured vs %d redrawn", c, iou, measured, redrawn)
		}
		t.Logf("%+v: agree %.2f, totals %d vs %d", c, iou, measured, redrawn)
	}
}
