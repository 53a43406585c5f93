// Package noticegen writes synthetic, deterministic USCIS notices with
// known truth, for testing the extractor, OCR and the whole pipeline.
//
// A notice is first laid out as format-neutral pages (text, rules, boxes,
// barcodes) in PDF points. The same layout is then written as a born-digital
// PDF, or rendered with the embedded Go fonts and degraded like a scan or a
// fax and saved as a scanned PDF, PNG, JPEG, TIFF, GIF or BMP, or
// photographed with a phone on a desk (PhotoFormats). The truth of
// every file (identifiers as they must be reported, and the look-alike
// numbers that must not be) goes to truth.jsonl next to the files.
//
// Layouts, labels, value spellings and distractors are drawn at random from
// wide families rather than copied from real notices, so an extractor tuned
// on one seed still has to generalize to the next.
//
// Functions that loop over pixels are marked //go:norace. Every page
// buffer belongs to the one goroutine building its document, and under the
// race detector each pixel access would otherwise be a runtime call, which
// made generating fixtures in -race tests take minutes.
//
// The package is pure Go (no cgo). It imports only the standard library,
// golang.org/x/image and the extractor's kind names; it must not import
// ocr, storage or anything else of the product, so the product is always
// tested against truth it did not produce.
package noticegen
