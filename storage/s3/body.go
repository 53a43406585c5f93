package s3

import (
	"errors"
	"fmt"
	"io"
)

// body wraps the reader given to Put. It holds the reader to the size the
// caller declared, in both directions, because a document stored under the
// digest of its content must not be stored truncated. And it remembers how
// the reader failed, so that failure is reported as the caller's and never
// mistaken for the server being unreachable: the HTTP transport returns body
// errors inside the same *url.Error and *net.OpError as network failures.
type body struct {
	r    io.Reader
	size int64 // -1 if unknown
	n    int64
	err  error // first failure of r, including a length other than size
}

func (b *body) Read(p []byte) (int, error) {
	if b.size >= 0 {
		if b.n >= b.size {
			return 0, io.EOF
		}
		p = p[:min(int64(len(p)), b.size-b.n)]
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	// Check for surplus data in the read that reaches size: minio reads
	// multipart uploads with exact lengths and would never look further.
	// The bytes read are dropped with the error, because io.ReadFull
	// ignores an error that comes with a full buffer.
	if err == nil && b.size >= 0 && b.n == b.size {
		if err = atEOF(b.r, b.size); err != nil {
			n = 0
		}
	}
	switch {
	case err == io.EOF && b.size >= 0 && b.n < b.size:
		err = fmt.Errorf("reader ended after %d of %d bytes: %w", b.n, b.size, io.ErrUnexpectedEOF)
		b.err = err
	case err != nil && err != io.EOF:
		b.err = err
	}
	return n, err
}

// errTooLong reports a reader that holds more than the size given to Put.
var errTooLong = errors.New("reader holds more bytes than the given size")

// atEOF returns nil if r has no more data, errTooLong if it has.
func atEOF(r io.Reader, size int64) error {
	var one [1]byte
	for range 100 { // io.Reader allows (0, nil); do not spin forever
		n, err := r.Read(one[:])
		switch {
		case n > 0:
			return fmt.Errorf("%w (%d)", errTooLong, size)
		case err == io.EOF:
			return nil
		case err != nil:
			return err
		}
	}
	return io.ErrNoProgress
}

// seekableBody lets minio rewind and retry a single-request upload after a
// network failure, which it does only for seekable bodies.
type seekableBody struct {
	*body
	s     io.Seeker
	start int64
}

func (b *seekableBody) Seek(offset int64, whence int) (int64, error) {
	pos, err := b.s.Seek(offset, whence)
	if err == nil {
		b.n, b.err = pos-b.start, nil
	}
	return pos, err
}

// newBody wraps r for Put. A seekable r that is shorter than size fails at
// once; otherwise minio would rewind and retry it with backoff ten times.
func newBody(r io.Reader, size int64) (io.Reader, *body, error) {
	b := &body{r: r, size: size}
	s, ok := r.(io.Seeker)
	if !ok {
		return b, b, nil
	}
	start, err := s.Seek(0, io.SeekCurrent)
	if err != nil {
		return b, b, nil // not really seekable (a pipe behind *os.File)
	}
	if size >= 0 {
		end, err := s.Seek(0, io.SeekEnd)
		if err == nil {
			_, err = s.Seek(start, io.SeekStart)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("measure reader: %w", err)
		}
		if end-start < size {
			return nil, nil, fmt.Errorf("reader holds %d of %d bytes: %w", end-start, size, io.ErrUnexpectedEOF)
		}
		if end-start > size {
			return nil, nil, fmt.Errorf("%w: %d, not %d", errTooLong, end-start, size)
		}
	}
	return &seekableBody{body: b, s: s, start: start}, b, nil
}
