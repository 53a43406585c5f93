package document_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/extractor"
)

func wordTexts(p *extractor.Page) []string {
	var s []string
	for _, w := range p.Words {
		s = append(s, w.Text)
	}
	return s
}

func findWord(tb testing.TB, p *extractor.Page, text string) extractor.Word {
	tb.Helper()
	for _, w := range p.Words {
		if w.Text == text {
			return w
		}
	}
	tb.Fatalf("no word %q in %q", text, wordTexts(p))
	return extractor.Word{}
}

// helveticaWidth is the advance of s in Helvetica at size, from the AFM
// metrics (the truth the boxes are checked against).
func helveticaWidth(s string, size float64) float64 {
	widths := map[rune]float64{
		'R': 722, 'e': 556, 'c': 500, 'i': 222, 'p': 556, 't': 278, 'N': 722, 'u': 556,
		'm': 833, 'b': 556, 'r': 333, ':': 278, 'I': 278, 'O': 778, 'E': 667, '0': 556,
		'1': 556, '2': 556, '3': 556, '4': 556, '5': 556, '6': 556, '7': 556, '8': 556, '9': 556,
	}
	var w float64
	for _, r := range s {
		w += widths[r]
	}
	return w * size / 1000
}

func TestDocument_Page_TextLayer(t *testing.T) {
	doc := MustOpen(t, MustTextPDF(t,
		[]textLine{{"Receipt Number: IOE0912345678", 72, 700, 12}, {"Priority Date 05/03/2023", 300, 500, 10}},
		[]textLine{{"Page two", 72, 100, 12}},
	))
	p := MustPage(t, doc, 1)
	if p.Number != 1 || p.Width != 612 || p.Height != 792 || p.Scan {
		t.Errorf("page = %d %gx%g scan=%v, want 1 612x792 not a scan", p.Number, p.Width, p.Height, p.Scan)
	}
	if p.Text == nil {
		t.Fatal("Text = nil, want the text layer")
	}
	want := []string{"Receipt", "Number:", "IOE0912345678", "Priority", "Date", "05/03/2023"}
	if got := wordTexts(p.Text); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("words = %q, want %q", got, want)
	}
	if p.Text.Number != 1 || p.Text.Width != 612 || p.Text.Height != 792 || p.Text.Source != extractor.SourceTextLayer {
		t.Errorf("text page = %+v", *p.Text)
	}
	// pdfcpu starts the text at x exactly; its baseline sits a little above
	// the requested y, so the vertical position is checked on a hand-made
	// page below and here only that a line's words share one box height.
	x0 := 72.0
	first := findWord(t, p.Text, "Receipt")
	for _, text := range []string{"Receipt", "Number:", "IOE0912345678"} {
		w := findWord(t, p.Text, text)
		if w.Conf != 1 {
			t.Errorf("%s: Conf = %g, want 1", text, w.Conf)
		}
		if math.Abs(w.Box.X0-x0) > 0.5 {
			t.Errorf("%s: X0 = %.2f, want %.2f", text, w.Box.X0, x0)
		}
		if wantX1 := x0 + helveticaWidth(text, 12); math.Abs(w.Box.X1-wantX1) > 1 {
			t.Errorf("%s: X1 = %.2f, want %.2f", text, w.Box.X1, wantX1)
		}
		if w.Box.Y0 != first.Box.Y0 || w.Box.Y1 != first.Box.Y1 || w.Box.Y1-w.Box.Y0 < 12 || w.Box.Y1-w.Box.Y0 > 16 {
			t.Errorf("%s: Y0..Y1 = %.2f..%.2f, want the line's 12pt box %.2f..%.2f", text, w.Box.Y0, w.Box.Y1, first.Box.Y0, first.Box.Y1)
		}
		x0 += helveticaWidth(text, 12) + 278*12/1000.0 // the next word follows one space
	}
	if prio := findWord(t, p.Text, "Priority"); math.Abs(prio.Box.X0-300) > 0.5 || prio.Box.Y0 < first.Box.Y1+180 {
		t.Errorf("Priority box = %+v, want x0 300, 200pt below the first line", prio.Box)
	}
	if got := wordTexts(MustPage(t, doc, 2).Text); strings.Join(got, " ") != "Page two" {
		t.Errorf("page 2 words = %q", got)
	}
}

