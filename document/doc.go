// Package document turns the bytes of an uploaded file into pages: each page
// with its PDF text layer, if it has one, and its page image, decoded only
// when asked for.
//
// Supported inputs are PDF, PNG, JPEG (EXIF orientation applied), TIFF
// (multi-page, including CCITT Group 3/4 fax), GIF, BMP, WebP and HEIC
// (HEVC-coded HEIF, irot/imir applied; decoded by libheif as WebAssembly).
// The type is sniffed from the bytes, never taken from a file name.
//
// PDFs are read by two libraries, each doing what it is good at. pdfcpu
// validates the file, counts pages, decrypts owner-protected files and hands
// over a scanned page's embedded image without re-rendering it. pdfium, run
// as pure-Go WebAssembly, decodes the text layer with character boxes, tells
// where images sit on the page and renders pages that are not plain scans.
//
// Limits on bytes, pages and pixels are checked from headers before anything
// large is allocated, and a panic inside a third-party parser comes back as
// ErrCorrupt.
//
// The package owns file-format handling only. It must build without cgo
// (CGO_ENABLED=0), does no I/O besides pdfium's optional compilation cache,
// and imports nothing of this module but extractor, for the text-layer
// types; it must not import ocr, storage, api or cmd.
package document
