package noticegen

import (
	"fmt"
	"image"
	"math"
)

// PhotoShot records how one page was photographed with a phone, so
// results on photos can be broken down by cause.
type PhotoShot struct {
	// Width and Height are the stored pixels of the photo.
	Width  int `json:"width"`
	Height int `json:"height"`
	// SheetDPI is the lowest resolution of the sheet in the photo,
	// measured along its four edges.
	SheetDPI int `json:"sheet_dpi"`
	// Cover is the fraction of the frame the sheet covers.
	Cover float64 `json:"cover"`
	// OffFrame means a corner of the sheet lies slightly outside the frame.
	OffFrame bool `json:"off_frame"`
	// Rotation is the sheet's in-plane rotation, counterclockwise degrees.
	Rotation float64 `json:"rotation"`
	// Perspective is the largest corner displacement away from a rotated
	// rectangle, as a fraction of the sheet height.
	Perspective float64 `json:"perspective"`
	// Curl is the largest displacement of the page bending, as a fraction
	// of the sheet height.
	Curl float64 `json:"curl"`
	// Desk is the surface under the sheet, e.g. wood_dark or cloth_light.
	Desk string `json:"desk"`
	// Falloff is the brightness lost across the frame to uneven light and
	// vignetting, as a fraction.
	Falloff float64 `json:"falloff"`
	// Shadow is how much a soft shadow darkens where it is deepest; 0 when
	// there is none.
	Shadow float64 `json:"shadow"`
	// Cast is the colour of the light: warm, cool or neutral.
	Cast string `json:"cast"`
	// Defocus is the sigma of the gaussian blur in photo pixels.
	Defocus float64 `json:"defocus"`
	// Noise is the sigma of sensor noise in levels per channel.
	Noise float64 `json:"noise"`
}

// Photo formats are not in AllFormats, so seeds chosen before they
// existed keep producing the same files.
const (
	// FormatPhotoJPEG is a colour phone photo of one page on a desk,
	// stored with an EXIF Orientation tag (1, 3, 6 or 8).
	FormatPhotoJPEG Format = "photo_jpeg"
	// FormatPhotoPDF holds one colour phone photo per page and no text.
	FormatPhotoPDF Format = "photo_pdf"
)

// LevelPhoto is the degradation recorded for photo formats; the levels of
// Options.Degradations do not apply to them.
const LevelPhoto Level = "photo"

// PhotoFormats lists the phone-photo formats, which are only written
// when asked for.
func PhotoFormats() []Format { return []Format{FormatPhotoJPEG, FormatPhotoPDF} }

func (f Format) photo() bool { return f == FormatPhotoJPEG || f == FormatPhotoPDF }

const (
	photoMinLong = 1600
	photoMaxLong = 3024
	// frameAspect is width over height of an upright phone photo.
	frameAspect = 0.75
	// minXHeight is the x-height in photo pixels the smallest identifier
	// keeps, so a person can still read it.
	minXHeight = 8.5
	// xHeightRatio is a conservative x-height of the Go fonts per em,
	// allowing for the renderer narrowing wide strings.
	xHeightRatio = 0.5
)

// shot is the plan of one photo: the sheet's corners in an upright frame
// and the light falling on it.
type shot struct {
	PhotoShot
	w, h     int
	quad     [4][2]float64 // sheet corners TL, TR, BR, BL in frame pixels
	curlU    float64       // horizontal bend, fraction of the sheet width
	curlV    float64       // vertical bend, fraction of the sheet height
	exposure float64
	gradDir  [2]float64
	grad     float64
	vignette float64
	shadow   *softShadow
	gain     [3]float64 // colour cast per channel
	paper    [3]float64
	ink      float64
	desk     *desk
	maxDPI   float64
}

// softShadow is an elliptical shadow with a soft edge, like a hand or a
// phone between the lamp and the sheet.
type softShadow struct {
	cx, cy   float64
	cos, sin float64
	ia2, ib2 float64 // inverse squared semi-axes
	depth    float64
	soft     float64 // share of the radius² over which it fades
}

