package ocr

import (
	"context"
	"fmt"
	"image"
	"math"
	"slices"
	"strings"

	"github.com/otiai10/gosseract/v2"

	"github.com/noticescan/noticescan/extractor"
)

// Recognition is the outcome of reading one page.
type Recognition struct {
	// Words are in Tesseract's reading order; boxes are in the pixel
	// coordinates of Image and Conf is in 0..1.
	Words []extractor.Word
	// Image is the normalized page the boxes refer to: the input in gray,
	// scaled by Scale, cleaned if Denoised, rotated by -Skew, then turned
	// clockwise by Rotation.
	// Pass it to ReadLine for re-reads.
	Image *image.Gray
	// Rotation is the clockwise turn, 0, 90, 180 or 270 degrees, that was
	// applied to bring the page upright.
	Rotation int
	// Skew is the angle, in degrees counterclockwise, that the text lines
	// made with the horizontal; the page was rotated by -Skew to level them.
	// It is 0 when the angle was too small to be worth correcting.
	Skew float64
	// Scale is the resampling factor applied to reach ~300 DPI (1 for
	// pages Config.Fast reads as they are).
	Scale float64
	// DPI is the resolution of Image, from the caller's hint or the page
	// size, times Scale.
	DPI float64
	// Denoised tells that the page was strewn with dots and cleaned:
	// median-filtered when single-pixel noise covered it, which cost
	// Tesseract minutes otherwise, and rid of lone specks (fax noise,
	// dust), which Tesseract reads as punctuation or merges into letters;
	// or smoothed when its print stood out only of the paper's grain.
	// Such a page's slashed zeros also lose their slash (unslashZeros).
	Denoised bool
	// MeanConf is the mean word confidence, 0..1; 0 for a page with no words.
	MeanConf float64
	// Ink is the share of the page that is ink, 0..1, measured at ~100 DPI
	// after flattening: 0 for blank paper, a few percent for a text page.
	Ink float64
	// Coverage is the share of the page's ink inside confidently read
	// words, 0..1 (1 when there is no ink): what the reading explains.
	Coverage float64
	// Passes counts full-page recognitions: 2 when the first one looked
	// wrong and orientation detection ran, or when a page turned before
	// reading read poorly and was read as it came too (3 with the other
	// side of a quarter turn), and one more when a page lit unevenly read
	// poorly and was read with its paper flattened.
	Passes int
	// Sheet is, for a photo of a sheet, the sheet's outline in the input
	// picture's pixels; Image then shows the sheet restored to a flat page
	// (perspective corrected, light flattened) at the resolution the
	// picture gave it, before the steps above. Nil for a page read whole.
	// InputPoint maps Image's points back to the picture.
	Sheet *Quad
	sheet homography // restored page -> input picture
}

