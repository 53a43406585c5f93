// Package pipeline turns a document's bytes into a Report: it opens the
// document, takes each page's text layer or recognizes its image, runs the
// extractor over all pages, and re-reads labeled slots whose value did not
// validate, in the engine that recognized the page.
//
// It owns the pool of OCR engines: one Tesseract handle per worker,
// borrowed by one page at a time and never shared. It does no file or
// network I/O of its own; callers hand it bytes.
package pipeline
