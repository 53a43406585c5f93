// Package ocr turns page images into words with boxes and confidences, using
// Tesseract through gosseract. It is the only cgo package of noticescan.
//
// It owns the Tesseract handles' lifecycle (one handle per Engine for pages,
// recycled after a number of pages and replaced when a page overruns its time
// limit, and a second one with the more accurate best_int model, which
// re-reads the slots a page left open beside the page's model, loaded on
// the first), the image normalization Tesseract needs
// (gray, ~300 DPI, deskewed, upright; a phone photo of a sheet restored to
// the flat page first) and the single-line re-reads used to repair
// identifier slots.
//
// It produces extractor types and never lets a gosseract type out. It must
// not import storage, api or pipeline code.
//
// Tesseract's OpenMP runtime must be limited to one thread per process before
// it starts: call ReexecWithThreadLimit first thing in main (and in TestMain).
package ocr
