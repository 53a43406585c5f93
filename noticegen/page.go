package noticegen

import "strings"

// Page geometry is in PDF points (1/72 in) on US Letter, origin top-left,
// Y down; the PDF writer flips Y and the rasterizer scales by DPI.
const (
	pageW = 612.0
	pageH = 792.0
)

type fontID uint8

const (
	fontRegular fontID = iota
	fontBold
	fontMono
)

type align uint8

const (
	alignLeft align = iota
	alignRight
	alignCenter
)

type itemKind uint8

const (
	itemText itemKind = iota
	itemLine
	itemRect
	itemFill
)

// item is one drawing operation. Text is placed by its baseline; lines run
// from (x, y) to (x2, y2); rects and fills span x..x2, y..y2.
type item struct {
	kind   itemKind
	x, y   float64
	x2, y2 float64
	// size is the font size for text and the stroke width for lines/rects.
	size  float64
	font  fontID
	align align
	gray  uint8
	text  string
	// ident marks text that carries an identifier, so a copier's text
	// layer can be made to get exactly those wrong.
	ident bool
}

// page is the format-neutral description both the PDF writer and the
// rasterizer draw from, so a born-digital page and its scan match.
type page struct {
	items []item
}

func (p *page) text(x, y, size float64, f fontID, s string) {
	p.items = append(p.items, item{kind: itemText, x: x, y: y, size: size, font: f, text: s})
}

func (p *page) textAligned(x, y, size float64, f fontID, a align, s string) {
	p.items = append(p.items, item{kind: itemText, x: x, y: y, size: size, font: f, align: a, text: s})
}

// identText draws an identifier's printed form.
func (p *page) identText(x, y, size float64, f fontID, s string) {
	p.items = append(p.items, item{kind: itemText, x: x, y: y, size: size, font: f, text: s, ident: true})
}

// put draws a value, marked as an identifier when id is set.
func put(p *page, x, y, size float64, s string, id bool) {
	if id {
		p.identText(x, y, size, fontRegular, s)
	} else {
		p.text(x, y, size, fontRegular, s)
	}
}

func (p *page) line(x, y, x2, y2, w float64) {
	p.items = append(p.items, item{kind: itemLine, x: x, y: y, x2: x2, y2: y2, size: w})
}

func (p *page) rect(x, y, w, h, lw float64) {
	p.items = append(p.items, item{kind: itemRect, x: x, y: y, x2: x + w, y2: y + h, size: lw})
}

func (p *page) fill(x, y, w, h float64, gray uint8) {
	p.items = append(p.items, item{kind: itemFill, x: x, y: y, x2: x + w, y2: y + h, gray: gray})
}

// para wraps s into lines no wider than width and returns the baseline
// below the last line.
func (p *page) para(x, y, width, size float64, f fontID, s string) float64 {
	lead := size * 1.3
	for _, ln := range wrap(s, width, size, f) {
		p.text(x, y, size, f, ln)
		y += lead
	}
	return y
}

func wrap(s string, width, size float64, f fontID) []string {
	var lines []string
	var cur string
	for _, w := range strings.Fields(s) {
		next := w
		if cur != "" {
			next = cur + " " + w
		}
		if cur != "" && textWidth(f, size, next) > width {
			lines = append(lines, cur)
			next = w
		}
		cur = next
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// textWidth measures s in the PDF's standard-14 fonts. Layout is computed
// with these metrics; the rasterizer shrinks its own glyphs to fit them.
func textWidth(f fontID, size float64, s string) float64 {
	if f == fontMono {
		return float64(len(s)) * 600 * size / 1000
	}
	tab := helveticaWidths
	if f == fontBold {
		tab = helveticaBoldWidths
	}
	var w int
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 32 || c > 126 {
			c = '?'
		}
		w += int(tab[c-32])
	}
	return float64(w) * size / 1000
}

// Advance widths of ASCII 32..126 from the Adobe AFM files, in 1/1000 em.
var helveticaWidths = [95]uint16{
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
}

var helveticaBoldWidths = [95]uint16{
	278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
	975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
	333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
	611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
}