func TestDocument_Page_OwnerPasswordOnly(t *testing.T) {
	doc := MustOpen(t, MustEncrypt(t, MustTextPDF(t, []textLine{{"Alien Number A123456789", 72, 700, 12}}), "", "owner-secret"))
	if got := wordTexts(MustPage(t, doc, 1).Text); strings.Join(got, " ") != "Alien Number A123456789" {
		t.Errorf("words = %q", got)
	}
}

// textPage is a one-page PDF with a /Rotate and one line of Helvetica
// placed by a text matrix.
func textPage(tb testing.TB, rotate int, tm string, text string) []byte {
	tb.Helper()
	content := fmt.Sprintf("BT /F1 12 Tf %s Tm (%s) Tj ET", tm, text)
	return MustRawPDF(tb,
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Rotate %d /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>", rotate),
		pdfStream("", []byte(content)),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	)
}

func TestDocument_Page_TextBoxes(t *testing.T) {
	// Baseline y=700 is 92 from the top; the box spans Helvetica's
	// bounding box, 0.931 em above the baseline and 0.225 em below.
	p := MustPage(t, MustOpen(t, textPage(t, 0, "1 0 0 1 72 700", "Receipt Number")), 1)
	w := findWord(t, p.Text, "Receipt")
	want := extractor.Box{X0: 72, Y0: 92 - 0.931*12, X1: 72 + helveticaWidth("Receipt", 12), Y1: 92 + 0.225*12}
	if math.Abs(w.Box.X0-want.X0) > 0.5 || math.Abs(w.Box.X1-want.X1) > 1 ||
		math.Abs(w.Box.Y0-want.Y0) > 1.5 || math.Abs(w.Box.Y1-want.Y1) > 1.5 {
		t.Errorf("Receipt box = %+v, want about %+v", w.Box, want)
	}
}

func TestDocument_Page_RotatedPage(t *testing.T) {
	// /Rotate 90 turns the page clockwise for display: page point (x, y)
	// shows at (y, x) on a 792×612 page. Text drawn turned a quarter
	// counter-clockwise therefore reads normally, starting at (100, 72)...
	p := MustPage(t, MustOpen(t, textPage(t, 90, "0 1 -1 0 72 100", "Receipt Number")), 1)
	if p.Width != 792 || p.Height != 612 {
		t.Errorf("size = %gx%g, want 792x612", p.Width, p.Height)
	}
	w := findWord(t, p.Text, "Receipt")
	if math.Abs(w.Box.X0-100) > 0.5 || !(w.Box.Y0 < 72 && w.Box.Y1 > 72) || w.Box.X1-w.Box.X0 < w.Box.Y1-w.Box.Y0 {
		t.Errorf("Receipt box = %+v, want a horizontal word from x 100 on baseline 72", w.Box)
	}
	// ...while upright page text shows running down the page, and still
	// groups into whole words.
	p = MustPage(t, MustOpen(t, textPage(t, 90, "1 0 0 1 72 700", "Receipt Number")), 1)
	w = findWord(t, p.Text, "Receipt")
	if math.Abs(w.Box.Y0-72) > 0.5 || w.Box.Y1-w.Box.Y0 < w.Box.X1-w.Box.X0 {
		t.Errorf("Receipt box = %+v, want a vertical word from y 72", w.Box)
	}
}

