package results

import "github.com/noticescan/noticescan/extractor"

// Status is how far reading a document got. The three here are final;
// records adds the states of a document still waiting or being read.
type Status string

// Final outcomes of reading a document.
const (
	// StatusComplete: every page was read.
	StatusComplete Status = "complete"
	// StatusPartial: identifiers may be missing and a person should check
	// the pages the warnings name: a page could not be opened or
	// recognized, a page with text read as next to nothing, or an
	// identifier label's value could not be read. Findings cover the rest.
	StatusPartial Status = "partial"
	// StatusFailed: the document could not be read at all.
	StatusFailed Status = "failed"
)

// Final reports whether reading a document in status s is over.
func (s Status) Final() bool {
	return s == StatusComplete || s == StatusPartial || s == StatusFailed
}

// Outcome is what reading one document found: the pipeline returns it and
// the database stores it as it is, written once. The field order is the
// order of the pipeline report's JSON.
type Outcome struct {
	Pages    []Page              `json:"pages"`
	Findings []extractor.Finding `json:"findings"`
	Warnings []string            `json:"warnings"`
	Status   Status              `json:"status"`
	Error    string              `json:"error,omitempty"`
}

// Page says how one page was read.
type Page struct {
	Number int              `json:"number"`
	Source extractor.Source `json:"source,omitempty"`
	// Rotation is the clockwise turn applied to make a scanned page upright.
	Rotation int `json:"rotation"`
	// OCRConfidence is the mean word confidence of the recognition, 0..1.
	OCRConfidence float64 `json:"ocr_confidence"`
	Seconds       float64 `json:"seconds"`
	// Rereads counts targeted re-reads of identifier slots on the page; it
	// is not stored.
	Rereads int    `json:"rereads,omitempty"`
	Error   string `json:"error,omitempty"`
	// Width and Height are the size of the space the page's finding boxes
	// are in: pixels of the page as read, or PDF points; 0 when unknown.
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
	// Preview is the page as read, a small JPEG, when the pipeline was
	// asked for it; nil if it could not be made. It is kept beside the
	// original, not in the database.
	Preview []byte `json:"-"`
}
