package ocr

import (
	"context"
	"image"
	"slices"
	"strings"
	"unicode"

	"github.com/otiai10/gosseract/v2"
)

// fairReading is the readingScore at or above which a reading is taken as
// it is. Upright notices, even noisy scans, score 0.6 and more; a page read
// upside down or on the wrong side scores under 0.3, its words short
// scraps of low confidence.
const fairReading = 0.5

// betterReading is the margin by which a turned reading must beat the page
// as it lay to be kept: a turn that reads about as well is no evidence the
// page was turned, and reading it upright loses nothing.
const betterReading = 0.05

// readingScore grades a reading, 0..1: each letter or digit counts its
// word's confidence when the word is well formed (a word a dictionary could
// hold, or a number), nothing otherwise, over all letters and digits read.
// A page read in the wrong orientation yields confident scraps mixed with
// garbage, so confidence alone does not tell it from a noisy scan.
func readingScore(ws []word) float64 {
	var good, all float64
	for _, w := range ws {
		n := alnum(w.Text)
		all += float64(n)
		if n > 0 && wellFormed(w.Text) {
			good += w.Conf * float64(n)
		}
	}
	if all == 0 {
		return 0
	}
	return good / all
}

// alnum counts the letters and digits of s.
func alnum(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

// wellFormed tells whether text, without the punctuation around it, looks
// like a word or a number as notices print them: ASCII letters with a
// vowel in one case or capitalized (I-797C, Receipt, USCIS), digits with
// separators (03/14/2021, 1234), or letters then digits (EAC2190012345,
// A123456789). Upside-down print reads as mixed case, stray symbols and
// letters glued to digits in any order.
func wellFormed(text string) bool {
	t := strings.TrimFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(t) == 0 {
		return false
	}
	// Hyphenated forms and dates are judged part by part.
	for _, part := range strings.FieldsFunc(t, func(r rune) bool { return r == '-' || r == '/' || r == '.' || r == ',' || r == '\'' }) {
		if !wellFormedPart(part) {
			return false
		}
	}
	return true
}

// wellFormedPart judges one run of text with no separators in it.
func wellFormedPart(s string) bool {
	i := 0
	for i < len(s) && isASCIILetter(s[i]) {
		i++
	}
	letters, digits := s[:i], s[i:]
	for j := 0; j < len(digits); j++ {
		if digits[j] < '0' || digits[j] > '9' {
			return false
		}
	}
	switch {
	case letters == "":
		return true
	case digits != "":
		// A prefix before a number: a receipt's office, an A-Number's A,
		// a form's letter.
		return len(letters) <= 3 && strings.ToUpper(letters) == letters
	case len(letters) == 1:
		return true
	}
	if !strings.ContainsAny(letters, "aeiouyAEIOUY") {
		// Upper-case abbreviations (DHS, NVC) are well formed; lower-case
		// runs without a vowel are not English.
		return strings.ToUpper(letters) == letters && len(letters) <= 5
	}
	rest := letters[1:]
	return strings.ToLower(rest) == rest || strings.ToUpper(letters) == letters
}

func isASCIILetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// layout is a page ready to read: its pixels, its ink map and the
// clockwise quarter turns already applied to the page as it came.
type layout struct {
	g        *image.Gray
	ink      *inkMap
	quarters int
}

// turnedBy returns l turned q more clockwise quarters.
func (l layout) turnedBy(q int) layout {
	q = (q%4 + 4) % 4
	if q == 0 {
		return l
	}
	return layout{g: rotate90(l.g, q), ink: l.ink.turned(q), quarters: (l.quarters + q) % 4}
}

// readGuarded reads l with readPage and makes sure that a turn applied
// before the reading never leaves the page worse than it came: when the
// turned page reads poorly, the page is read as it came too, and, for a
// quarter turn, turned the other way; a turn is kept only if it reads
// better by betterReading. A page not turned that reads poorly is read
// turned over as well. Pages that read well cost nothing more. It returns
// the layout read, the pass to keep and the number of recognitions run.
func readGuarded(ctx context.Context, c *gosseract.Client, l layout, dpi float64, upright bool) (layout, pass, int, error) {
	p, passes, err := readPage(ctx, c, encodeTIFF(l.g), dpi, l.ink, upright)
	if err != nil {
		return l, p, passes, err
	}
	score := readingScore(p.words)
	if score >= fairReading {
		return l, p, passes, nil
	}
	// Turns relative to the page as read first: back to the page as it
	// came, then the other side.
	alternatives := []int{-l.quarters}
	if l.quarters%2 == 1 {
		alternatives = append(alternatives, 2)
	}
	if l.quarters == 0 {
		// A page left as it came that reads poorly may lie upside down
		// after all: on a heavy scan, noise, blur and stains make strokes
		// of their own, and the ascender test took an upside-down page for
		// upright, so no orientation detection ran and the page read as
		// nothing; orientation detection, when it ran, read it no better.
		// It is read turned over once, unless its words lie turned or
		// it read no letter at all (a blank page).
		if p.quarters != 0 || !slices.ContainsFunc(p.words, func(w word) bool { return alnum(w.Text) > 0 }) {
			return l, p, passes, nil
		}
		alternatives = []int{2}
	}
	// The page as it came, when it was turned, is the first alternative.
	back := l.quarters != 0
	first := l
	for i, q := range alternatives {
		if err := ctx.Err(); err != nil {
			return l, p, passes, err
		}
		alt := first.turnedBy(q)
		ap, n, err := readPage(ctx, c, encodeTIFF(alt.g), dpi, alt.ink, true)
		passes += n
		if err != nil {
			return l, p, passes, err
		}
		s := readingScore(ap.words)
		// The page as it came (the first alternative) wins ties; another
		// turn must earn its place.
		asItCame := back && i == 0
		if asItCame && s+betterReading > score || !asItCame && s > score+betterReading {
			l, p, score = alt, ap, s
		}
		if score >= fairReading {
			break
		}
	}
	return l, p, passes, nil
}

// pageQuarters is textQuarters made safe from what surrounds a sheet: a
// turn is taken only if the page with its shading flattened out asks for
// the same one. The desk around a photographed sheet, its shadow and a
// lighting gradient make strokes of their own that the ascender test
// reads as letters turned; flattening turns them to paper. Only pages the
// first test would turn pay for the second, and a page left unturned is
// still read in whatever orientation its reading shows.
func pageQuarters(g *image.Gray, dpi float64, sideways bool) (quarters int, ok bool) {
	q, ok := textQuarters(g, inkThreshold(g), dpi, sideways)
	if !ok || q == 0 {
		return q, ok
	}
	flat := flatten(g, dpi)
	if fq, fok := textQuarters(flat, inkThreshold(flat), dpi, sideways); !fok || fq != q {
		return 0, false
	}
	return q, true
}