func TestDocument_Image_ScannedPDF(t *testing.T) {
	scan := gray(850, 1100, func(x, y int) uint8 {
		if x > 100 && x < 400 && y > 100 && y < 160 {
			return 0
		}
		return uint8(200 + (x+y)%50)
	})
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, scan, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	want, err := jpeg.Decode(bytes.NewReader(jb.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	pdf := MustScanPDF(t, jb.Bytes(), jb.Bytes())
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"OK", pdf},
		{"OK/OwnerPasswordOnly", MustEncrypt(t, pdf, "", "owner-secret")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc := MustOpen(t, tt.data)
			if doc.NumPages() != 2 {
				t.Fatalf("NumPages = %d, want 2", doc.NumPages())
			}
			p := MustPage(t, doc, 2)
			if !p.Scan || p.Text != nil {
				t.Errorf("Scan = %v, Text = %v; want a scan without text", p.Scan, p.Text)
			}
			img, dpi := MustImage(t, doc, 2)
			// The JPEG comes out as stored: the very pixels image/jpeg
			// decodes from the original file, at the original size.
			g, ok := img.(*image.Gray)
			if !ok {
				t.Fatalf("image is %T, want *image.Gray", img)
			}
			if g.Bounds() != want.Bounds() || !bytes.Equal(g.Pix, want.(*image.Gray).Pix) {
				t.Errorf("image %v differs from the embedded JPEG %v", g.Bounds(), want.Bounds())
			}
			// pdfcpu places the 850 px image on an 850 pt page: 72 DPI.
			if dpi != 72 {
				t.Errorf("dpi = %g, want 72", dpi)
			}
		})
	}
}

// rgbSamples packs an RGBA image as 8-bit DeviceRGB samples.
func rgbSamples(img *image.RGBA) []byte {
	var b []byte
	for i := 0; i < len(img.Pix); i += 4 {
		b = append(b, img.Pix[i:i+3]...)
	}
	return b
}

func TestDocument_Image_PlacedScan(t *testing.T) {
	q := quadrants(40, 30, red, green, blue, white)
	dict := "/Width 40 /Height 30 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode"
	data := zlibBytes(t, rgbSamples(q))
	// Turned a quarter clockwise, the top-left quadrant moves to the top
	// right, the bottom-left one to the top left.
	cw := [4]color.RGBA{blue, red, white, green}
	for _, tt := range []struct {
		name       string
		page       imagePage
		wantW      int
		wantH      int
		wantCorner [4]color.RGBA
		wantDPI    float64
	}{
		{"OK/Upright", imagePage{W: 400, H: 300}, 40, 30, [4]color.RGBA{red, green, blue, white}, 7.2},
		{"OK/PageRotate90", imagePage{W: 400, H: 300, Rotate: 90}, 30, 40, cw, 7.2},
		{"OK/PageRotate180", imagePage{W: 400, H: 300, Rotate: 180}, 40, 30, [4]color.RGBA{white, blue, green, red}, 7.2},
		{"OK/PageRotate270", imagePage{W: 400, H: 300, Rotate: 270}, 30, 40, [4]color.RGBA{green, white, red, blue}, 7.2},
		// The image itself placed turned clockwise on a portrait page.
		{"OK/MatrixRotated", imagePage{W: 300, H: 400, Matrix: "0 -400 300 0 0 400"}, 30, 40, cw, 7.2},
		{"OK/MatrixMirrored", imagePage{W: 400, H: 300, Matrix: "-400 0 0 300 400 0"}, 40, 30, [4]color.RGBA{green, red, white, blue}, 7.2},
		// Covering 90% of the page still makes a scan.
		{"OK/NearlyFullPage", imagePage{W: 400, H: 300, Matrix: "380 0 0 285 10 5"}, 40, 30, [4]color.RGBA{red, green, blue, white}, 7.6},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.page.ImageDict, tt.page.Data = dict, data
			doc := MustOpen(t, MustImagePDF(t, tt.page))
			if p := MustPage(t, doc, 1); !p.Scan {
				t.Errorf("Scan = false, want true")
			}
			img, dpi := MustImage(t, doc, 1)
			if img.Bounds().Dx() != tt.wantW || img.Bounds().Dy() != tt.wantH {
				t.Errorf("size = %v, want %dx%d", img.Bounds().Size(), tt.wantW, tt.wantH)
			}
			if got := quadrantColors(img); got != tt.wantCorner {
				t.Errorf("quadrants = %v, want %v", got, tt.wantCorner)
			}
			if math.Abs(dpi-tt.wantDPI) > 0.05 {
				t.Errorf("dpi = %g, want %g", dpi, tt.wantDPI)
			}
		})
	}
}

