package noticegen

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// pdfPage is one page to write: drawing operators, optionally over a
// full-page JPEG. Width and height are in points.
type pdfPage struct {
	w, h    float64
	content []byte
	jpeg    []byte
	imgW    int
	imgH    int
	rgb     bool // the JPEG is colour
}

// writePDF writes a minimal PDF 1.4: the standard-14 Helvetica,
// Helvetica-Bold and Courier with WinAnsiEncoding, Flate content streams
// and DCTDecode images. No dates or IDs, so output is reproducible.
func writePDF(w io.Writer, title string, pages []pdfPage) error {
	var b bytes.Buffer
	var offsets []int
	obj := func(body string, stream []byte) int {
		offsets = append(offsets, b.Len())
		n := len(offsets)
		fmt.Fprintf(&b, "%d 0 obj\n%s", n, body)
		if stream != nil {
			b.WriteString("\nstream\n")
			b.Write(stream)
			b.WriteString("\nendstream")
		}
		b.WriteString("\nendobj\n")
		return n
	}
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>", nil)
	// Pages is object 2; its Kids are known only after the pages, so it
	// is written last and its offset patched in.
	offsets = append(offsets, 0)
	for _, name := range []string{"Helvetica", "Helvetica-Bold", "Courier"} {
		obj("<< /Type /Font /Subtype /Type1 /BaseFont /"+name+" /Encoding /WinAnsiEncoding >>", nil)
	}
	info := obj("<< /Producer (noticegen) /Title ("+pdfEscape(title)+") >>", nil)
	var kids []string
	for _, pg := range pages {
		z, err := deflate(pg.content)
		if err != nil {
			return fmt.Errorf("compress page content: %w", err)
		}
		contents := obj(fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>", len(z)), z)
		res := "/Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R >>"
		if pg.jpeg != nil {
			space := "DeviceGray"
			if pg.rgb {
				space = "DeviceRGB"
			}
			im := obj(fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /%s /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>",
				pg.imgW, pg.imgH, space, len(pg.jpeg)), pg.jpeg)
			res += fmt.Sprintf(" /XObject << /Im0 %d 0 R >>", im)
		}
		p := obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources << %s >> /Contents %d 0 R >>",
			num(pg.w), num(pg.h), res, contents), nil)
		kids = append(kids, fmt.Sprintf("%d 0 R", p))
	}
	offsets[1] = b.Len()
	fmt.Fprintf(&b, "2 0 obj\n<< /Type /Pages /Kids [%s] /Count %d >>\nendobj\n", strings.Join(kids, " "), len(pages))
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, info, xref)
	_, err := w.Write(b.Bytes())
	return err
}

func deflate(p []byte) ([]byte, error) {
	var b bytes.Buffer
	// Best speed: noisy scans barely compress better at higher levels.
	zw, err := zlib.NewWriterLevel(&b, zlib.BestSpeed)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(p); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "" || s == "-" {
		return "0"
	}
	return s
}

func pdfEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`).Replace(s)
}

// vectorContent draws a page as a born-digital PDF does: every string is
// one Tj, so the text layer holds each identifier exactly as printed.
func vectorContent(p *page) []byte {
	var b bytes.Buffer
	flip := func(y float64) string { return num(pageH - y) }
	for _, it := range p.items {
		switch it.kind {
		case itemFill:
			fmt.Fprintf(&b, "%s g %s %s %s %s re f\n", num(float64(it.gray)/255), num(it.x), flip(it.y2), num(it.x2-it.x), num(it.y2-it.y))
		case itemLine:
			fmt.Fprintf(&b, "0 G %s w %s %s m %s %s l S\n", num(it.size), num(it.x), flip(it.y), num(it.x2), flip(it.y2))
		case itemRect:
			fmt.Fprintf(&b, "0 G %s w %s %s %s %s re S\n", num(it.size), num(it.x), flip(it.y2), num(it.x2-it.x), num(it.y2-it.y))
		case itemText:
			x := it.x
			switch it.align {
			case alignRight:
				x -= textWidth(it.font, it.size, it.text)
			case alignCenter:
				x -= textWidth(it.font, it.size, it.text) / 2
			}
			fmt.Fprintf(&b, "BT %s g /F%d %s Tf 1 0 0 1 %s %s Tm (%s) Tj ET\n",
				num(float64(it.gray)/255), it.font+1, num(it.size), num(x), flip(it.y), pdfEscape(it.text))
		}
	}
	return b.Bytes()
}

// imageContent paints the page image over the whole media box.
func imageContent(w, h float64) []byte {
	return []byte(fmt.Sprintf("q %s 0 0 %s 0 0 cm /Im0 Do Q\n", num(w), num(h)))
}

// copierLayer is the invisible text (render mode 3) a copier's OCR puts
// over a scan: lines dropped, letters confused, and every identifier that
// survives misread, so trusting the layer gives wrong or missing values.
func copierLayer(p *page, r *rnd) []byte {
	var b bytes.Buffer
	for _, it := range p.items {
		if it.kind != itemText {
			continue
		}
		if r.chance(map[bool]float64{false: 0.25, true: 0.35}[it.ident]) {
			continue
		}
		s := garble(r, it.text, it.ident)
		if strings.TrimSpace(s) == "" {
			continue
		}
		x, y := it.x+r.between(-2, 2), pageH-it.y+r.between(-2, 2)
		fmt.Fprintf(&b, "BT 3 Tr /F1 %s Tf 1 0 0 1 %s %s Tm (%s) Tj ET\n", num(it.size), num(x), num(y), pdfEscape(s))
	}
	return b.Bytes()
}

var confusions = map[byte]string{
	'0': "OD", 'O': "0Q", '1': "lI7", 'l': "1I", 'I': "l1", '5': "S6", 'S': "5", '8': "B3",
	'B': "8", '2': "Z7", '6': "b5", '9': "g4", 'e': "c", 'm': "n", 'n': "m", '3': "8",
}

// garble misreads s; for an identifier at least one digit always changes.
func garble(r *rnd, s string, ident bool) string {
	b := []byte(s)
	for i, c := range b {
		if alt, ok := confusions[c]; ok && r.chance(0.05) {
			b[i] = alt[r.IntN(len(alt))]
		}
	}
	if ident {
		var digits []int
		for i, c := range b {
			if c >= '0' && c <= '9' {
				digits = append(digits, i)
			}
		}
		// One digit near the end becomes another digit, which no O/0 or
		// l/1 repair can undo; a second may turn into a look-alike letter.
		if len(digits) > 0 {
			i := digits[len(digits)-1-r.IntN(min(6, len(digits)))]
			b[i] = byte('0' + (int(b[i]-'0')+r.intIn(1, 9))%10)
			i = pick(r, digits)
			if alt, ok := confusions[b[i]]; ok && r.chance(0.5) {
				b[i] = alt[r.IntN(len(alt))]
			}
		}
	}
	return string(b)
}
