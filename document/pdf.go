package document

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"sync"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/noticescan/noticescan/extractor"
	"github.com/pdfcpu/pdfcpu/pkg/filter"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/validate"
)

// maxDecodeBytes bounds any one stream pdfcpu inflates while reading (object
// and content streams); image streams get a tighter bound from their size.
const maxDecodeBytes = 256 << 20

// pdfSource is a PDF: pdfcpu's model for structure and embedded images,
// the raw bytes for pdfium, which loads them afresh for each operation.
type pdfSource struct {
	data   []byte
	limits Limits
	pdfium *pdfiumPool

	mu    sync.Mutex // pdfcpu's model is not safe for concurrent use
	model *model.Context
	pages int
	geoms map[int]pageGeom // pdfium's findings, so Image after Page skips a pass
}

func pdfcpuConfig(l Limits) *model.Configuration {
	conf := model.NewDefaultConfiguration()
	// Relaxed validation accepts the small spec violations that scanners
	// and office suites produce, which every viewer shrugs off.
	conf.ValidationMode = model.ValidationRelaxed
	conf.Offline = true
	conf.Cmd = model.VALIDATE
	conf.Limits.MaxStreamBytes = l.MaxBytes
	conf.Limits.MaxDecodeBytes = maxDecodeBytes
	conf.Limits.MaxImagePixels = l.MaxPagePixels
	return conf
}

func openPDF(ctx context.Context, data []byte, o *Opener) (*pdfSource, error) {
	if err := checkStreamCycles(data); err != nil {
		return nil, err
	}
	if err := checkNesting(data); err != nil {
		return nil, err
	}
	var m *model.Context
	err := guard(func() (err error) {
		m, err = pdfcpu.ReadWithContext(ctx, bytes.NewReader(data), pdfcpuConfig(o.limits))
		return err
	})
	switch {
	case err == nil:
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case errors.Is(err, pdfcpu.ErrWrongPassword):
		return nil, fmt.Errorf("read: %w", ErrEncrypted)
	case errors.Is(err, filter.ErrDecodeLimitExceeded):
		return nil, fmt.Errorf("read: a stream inflates past %d bytes: %w", maxDecodeBytes, ErrTooLarge)
	default:
		return nil, corrupt("read", err)
	}
	if err := checkDecodeBudget(m.XRefTable, o.limits); err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if err := guard(func() error { return validate.XRefTable(m) }); err != nil {
		return nil, corrupt("validate", err)
	}
	if m.PageCount < 1 {
		return nil, corrupt("count pages", errors.New("no pages"))
	}
	if m.PageCount > o.limits.MaxPages {
		return nil, fmt.Errorf("PDF has %d pages, over the limit of %d: %w", m.PageCount, o.limits.MaxPages, ErrTooLarge)
	}
	return &pdfSource{
		data: data, limits: o.limits, pdfium: o.pdfium,
		model: m, pages: m.PageCount, geoms: make(map[int]pageGeom),
	}, nil
}

func (s *pdfSource) numPages() int { return s.pages }

func (s *pdfSource) page(ctx context.Context, n int) (*Page, error) {
	var a pageAnalysis
	err := s.pdfium.withDocument(ctx, s.data, func(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT) (err error) {
		a, err = analyzePage(inst, doc, n, true)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.remember(n, a.geom)
	p := &Page{Number: n, Scan: a.geom.scan, Width: a.geom.width, Height: a.geom.height}
	if len(a.words) > 0 {
		p.Text = &extractor.Page{
			Number: n, Width: a.geom.width, Height: a.geom.height,
			Source: extractor.SourceTextLayer, Words: a.words,
		}
	}
	return p, nil
}

func (s *pdfSource) remember(n int, g pageGeom) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.geoms[n] = g
}

func (s *pdfSource) geom(ctx context.Context, n int) (pageGeom, error) {
	s.mu.Lock()
	g, ok := s.geoms[n]
	s.mu.Unlock()
	if ok {
		return g, nil
	}
	err := s.pdfium.withDocument(ctx, s.data, func(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT) error {
		a, err := analyzePage(inst, doc, n, false)
		g = a.geom
		return err
	})
	if err != nil {
		return g, err
	}
	s.remember(n, g)
	return g, nil
}

// render draws page n at dpi (less if the pixel limit requires), whatever
// the page holds.
func (s *pdfSource) render(ctx context.Context, n, dpi int) (image.Image, error) {
	var img *image.Gray
	err := s.pdfium.withDocument(ctx, s.data, func(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT) (err error) {
		img, _, err = renderPage(inst, doc, n, dpi, s.limits.MaxPagePixels)
		return err
	})
	if err != nil {
		return nil, err
	}
	return img, nil
}

// image takes a scanned page's image out as stored; anything else, or a
// scan whose image this package cannot decode (JPEG 2000, JBIG2, unusual
// colour spaces), is rendered by pdfium at renderDPI.
func (s *pdfSource) image(ctx context.Context, n int) (image.Image, float64, error) {
	g, err := s.geom(ctx, n)
	if err != nil {
		return nil, 0, err
	}
	if g.image != nil {
		img, err := s.embeddedImage(n, g.image)
		switch {
		case err == nil:
			dpi := 0.0
			if g.image.widthPt > 0 {
				dpi = float64(img.Bounds().Dx()) / (g.image.widthPt / 72)
			}
			return img, roundDPI(dpi), nil
		case errors.Is(err, ErrTooLarge):
			return nil, 0, err
		}
		// Fall through: pdfium draws whatever a viewer would show.
	}
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	var img image.Image
	var dpi float64
	err = s.pdfium.withDocument(ctx, s.data, func(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT) (err error) {
		img, dpi, err = renderPage(inst, doc, n, renderDPI, s.limits.MaxPagePixels)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	return img, dpi, nil
}

// embeddedImage finds the placed image among the page's image XObjects by
// its pixel size and decodes it upright.
func (s *pdfSource) embeddedImage(n int, p *placedImage) (image.Image, error) {
	if err := s.limits.checkPixels(int64(p.pixW), int64(p.pixH)); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var img image.Image
	err := guard(func() error {
		sd, err := findImageXObject(s.model, n, p.pixW, p.pixH)
		if err != nil {
			return err
		}
		img, err = decodeImageXObject(s.model.XRefTable, sd, s.limits)
		return err
	})
	if err != nil {
		return nil, err
	}
	return applyOrientation(img, p.orient), nil
}

func (s *pdfSource) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.model = nil
	s.geoms = nil
	return nil
}

func roundDPI(d float64) float64 {
	return float64(int64(d*10+0.5)) / 10
}
