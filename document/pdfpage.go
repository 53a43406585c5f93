package document

import (
	"fmt"
	"image"
	"math"
	"slices"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/structs"
	"github.com/noticescan/noticescan/extractor"
)

// Scan detection and rendering parameters.
const (
	scanCoverage  = 0.8   // share of the page one image must cover to be a scan
	maxPageObjs   = 50000 // objects inspected per page; scans have a handful
	maxFormDepth  = 4     // nesting of form XObjects followed when looking for images
	renderDPI     = 300   // resolution for pages that are not plain scans
	minRenderDPI  = 50    // below this a rendering is useless for OCR
	deviceScale   = 64    // sub-point precision of pdfium's integer page-to-device mapping
	probeDistance = 1000  // page-space distance between points used to derive the mapping
)

// affine maps (x, y) to (a·x + c·y + e, b·x + d·y + f), PDF's matrix order.
type affine struct{ a, b, c, d, e, f float64 }

func (m affine) apply(x, y float64) (float64, float64) {
	return m.a*x + m.c*y + m.e, m.b*x + m.d*y + m.f
}

// then returns the mapping that applies m first and n second.
func (m affine) then(n affine) affine {
	return affine{
		a: m.a*n.a + m.b*n.c, b: m.a*n.b + m.b*n.d,
		c: m.c*n.a + m.d*n.c, d: m.c*n.b + m.d*n.d,
		e: m.e*n.a + m.f*n.c + n.e, f: m.e*n.b + m.f*n.d + n.f,
	}
}

var identity = affine{a: 1, d: 1}

func fromMatrix(m structs.FPDF_FS_MATRIX) affine {
	return affine{float64(m.A), float64(m.B), float64(m.C), float64(m.D), float64(m.E), float64(m.F)}
}

// pageGeom is what pdfium tells about a page apart from its text.
type pageGeom struct {
	width, height float64 // points, as displayed
	scan          bool
	// image is the page's one full-page image when Image can take it out
	// instead of rendering; nil otherwise.
	image *placedImage
}

// placedImage is an image object and how it sits on the displayed page.
type placedImage struct {
	pixW, pixH int
	orient     orientation // turns the stored image upright on the page
	widthPt    float64     // displayed width in points, for the DPI
}

// pageAnalysis is one pass of pdfium over a page.
type pageAnalysis struct {
	geom  pageGeom
	words []extractor.Word
}

// analyzePage reads page n's size, where its images sit and, if withText,
// its words. Page space is mapped to top-left points through pdfium's own
// page-to-device transform, which accounts for /Rotate and the crop box.
func analyzePage(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, n int, withText bool) (pageAnalysis, error) {
	var a pageAnalysis
	lp, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: n - 1})
	if err != nil {
		return a, corrupt("pdfium: load page", err)
	}
	defer func() { _, _ = inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: lp.Page}) }()
	page := requests.Page{ByReference: &lp.Page}

	wr, err := inst.FPDF_GetPageWidthF(&requests.FPDF_GetPageWidthF{Page: page})
	if err != nil {
		return a, corrupt("pdfium: page width", err)
	}
	hr, err := inst.FPDF_GetPageHeightF(&requests.FPDF_GetPageHeightF{Page: page})
	if err != nil {
		return a, corrupt("pdfium: page height", err)
	}
	a.geom.width, a.geom.height = float64(wr.PageWidth), float64(hr.PageHeight)
	if !(a.geom.width > 0 && a.geom.height > 0) {
		return a, corrupt("pdfium: page size", fmt.Errorf("%gx%g points", a.geom.width, a.geom.height))
	}
	toDevice, err := deviceTransform(inst, page, a.geom.width, a.geom.height)
	if err != nil {
		return a, err
	}
	if withText {
		if a.words, err = pageWords(inst, page, toDevice, true); err != nil {
			return a, err
		}
	}
	if err := findImages(inst, page, toDevice, &a.geom); err != nil {
		return a, err
	}
	return a, nil
}

// deviceTransform derives the page-space to top-left-points mapping from
// three probe points. pdfium returns integer device coordinates, so the
// device is made deviceScale times larger than the page in points.
func deviceTransform(inst pdfium.Pdfium, page requests.Page, w, h float64) (affine, error) {
	probe := func(x, y float64) (float64, float64, error) {
		r, err := inst.FPDF_PageToDevice(&requests.FPDF_PageToDevice{
			Page: page, SizeX: int(math.Round(w * deviceScale)), SizeY: int(math.Round(h * deviceScale)),
			Rotate: enums.FPDF_PAGE_ROTATION_NONE, PageX: x, PageY: y,
		})
		if err != nil {
			return 0, 0, corrupt("pdfium: page to device", err)
		}
		return float64(r.DeviceX) / deviceScale, float64(r.DeviceY) / deviceScale, nil
	}
	x0, y0, err := probe(0, 0)
	if err != nil {
		return affine{}, err
	}
	x1, y1, err := probe(probeDistance, 0)
	if err != nil {
		return affine{}, err
	}
	x2, y2, err := probe(0, probeDistance)
	if err != nil {
		return affine{}, err
	}
	return affine{
		a: (x1 - x0) / probeDistance, b: (y1 - y0) / probeDistance,
		c: (x2 - x0) / probeDistance, d: (y2 - y0) / probeDistance,
		e: x0, f: y0,
	}, nil
}