// planShot draws the geometry and light of one photo. smallest is the
// smallest identifier font size on the page in points.
func planShot(r *rnd, smallest float64) *shot {
	s := &shot{}
	long := photoMinLong + r.IntN(photoMaxLong-photoMinLong+1)
	switch r.weighted(0.3, 0.45, 0.25) {
	case 0:
		long = photoMinLong // messaging apps
	case 2:
		long = photoMaxLong // full camera resolution
	}
	// Geometry in units of the frame height, the frame 0.75 wide.
	sh := r.between(0.74, 0.93)
	sw := sh * 8.5 / 11
	rect := [4][2]float64{{-sw / 2, -sh / 2}, {sw / 2, -sh / 2}, {sw / 2, sh / 2}, {-sw / 2, sh / 2}}
	q := rect
	// The phone is usually held tilted towards the user, so the top edge
	// is farther away and shorter; sometimes it leans sideways too.
	top := r.between(-0.01, 0.05)
	side := r.between(-0.02, 0.02)
	q[0][0] *= 1 - top
	q[1][0] *= 1 - top
	q[0][1] *= 1 - side
	q[3][1] *= 1 - side
	q[1][1] *= 1 + side
	q[2][1] *= 1 + side
	for i := range q {
		q[i][0] += r.between(-0.006, 0.006)
		q[i][1] += r.between(-0.006, 0.006)
	}
	s.Rotation = math.Round(r.between(-2.5, 2.5)*100) / 100
	sin, cos := math.Sincos(-s.Rotation * math.Pi / 180) // y points down
	for i := range q {
		for _, p := range []*[2]float64{&q[i], &rect[i]} {
			p[0], p[1] = p[0]*cos-p[1]*sin, p[0]*sin+p[1]*cos
		}
		s.Perspective = max(s.Perspective, math.Hypot(q[i][0]-rect[i][0], q[i][1]-rect[i][1])/sh)
	}
	// Shrink the sheet until it fits the frame with a small margin.
	x0, y0, x1, y1 := bounds(q)
	if fit := min((frameAspect-0.02)/(x1-x0), 0.98/(y1-y0)); fit < 1 {
		for i := range q {
			q[i][0] *= fit
			q[i][1] *= fit
		}
		x0, y0, x1, y1 = bounds(q)
	}
	cx := r.between(0.01-x0, frameAspect-0.01-x1)
	cy := r.between(0.01-y0, 0.99-y1)
	for i := range q {
		q[i][0] += cx
		q[i][1] += cy
	}
	if r.chance(0.2) {
		// A corner just off the frame; notice margins are wider than this.
		s.OffFrame = true
		x0, _, x1, _ := bounds(q)
		over := r.between(0.005, 0.02) * sh
		dx := -over - x0
		if r.chance(0.5) {
			dx = frameAspect + over - x1
		}
		for i := range q {
			q[i][0] += dx
		}
	}
	// Grow the photo until the smallest identifier keeps its x-height.
	perUnit := edgeDPI(q, 1, false)
	need := minXHeight * 72 / (xHeightRatio * smallest)
	long = min(max(long, int(math.Ceil(need/perUnit))), photoMaxLong)
	s.h, s.w = long, int(math.Round(float64(long)*frameAspect))
	for i := range q {
		q[i][0] *= float64(long)
		q[i][1] *= float64(long)
	}
	s.quad = q
	s.SheetDPI = int(edgeDPI(q, 1, false))
	s.maxDPI = edgeDPI(q, 1, true)
	s.Cover = math.Round(quadArea(q)/float64(s.w*s.h)*100) / 100
	s.Perspective = math.Round(s.Perspective*1000) / 1000

	sign := func() float64 {
		if r.chance(0.5) {
			return -1
		}
		return 1
	}
	s.curlV, s.curlU = sign()*r.between(0.002, 0.008), sign()*r.between(0, 0.004)
	s.Curl = math.Round(max(math.Abs(s.curlV), math.Abs(s.curlU))*1e4) / 1e4

	s.desk = newDesk(r, s.w, s.h)
	s.Desk = s.desk.name
	s.exposure = r.between(0.85, 1.08)
	a := r.between(0, 2*math.Pi)
	s.gradDir = [2]float64{math.Cos(a), math.Sin(a)}
	s.grad, s.vignette = r.between(0.08, 0.3), r.between(0.05, 0.25)
	s.Falloff = math.Round((s.grad+s.vignette)*100) / 100
	if r.chance(0.4) {
		s.shadow = newShadow(r, float64(s.w), float64(s.h))
		s.Shadow = math.Round(s.shadow.depth*100) / 100
	}
	c := r.between(0.04, 0.12)
	switch s.Cast = pick(r, []string{"warm", "warm", "cool", "neutral"}); s.Cast {
	case "warm":
		s.gain = [3]float64{1 + c, 1, 1 - 1.5*c}
	case "cool":
		s.gain = [3]float64{1 - c, 1, 1 + c}
	default:
		s.gain = [3]float64{1, 1, 1}
	}
	p := r.between(0.88, 0.97)
	for i := range s.paper {
		s.paper[i] = p + r.between(-0.015, 0.015)
	}
	s.ink = r.between(0.06, 0.18)
	// Low-resolution sheets get less defocus, so small print stays legible.
	room := min(max((float64(s.SheetDPI)-130)/120, 0), 1)
	s.Defocus = math.Round(r.between(0.4, 0.6+0.5*room)*100) / 100
	s.Noise = math.Round(r.between(1.5, 4.5)*100) / 100
	return s
}

