package document

import "errors"

// Sentinel errors callers branch on. Returned errors wrap one of them with the
// phase and page that failed, e.g. "page 3: decode image: corrupt input".
var (
	// ErrUnsupportedType means the bytes are not a PDF or a supported image.
	ErrUnsupportedType = errors.New("unsupported file type (supported: PDF, PNG, JPEG, TIFF, GIF, BMP, WebP, HEIC)")

	// ErrCorrupt means the file claims a supported type but cannot be read.
	ErrCorrupt = errors.New("corrupt input")

	// ErrEncrypted means the PDF needs a user password to open.
	ErrEncrypted = errors.New("PDF is protected by a user password")

	// ErrTooLarge means the file exceeds a configured limit on bytes, pages or pixels.
	ErrTooLarge = errors.New("too large")

	// ErrEmpty means the input has zero bytes.
	ErrEmpty = errors.New("empty input")
)

// Errors from misuse rather than from the input.
var (
	// ErrPageRange means a page number outside 1..NumPages.
	ErrPageRange = errors.New("page number out of range")

	// ErrClosed means the Document or Opener was already closed.
	ErrClosed = errors.New("closed")
)
