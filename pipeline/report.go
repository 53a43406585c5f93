package pipeline

import (
	"github.com/noticescan/noticescan/extractor"
)

// Status is how far processing of a document got.
type Status string

// Document outcomes.
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

// Report is the result of processing one document.
type Report struct {
	File      string              `json:"file"`
	SHA256    string              `json:"sha256"`
	MediaType string              `json:"media_type"`
	Pages     []PageReport        `json:"pages"`
	Findings  []extractor.Finding `json:"findings"`
	Warnings  []string            `json:"warnings"`
	Status    Status              `json:"status"`
	Error     string              `json:"error,omitempty"`
	Seconds   float64             `json:"seconds"`
	err       error
}

// Err is the error that made the document fail or partial, for callers
// that branch on sentinels (document.ErrCorrupt, ...).
func (r *Report) Err() error { return r.err }

// PageReport says how one page was read.
type PageReport struct {
	Number int              `json:"number"`
	Source extractor.Source `json:"source,omitempty"`
	// Rotation is the clockwise turn applied to make a scanned page upright.
	Rotation int `json:"rotation"`
	// OCRConfidence is the mean word confidence of the recognition, 0..1.
	OCRConfidence float64 `json:"ocr_confidence"`
	Seconds       float64 `json:"seconds"`
	// Rereads counts targeted re-reads of identifier slots on the page.
	Rereads int    `json:"rereads,omitempty"`
	Error   string `json:"error,omitempty"`
	// Width and Height are the size of the space the page's finding boxes
	// are in: pixels of the normalized scan, or points of a PDF page.
	Width  float64 `json:"width,omitempty"`
	Height float64 `json:"height,omitempty"`
	// Preview is the page as read, a JPEG at most PreviewWidth pixels wide,
	// when Input.Previews asked for it; nil if it could not be made.
	Preview []byte `json:"-"`
}
