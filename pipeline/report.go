package pipeline

import (
	"github.com/noticescan/noticescan/results"
)

// Report is the result of processing one document.
type Report struct {
	File      string `json:"file"`
	SHA256    string `json:"sha256"`
	MediaType string `json:"media_type"`
	// Outcome is what the service stores for the document.
	results.Outcome
	Seconds float64 `json:"seconds"`
	err     error
}

// Err is the error that made the document fail or partial, for callers
// that branch on sentinels (document.ErrCorrupt, ...).
func (r *Report) Err() error { return r.err }