// rectBox maps a page-space rectangle to a top-left box.
func rectBox(m affine, left, bottom, right, top float64) extractor.Box {
	xa, ya := m.apply(left, bottom)
	xb, yb := m.apply(right, top)
	xc, yc := m.apply(left, top)
	xd, yd := m.apply(right, bottom)
	return extractor.Box{
		X0: min(xa, xb, xc, xd), Y0: min(ya, yb, yc, yd),
		X1: max(xa, xb, xc, xd), Y1: max(ya, yb, yc, yd),
	}
}

// pageWords reads every character with its loose box (font ascent to
// descent, so a line's characters share a height) and groups them into words.
// byRun takes runChars' shortcut; false asks every character (tests
// compare the two).
func pageWords(inst pdfium.Pdfium, page requests.Page, toDevice affine, byRun bool) ([]extractor.Word, error) {
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: page})
	if err != nil {
		return nil, corrupt("pdfium: load text", err)
	}
	defer func() { _, _ = inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage}) }()
	cr, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return nil, corrupt("pdfium: count characters", err)
	}
	n := max(cr.Count, 0)
	runes, err := pageRunes(inst, tp.TextPage, n)
	if err != nil {
		return nil, err
	}
	charBox := func(i int) (extractor.Box, error) {
		b, err := inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp.TextPage, Index: i})
		if err != nil {
			return extractor.Box{}, corrupt("pdfium: character box", err)
		}
		return rectBox(toDevice, float64(b.Rect.Left), float64(b.Rect.Bottom), float64(b.Rect.Right), float64(b.Rect.Top)), nil
	}
	chars := make([]textChar, 0, n)
	for i := 0; i < n; {
		if isSeparator(runes[i]) {
			chars = append(chars, textChar{r: runes[i]})
			i++
			continue
		}
		j := i + 1
		for j < n && !isSeparator(runes[j]) {
			j++
		}
		run, err := runChars(inst, tp.TextPage, runes, i, j, charBox, byRun)
		if err != nil {
			return nil, err
		}
		chars = append(chars, run...)
		i = j
	}
	words := groupWords(chars)
	if unreadable(words) {
		return nil, nil
	}
	return words, nil
}

// runChars gives the characters i..j-1, a run without separators, their
// boxes. Every call into WebAssembly has a fixed cost, and asking each
// character for its box was most of reading a text layer. A run pdfium
// lays out as one rectangle is one stretch of one line: its first and
// last characters' boxes bound it, and the characters between share them
// out in order, which makes the same word of groupWords. Other runs (a
// word broken over two lines, text turned on the page) are read box by box.
func runChars(inst pdfium.Pdfium, tp references.FPDF_TEXTPAGE, runes []rune, i, j int, charBox func(int) (extractor.Box, error), byRun bool) ([]textChar, error) {
	out := make([]textChar, 0, j-i)
	if byRun && j-i >= 3 {
		rc, err := inst.FPDFText_CountRects(&requests.FPDFText_CountRects{TextPage: tp, StartIndex: i, Count: j - i})
		if err != nil {
			return nil, corrupt("pdfium: text rectangles", err)
		}
		if rc.Count == 1 {
			first, err := charBox(i)
			if err != nil {
				return nil, err
			}
			last, err := charBox(j - 1)
			if err != nil {
				return nil, err
			}
			// Left to right on a level line only: anything else keeps
			// the per-character path and its direction tests.
			if last.X0 >= first.X0 && math.Abs(last.Y0-first.Y0) < 0.5*(first.Y1-first.Y0) {
				y0, y1 := min(first.Y0, last.Y0), max(first.Y1, last.Y1)
				step := (last.X1 - first.X0) / float64(j-i)
				for k := i; k < j; k++ {
					x := first.X0 + float64(k-i)*step
					out = append(out, textChar{r: runes[k], box: extractor.Box{X0: x, Y0: y0, X1: x + step, Y1: y1}})
				}
				return out, nil
			}
		}
	}
	for k := i; k < j; k++ {
		b, err := charBox(k)
		if err != nil {
			return nil, err
		}
		out = append(out, textChar{r: runes[k], box: b})
	}
	return out, nil
}

