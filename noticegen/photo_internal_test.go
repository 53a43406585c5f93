package noticegen

import (
	"math"
	"testing"
)

// TestPlanShot draws many photo plans and checks the promises the photo
// formats make: the long side, the sheet's share of the frame, corners
// inside the frame unless recorded off it, and the smallest identifier's
// x-height at the resolution the sheet ends up with.
func TestPlanShot(t *testing.T) {
	offFrame := 0
	for i := range 50 {
		smallest := 8 + float64(i%5)*0.6
		s := planShot(newRnd(int64(i), 5), smallest)
		if long := max(s.w, s.h); long < photoMinLong || long > photoMaxLong {
			t.Errorf("plan %d: long side %d", i, long)
		}
		if s.Cover < 0.5 || s.Cover > 0.92 {
			t.Errorf("plan %d: sheet covers %.2f of the frame", i, s.Cover)
		}
		if s.Perspective > 0.07 || math.Abs(s.Rotation) > 2.5 {
			t.Errorf("plan %d: perspective %.3f, rotation %.2f", i, s.Perspective, s.Rotation)
		}
		if xh := edgeDPI(s.quad, 1, false) * smallest / 72 * xHeightRatio; xh < minXHeight-0.01 {
			t.Errorf("plan %d: %.1f pt identifiers get an x-height of %.2f px", i, smallest, xh)
		}
		// Notice margins are over half an inch; overhang must stay below.
		sheetH := math.Hypot(s.quad[3][0]-s.quad[0][0], s.quad[3][1]-s.quad[0][1])
		limit := 0.0
		if s.OffFrame {
			offFrame++
			limit = 0.025 * sheetH
		}
		x0, y0, x1, y1 := bounds(s.quad)
		if over := max(-x0, -y0, x1-float64(s.w), y1-float64(s.h)); over > limit {
			t.Errorf("plan %d: a corner is %.1f px off the frame (off frame: %v)", i, over, s.OffFrame)
		}
	}
	if offFrame == 0 {
		t.Error("no plan puts a corner off the frame")
	}
}
