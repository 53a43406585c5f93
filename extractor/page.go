package extractor

// Box is an axis-aligned rectangle in page units: pixels for OCR'd images,
// points for PDF text layers. The origin is the top-left corner and Y grows
// downward, so both sources compare the same way.
type Box struct {
	X0 float64 `json:"x0"`
	Y0 float64 `json:"y0"`
	X1 float64 `json:"x1"`
	Y1 float64 `json:"y1"`
}

// Source says where a page's words came from.
type Source string

// Sources of page text.
const (
	SourceTextLayer Source = "text_layer"
	SourceOCR       Source = "ocr"
)

// Word is one word of page text with its box and recognition confidence.
type Word struct {
	Text string `json:"text"`
	Box  Box    `json:"box"`
	// Conf is the recognizer's confidence in 0..1; text-layer words are 1.
	Conf float64 `json:"conf"`
	// Relook marks a word read in a second look at text the page's layout
	// left out. Such text is the poorest on the page: its words may give
	// a label its value, but never stand as an identifier on their own.
	Relook bool `json:"relook,omitempty"`
	// Glyphs are the word's letters and digits as the image shows them,
	// left to right, for a word that holds digits (OCR pages only; see
	// Glyph). Words of a value whose glyphs and characters do not pair off
	// are read as they are.
	Glyphs []Glyph `json:"glyphs,omitempty"`
}

// Page is the input to extraction: the words of one page, in any order.
// Reading order is not trusted; lines and cells are rebuilt from geometry.
type Page struct {
	// Number is 1-based.
	Number int     `json:"number"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
	Source Source  `json:"source"`
	Words  []Word  `json:"words"`
}