// pageRunes returns the page's n characters. One FPDFText_GetText call
// reads them all: every call into WebAssembly has a fixed cost that one call
// per character made the largest part of reading a text layer. When the
// text does not map one rune to one character (unmapped glyphs), it asks
// character by character.
func pageRunes(inst pdfium.Pdfium, tp references.FPDF_TEXTPAGE, n int) ([]rune, error) {
	if n == 0 {
		return nil, nil
	}
	t, err := inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: tp, StartIndex: 0, Count: n})
	if err != nil {
		return nil, corrupt("pdfium: text", err)
	}
	if rs := []rune(t.Text); len(rs) == n && !slices.Contains(rs, 0) {
		return rs, nil
	}
	rs := make([]rune, n)
	for i := range n {
		u, err := inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp, Index: i})
		if err != nil {
			return nil, corrupt("pdfium: character", err)
		}
		if u.Unicode <= math.MaxInt32 {
			rs[i] = rune(u.Unicode)
		}
	}
	return rs, nil
}

// imageScan collects what findImages learns while walking page objects.
type imageScan struct {
	inst        pdfium.Pdfium
	toDevice    affine
	pageArea    float64
	bounds      extractor.Box
	visited     int
	visibleText bool
	big         []placedImage
}

// findImages decides whether the page is a scan: an image covering most of
// it and no visible text on top (an OCR'd scan's text is invisible). Only
// then is the image's placement recorded for Image to take it out.
func findImages(inst pdfium.Pdfium, page requests.Page, toDevice affine, g *pageGeom) error {
	cr, err := inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: page})
	if err != nil {
		return corrupt("pdfium: count objects", err)
	}
	s := &imageScan{
		inst: inst, toDevice: toDevice, pageArea: g.width * g.height,
		bounds: extractor.Box{X1: g.width, Y1: g.height},
	}
	for i := 0; i < cr.Count && s.visited < maxPageObjs; i++ {
		o, err := inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: page, Index: i})
		if err != nil {
			return corrupt("pdfium: page object", err)
		}
		if err := s.visit(o.PageObject, identity, 0); err != nil {
			return err
		}
	}
	g.scan = len(s.big) > 0 && !s.visibleText
	if g.scan && len(s.big) == 1 {
		g.image = &s.big[0]
	}
	return nil
}

