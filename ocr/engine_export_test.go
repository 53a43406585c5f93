package ocr

import (
	"context"
	"image"
	"time"

	"github.com/otiai10/gosseract/v2"

	"github.com/noticescan/noticescan/extractor"
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

// ReadLostLines runs the second look of Recognize on g, read at dpi, whose
// first reading gave words: the regions of text-shaped ink no word
// covers, and the new words read there.
func ReadLostLines(ctx context.Context, e *Engine, g *image.Gray, dpi float64, words []extractor.Word) ([]image.Rectangle, []extractor.Word, error) {
	ws := make([]word, len(words))
	for i, w := range words {
		ws[i] = word{Word: w}
	}
	lost := lostLines(ws, newInkMap(g, inkFactor(dpi)), dpi)
	extra, err := readLostWords(ctx, e, g, dpi, lost)
	var out []extractor.Word
	for _, w := range unseen(extra, ws) {
		out = append(out, w.Word)
	}
	return lost, out, err
}

// ReadLostRegions reads the given regions of g as the second look of
// Recognize reads the lost lines it finds.
func ReadLostRegions(ctx context.Context, e *Engine, g *image.Gray, dpi float64, regions []image.Rectangle) ([]extractor.Word, error) {
	extra, err := readLostWords(ctx, e, g, dpi, regions)
	out := make([]extractor.Word, len(extra))
	for i, w := range extra {
		out[i] = w.Word
	}
	return out, err
}

func readLostWords(ctx context.Context, e *Engine, g *image.Gray, dpi float64, regions []image.Rectangle) ([]word, error) {
	c, err := e.acquire()
	if err != nil {
		return nil, err
	}
	var out []word
	err = e.run(ctx, c, func(c *gosseract.Client) error {
		ws, err := readLost(ctx, c, g, regions, dpi)
		out = ws
		return err
	})
	return out, err
}

// LeptonicaQuiet reports whether Leptonica's messages are off, leaving them
// as they are.
func LeptonicaQuiet() bool {
	old := leptonicaSeverity(lepSeverityNone)
	leptonicaSeverity(old)
	return old == lepSeverityNone
}
