package document

import (
	"context"
	"fmt"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
)

// Config configures an Opener. The zero value is usable.
type Config struct {
	// Limits bound each file; zero fields take DefaultLimits.
	Limits Limits
	// PDFInstances is how many pdfium instances run PDF work in parallel
	// (default 1), and how many HEIF images may be decoded at once. Each holds its own WebAssembly memory, which grows to the
	// largest PDF it has handled.
	PDFInstances int
	// PDFiumCacheDir, if set, keeps pdfium's compiled machine code on disk:
	// compiling the WebAssembly module takes seconds at every process start,
	// loading it from the cache a fraction of a second.
	PDFiumCacheDir string
}

// Opener opens uploaded files. It holds the pdfium WebAssembly instances, so
// make one per process and share it; it is safe for concurrent use.
type Opener struct {
	limits Limits
	pdfium *pdfiumPool
	// heifSlots bounds HEIF decodes in progress: each may hold gigabytes of
	// WebAssembly memory on hostile input and cannot be interrupted.
	heifSlots chan struct{}
}

// pdfcpuConfigOnce guards the one write to pdfcpu's package-level
// model.ConfigPath. Left at its default, pdfcpu creates a config directory
// with a config.yml under the user's home on first use, which a server must
// not do; "disable" makes it use built-in defaults. The variable is global
// to pdfcpu, so it is set once per process, before any pdfcpu call, and
// through api.DisableConfigDir, which takes pdfcpu's own lock.
var pdfcpuConfigOnce sync.Once

// NewOpener starts the pdfium instances, which takes seconds unless
// PDFiumCacheDir holds a compiled copy. Close it when done.
func NewOpener(cfg Config) (*Opener, error) {
	pdfcpuConfigOnce.Do(api.DisableConfigDir)
	n := cfg.PDFInstances
	if n <= 0 {
		n = 1
	}
	p, err := newPDFiumPool(n, cfg.PDFiumCacheDir)
	if err != nil {
		return nil, fmt.Errorf("start pdfium: %w", err)
	}
	return &Opener{limits: cfg.Limits.withDefaults(), pdfium: p, heifSlots: make(chan struct{}, n)}, nil
}

// ReservedMemory is the Go heap the pdfium instances set aside for their
// WebAssembly memory. Pages of it become resident only as pdfium uses
// them, but the garbage collector counts all of it as live, and its
// default pacing lets as much garbage again pile up before it collects: a
// process that bounds its memory must allow for this.
func (o *Opener) ReservedMemory() int64 {
	return o.pdfium.memory * int64(o.pdfium.n)
}

// Close stops the pdfium instances, waiting for PDF work in progress.
// Documents opened from o must not be used afterwards.
func (o *Opener) Close() error {
	return o.pdfium.close()
}

// Open reads the file type from data and prepares its pages. It checks the
// whole file cheaply (structure, page count, limits, encryption) and leaves
// text and pixels for Page and Image. Errors wrap ErrEmpty, ErrTooLarge,
// ErrUnsupportedType, ErrCorrupt or ErrEncrypted, or are ctx's error.
func (o *Opener) Open(ctx context.Context, data []byte) (*Document, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if int64(len(data)) > o.limits.MaxBytes {
		return nil, fmt.Errorf("open: file is %d bytes, over the limit of %d bytes: %w", len(data), o.limits.MaxBytes, ErrTooLarge)
	}
	mt, err := Sniff(data)
	if err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	var src source
	switch mt {
	case TypePDF:
		src, err = openPDF(ctx, data, o)
	case TypeTIFF:
		src, err = openTIFF(ctx, data, o.limits)
	case TypeHEIC, TypeHEIF:
		src, err = openHEIF(data, o)
	default:
		src, err = openRaster(data, mt, o.limits)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", mt, err)
	}
	return &Document{MediaType: mt, src: src}, nil
}