func newShadow(r *rnd, w, h float64) *softShadow {
	// It reaches in from one edge of the frame, like an arm.
	var cx, cy, ang float64
	switch r.IntN(4) {
	case 0:
		cx, cy, ang = r.between(0, w), 0, math.Pi/2
	case 1:
		cx, cy, ang = r.between(0, w), h, math.Pi/2
	case 2:
		cx, cy, ang = 0, r.between(0, h), 0
	default:
		cx, cy, ang = w, r.between(0, h), 0
	}
	ang += r.between(-0.5, 0.5)
	a, b := r.between(0.2, 0.4)*h, r.between(0.07, 0.16)*h
	sin, cos := math.Sincos(ang)
	return &softShadow{cx: cx, cy: cy, cos: cos, sin: sin, ia2: 1 / (a * a), ib2: 1 / (b * b),
		depth: r.between(0.2, 0.4), soft: r.between(0.5, 0.9)}
}

// at is the brightness factor of the shadow at (x, y).
func (sd *softShadow) at(x, y float64) float64 {
	dx, dy := x-sd.cx, y-sd.cy
	u, v := dx*sd.cos+dy*sd.sin, -dx*sd.sin+dy*sd.cos
	d := u*u*sd.ia2 + v*v*sd.ib2
	if d >= 1 {
		return 1
	}
	t := min((1-d)/sd.soft, 1)
	return 1 - sd.depth*t*t*(3-2*t)
}

func bounds(q [4][2]float64) (x0, y0, x1, y1 float64) {
	x0, y0, x1, y1 = q[0][0], q[0][1], q[0][0], q[0][1]
	for _, p := range q[1:] {
		x0, x1 = min(x0, p[0]), max(x1, p[0])
		y0, y1 = min(y0, p[1]), max(y1, p[1])
	}
	return x0, y0, x1, y1
}

// edgeDPI is the lowest (or highest) resolution of a letter sheet with
// corners q along its edges, in pixels per inch at scale.
func edgeDPI(q [4][2]float64, scale float64, highest bool) float64 {
	dist := func(a, b [2]float64) float64 { return math.Hypot(a[0]-b[0], a[1]-b[1]) * scale }
	ds := []float64{dist(q[0], q[1]) / 8.5, dist(q[3], q[2]) / 8.5, dist(q[0], q[3]) / 11, dist(q[1], q[2]) / 11}
	out := ds[0]
	for _, d := range ds[1:] {
		if highest {
			out = max(out, d)
		} else {
			out = min(out, d)
		}
	}
	return out
}

func quadArea(q [4][2]float64) float64 {
	var a float64
	for i := range q {
		j := (i + 1) % 4
		a += q[i][0]*q[j][1] - q[j][0]*q[i][1]
	}
	return math.Abs(a) / 2
}

// smallestIdent is the smallest font size an identifier is printed in on
// p, or the body size of a page with none.
func smallestIdent(p *page) float64 {
	out := 0.0
	for _, it := range p.items {
		if it.kind == itemText && it.ident && (out == 0 || it.size < out) {
			out = it.size
		}
	}
	if out == 0 {
		return 9
	}
	return out
}

// homography maps the unit square onto quad q (corners in the order
// (0,0), (1,0), (1,1), (0,1)), as a row-major 3x3 matrix.
func homography(q [4][2]float64) [9]float64 {
	x0, y0, x1, y1, x2, y2, x3, y3 := q[0][0], q[0][1], q[1][0], q[1][1], q[2][0], q[2][1], q[3][0], q[3][1]
	dx1, dx2, dx3 := x1-x2, x3-x2, x0-x1+x2-x3
	dy1, dy2, dy3 := y1-y2, y3-y2, y0-y1+y2-y3
	det := dx1*dy2 - dx2*dy1
	g := (dx3*dy2 - dx2*dy3) / det
	h := (dx1*dy3 - dx3*dy1) / det
	return [9]float64{x1 - x0 + g*x1, x3 - x0 + h*x3, x0, y1 - y0 + g*y1, y3 - y0 + h*y3, y0, g, h, 1}
}

