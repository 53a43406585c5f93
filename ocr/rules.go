package ocr

import "image"

// clearRules whitens the ruled lines around a value crop: the edges of the
// box a form prints a value in, a table's rules, an underline. Tesseract's
// line recognizer reads such edges as characters or gives up on the line
// (a boxed A-Number on a photo re-read as nothing in every variant). A rule
// is one piece of ink spanning most of the crop's width that is either
// thin (a line) or hollow (a box's outline, its edges joined at the
// corners); characters are neither, even when noise or blur joins a few.
// It returns g itself when there is nothing to clear.
func clearRules(g *image.Gray) *image.Gray {
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	if w < 8 || h < 8 {
		return g
	}
	// Found at a threshold near the paper, a rule takes its blurred
	// fringe with it; at the ink's own threshold a gray ghost of the
	// edge stayed behind and was still read.
	ink := otsu(g.Pix)
	paper := paperLevel(g, ink)
	th := ink + uint8((int(paper)-int(ink))*2/3)
	cs := findComponents(g, th)
	rule := make([]bool, len(cs.comps))
	found := false
	for i, c := range cs.comps {
		bw, bh := int(c.x1-c.x0), int(c.y1-c.y0)
		if 10*bw < 6*w {
			continue
		}
		thin := 5*bh <= h
		if thin || 2*int(c.area) < bw*bh && encloses(cs, i, 3) {
			rule[i], found = true, true
		}
	}
	if !found {
		return g
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		copy(out.Pix[y*out.Stride:y*out.Stride+w], g.Pix[(y)*g.Stride:(y)*g.Stride+w])
	}
	// A pixel around the rule goes too: what is left of its fringe was
	// read as specks and short strokes.
	cs.around(rule, func(x, y int, _ bool) { out.Pix[y*out.Stride+x] = paper })
	return out
}

// encloses reports whether at least n other components lie wholly inside
// component id's bounding box: the characters a box's outline surrounds.
func encloses(cs *components, id, n int) bool {
	c := cs.comps[id]
	k := 0
	for i, o := range cs.comps {
		if i != id && o.x0 > c.x0 && o.x1 < c.x1 && o.y0 > c.y0 && o.y1 < c.y1 {
			if k++; k >= n {
				return true
			}
		}
	}
	return false
}
