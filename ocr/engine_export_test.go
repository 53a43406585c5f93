package ocr

import (
	"context"
	"time"
)

// SetPageHold makes each Tesseract call of e run hold first, on the
// call's goroutine and with its context.
func SetPageHold(e *Engine, hold func(ctx context.Context)) { e.hold = hold }

// SetPageTimeout changes e's time limit for the calls that follow.
func SetPageTimeout(e *Engine, d time.Duration) { e.cfg.PageTimeout = d }

// FindRereadModel returns the directory of the re-read model cfg gives, or "".
func FindRereadModel(cfg Config) string { return findRereadModel(cfg) }

// BestSuffix ends the variant name of a reading made with the re-read model.
const BestSuffix = bestSuffix
