package ocr

import (
	"context"
	"fmt"
	"image"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/otiai10/gosseract/v2"

	"github.com/noticescan/noticescan/extractor"
)

// maxLineHeight caps the height, in pixels, of an upscaled crop.
const maxLineHeight = 480

// lineSeparators are the characters a whitelisted re-read always allows.
const lineSeparators = "-.,"

// bestSuffix ends the variant name of a reading made with the re-read
// model.
const bestSuffix = "/best"

// bandSuffix ends the variant name of a reading of the crop's middle line
// alone (see lineBand).
const bandSuffix = "+band"

// flatSuffix ends the variant name of a reading of the crop with its paper
// flattened (see flatLine).
const flatSuffix = "+flat"

// lineVariant is one image treatment tried by ReadLine.
type lineVariant struct {
	name  string
	scale int
	otsu  bool
}

// lineVariants are ordered best first: on degraded notices 3× with Otsu
// binarization was the best single treatment; the others give a vote
// something to work with when it fails. Crops are upscaled by scale, or less
// when that would make them taller than maxLineHeight.
//
// With the re-read model (best), every variant is read with it and named
// so: on harsh generated scans that beat reading two variants with each
// model and reading all four with both.
func lineVariants(best bool) []lineVariant {
	vs := []lineVariant{
		{"3x-otsu", 3, true},
		{"3x", 3, false},
		{"2x-otsu", 2, true},
		{"2x", 2, false},
	}
	if best {
		for i := range vs {
			vs[i].name += bestSuffix
		}
	}
	return vs
}

// ReadLine re-reads one region of a normalized page (Recognition.Image) as a
// single text line, restricted to the characters in charset ("" allows
// all). It returns one Reading per image variant, in the order of
// lineVariants, including empty readings, so the caller can vote: read with
// the page's model, then with the re-read model when it is installed. The
// handle's page settings are restored afterwards.
//
// It returns ErrRegion when region misses img, ErrTimeout when the call
// takes longer than Config.PageTimeout, and ctx's error when ctx ends first.
func (e *Engine) ReadLine(ctx context.Context, img *image.Gray, region extractor.Box, charset string) ([]extractor.Reading, error) {
	page, err := e.readLine(ctx, img, region, charset, false, nil)
	if err != nil {
		return nil, err
	}
	// Both models vote: each misreads now and then with all its variants
	// agreeing (the re-read model read a 9 as 8 where the page model's
	// variants disagreed), and they seldom misread alike.
	best, err := e.readLine(ctx, img, region, charset, true, nil)
	if err != nil {
		return nil, err
	}
	return append(page, best...), nil
}

// CheckLine is ReadLine with the page's model only, for checking a value the
// page already gave. The re-read model reads more values the page missed,
// but misreads a few with all its variants agreeing and sure (a 9 as 0),
// which turned right first readings wrong; the page model's variants
// disagree when they misread.
func (e *Engine) CheckLine(ctx context.Context, img *image.Gray, region extractor.Box, charset string) ([]extractor.Reading, error) {
	return e.readLine(ctx, img, region, charset, false, nil)
}

// SecondLook is ReadLine with the re-read model only, for a check whose
// page-model readings left it unsettled (extractor.Slot.WantsSecondModel).
// It returns no readings when the re-read model is not installed.
func (e *Engine) SecondLook(ctx context.Context, img *image.Gray, region extractor.Box, charset string) ([]extractor.Reading, error) {
	return e.readLine(ctx, img, region, charset, true, nil)
}

// ConfirmLine is CheckLine for a value the page read with confidence: it
// reads the variants in order and stops after the first reading confirm
// accepts, so a value the first variant repeats costs one reading, and
// only one no variant repeats costs them all. Every value a page reads is
// checked, so this keeps the check's cost off right values.
func (e *Engine) ConfirmLine(ctx context.Context, img *image.Gray, region extractor.Box, charset string, confirm func(extractor.Reading) bool) ([]extractor.Reading, error) {
	return e.readLine(ctx, img, region, charset, false, confirm)
}

