package noticegen

import (
	"fmt"
	"strings"
	"time"
)

// doc collects the pages of one notice and its truth while a layout
// function draws it. Style choices are made once per document, because a
// real notice does not change its label case or date format halfway.
type doc struct {
	r           *rnd
	pages       []*page
	findings    []Finding
	distractors []Distractor

	upper   bool    // labels in capitals
	boldLbl bool    // labels in bold
	colon   bool    // "Label:" rather than "Label"
	base    float64 // body font size
	dateFmt string
	margin  float64
	// abbrev draws abbreviated identifier labels; nil prints them in full.
	abbrev *rnd
}

func newDoc(r *rnd) *doc {
	return &doc{
		r:       r,
		upper:   r.chance(0.4),
		boldLbl: r.chance(0.6),
		colon:   r.chance(0.7),
		base:    r.between(9, 10.5),
		dateFmt: dateStyle(r),
		margin:  r.between(40, 64),
	}
}

func (d *doc) newPage() *page {
	p := &page{}
	d.pages = append(d.pages, p)
	return p
}

// use records id as truth once, however many times it is printed.
func (d *doc) use(id ident) ident {
	f := Finding{Kind: id.kind, Value: id.value}
	for _, g := range d.findings {
		if g == f {
			return id
		}
	}
	d.findings = append(d.findings, f)
	return id
}

// distract records a printed look-alike and returns it for drawing.
func (d *doc) distract(kind, printed string) string {
	d.distractors = append(d.distractors, Distractor{Kind: kind, Value: printed})
	return printed
}

func (d *doc) date(t time.Time) string { return t.Format(d.dateFmt) }

func (d *doc) label(s string) string {
	if d.abbrev != nil {
		s = abbreviate(d.abbrev, s)
	}
	if d.upper {
		s = strings.ToUpper(s)
	}
	return s
}

func (d *doc) labelFont() fontID {
	if d.boldLbl {
		return fontBold
	}
	return fontRegular
}

func (d *doc) right() float64 { return pageW - d.margin }

// placement is where a value sits relative to its label. Layout is the
// extractor's hardest problem, so every labeled value picks one.
type placement int

const (
	placeInline placement = iota // "Label: value"
	placeTab                     // label, value at a fixed column on the same line
	placeBelow                   // value on the next line
	placeBox                     // value in a ruled box under the label
)

func (d *doc) placement() placement {
	return placement(d.r.weighted(40, 25, 20, 15))
}

// field draws label and value at (x, y) and returns the baseline for the
// next field. id marks the value as an identifier.
func (d *doc) field(p *page, x, y float64, label, value string, pl placement, id bool) float64 {
	s := d.base
	lf := d.labelFont()
	lbl := d.label(label)
	if d.colon || pl == placeInline {
		lbl += ":"
	}
	// Keep the value on the page: a long label pushes it to the next line
	// or moves a stacked field left.
	wl, wv := textWidth(lf, s, lbl), textWidth(fontRegular, s+1, value)
	if (pl == placeInline && x+wl+s*0.5+wv > d.right()) || (pl == placeTab && x+max(wl+s, 150)+wv > d.right()) {
		pl = placeBelow
	}
	if need := max(wl, wv+16); (pl == placeBelow || pl == placeBox) && x+need > d.right() {
		x = max(d.margin, d.right()-need)
	}
	switch pl {
	case placeInline:
		p.text(x, y, s, lf, lbl)
		put(p, x+wl+s*0.5, y, s, value, id)
		return y + s*1.6
	case placeTab:
		p.text(x, y, s, lf, lbl)
		put(p, x+max(wl+s, 150), y, s, value, id)
		return y + s*1.6
	case placeBelow:
		p.text(x, y, s, lf, lbl)
		put(p, x+d.r.between(0, 12), y+s*1.35, s, value, id)
		return y + s*3
	default:
		p.text(x, y, s*0.9, lf, lbl)
		p.rect(x, y+4, max(wv+16, textWidth(lf, s*0.9, lbl)+4), s*1.9, 0.7)
		put(p, x+8, y+4+s*1.4, s+1, value, id)
		return y + s*4
	}
}

// agencyHeader draws one of several letterheads and returns the baseline
// below it.
func (d *doc) agencyHeader(p *page, title, form string) float64 {
	m, y := d.margin, d.margin+14
	switch d.r.IntN(3) {
	case 0:
		p.text(m, y, 11, fontBold, "Department of Homeland Security")
		p.text(m, y+13, 10, fontRegular, "U.S. Citizenship and Immigration Services")
		p.textAligned(d.right(), y, 10.5, fontBold, alignRight, form)
		if title != "" {
			p.textAligned(pageW/2, y+36, 12, fontBold, alignCenter, title)
		}
		return y + 62
	case 1:
		p.textAligned(pageW/2, y, 10, fontRegular, alignCenter, "U.S. Department of Homeland Security")
		p.textAligned(pageW/2, y+13, 12, fontBold, alignCenter, "U.S. Citizenship and Immigration Services")
		p.line(m, y+20, d.right(), y+20, 1.2)
		p.text(m, y+36, 11, fontBold, title)
		p.textAligned(d.right(), y+36, 9, fontRegular, alignRight, form)
		return y + 60
	default:
		p.fill(m, y-14, 70, 24, 40)
		p.items = append(p.items, item{kind: itemText, x: m + 8, y: y + 3, size: 15, font: fontBold, text: "USCIS", gray: 255})
		p.text(m+84, y-2, 9, fontRegular, "U.S. Citizenship and Immigration Services")
		p.text(m+84, y+9, 9, fontRegular, "Department of Homeland Security")
		p.textAligned(d.right(), y, 11, fontBold, alignRight, title)
		p.textAligned(d.right(), y+12, 8.5, fontRegular, alignRight, form)
		return y + 44
	}
}

