package extractor

// Slot is a place where a labeled identifier should be but no valid value
// was read in the page's first recognition. The caller re-reads Region in
// the page image (OCR pages only) and hands the readings to Resolve.
type Slot struct {
	Kind Kind `json:"kind"`
	Page int  `json:"page"`
	// Label is the label text that announced the value.
	Label    string `json:"label"`
	LabelBox Box    `json:"label_box"`
	// Region is where the value is expected, in page units: one line high,
	// to the right of the label or in the cell below it.
	Region Box `json:"region"`
	// Charset is the whitelist to use when re-reading the slot.
	Charset string `json:"charset"`
	// Current is the value the first pass read here, when the slot is a
	// check of a doubtful reading rather than a missing value.
	Current string `json:"current,omitempty"`

	source  Source
	quality float64
	// shaped marks the slot of a weak A-Number label ("A" with its #
	// lost), or of a stray: a re-read is its value only when printed as
	// an A-Number is, as the label's first-pass value had to be (see
	// parseFor); a ZIP+4 code is not.
	shaped bool
	// bare marks the place of a stray (see strayReads): no label
	// announced it, so a re-read is a value only as an unlabeled one is,
	// an A-Number with its A printed and nothing repaired, and an
	// unread one is left to the stray's own warning.
	bare bool
	// digits counts the digits (and their look-alikes) the first pass
	// read for Current. A re-read with fewer dropped one: an A-Number
	// read as 8 digits would otherwise validate, zero-padded, as another.
	digits int
	// conf is the mean word confidence of the first reading of Current:
	// a re-read replaces it only when its agreeing variants are surer.
	conf float64
	// sure marks a check of a first reading Tesseract was sure of, with
	// nothing repaired: it is disputed only when no re-read repeats it.
	sure bool
	// glyphs are the first reading's glyphs, one per character of
	// Current, nil where unknown (see valueGlyphs).
	glyphs []*Glyph
	// shapedFrom is the value as read when its glyphs put digits back in
	// it (see shapeRepair), and empty otherwise.
	shapedFrom string
	// seen is what the first pass read where the value belongs, when it
	// read something: Unread compares it with the values found elsewhere.
	seen []string
	// row marks a garbled value in a row of a column of values under its
	// label (see rowSlot): one of several of its kind the document
	// carries, so a value of its kind found elsewhere does not close it.
	row bool
	// withdrawn marks a label whose first reading was withdrawn as a
	// likely misread (see ResolveSlots): a value stood there, so values of
	// its kind found elsewhere do not close it, unless the withdrawn one
	// was a copy of one of them.
	withdrawn bool
	// elsewhere are the values of its kind the document's pages read,
	// set when the slot is resolved: a recognizer's readings of one of
	// them here are not its scatter (see oneUnanimous).
	elsewhere []string
}

// Reading is one re-read of a slot's region (one image variant).
type Reading struct {
	Text string  `json:"text"`
	Conf float64 `json:"conf"`
	// Variant names the image treatment, e.g. "3x-otsu".
	Variant string `json:"variant"`
}
