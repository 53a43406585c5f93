package document

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// pdfiumPool owns a fixed set of pdfium WebAssembly instances, handed out
// one operation at a time. Instances live as long as the pool: creating one
// is cheap, but its memory only grows, so recycling would buy nothing.
type pdfiumPool struct {
	memory int64 // each instance's memory limit
	pool   pdfium.Pool
	cache  wazero.CompilationCache // nil without a cache directory
	idle   chan *pdfiumSlot
	done   chan struct{} // closed by close
	n      int
	once   sync.Once
}

// pdfiumSlot holds one instance; inst is nil after the instance was killed
// mid-call, until the next user replaces it.
type pdfiumSlot struct {
	inst pdfium.Pdfium
}

func newPDFiumPool(n int, cacheDir string) (*pdfiumPool, error) {
	// The bundled pdfium uses WebAssembly exception handling for
	// setjmp/longjmp. CloseOnContextDone lets a cancelled request interrupt
	// pdfium mid-page (by killing the instance) instead of waiting for it.
	rc := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithCloseOnContextDone(true)
	p := &pdfiumPool{memory: pdfiumMemory(n), idle: make(chan *pdfiumSlot, n), done: make(chan struct{}), n: n}
	if cacheDir != "" {
		c, err := wazero.NewCompilationCacheWithDir(cacheDir)
		if err != nil {
			return nil, fmt.Errorf("compilation cache %s: %w", cacheDir, err)
		}
		p.cache = c
		rc = rc.WithCompilationCache(c)
	}
	pool, err := webassembly.Init(webassembly.Config{
		// Instances are created under this context, which carries the
		// memory limit.
		Context: experimental.WithMemoryAllocator(context.Background(), cappedMemory{limit: uint64(p.memory)}),
		MinIdle: n, MaxIdle: n, MaxTotal: n,
		// No host directories: pdfium is given bytes, never paths, so a
		// hostile PDF cannot make it open files.
		FSConfig:      wazero.NewFSConfig(),
		Stdout:        io.Discard,
		Stderr:        io.Discard,
		RuntimeConfig: rc,
		ReuseWorkers:  true,
	})
	if err != nil {
		p.closeCache()
		return nil, err
	}
	p.pool = pool
	for range n {
		inst, err := pool.GetInstance(time.Minute)
		if err != nil {
			_ = pool.Close()
			p.closeCache()
			return nil, fmt.Errorf("instance: %w", err)
		}
		p.idle <- &pdfiumSlot{inst: inst}
	}
	return p, nil
}

func (p *pdfiumPool) closeCache() {
	if p.cache != nil {
		_ = p.cache.Close(context.Background())
	}
}

// close waits for every slot to come back, then stops the instances.
func (p *pdfiumPool) close() error {
	var err error
	p.once.Do(func() {
		close(p.done)
		for range p.n {
			s := <-p.idle
			if s.inst != nil {
				_ = s.inst.Close()
			}
		}
		err = p.pool.Close()
		p.closeCache()
	})
	return err
}

func (p *pdfiumPool) acquire(ctx context.Context) (*pdfiumSlot, error) {
	select {
	case <-p.done:
		return nil, fmt.Errorf("pdfium: %w", ErrClosed)
	default:
	}
	select {
	case s := <-p.idle:
		return s, nil
	case <-p.done:
		return nil, fmt.Errorf("pdfium: %w", ErrClosed)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// withDocument loads data into an idle instance, runs fn and unloads it.
// Loading per operation costs a copy into WebAssembly memory and an xref
// parse (well under a millisecond for a typical notice) and keeps no
// document state across calls, so instances are never tied to a Document.
//
// If ctx ends while pdfium works, the instance is killed so the call
// returns at once; the slot gets a fresh instance on its next use.
func (p *pdfiumPool) withDocument(ctx context.Context, data []byte, fn func(pdfium.Pdfium, references.FPDF_DOCUMENT) error) error {
	s, err := p.acquire(ctx)
	if err != nil {
		return err
	}
	defer func() { p.idle <- s }()
	if s.inst == nil {
		inst, err := p.pool.GetInstanceWithContext(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("pdfium: replace instance: %w", err)
		}
		s.inst = inst
	}
	inst := s.inst
	killed := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		_ = inst.Kill()
		close(killed)
	})
	err = guard(func() error {
		doc, err := inst.FPDF_LoadMemDocument(&requests.FPDF_LoadMemDocument{Data: &data})
		if err != nil {
			if errors.Is(err, pdfiumerrors.ErrPassword) || errors.Is(err, pdfiumerrors.ErrSecurity) {
				return fmt.Errorf("pdfium: %w", ErrEncrypted)
			}
			return corrupt("pdfium: load", err)
		}
		defer func() { _, _ = inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document}) }()
		return fn(inst, doc.Document)
	})
	if !stop() {
		<-killed
		s.inst = nil
		return ctx.Err()
	}
	if err != nil {
		// A failed call may have left pdfium out of memory or mid-way
		// through a longjmp; a fresh instance also hands back the memory
		// a bomb made this one grow.
		_ = inst.Kill()
		s.inst = nil
		err = p.explainTrap(err)
		// The dead instance's memory is garbage now, but the collector
		// would count it as heap and wait for the heap to double before
		// freeing it, while the replacement grows its own: collect now.
		debug.FreeOSMemory()
	}
	return err
}

// explainTrap replaces the WebAssembly stack trace of a pdfium abort, which
// means nothing to a reader, with its likely cause. pdfium aborts when an
// allocation fails, so past its memory limit, and on some malformed input.
func (p *pdfiumPool) explainTrap(err error) error {
	msg := err.Error()
	i := strings.Index(msg, "wasm error")
	if i < 0 {
		return err
	}
	return fmt.Errorf("%saborted: the page needs more than %d MiB or is malformed: %w", msg[:i], p.memory>>20, ErrCorrupt)
}
