package disk

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"time"
)

// copyBufSize is large enough that checking ctx per chunk costs nothing.
const copyBufSize = 256 << 10

// writeTemp creates a file in tmp/, fills it with write and fsyncs it before
// it can be renamed into place. It returns the file's root-relative name; on
// error nothing is left behind.
func (s *Store) writeTemp(write func(*os.File) error) (string, error) {
	var rnd [12]byte
	_, _ = rand.Read(rnd[:]) // never fails on supported platforms
	name := path.Join(tmpDir, "put-"+hex.EncodeToString(rnd[:]))
	f, err := s.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, filePerm)
	if err != nil {
		return "", err
	}
	err = write(f)
	// Without the fsync a crash after the rename can leave a complete name
	// pointing at incomplete data.
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		s.root.Remove(name)
		return "", err
	}
	return name, nil
}

// copyExact copies r to w, checking ctx between chunks. With size >= 0 it
// fails unless r holds exactly size bytes: a document stored under the
// digest of its content must not be stored truncated.
func copyExact(ctx context.Context, w io.Writer, r io.Reader, size int64) error {
	src := &ctxReader{ctx: ctx, r: r}
	buf := make([]byte, copyBufSize)
	if size < 0 {
		_, err := io.CopyBuffer(w, src, buf)
		return err
	}
	n, err := io.CopyBuffer(w, io.LimitReader(src, size), buf)
	if err != nil {
		return err
	}
	if n < size {
		return fmt.Errorf("reader ended after %d of %d bytes: %w", n, size, io.ErrUnexpectedEOF)
	}
	return atEOF(src, size)
}

// atEOF returns nil if r has no more data, an error if it has.
func atEOF(r io.Reader, size int64) error {
	var one [1]byte
	for range 100 { // io.Reader allows (0, nil); do not spin forever
		n, err := r.Read(one[:])
		switch {
		case n > 0:
			return fmt.Errorf("reader holds more than the given size of %d bytes", size)
		case err == io.EOF:
			return nil
		case err != nil:
			return err
		}
	}
	return io.ErrNoProgress
}

// syncDirs fsyncs directories so that renames and removals in them survive
// a crash.
func (s *Store) syncDirs(dirs ...string) error {
	for _, d := range dirs {
		f, err := s.root.Open(d)
		if err != nil {
			return err
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return fmt.Errorf("sync %s: %w", d, err)
		}
	}
	return nil
}

// removeStaleTemps deletes temporary files older than before: the remains of
// writes interrupted by a crash.
func (s *Store) removeStaleTemps(before time.Time) error {
	entries, err := fs.ReadDir(s.root.FS(), tmpDir)
	if err != nil {
		return fmt.Errorf("disk: clean %s: %w", tmpDir, err)
	}
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil || fi.ModTime().After(before) {
			continue
		}
		if err := s.root.Remove(path.Join(tmpDir, e.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("disk: clean %s: %w", tmpDir, err)
		}
	}
	return nil
}

// ctxReader fails reads once ctx is done, so a long copy stops promptly
// when the caller gives up.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// ctxFile is the reader Get returns: the object file, failing reads once
// the Get's ctx is done, like an S3 response body. It does not embed the
// file, whose WriteTo would let io.Copy bypass the check.
type ctxFile struct {
	ctx context.Context
	f   *os.File
}

func (c *ctxFile) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.f.Read(p)
}

func (c *ctxFile) Close() error { return c.f.Close() }
