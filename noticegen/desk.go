package noticegen

import "math"

// desk is the surface a photographed sheet lies on: a base colour
// modulated by a texture. The texture is drawn at a quarter of the photo's
// resolution, because wood grain, stone blotches and cloth folds are wider
// than a few pixels and sensor noise adds the fine grain later.
type desk struct {
	name   string
	albedo [3]float64 // base reflectance per channel, 0..1
	amp    float64    // how strongly the texture changes the brightness
	tex    []float32  // texture in -1..1 at quarter resolution
	tw, th int
	// weave holds a cloth's thread pattern along x and y at full
	// resolution; nil for other surfaces.
	weaveX, weaveY []float32
}

const deskScale = 4

type deskKind struct {
	name    string
	colours [][3]float64
}

// deskKinds are the surfaces notices get photographed on, each in light
// and dark variants so the sheet edge is sometimes low in contrast.
var deskKinds = []deskKind{
	{"wood", [][3]float64{{0.78, 0.62, 0.42}, {0.55, 0.36, 0.22}, {0.30, 0.20, 0.13}, {0.62, 0.58, 0.54}}},
	{"cloth", [][3]float64{{0.15, 0.20, 0.35}, {0.55, 0.12, 0.12}, {0.80, 0.75, 0.65}, {0.20, 0.40, 0.25}, {0.45, 0.45, 0.47}}},
	{"stone", [][3]float64{{0.50, 0.50, 0.50}, {0.88, 0.87, 0.85}, {0.15, 0.15, 0.16}, {0.75, 0.68, 0.58}}},
	{"laminate", [][3]float64{{0.92, 0.92, 0.90}, {0.70, 0.72, 0.74}, {0.25, 0.25, 0.27}}},
}

// newDesk draws a surface for a w x h photo.
//
//go:norace
func newDesk(r *rnd, w, h int) *desk {
	k := pick(r, deskKinds)
	ci := r.IntN(len(k.colours))
	d := &desk{name: k.name, albedo: k.colours[ci], tw: w/deskScale + 2, th: h/deskScale + 2}
	for c := range d.albedo {
		d.albedo[c] = min(d.albedo[c]*r.between(0.9, 1.1), 0.97)
	}
	if d.albedo[0]+d.albedo[1]+d.albedo[2] < 1.5 {
		d.name += "_dark"
	} else {
		d.name += "_light"
	}
	n := d.tw * d.th
	switch k.name {
	case "wood":
		d.amp = r.between(0.15, 0.3)
		warp := valueNoise(r, d.tw, d.th, 40)
		fine := valueNoise(r, d.tw, d.th, 3)
		// Rings run along the boards; boards run across or along the
		// photo, with a dark seam between planks.
		along := r.chance(0.5)
		freq := r.between(0.03, 0.08)
		plank := r.between(60, 140)
		d.tex = make([]float32, n)
		for y := 0; y < d.th; y++ {
			for x := 0; x < d.tw; x++ {
				i := y*d.tw + x
				a, b := float64(x), float64(y)
				if along {
					a, b = b, a
				}
				v := 0.6*math.Sin(2*math.Pi*(b*freq+1.5*float64(warp[i]))) + 0.4*float64(fine[i])
				if math.Mod(b, plank) < 1 {
					v = -1.5
				}
				d.tex[i] = float32(v)
			}
		}
	case "cloth":
		d.amp = r.between(0.1, 0.25)
		d.tex = valueNoise(r, d.tw, d.th, 60) // folds
		period := r.between(3, 6)
		d.weaveX, d.weaveY = weave(w, period), weave(h, period)
	case "stone":
		d.amp = r.between(0.1, 0.25)
		big, small := valueNoise(r, d.tw, d.th, 30), valueNoise(r, d.tw, d.th, 2)
		d.tex = make([]float32, n)
		for i := range d.tex {
			d.tex[i] = 0.5*big[i] + 0.5*small[i]*small[i]*small[i]*2
		}
	default:
		d.amp = r.between(0.03, 0.08)
		d.tex = valueNoise(r, d.tw, d.th, 80)
	}
	return d
}

// at returns the texture at full-resolution pixel (x, y).
//
//go:norace
func (d *desk) at(x, y int) float64 {
	fx, fy := float64(x)/deskScale, float64(y)/deskScale
	x0, y0 := int(fx), int(fy)
	ax, ay := float32(fx-float64(x0)), float32(fy-float64(y0))
	i := y0*d.tw + x0
	t := d.tex
	top := t[i] + (t[i+1]-t[i])*ax
	bot := t[i+d.tw] + (t[i+d.tw+1]-t[i+d.tw])*ax
	v := float64(top + (bot-top)*ay)
	if d.weaveX != nil {
		v = 0.6*v + 0.4*float64(d.weaveX[x]*d.weaveY[y])
	}
	return v
}

// weave is a thread pattern of the given period in pixels.
func weave(n int, period float64) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(math.Sin(2 * math.Pi * float64(i) / period))
	}
	return out
}

// valueNoise is smooth noise in -1..1: random values on a grid of cell
// pixels, interpolated with a smoothstep.
//
//go:norace
func valueNoise(r *rnd, w, h int, cell float64) []float32 {
	gw, gh := int(float64(w)/cell)+2, int(float64(h)/cell)+2
	grid := make([]float32, gw*gh)
	for i := range grid {
		grid[i] = float32(r.between(-1, 1))
	}
	smooth := func(t float64) float32 { return float32(t * t * (3 - 2*t)) }
	out := make([]float32, w*h)
	for y := 0; y < h; y++ {
		fy := float64(y) / cell
		y0 := int(fy)
		ay := smooth(fy - float64(y0))
		for x := 0; x < w; x++ {
			fx := float64(x) / cell
			x0 := int(fx)
			ax := smooth(fx - float64(x0))
			i := y0*gw + x0
			top := grid[i] + (grid[i+1]-grid[i])*ax
			bot := grid[i+gw] + (grid[i+gw+1]-grid[i+gw])*ax
			out[y*w+x] = top + (bot-top)*ay
		}
	}
	return out
}