// address draws a mailing block and returns the baseline below it.
func (d *doc) address(p *page, x, y float64, who person) float64 {
	upper := d.r.chance(0.6)
	lines := who.address(upper)
	d.distract(distZIP, who.zip)
	for _, ln := range lines {
		p.text(x, y, d.base, fontRegular, ln)
		y += d.base * 1.3
	}
	return y + 6
}

// phone returns a made-up US number in the 555 range and records it.
func (d *doc) phone(format string) string {
	return d.distract(distPhone, fmt.Sprintf(format, d.r.intIn(201, 989), d.r.IntN(10000)))
}

// paragraphs draws n body sentences of kind, grouped into short
// paragraphs, and stops early rather than run into the room kept at the
// bottom for a closing block and the footer.
func (d *doc) paragraphs(p *page, y float64, kind string, n int) float64 {
	ss := body(d.r, kind, n)
	w := d.right() - d.margin
	limit := pageH - d.margin - 130
	for len(ss) > 0 {
		k := min(len(ss), d.r.intIn(1, 3))
		text := strings.Join(ss[:k], " ")
		if y+float64(len(wrap(text, w, d.base, fontRegular)))*d.base*1.3 > limit {
			break
		}
		y = p.para(d.margin, y, w, d.base, fontRegular, text)
		y += d.base * 0.6
		ss = ss[k:]
	}
	return y
}

// barcode draws bars with text under them. With text empty it prints
// random digits (often 12+ long, a classic false positive) and records them;
// otherwise it prints text, which callers set to a value already in truth.
func (d *doc) barcode(p *page, x, y, h float64, text string) float64 {
	known := text != ""
	if !known {
		text = d.distract(distBarcode, d.r.nzDigits(pick(d.r, []int{12, 12, 13, 16, 18, 20})))
	}
	cx := x
	for i := 0; i < 70; i++ {
		w := float64(d.r.intIn(1, 3)) * 0.75
		if i%2 == 0 {
			p.fill(cx, y, w, h, 0)
		}
		cx += w
	}
	p.textAligned((x+cx)/2, y+h+8, 7.5, fontMono, alignCenter, text)
	p.items[len(p.items)-1].ident = known
	return y + h + 12
}

// footer draws the office block, contact lines and the page counter.
func (d *doc) footer(p *page, prefix string, form string, n, total int) {
	c, ok := centers[prefix]
	if !ok {
		c = centers[pick(d.r, []string{"EAC", "WAC", "LIN", "SRC", "NBC"})]
	}
	y := pageH - d.margin - 58
	if d.r.chance(0.7) {
		p.text(d.margin, y, 8, fontBold, "U.S. CITIZENSHIP AND IMMIGRATION SERVICES")
		for i, ln := range c {
			p.text(d.margin, y+10*float64(i+1), 8, fontRegular, ln)
		}
	}
	y += 42
	line := pick(d.r, [][3]string{
		{"USCIS Contact Center: www.uscis.gov/contactcenter  Phone 1-800-375-5283  TTY 1-800-767-1833", "1-800-375-5283", "1-800-767-1833"},
		{"Questions? Call 1-800-375-5283 (TTY 1-800-767-1833) or visit uscis.gov", "1-800-375-5283", "1-800-767-1833"},
		{"National Customer Service: 800-375-5283", "800-375-5283", ""},
	})
	p.text(d.margin, y, 7.5, fontRegular, line[0])
	for _, ph := range line[1:] {
		if ph != "" {
			d.distract(distPhone, ph)
		}
	}
	y += 12
	p.text(d.margin, y, 8, fontRegular, form)
	p.textAligned(d.right(), y, 8, fontRegular, alignRight, fmt.Sprintf("Page %d of %d", n, total))
}

// cell is one box of an I-797 style grid: a small label on top and the
// value in the space below it.
type cell struct {
	label, value string
	span         int
	id           bool
}

// grid draws cells in rows of cols columns and returns the baseline below.
func (d *doc) grid(p *page, y float64, cols int, cells []cell) float64 {
	x0, w := d.margin, d.right()-d.margin
	cw := w / float64(cols)
	rowH := d.base*2 + 14
	ruled := d.r.IntN(3) // 0 boxes, 1 rules under rows, 2 no lines
	col := 0
	for _, c := range cells {
		span := max(c.span, 1)
		if col+span > cols {
			col = 0
			y += rowH
		}
		x := x0 + float64(col)*cw
		cwSpan := cw * float64(span)
		switch ruled {
		case 0:
			p.rect(x, y, cwSpan, rowH, 0.6)
		case 1:
			p.line(x, y+rowH, x+cwSpan-6, y+rowH, 0.5)
		}
		p.text(x+4, y+9, 7.5, d.labelFont(), d.label(c.label))
		v := c.value
		if c.id {
			p.identText(x+6, y+rowH-7, d.base+0.5, fontRegular, v)
		} else {
			p.text(x+6, y+rowH-7, d.base, fontRegular, fitText(v, cwSpan-10, d.base))
		}
		col += span
	}
	return y + rowH + 18
}

// fitText cuts s so it fits width, as notices truncate long case titles.
func fitText(s string, width, size float64) string {
	for textWidth(fontRegular, size, s) > width && len(s) > 4 {
		s = s[:len(s)-1]
	}
	return s
}