// visit looks at one object; toPage maps the space it lives in (the page,
// or a form XObject) to page space.
func (s *imageScan) visit(obj references.FPDF_PAGEOBJECT, toPage affine, depth int) error {
	s.visited++
	t, err := s.inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: obj})
	if err != nil {
		return corrupt("pdfium: object type", err)
	}
	switch t.Type {
	case enums.FPDF_PAGEOBJ_TEXT:
		if !s.visibleText {
			m, err := s.inst.FPDFTextObj_GetTextRenderMode(&requests.FPDFTextObj_GetTextRenderMode{PageObject: obj})
			if err != nil {
				return corrupt("pdfium: text render mode", err)
			}
			s.visibleText = m.TextRenderMode != enums.FPDF_TEXTRENDERMODE_INVISIBLE
		}
	case enums.FPDF_PAGEOBJ_IMAGE:
		return s.visitImage(obj, toPage)
	case enums.FPDF_PAGEOBJ_FORM:
		if depth >= maxFormDepth {
			return nil
		}
		m, err := s.inst.FPDFPageObj_GetMatrix(&requests.FPDFPageObj_GetMatrix{PageObject: obj})
		if err != nil {
			return corrupt("pdfium: form matrix", err)
		}
		inner := fromMatrix(m.Matrix).then(toPage)
		cr, err := s.inst.FPDFFormObj_CountObjects(&requests.FPDFFormObj_CountObjects{PageObject: obj})
		if err != nil {
			return corrupt("pdfium: form objects", err)
		}
		for i := 0; i < cr.Count && s.visited < maxPageObjs; i++ {
			child, err := s.inst.FPDFFormObj_GetObject(&requests.FPDFFormObj_GetObject{PageObject: obj, Index: uint64(i)})
			if err != nil {
				return corrupt("pdfium: form object", err)
			}
			if err := s.visit(child.PageObject, inner, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// visitImage maps the image's unit square to the displayed page. Sample
// (0, 0) sits at the unit square's (0, 1) corner; the directions in which
// columns and rows advance on the page give the orientation.
func (s *imageScan) visitImage(obj references.FPDF_PAGEOBJECT, toPage affine) error {
	m, err := s.inst.FPDFPageObj_GetMatrix(&requests.FPDFPageObj_GetMatrix{PageObject: obj})
	if err != nil {
		return corrupt("pdfium: image matrix", err)
	}
	toDev := fromMatrix(m.Matrix).then(toPage).then(s.toDevice)
	box := rectBox(toDev, 0, 0, 1, 1)
	clipped := extractor.Box{
		X0: max(box.X0, s.bounds.X0), Y0: max(box.Y0, s.bounds.Y0),
		X1: min(box.X1, s.bounds.X1), Y1: min(box.Y1, s.bounds.Y1),
	}
	if clipped.X1 <= clipped.X0 || clipped.Y1 <= clipped.Y0 ||
		(clipped.X1-clipped.X0)*(clipped.Y1-clipped.Y0) < scanCoverage*s.pageArea {
		return nil
	}
	px, err := s.inst.FPDFImageObj_GetImagePixelSize(&requests.FPDFImageObj_GetImagePixelSize{ImageObject: obj})
	if err != nil {
		return corrupt("pdfium: image size", err)
	}
	x00, y00 := toDev.apply(0, 0)
	x10, y10 := toDev.apply(1, 0)
	x01, y01 := toDev.apply(0, 1)
	o := orientationOf(x10-x00, y10-y00, x00-x01, y00-y01)
	s.big = append(s.big, placedImage{
		pixW: int(px.Width), pixH: int(px.Height), orient: o, widthPt: box.X1 - box.X0,
	})
	return nil
}

// orientationOf classifies how an image lies on the page from the device
// directions in which its columns (colX, colY) and rows (rowX, rowY)
// advance, snapping a slightly skewed placement to the nearest axis.
func orientationOf(colX, colY, rowX, rowY float64) orientation {
	colHorizontal := math.Abs(colX) >= math.Abs(colY)
	switch {
	case colHorizontal && colX >= 0 && rowY >= 0:
		return 1
	case colHorizontal && colX < 0 && rowY >= 0:
		return 2
	case colHorizontal && colX < 0:
		return 3
	case colHorizontal:
		return 4
	case colY >= 0 && rowX >= 0:
		return 5
	case colY >= 0:
		return 6
	case rowX < 0:
		return 7
	}
	return 8
}

// renderPage draws page n in grayscale at dpi, or lower if that would
// exceed the pixel limit, and copies the pixels out of WebAssembly memory.
// It returns the resolution it drew at.
func renderPage(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, n, dpi int, maxPixels int64) (*image.Gray, float64, error) {
	sz, err := inst.FPDF_GetPageSizeByIndexF(&requests.FPDF_GetPageSizeByIndexF{Document: doc, Index: n - 1})
	if err != nil {
		return nil, 0, corrupt("pdfium: page size", err)
	}
	wIn, hIn := float64(sz.Size.Width)/72, float64(sz.Size.Height)/72
	if !(wIn > 0 && hIn > 0) {
		return nil, 0, corrupt("pdfium: page size", fmt.Errorf("%gx%g inches", wIn, hIn))
	}
	if float64(dpi*dpi)*wIn*hIn > float64(maxPixels) {
		dpi = int(math.Sqrt(float64(maxPixels) / (wIn * hIn)))
	}
	if dpi < minRenderDPI {
		return nil, 0, fmt.Errorf("render: page is %.0fx%.0f inches, too big to render at %d DPI within %d pixels: %w",
			wIn, hIn, minRenderDPI, maxPixels, ErrTooLarge)
	}
	r, err := inst.RenderPageInDPI(&requests.RenderPageInDPI{
		Page:        requests.Page{ByIndex: &requests.PageByIndex{Document: doc, Index: n - 1}},
		DPI:         dpi,
		RenderFlags: enums.FPDF_RENDER_FLAG_ANNOT,
		ImageFormat: requests.RenderImageFormatGrayscale,
	})
	if err != nil {
		return nil, 0, corrupt("pdfium: render", err)
	}
	defer r.Cleanup()
	src, ok := r.Result.RenderedImage.(*image.Gray)
	if !ok {
		return nil, 0, corrupt("pdfium: render", fmt.Errorf("unexpected image type %T", r.Result.RenderedImage))
	}
	// The pixels live in WebAssembly memory that Cleanup hands back to pdfium.
	dst := image.NewGray(image.Rect(0, 0, src.Rect.Dx(), src.Rect.Dy()))
	for y := range dst.Rect.Dy() {
		copy(dst.Pix[y*dst.Stride:][:dst.Stride], src.Pix[src.PixOffset(src.Rect.Min.X, src.Rect.Min.Y+y):])
	}
	return dst, float64(dpi), nil
}
