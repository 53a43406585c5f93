package service

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"

	"github.com/noticescan/noticescan/document"
)

// sniffBytes of a file's head are kept in memory to judge its type;
// document.Sniff reads leading bytes only.
const sniffBytes = 64 << 10

// spooled is an upload copied to a private temporary file, with its
// SHA-256 and its first bytes, so that the memory an upload holds stays
// bounded whatever its size or however slowly it arrives.
type spooled struct {
	f    *os.File
	size int64
	sha  string
	head []byte
}

// spool copies r to a new file in dir (mode 0600, removed by close) while
// hashing it. More than limit bytes is document.ErrTooLarge.
func spool(dir string, r io.Reader, limit int64) (*spooled, error) {
	f, err := os.CreateTemp(dir, "upload-*")
	if err != nil {
		return nil, fmt.Errorf("spool upload: %w", err)
	}
	sp := &spooled{f: f}
	h := sha256.New()
	head := &headWriter{max: sniffBytes}
	n, err := io.Copy(io.MultiWriter(f, h, head), io.LimitReader(r, limit+1))
	if err == nil && n > limit {
		err = fmt.Errorf("%w: over %d bytes", document.ErrTooLarge, limit)
	}
	if err != nil {
		sp.close()
		return nil, err
	}
	sp.size, sp.sha, sp.head = n, hex.EncodeToString(h.Sum(nil)), head.b
	return sp, nil
}

// reader reads the spooled file from its start.
func (sp *spooled) reader() io.Reader { return io.NewSectionReader(sp.f, 0, sp.size) }

// close removes the file; the upload's bytes are in the store by then,
// or refused.
func (sp *spooled) close() {
	sp.f.Close()
	_ = os.Remove(sp.f.Name())
}

// headWriter keeps the first max bytes written to it.
type headWriter struct {
	b   []byte
	max int
}

func (w *headWriter) Write(p []byte) (int, error) {
	if room := w.max - len(w.b); room > 0 {
		w.b = append(w.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}