func TestDocument_Image_EmbeddedFormats(t *testing.T) {
	fax, fw, fh := g4Strip(t)
	ccitt := fmt.Sprintf("/Width %d /Height %d /BitsPerComponent 1 /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns %d /Rows %d >>", fw, fh, fw, fh)
	// 16×8 bilevel: left half sample 0, right half sample 1.
	halves := bytes.Repeat([]byte{0x00, 0xFF}, 8)
	// Four 2-bit palette indices per byte: a 4×2 image, rows 0 1 2 3 / 3 2 1 0.
	indexed := []byte{0b00011011, 0b11100100}
	const black, paper = 0, 255
	for _, tt := range []struct {
		name      string
		dict      string
		data      []byte
		w, h      int
		points    [][3]int // x, y, want gray
		wantColor map[[2]int]color.RGBA
	}{
		{name: "OK/CCITTGroup4", dict: ccitt + " /ColorSpace /DeviceGray", data: fax, w: fw, h: fh,
			points: [][3]int{{40, 40, black}, {100, 40, paper}, {390, 290, paper}}},
		{name: "OK/CCITTGroup4NoColorSpace", dict: ccitt, data: fax, w: fw, h: fh,
			points: [][3]int{{40, 40, black}, {390, 290, paper}}},
		{name: "OK/CCITTGroup4Decode10", dict: ccitt + " /ColorSpace /DeviceGray /Decode [1 0]", data: fax, w: fw, h: fh,
			points: [][3]int{{40, 40, paper}, {390, 290, black}}},
		{name: "OK/ImageMaskCCITT", dict: ccitt + " /ImageMask true", data: fax, w: fw, h: fh,
			points: [][3]int{{40, 40, black}, {390, 290, paper}}},
		{name: "OK/ImageMaskDecode10", dict: ccitt + " /ImageMask true /Decode [1 0]", data: fax, w: fw, h: fh,
			points: [][3]int{{40, 40, paper}, {390, 290, black}}},
		{name: "OK/OneBitGray", dict: "/Width 16 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode",
			data: zlibBytes(t, halves), w: 16, h: 8, points: [][3]int{{3, 3, black}, {12, 3, paper}}},
		{name: "OK/OneBitGrayDecode10", dict: "/Width 16 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 1 /Decode [1 0]",
			data: halves, w: 16, h: 8, points: [][3]int{{3, 3, paper}, {12, 3, black}}},
		{name: "OK/EightBitGray", dict: "/Width 2 /Height 1 /ColorSpace [/CalGray << /WhitePoint [1 1 1] >>] /BitsPerComponent 8",
			data: []byte{10, 200}, w: 2, h: 1, points: [][3]int{{0, 0, 10}, {1, 0, 200}}},
		{name: "OK/SixteenBitGray", dict: "/Width 2 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 16",
			data: []byte{0x10, 0x10, 0xc8, 0xc8}, w: 2, h: 1, points: [][3]int{{0, 0, 16}, {1, 0, 200}}},
		{name: "OK/IndexedRGB", dict: "/Width 4 /Height 2 /ColorSpace [/Indexed /DeviceRGB 3 <ff0000 00ff00 0000ff ffffff>] /BitsPerComponent 2",
			data: indexed, w: 4, h: 2, wantColor: map[[2]int]color.RGBA{{0, 0}: red, {1, 0}: green, {2, 0}: blue, {3, 0}: white, {0, 1}: white, {3, 1}: red}},
		{name: "OK/CMYK", dict: "/Width 2 /Height 1 /ColorSpace /DeviceCMYK /BitsPerComponent 8",
			data: []byte{0, 255, 255, 0, 0, 0, 0, 0}, w: 2, h: 1, wantColor: map[[2]int]color.RGBA{{0, 0}: red, {1, 0}: white}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc := MustOpen(t, MustImagePDF(t, imagePage{W: float64(tt.w) * 2, H: float64(tt.h) * 2, ImageDict: tt.dict, Data: tt.data}))
			img, dpi := MustImage(t, doc, 1)
			if img.Bounds() != image.Rect(0, 0, tt.w, tt.h) {
				t.Fatalf("bounds = %v, want %dx%d (taken out, not rendered)", img.Bounds(), tt.w, tt.h)
			}
			if dpi != 36 {
				t.Errorf("dpi = %g, want 36", dpi)
			}
			for _, p := range tt.points {
				if got := color.GrayModel.Convert(img.At(p[0], p[1])).(color.Gray).Y; int(got) != p[2] {
					t.Errorf("pixel (%d,%d) = %d, want %d", p[0], p[1], got, p[2])
				}
			}
			for at, want := range tt.wantColor {
				if got := color.RGBAModel.Convert(img.At(at[0], at[1])).(color.RGBA); got != want {
					t.Errorf("pixel %v = %v, want %v", at, got, want)
				}
			}
		})
	}
}

