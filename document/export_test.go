package document

import (
	"context"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/noticescan/noticescan/extractor"
)

// PageWordsBothWays reads page n's text layer as Page does (by runs) and
// one character at a time, for the tests that compare the two.
func PageWordsBothWays(ctx context.Context, o *Opener, data []byte, n int) (byRun, byChar []extractor.Word, err error) {
	err = o.pdfium.withDocument(ctx, data, func(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT) error {
		lp, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: n - 1})
		if err != nil {
			return err
		}
		defer func() { _, _ = inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: lp.Page}) }()
		page := requests.Page{ByReference: &lp.Page}
		wr, err := inst.FPDF_GetPageWidthF(&requests.FPDF_GetPageWidthF{Page: page})
		if err != nil {
			return err
		}
		hr, err := inst.FPDF_GetPageHeightF(&requests.FPDF_GetPageHeightF{Page: page})
		if err != nil {
			return err
		}
		toDevice, err := deviceTransform(inst, page, float64(wr.PageWidth), float64(hr.PageHeight))
		if err != nil {
			return err
		}
		if byRun, err = pageWords(inst, page, toDevice, true); err != nil {
			return err
		}
		byChar, err = pageWords(inst, page, toDevice, false)
		return err
	})
	return byRun, byChar, err
}

// DecodedSize runs the stream budget's count on raw under the named filters
// (no decode parameters).
func DecodedSize(filters []string, raw []byte, limit int64) (int64, error) {
	sd := types.StreamDict{Raw: raw}
	for _, f := range filters {
		sd.FilterPipeline = append(sd.FilterPipeline, types.PDFFilter{Name: f})
	}
	return decodedSize(sd, limit)
}

// ErrExpands is what DecodedSize fails with past its limit.
var ErrExpands = errExpands

// CheckNesting is the nesting guard Open runs on a PDF's raw bytes.
var CheckNesting = checkNesting