func invert3(m [9]float64) ([9]float64, error) {
	a, b, c, d, e, f, g, h, i := m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]
	A, B, C := e*i-f*h, -(d*i - f*g), d*h-e*g
	det := a*A + b*B + c*C
	if math.Abs(det) < 1e-12 {
		return m, fmt.Errorf("degenerate sheet outline")
	}
	return [9]float64{A / det, -(b*i - c*h) / det, (b*f - c*e) / det,
		B / det, (a*i - c*g) / det, -(a*f - c*d) / det,
		C / det, -(a*h - b*g) / det, (a*e - b*d) / det}, nil
}

// photograph lays the rendered sheet on the desk and lights it, returning
// the red, green and blue planes of the upright photo before defocus and
// noise.
//
//go:norace
func photograph(sheet *image.Gray, s *shot) ([3]*image.Gray, error) {
	inv, err := invert3(homography(s.quad))
	if err != nil {
		return [3]*image.Gray{}, err
	}
	w, h := s.w, s.h
	var planes [3]*image.Gray
	for c := range planes {
		planes[c] = image.NewGray(image.Rect(0, 0, w, h))
	}
	sw, sh := sheet.Rect.Dx(), sheet.Rect.Dy()
	// Frame pixels per sheet unit, for antialiasing the sheet's edge.
	pw := (math.Hypot(s.quad[1][0]-s.quad[0][0], s.quad[1][1]-s.quad[0][1]) + math.Hypot(s.quad[2][0]-s.quad[3][0], s.quad[2][1]-s.quad[3][1])) / 2
	ph := (math.Hypot(s.quad[3][0]-s.quad[0][0], s.quad[3][1]-s.quad[0][1]) + math.Hypot(s.quad[2][0]-s.quad[1][0], s.quad[2][1]-s.quad[1][1])) / 2
	cx, cy := float64(w)/2, float64(h)/2
	half := math.Hypot(cx, cy)
	r2 := 1 / (half * half)
	var ink, paper, desk [3]float64
	for c := range 3 {
		ink[c] = s.ink * s.gain[c] * 255
		paper[c] = s.paper[c] * s.gain[c] * 255
		desk[c] = s.desk.albedo[c] * s.gain[c] * 255
	}
	for y := 0; y < h; y++ {
		fy := float64(y) + 0.5
		for x := 0; x < w; x++ {
			fx := float64(x) + 0.5
			dx, dy := fx-cx, fy-cy
			light := s.exposure * (1 - s.grad*(1+(dx*s.gradDir[0]+dy*s.gradDir[1])/half)/2) * (1 - s.vignette*(dx*dx+dy*dy)*r2)
			if s.shadow != nil {
				light *= s.shadow.at(fx, fy)
			}
			wt := inv[6]*fx + inv[7]*fy + inv[8]
			u := (inv[0]*fx + inv[1]*fy + inv[2]) / wt
			v := (inv[3]*fx + inv[4]*fy + inv[5]) / wt
			bu, bv := 2*u-1, 2*v-1
			u, v = u+s.curlU*bv*bv, v+s.curlV*bu*bu
			edge := min(min(u, 1-u)*pw, min(v, 1-v)*ph)
			alpha := min(max(edge+0.5, 0), 1)
			var g float64
			if alpha > 0 {
				g = sampleGray(sheet, u*float64(sw)-0.5, v*float64(sh)-0.5) / 255
			}
			var t float64
			if alpha < 1 {
				t = 1 + s.desk.amp*s.desk.at(x, y)
			}
			i := y*w + x
			for c := range 3 {
				on := ink[c] + (paper[c]-ink[c])*g
				off := desk[c] * t
				planes[c].Pix[i] = clamp8(int32((off + (on-off)*alpha) * light))
			}
		}
	}
	return planes, nil
}

// sampleGray reads img bilinearly at (x, y), clamped to its edges.
//
//go:norace
func sampleGray(img *image.Gray, x, y float64) float64 {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	x = min(max(x, 0), float64(w-1))
	y = min(max(y, 0), float64(h-1))
	x0, y0 := min(int(x), w-2), min(int(y), h-2)
	ax, ay := x-float64(x0), y-float64(y0)
	i := y0*img.Stride + x0
	p := img.Pix
	top := float64(p[i]) + (float64(p[i+1])-float64(p[i]))*ax
	bot := float64(p[i+img.Stride]) + (float64(p[i+img.Stride+1])-float64(p[i+img.Stride]))*ax
	return top + (bot-top)*ay
}