func TestDocument_Page_OCRdScan(t *testing.T) {
	// A scan with an invisible (render mode 3) text layer, as OCR tools
	// write it: still a scan, with words, and its image is the embedded one.
	doc := MustOpen(t, MustImagePDF(t, imagePage{
		W: 400, H: 300, ImageDict: "/Width 40 /Height 30 /ColorSpace /DeviceRGB /BitsPerComponent 8",
		Data:  rgbSamples(quadrants(40, 30, red, green, blue, white)),
		Extra: "BT 3 Tr /F1 12 Tf 1 0 0 1 20 200 Tm (IOE0912345678) Tj ET",
	}))
	p := MustPage(t, doc, 1)
	if !p.Scan || p.Text == nil || strings.Join(wordTexts(p.Text), " ") != "IOE0912345678" {
		t.Fatalf("Scan = %v, Text = %+v; want a scan with its OCR word", p.Scan, p.Text)
	}
	if img, _ := MustImage(t, doc, 1); img.Bounds().Size() != image.Pt(40, 30) {
		t.Errorf("image size %v, want the embedded 40x30", img.Bounds().Size())
	}
}

// Reading a text layer by runs of characters must give the words that
// reading every character's box gives: same text, boxes within a point.
// The pages mix sizes, punctuation, wide gaps inside a line, short and
// long words, text turned a quarter and the page itself rotated.
func TestPDF_WordsByRunMatchPerCharacter(t *testing.T) {
	o, err := document.NewOpener(document.Config{PDFiumCacheDir: pdfiumCache})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	lines := []textLine{
		{"U.S. Citizenship and Immigration Services", 72, 740, 9},
		{"USCIS Online Account Number: 1234 5678 9012", 72, 700, 12},
		{"Receipt #: EAC-21-900-12345     A#: A 123 456 789", 72, 680, 10},
		{"a b c de fgh supercalifragilistic (parenthesized) 01/02/2024", 72, 660, 8},
		{"NOTICE", 300, 620, 24},
	}
	turned := MustImagePDF(t, imagePage{W: 612, H: 792, Rotate: 90, ImageDict: "/Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8",
		Data: []byte{255}, Matrix: "1 0 0 1 0 0",
		Extra: "BT /F1 12 Tf 0 1 -1 0 300 100 Tm (Receipt Number EAC2190012345) Tj ET BT /F1 10 Tf 1 0 0 1 72 500 Tm (Online Account Number 123456789012) Tj ET"})
	for name, data := range map[string][]byte{"text": MustTextPDF(t, lines, lines[:2]), "turned": turned} {
		pages := 2
		if name == "turned" {
			pages = 1
		}
		for n := 1; n <= pages; n++ {
			byRun, byChar, err := document.PageWordsBothWays(context.Background(), o, data, n)
			if err != nil {
				t.Fatal(err)
			}
			if len(byChar) == 0 || len(byRun) != len(byChar) {
				t.Fatalf("%s page %d: %d words by run, %d by character", name, n, len(byRun), len(byChar))
			}
			for i := range byChar {
				a, b := byRun[i], byChar[i]
				if a.Text != b.Text || math.Abs(a.Box.X0-b.Box.X0) > 1 || math.Abs(a.Box.X1-b.Box.X1) > 1 ||
					math.Abs(a.Box.Y0-b.Box.Y0) > 1 || math.Abs(a.Box.Y1-b.Box.Y1) > 1 {
					t.Errorf("%s page %d word %d: by run %q %+v, by character %q %+v", name, n, i, a.Text, a.Box, b.Text, b.Box)
				}
			}
		}
	}
}
