package document

import (
	"bytes"
	"compress/zlib"
	"encoding/ascii85"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/pdfcpu/pdfcpu/pkg/filter"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// errExpands marks a stream that decodes past its budget.
var errExpands = errors.New("expands past its budget")

// checkDecodeBudget decodes every stream of the file once, counting and
// discarding the output, and refuses the file before pdfium sees it if a
// stream chains too many filters, a non-image stream inflates past
// maxStreamDecode, all of them together past maxDocumentDecode, or an image
// past what its dictionary declares. pdfium would otherwise inflate them
// whole, page after page; a refusal here names what was refused.
//
// Nothing is held: decoders are chained readers feeding a counter, so the
// cost is time, bounded by the budgets themselves. Filters whose output
// size is set by the image (DCT, CCITT, JBIG2, JPX) end the count, and
// their dimensions are checked where they are decoded.
func checkDecodeBudget(x *model.XRefTable, l Limits) error {
	nums := make([]int, 0, len(x.Table))
	for n := range x.Table {
		nums = append(nums, n)
	}
	slices.Sort(nums) // the first offender in file order, every time
	var total int64
	for _, n := range nums {
		sd, ok := streamOf(x.Table[n])
		if !ok {
			continue
		}
		if k := len(sd.FilterPipeline); k > maxFilterChain {
			return fmt.Errorf("PDF stream (object %d) chains %d filters, over the limit of %d: %w", n, k, maxFilterChain, ErrCorrupt)
		}
		if st := sd.Subtype(); st != nil && *st == "Image" {
			limit := imageDecodeLimit(x, sd, l)
			if _, err := decodedSize(sd, limit); err != nil {
				return fmt.Errorf("PDF image (object %d) expands past the %d bytes its size needs: %w", n, limit, ErrCorrupt)
			}
			continue
		}
		limit := min(maxStreamDecode, maxDocumentDecode-total)
		size, err := decodedSize(sd, limit)
		total += size
		switch {
		case err == nil:
		case limit < maxStreamDecode:
			return fmt.Errorf("PDF streams expand past %d MiB in all: %w", maxDocumentDecode>>20, ErrCorrupt)
		default:
			return fmt.Errorf("PDF stream (object %d) expands past %d MiB: %w", n, maxStreamDecode>>20, ErrCorrupt)
		}
	}
	return nil
}

func streamOf(e *model.XRefTableEntry) (types.StreamDict, bool) {
	if e == nil || e.Free {
		return types.StreamDict{}, false
	}
	switch v := e.Object.(type) {
	case types.StreamDict:
		return v, true
	case types.ObjectStreamDict:
		return v.StreamDict, true
	case types.XRefStreamDict:
		return v.StreamDict, true
	}
	return types.StreamDict{}, false
}

// imageDecodeLimit is what an image's samples take at most by its
// dictionary (four components of 16 bits, the largest a PDF allows), capped
// by the pixel limit, plus slack for row padding and predictor bytes.
func imageDecodeLimit(x *model.XRefTable, sd types.StreamDict, l Limits) int64 {
	w, h := int64(intEntry(x, sd.Dict, "Width")), int64(intEntry(x, sd.Dict, "Height"))
	px := l.MaxPagePixels
	if w > 0 && h > 0 && w <= px && h <= px && w*h <= px {
		px = w * h
	}
	return px*8 + px/8 + 1<<20
}

// decodedSize counts what sd decodes to, every stage of its filter chain
// included (a reader holds each stage's output in turn), failing with
// errExpands past limit. A stream its decoders reject counts what they
// produced before the error: refusing corrupt data is pdfium's call, not
// the budget's.
func decodedSize(sd types.StreamDict, limit int64) (int64, error) {
	c := &counter{limit: limit}
	r := io.Reader(bytes.NewReader(sd.Raw))
	var stages []io.Reader
	for i, f := range sd.FilterPipeline {
		last := i == len(sd.FilterPipeline)-1
		next, ok := decoder(f, r, last)
		if !ok {
			break // an image codec or a filter pdfium cannot decode either
		}
		r = &countingReader{r: next, c: c}
		stages = append(stages, r)
	}
	// pdfium decodes each stage whole before the next, so a stage whose
	// output the next one rejects early still costs all of it: drain the
	// stages from the last back to the first.
	for i := len(stages) - 1; i >= 0; i-- {
		if _, err := io.Copy(io.Discard, stages[i]); errors.Is(err, errExpands) {
			return c.n, err
		}
	}
	return c.n, nil
}

// decoder wraps r in a streaming decoder for filter name. LZW is only
// counted, not decoded, so it must come last.
func decoder(f types.PDFFilter, r io.Reader, last bool) (io.Reader, bool) {
	switch f.Name {
	case filter.Flate:
		zr, err := zlib.NewReader(r)
		if err != nil {
			return bytes.NewReader(nil), true
		}
		return zr, true
	case filter.ASCII85:
		return ascii85.NewDecoder(untilEOD(r, '~')), true
	case filter.ASCIIHex:
		return &hexReader{r: untilEOD(r, '>')}, true
	case filter.RunLength:
		return newRunLengthReader(r), true
	case filter.LZW:
		if last {
			early := 1
			if f.DecodeParms != nil {
				if v := f.DecodeParms.IntEntry("EarlyChange"); v != nil {
					early = *v
				}
			}
			return newLZWCounter(r, early), true
		}
	}
	return nil, false
}

// counter adds up the output of every stage of a stream's decoding.
type counter struct {
	n, limit int64
}

// countingReader counts what one stage yields, failing once the stream's
// count passes its limit.
type countingReader struct {
	r io.Reader
	c *counter
}

func (cr *countingReader) Read(p []byte) (int, error) {
	n, err := cr.r.Read(p)
	cr.c.n += int64(n)
	if cr.c.n > cr.c.limit {
		return n, errExpands
	}
	return n, err
}