// readLine reads the variants of one region; with stop set, it returns
// after the first reading stop accepts.
func (e *Engine) readLine(ctx context.Context, img *image.Gray, region extractor.Box, charset string, best bool, stop func(extractor.Reading) bool) ([]extractor.Reading, error) {
	if img == nil || img.Bounds().Empty() {
		return nil, ErrEmptyImage
	}
	crop, err := cropLine(img, region)
	if err != nil {
		return nil, err
	}
	if !strings.ContainsFunc(charset, unicode.IsLower) {
		// A value's crop: a caption's has the dots of its i's and colons.
		crop = clearSpecks(crop)
	}
	if e.closed {
		return nil, ErrClosed
	}
	// The handle is loaded before the time limit starts: loading a model
	// is not the line's fault.
	var c *gosseract.Client
	if best {
		if c = e.lineClient(); c == nil {
			return nil, nil
		}
	}
	vs := lineVariants(best)
	if c == nil {
		if c, err = e.acquire(); err != nil {
			return nil, err
		}
	}
	ctx, cancel := context.WithTimeoutCause(ctx, e.cfg.PageTimeout, ErrTimeout)
	defer cancel()

	// band is the crop with only its middle line kept, read when a
	// variant of the whole crop reads (next to) nothing.
	band, hasBand := lineBand(crop)
	// flat is the crop with its paper flattened (see flatLine), made the
	// first time a reading of (next to) nothing needs it.
	var flat *image.Gray
	flatDone, hasFlat := false, false
	// Tesseract 5's LSTM decoder, given a whitelist without the space, runs a
	// spaced value into one word and scores it 0; with the space it keeps the
	// groups apart and reports real confidences.
	if charset != "" && !strings.ContainsRune(charset, ' ') {
		charset += " "
	}
	// It also scores 0 a word any of whose characters it would rather
	// read outside the whitelist: a hyphen between printed groups, or a
	// speck beside the value read as a dot or comma, was enough to give a
	// clean, right value 0. Those separators are let through; the slot
	// rules skip them as they do on the page.
	if charset != "" {
		for _, r := range lineSeparators {
			if !strings.ContainsRune(charset, r) {
				charset += string(r)
			}
		}
	}
	out := make([]extractor.Reading, 0, len(vs))
	err = e.run(ctx, c, func(c *gosseract.Client) error {
		// Restore page mode even on error: the next Recognize expects it.
		defer func() {
			_ = c.SetPageSegMode(gosseract.PSM_AUTO)
			_ = c.SetWhitelist("")
		}()
		if err := c.SetWhitelist(charset); err != nil {
			return fmt.Errorf("read line: %v", err)
		}
		for _, v := range vs {
			if err := ctx.Err(); err != nil {
				return err
			}
			// A tall region (a whole cell rather than a line) gains nothing
			// from upscaling and would cost memory and time.
			scale := max(1, min(float64(v.scale), maxLineHeight/float64(crop.Bounds().Dy())))
			r, err := readLineImage(c, lineImage(crop, scale, v), scale)
			if err != nil {
				return fmt.Errorf("read line %s: %v", v.name, err)
			}
			r.Variant = v.name
			// A reading too short for any identifier is made again of
			// the crop's band alone, and one of (next to) nothing then of
			// the crop with its paper flattened.
			again := func(img *image.Gray, suffix string) (extractor.Reading, error) {
				r, err := readLineImage(c, lineImage(img, scale, v), scale)
				if err != nil {
					return r, fmt.Errorf("read line %s: %v", v.name, err)
				}
				base, model := strings.CutSuffix(v.name, bestSuffix)
				r.Variant = base + suffix
				if model {
					r.Variant += bestSuffix
				}
				return r, nil
			}
			if hasBand && tooShort(r.Text, charset) {
				b, err := again(band, bandSuffix)
				if err != nil {
					return err
				}
				// The band's reading stands if it read more: it lost a
				// glyph the whole crop had now and then.
				if nearlyEmpty(r.Text, charset) || alnum(b.Text) > alnum(r.Text) {
					r = b
				}
			}
			if nearlyEmpty(r.Text, charset) && !flatDone {
				flat, hasFlat = flatLine(crop)
				flatDone = true
			}
			if hasFlat && nearlyEmpty(r.Text, charset) {
				if r, err = again(flat, flatSuffix); err != nil {
					return err
				}
			}
			out = append(out, r)
			if stop != nil && stop(r) {
				return nil
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if c == e.line {
		e.lineCalls++
	}
	return out, nil
}

// nearlyEmpty reports an empty reading or, when digits are read for (the
// charset allows them), one with fewer than three letters and digits: no
// identifier is that short, so it read noise. A caption ("A#") may be.
func nearlyEmpty(s, charset string) bool {
	if s == "" {
		return true
	}
	if charset != "" && !strings.ContainsAny(charset, "0123456789") {
		return false
	}
	return alnum(s) < 3
}

// shortestValue is the fewest letters and digits of a whole identifier
// read with its letters: an A and seven digits. An A-Number printed
// without its A has seven; its band is read as well, and kept only if it
// reads more.
const shortestValue = 8

// tooShort reports a reading of a value's crop (a whitelist with digits)
// shorter than any identifier, or a caption's reading of (next to)
// nothing. A form's cell crop that caught the label line above and the
// next caption below read "A 250" or ", A 2585 ." in every variant, both
// recognizers alike: a few glyphs of the lines at its edges, more than
// nothing, where the value's line alone read right in all eight. On six
// harsh sets generated after this was written, 4 values more were read
// and 1 lost (its band lost the last digit in two variants, which then
// counted as a crop cut short), 5 wrong values fewer, none more; on six
// generated later, nothing changed.
func tooShort(s, charset string) bool {
	if charset == "" || !strings.ContainsAny(charset, "0123456789") {
		return nearlyEmpty(s, charset)
	}
	return alnum(s) < shortestValue
}

// lineImage is one variant of a line crop as Tesseract is given it:
// upscaled by s, binarized if the variant says so, in a quiet border.
func lineImage(crop *image.Gray, s float64, v lineVariant) []byte {
	up := resize(crop, int(math.Round(float64(crop.Bounds().Dx())*s)), int(math.Round(float64(crop.Bounds().Dy())*s)))
	if v.otsu {
		up = binarize(up)
	}
	unslashZeros(up, targetDPI*s)
	return encodeTIFF(pad(up, 10*v.scale))
}

// readLineImage reads one encoded line image at the resolution its scale
// gives it.
func readLineImage(c *gosseract.Client, img []byte, scale float64) (extractor.Reading, error) {
	if err := c.SetImageFromBytes(img); err != nil {
		return extractor.Reading{}, fmt.Errorf("set image: %v", err)
	}
	if err := setDPI(c, targetDPI*scale); err != nil {
		return extractor.Reading{}, err
	}
	if err := c.SetPageSegMode(gosseract.PSM_SINGLE_LINE); err != nil {
		return extractor.Reading{}, err
	}
	boxes, err := c.GetBoundingBoxesVerbose()
	if err != nil {
		return extractor.Reading{}, err
	}
	texts := make([]string, 0, len(boxes))
	sum := 0.0
	for _, b := range boxes {
		if t := strings.TrimSpace(b.Word); t != "" {
			texts = append(texts, t)
			sum += b.Confidence / 100
		}
	}
	r := extractor.Reading{Text: strings.Join(texts, " ")}
	if len(texts) > 0 {
		r.Conf = math.Max(0, math.Min(1, sum/float64(len(texts))))
	}
	return r, nil
}

// cropLine cuts region out of img with a margin: boxes from the first pass
// hug the ink, and Tesseract needs some background around a line to find
// its baseline. The margin is relative to the line height, so it holds at
// any resolution, and kept small vertically so neighbouring lines stay out.
// A crop whose paper is uneven is flattened: under a stain or shading, one
// threshold for the whole crop, Tesseract's or a variant's, takes the
// darkened paper for ink or faint print for paper, and every variant read
// nothing.
func cropLine(img *image.Gray, region extractor.Box) (*image.Gray, error) {
	h := region.Y1 - region.Y0
	if h <= 0 || region.X1 <= region.X0 {
		return nil, ErrRegion
	}
	mx, my := math.Max(6, 0.4*h), math.Max(3, 0.15*h)
	r := image.Rect(
		int(math.Floor(region.X0-mx)), int(math.Floor(region.Y0-my)),
		int(math.Ceil(region.X1+mx)), int(math.Ceil(region.Y1+my)),
	).Intersect(img.Bounds())
	if r.Dx() < 2 || r.Dy() < 2 {
		return nil, ErrRegion
	}
	crop := toGray(img.SubImage(r))
	if paper := paperLevels(crop, targetDPI); unevenPaper(paper) {
		crop = flattenPaper(crop, paper, targetDPI)
	}
	return clearRules(crop), nil
}

// Specks in a value's crop: dots of fax noise, free of the glyphs but
// closer to them than a page's specks may lie (see removeSpecks), where
// Tesseract reads them as marks run into the digits. A value has no dot
// of its own: its whitelist has no lower-case letter, and a dash is
// wider than a speck. On six harsh sets generated after it was written,
// 16 values more were read and 5 lost, 8 wrong values fewer and 5 more.
const (
	// lineSpeck is the largest speck, both ways, in pixels at targetDPI:
	// a fax dot of up to 3×2 pixels at 200 DPI, rows doubled.
	lineSpeck = 5
	// lineSpeckArea is the most ink in one.
	lineSpeckArea = 20
	// minLineSpecks is the fewest specks that make a crop worth cleaning:
	// a clean crop is left as it was.
	minLineSpecks = 3
)

// clearSpecks paints the specks of crop with its paper's gray when it
// holds at least minLineSpecks of them.
func clearSpecks(crop *image.Gray) *image.Gray {
	th := inkThreshold(crop)
	cs := findComponents(crop, th)
	speck := make([]bool, len(cs.comps))
	n := 0
	for id, c := range cs.comps {
		if c.area <= lineSpeckArea && c.x1-c.x0 <= lineSpeck && c.y1-c.y0 <= lineSpeck {
			speck[id] = true
			n++
		}
	}
	if n < minLineSpecks {
		return crop
	}
	// Only the specks' own pixels and the fringe around them lighter
	// than ink (a resampled dot's): a glyph's corner may lie in a speck's
	// box.
	paper := paperLevel(crop, th)
	cs.around(speck, func(x, y int, own bool) {
		if px := &crop.Pix[y*crop.Stride+x]; own || *px > th {
			*px = max(*px, paper)
		}
	})
	return crop
}

// flatLine is crop with its paper flattened (see flattenPaper), for a
// second reading when a variant of the crop and of its band read (next
// to) nothing; false when the paper is even enough that flattening
// changes little. A shadow's edge across a value (paper at 186 on its
// left, 226 on its right) is under unevenPaper's spread, so the crop was
// not flattened first, yet Tesseract's threshold blacked out the
// shadowed half and every variant read nothing; the crop flattened read
// right in all four.
func flatLine(crop *image.Gray) (*image.Gray, bool) {
	paper := paperLevels(crop, targetDPI)
	if len(paper) == 0 || float64(slices.Min(paper)) >= flatLineBelow*float64(slices.Max(paper)) {
		return nil, false
	}
	return flattenPaper(crop, paper, targetDPI), true
}

// flatLineBelow is the ratio of a crop's palest paper to its brightest
// under which a second reading of it flattened is worth its cost.
const flatLineBelow = 0.9

// unevenPaper reports paper levels (see paperLevels) that differ by more
// than a stain's worth across a crop. Even paper is left as it is:
// flattening it gained nothing and made clean values read at no
// confidence now and then.
func unevenPaper(paper []int32) bool {
	if len(paper) == 0 {
		return false
	}
	return float64(slices.Min(paper)) < 0.8*float64(slices.Max(paper))
}

// pad surrounds g with a border of n pixels of its paper's shade, the
// quiet zone Tesseract's line recognizer expects. A white border around
// gray paper gave Tesseract's threshold three levels to split, and it
// split the paper from the border: "USCIS ONLI" on a dull scan, left out
// by the page's layout, read as nothing, though the crop alone read right.
func pad(g *image.Gray, n int) *image.Gray {
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	paper := uint8(255)
	if w > 0 && h > 0 {
		paper = paperLevel(g, otsu(g.Pix))
	}
	out := image.NewGray(image.Rect(0, 0, w+2*n, h+2*n))
	for i := range out.Pix {
		out.Pix[i] = paper
	}
	for y := 0; y < h; y++ {
		copy(out.Pix[(y+n)*out.Stride+n:], g.Pix[y*g.Stride:y*g.Stride+w])
	}
	return out
}