// Recognize reads a page image: it normalizes it (gray, ~300 DPI, cleaned of
// noise and specks if need be, deskewed),
// recognizes it once, and only when the result explains too little of the
// page's ink does it run Tesseract's orientation detection with a second
// recognition, keeping that one only if it reads measurably better. A page
// turned before reading that then reads poorly is read as it came too
// (readGuarded): no turn is kept that reads worse. A page lit unevenly that
// still reads poorly is read with its paper flattened. Text-shaped ink the
// reading left uncovered is then read region by region (lostLines); those
// words carry Relook. dpi is the scan resolution if known, 0 otherwise.
//
// It returns ErrTimeout when the page takes longer than Config.PageTimeout,
// ctx's error when ctx ends first, ErrEmptyImage and ErrClosed.
func (e *Engine) Recognize(ctx context.Context, img image.Image, dpi float64) (*Recognition, error) {
	if img == nil || img.Bounds().Empty() {
		return nil, ErrEmptyImage
	}
	c, err := e.acquire()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeoutCause(ctx, e.cfg.PageTimeout, ErrTimeout)
	defer cancel()

	// A photo of a sheet is read as the flat page it shows (photo.go).
	g, sheet := restorePhoto(toGray(img))
	if sheet != nil {
		dpi = sheet.dpi
	}
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	dpi = pageDPI(w, h, dpi)
	scale := pageScale(w, h, dpi, e.cfg.Fast)
	if scale != 1 {
		g = resize(g, max(1, int(math.Round(float64(w)*scale))), max(1, int(math.Round(float64(h)*scale))))
	}
	dpi *= scale
	denoised := false
	if speckle(g) > maxSpeckle {
		g, denoised = median3(g), true
	}
	if removeSpecks(g, dpi) {
		denoised = true
	}
	if err := ctx.Err(); err != nil {
		return nil, context.Cause(ctx)
	}

	ink := newInkMap(g, inkFactor(dpi))
	if ink.grainy {
		// Print that stands out only of the paper's grain (a page
		// scanned dark, gray on gray) read as nothing or as noise; the
		// grain smoothed away, it read.
		g, denoised = smooth(g, int(math.Round(dpi/150))), true
	}
	// A page on its side is deskewed as it lies: Tesseract reads vertical
	// lines, and the words' geometry later tells how to turn the page.
	skew, sideways := estimateSkew(ink)
	if math.Abs(skew) > minSkew {
		g = rotate(g, -skew)
		ink = ink.rotated(-skew)
	} else {
		skew = 0
	}
	if err := ctx.Err(); err != nil {
		return nil, context.Cause(ctx)
	}

	blankPage := float64(ink.total) < minInk*float64(ink.w*ink.h)
	// Turn the page upright before the first recognition when the letters
	// say how: reading a page on its side or upside down first costs a
	// whole wasted pass before orientation detection.
	turned, oriented := 0, false
	if !blankPage {
		q, ok := pageQuarters(g, dpi, sideways)
		if ok && q != 0 {
			g, turned = rotate90(g, q), q
			ink = ink.turned(q)
		}
		oriented = ok
	}
	if err := ctx.Err(); err != nil {
		return nil, context.Cause(ctx)
	}

	unslash := denoised && !blankPage
	if unslash {
		// On a noisy page Tesseract reads a slashed zero as 8, 9 or 6.
		unslashZeros(g, dpi)
	}
	unslashedAt := turned

	var p pass
	var passes int
	err = e.run(ctx, c, func(c *gosseract.Client) error {
		l, q, n, err := readGuarded(ctx, c, layout{g: g, ink: ink, quarters: turned}, dpi, blankPage || oriented)
		g, ink, turned, p, passes = l.g, l.ink, l.quarters, q, n
		if err != nil || blankPage {
			return err
		}
		if readingScore(p.words) < fairReading && coverage(p.words, ink) < minCoverage {
			// A picture lit unevenly (a sheet photographed on a desk of
			// about its own gray, the light falling off across both) can
			// binarize as one dark field and read as nothing at all; with
			// its paper flattened it reads. The flattened page is kept
			// only when it reads measurably better.
			g, p, n, err = readFlattened(ctx, c, g, dpi, ink, p)
			passes += n
			if err != nil {
				return err
			}
			l.g = g
		}
		// The second look reads upright lines: a card on a sheet
		// photographed on its side lost its every line to the page
		// layout, and was left unread while the page was read turned.
		l, p = upright(l, p)
		g, ink, turned = l.g, l.ink, l.quarters
		// Text the page's layout left out is read region by region, and
		// so is text it garbled past any digit at almost no confidence
		// (see garbledWord): on a cleaned page, where specks read so too,
		// only such words over two lines high.
		mh, _ := medianHeight(p.words)
		hidden := func(w word) bool {
			return garbledWord(w) && (!denoised || w.Box.Y1-w.Box.Y0 > 2*mh)
		}
		cover := slices.DeleteFunc(slices.Clone(p.words), hidden)
		lost := lostLines(cover, l.ink, dpi)
		if len(lost) == 0 {
			return nil
		}
		extra, err := readLost(ctx, c, g, lost, dpi)
		if err != nil {
			return err
		}
		var again []word
		p.words, again = rebox(p.words, unseen(extra, cover))
		again = garbledAgain(again, p.words, hidden)
		p.words = append(dropCovered(p.words, again, hidden), again...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	e.pages++

	r := &Recognition{
		Words:    make([]extractor.Word, len(p.words)),
		Image:    rotate90(g, p.quarters),
		Rotation: 90 * ((turned + p.quarters) % 4),
		Skew:     skew,
		Scale:    scale,
		DPI:      dpi,
		Denoised: denoised,
		Passes:   passes,
		Ink:      float64(ink.total) / float64(ink.w*ink.h),
		// The words are still in the coordinates of g, which the ink map
		// follows.
		Coverage: coverage(p.words, ink),
	}
	if unslash && (turned+p.quarters)%4 != unslashedAt {
		// The reading turned the page: its zeros lay on their side when
		// they were looked at, and kept their slash. The re-reads see
		// them upright, unslashed.
		unslashZeros(r.Image, dpi)
	}
	if sheet != nil {
		r.Sheet, r.sheet = &sheet.quad, sheet.page
	}
	sum := 0.0
	for i, wd := range p.words {
		wd.Box = rotateBox(wd.Box, p.quarters, float64(g.Bounds().Dx()), float64(g.Bounds().Dy()))
		r.Words[i] = wd.Word
		if strings.ContainsAny(wd.Text, "0123456789") {
			r.Words[i].Glyphs = Glyphs(r.Image, wd.Box)
		}
		sum += wd.Conf
	}
	if len(r.Words) > 0 {
		r.MeanConf = sum / float64(len(r.Words))
	}
	return r, nil
}

// readFlattened reads g once more with its paper flattened when the paper
// is uneven (see unevenPage), and returns the page and the pass to keep,
// the flattened ones only when they read better than p by betterReading
// and in confident characters, with the number of recognitions run.
func readFlattened(ctx context.Context, c *gosseract.Client, g *image.Gray, dpi float64, ink *inkMap, p pass) (*image.Gray, pass, int, error) {
	paper := paperLevels(g, dpi)
	if !unevenPage(paper) {
		return g, p, 0, nil
	}
	flat := flattenPaper(g, paper, dpi)
	fp, n, err := readPage(ctx, c, encodeTIFF(flat), dpi, ink, true)
	if err != nil {
		return g, p, n, err
	}
	if confidentChars(fp.words) > confidentChars(p.words) && readingScore(fp.words) > readingScore(p.words)+betterReading {
		return flat, fp, n, nil
	}
	return g, p, n, nil
}

// upright brings a reading whose words lie turned (Tesseract read the page
// along its vertical lines) upright, with its page and ink map.
func upright(l layout, p pass) (layout, pass) {
	if p.quarters == 0 {
		return l, p
	}
	w, h := float64(l.g.Bounds().Dx()), float64(l.g.Bounds().Dy())
	for i := range p.words {
		p.words[i].Box = rotateBox(p.words[i].Box, p.quarters, w, h)
	}
	l = l.turnedBy(p.quarters)
	p.quarters = 0
	return l, p
}

// readPage runs in the handle's goroutine. It returns the pass to keep and
// the number of recognitions run. Orientation detection runs only when
// the first reading explains too little of the page's ink and nothing
// settled the orientation before it (upright): blank pages have none, and
// a page whose letters told Leptonica which way is up reads poorly for
// other reasons (noise, faint print) that a second pass does not fix.
func readPage(ctx context.Context, c *gosseract.Client, data []byte, dpi float64, ink *inkMap, upright bool) (pass, int, error) {
	if err := c.SetImageFromBytes(data); err != nil {
		return pass{}, 0, fmt.Errorf("recognize: set image: %v", err)
	}
	if err := setDPI(c, dpi); err != nil {
		return pass{}, 0, fmt.Errorf("recognize: %v", err)
	}
	first, err := readWords(c, gosseract.PSM_AUTO)
	if err != nil {
		return pass{}, 1, err
	}
	if upright || coverage(first.words, ink) >= minCoverage {
		return first, 1, nil
	}
	if err := ctx.Err(); err != nil {
		return pass{}, 1, err // abandoned: do not start another full pass
	}
	// PSM_AUTO_OSD detects the orientation (osd.traineddata) and reads the
	// page along it in one pass, so the detection costs no extra
	// recognition. OSD turns some upright pages upside down, hence the guard.
	second, err := readWords(c, gosseract.PSM_AUTO_OSD)
	if err != nil {
		return pass{}, 2, err
	}
	// The page as it came wins unless the second reading is measurably
	// better, in words as well as in confident characters.
	if confidentChars(second.words) > confidentChars(first.words) &&
		readingScore(second.words) > readingScore(first.words)+betterReading {
		return second, 2, nil
	}
	return first, 2, nil
}

// readWords recognizes the image set on c once, at word level.
func readWords(c *gosseract.Client, psm gosseract.PageSegMode) (pass, error) {
	if err := c.SetPageSegMode(psm); err != nil {
		return pass{}, fmt.Errorf("recognize: %v", err)
	}
	boxes, err := c.GetBoundingBoxesVerbose()
	// Leave the handle in page mode whatever happens, for the next caller.
	_ = c.SetPageSegMode(gosseract.PSM_AUTO)
	if err != nil {
		return pass{}, fmt.Errorf("recognize: %v", err)
	}
	p := pass{words: make([]word, 0, len(boxes))}
	for _, b := range boxes {
		// Tesseract reports picture regions as blank "words" with high
		// confidence; they are not text and would pass for read ink.
		text := strings.TrimSpace(b.Word)
		if text == "" {
			continue
		}
		p.words = append(p.words, word{
			Word: extractor.Word{
				Text: text,
				Box: extractor.Box{
					X0: float64(b.Box.Min.X), Y0: float64(b.Box.Min.Y),
					X1: float64(b.Box.Max.X), Y1: float64(b.Box.Max.Y),
				},
				Conf: math.Max(0, math.Min(1, b.Confidence/100)),
			},
			block: b.BlockNum, par: b.ParNum, line: b.LineNum,
		})
	}
	p.quarters = readingQuarters(p.words)
	return p, nil
}
