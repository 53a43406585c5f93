package document

import (
	"errors"
	"fmt"
)

// guard runs a call into third-party parsing code (pdfcpu, pdfium, image
// decoders) and turns a panic into ErrCorrupt: hostile input must never take
// the process down. Our own code does not panic for control flow, so any
// panic here is the parser choking on the input.
func guard(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("parser panic: %v: %w", r, ErrCorrupt)
		}
	}()
	return fn()
}

// corrupt wraps a parser's error as ErrCorrupt, naming the phase. The
// parser's own message is kept as text only: callers branch on ErrCorrupt,
// never on a library's error values.
func corrupt(phase string, err error) error {
	if errors.Is(err, ErrCorrupt) {
		return fmt.Errorf("%s: %w", phase, err)
	}
	return fmt.Errorf("%s: %v: %w", phase, err, ErrCorrupt)
}
