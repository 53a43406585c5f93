package ocr

import "errors"

// Sentinels callers may branch on with errors.Is.
var (
	// ErrNoEngine means Tesseract could not start: the language data (or the
	// orientation data, osd) is missing or unreadable.
	ErrNoEngine = errors.New("ocr: tesseract language data not found; install tesseract-ocr " +
		"with the language packs (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-eng " +
		"tesseract-ocr-osd; macOS: brew install tesseract) or set Config.TessdataPrefix or TESSDATA_PREFIX " +
		"to a directory holding <lang>.traineddata and osd.traineddata")

	// ErrTimeout means a page took longer than Config.PageTimeout. The engine
	// stays usable: the next call gets a fresh Tesseract handle.
	ErrTimeout = errors.New("ocr: page recognition timed out")

	// ErrClosed means the Engine was used after Close.
	ErrClosed = errors.New("ocr: engine closed")

	// ErrEmptyImage means the image has no pixels.
	ErrEmptyImage = errors.New("ocr: empty image")

	// ErrRegion means a ReadLine region does not overlap the image.
	ErrRegion = errors.New("ocr: region outside image")
)
