package document

import (
	"strings"
	"unicode"

	"github.com/noticescan/noticescan/extractor"
)

// textChar is one character of a PDF text layer with its box in top-left
// page points. Separators (spaces, line breaks) carry no box.
type textChar struct {
	r   rune
	box extractor.Box
}

// Word-break tuning, in units of the line height: a gap wider than
// gapFactor ends a word even without a space character (table cells are
// often placed apart with no space between them), and so does a step back
// against the writing direction or off the current line.
const (
	gapFactor     = 0.3
	backFactor    = 0.5
	overlapFactor = 0.5
)

// groupWords joins characters into words, splitting on separators and on
// geometry. Characters come in content-stream order, which is reading order
// within a run of text but not across runs.
func groupWords(chars []textChar) []extractor.Word {
	var (
		words []extractor.Word
		text  strings.Builder
		box   extractor.Box
		last  extractor.Box
		open  bool
	)
	flush := func() {
		if open && text.Len() > 0 {
			words = append(words, extractor.Word{Text: text.String(), Box: box, Conf: 1})
		}
		text.Reset()
		open = false
	}
	for _, c := range chars {
		if isSeparator(c.r) {
			flush()
			continue
		}
		if open && !adjacent(last, c.box) {
			flush()
		}
		if !open {
			box, open = c.box, true
		} else {
			box = union(box, c.box)
		}
		text.WriteString(expandLigature(c.r))
		last = c.box
	}
	flush()
	return words
}

// adjacent reports whether b continues the word whose last character is
// last: next along the same line, left to right or, for text shown turned a
// quarter (a rotated page), top to bottom or bottom to top.
func adjacent(last, b extractor.Box) bool {
	return follows(last.X0, last.X1, last.Y0, last.Y1, b.X0, b.X1, b.Y0, b.Y1, false) ||
		follows(last.Y0, last.Y1, last.X0, last.X1, b.Y0, b.Y1, b.X0, b.X1, false) ||
		follows(last.Y0, last.Y1, last.X0, last.X1, b.Y0, b.Y1, b.X0, b.X1, true)
}

// follows checks one writing direction: a0..a1 is the extent along the
// line, c0..c1 across it (the line height). reverse runs from high a to low.
func follows(a0, a1, c0, c1, b0, b1, d0, d1 float64, reverse bool) bool {
	h := min(c1-c0, d1-d0)
	if h <= 0 {
		return true // no geometry to judge by; trust the character order
	}
	if min(c1, d1)-max(c0, d0) < overlapFactor*h { // another line
		return false
	}
	gap, back := b0-a1, a0-b1
	if reverse {
		gap, back = a0-b1, b0-a1
	}
	return gap <= gapFactor*h && back <= backFactor*h
}

func union(a, b extractor.Box) extractor.Box {
	return extractor.Box{X0: min(a.X0, b.X0), Y0: min(a.Y0, b.Y0), X1: max(a.X1, b.X1), Y1: max(a.Y1, b.Y1)}
}

// isSeparator reports characters that end a word: white space and control
// characters, which pdfium uses for some line breaks and line-end hyphens.
func isSeparator(r rune) bool {
	return r != 0 && (unicode.IsSpace(r) || unicode.IsControl(r) || r == 0xFFFE || r == 0xFFFF)
}

// expandLigature spells out typographic ligatures so "ﬁle" matches "file".
// A glyph pdfium cannot map to Unicode (0) becomes U+FFFD, so the word shows
// it is unreadable rather than silently losing a character.
func expandLigature(r rune) string {
	switch r {
	case 0:
		return string(unicode.ReplacementChar)
	case 'ﬀ':
		return "ff"
	case 'ﬁ':
		return "fi"
	case 'ﬂ':
		return "fl"
	case 'ﬃ':
		return "ffi"
	case 'ﬄ':
		return "ffl"
	case 'ﬅ', 'ﬆ':
		return "st"
	}
	return string(r)
}

// unreadable reports a text layer made mostly of unmappable glyphs (fonts
// without a Unicode map): it is noise, and the page needs OCR instead.
func unreadable(words []extractor.Word) bool {
	var bad, all int
	for _, w := range words {
		for _, r := range w.Text {
			all++
			if r == unicode.ReplacementChar {
				bad++
			}
		}
	}
	return bad*2 > all
}
