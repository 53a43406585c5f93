package archive

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
)

// WalkTar calls fn for each member of the tar stream in r, gzip-compressed
// when gzipped, in stream order, naming them name+"!"+member. Members are
// refused, with Err set, when their name is unsafe, when they are links or
// special files, over Limits.MaxEntryBytes, or archives themselves. A
// gzip stream that inflates beyond Limits.MaxRatio or
// Limits.MaxArchiveBytes is cut there and the archive refused with ErrBomb;
// a stream that ends early or is malformed comes as an entry named after
// the archive with ErrCorrupt, after the members before the damage.
func WalkTar(ctx context.Context, r io.Reader, name string, gzipped bool, lim Limits, fn WalkFunc) error {
	lim = lim.withDefaults()
	src := r
	if gzipped {
		in := &countingReader{r: r}
		zr, err := gzip.NewReader(bufio.NewReader(in))
		if err != nil {
			return fn(&Entry{Name: name, Size: -1, Err: corrupt(err)})
		}
		defer zr.Close()
		src = &inflateGuard{r: zr, in: in, lim: lim}
	}
	tr := tar.NewReader(src)
	var total int64
	members := 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil && !errors.Is(err, tar.ErrInsecurePath) {
			// Names are checked below; anything else ends the stream.
			if !isIO(err) && !Permanent(err) {
				err = fmt.Errorf("after %d members: %w", members, corrupt(err))
			}
			return fn(&Entry{Name: name, Size: -1, Err: err})
		}
		members++
		e := &Entry{Name: name + "!" + hdr.Name, Size: hdr.Size, lim: lim, nested: true}
		switch hdr.Typeflag {
		case tar.TypeDir, tar.TypeXGlobalHeader:
			continue
		case tar.TypeReg, tar.TypeGNUSparse: // Next turns the old TypeRegA into TypeReg
			e.Err = checkName(hdr.Name)
		case tar.TypeSymlink:
			e.Err = fmt.Errorf("%w: symbolic link to %q", ErrLink, hdr.Linkname)
		case tar.TypeLink:
			e.Err = fmt.Errorf("%w: hard link to %q", ErrLink, hdr.Linkname)
		default:
			e.Err = fmt.Errorf("%w: tar entry type %q", ErrNotRegular, hdr.Typeflag)
		}
		if e.Err == nil {
			e.Err = checkTarMember(hdr, lim)
		}
		if e.Err == nil {
			total += hdr.Size
			if total > lim.MaxArchiveBytes {
				e.Err = fmt.Errorf("%w: the archive would expand past %d bytes", ErrBomb, lim.MaxArchiveBytes)
				if err := fn(e); err != nil {
					return err
				}
				return fn(&Entry{Name: name, Size: -1, Err: fmt.Errorf("%w: members read so far expand past %d bytes; the rest was not read", ErrBomb, lim.MaxArchiveBytes)})
			}
			e.open = func() (io.ReadCloser, error) { return corruptReader{io.NopCloser(tr)}, nil }
		}
		if err := fn(e); err != nil {
			return err
		}
	}
}

func checkTarMember(hdr *tar.Header, lim Limits) error {
	if hdr.Size > lim.MaxEntryBytes {
		return fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, hdr.Size, lim.MaxEntryBytes)
	}
	if k := extKind(hdr.Name); k != "" {
		return fmt.Errorf("%w: a %s archive", ErrNested, k)
	}
	return nil
}

// countingReader counts the compressed bytes a decompressor has consumed.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// inflateGuard cuts a decompressed stream once it has expanded beyond the
// limits, whatever the headers inside it claim, so that skipping a member
// that was never read cannot inflate a bomb either.
type inflateGuard struct {
	r   io.Reader
	in  *countingReader
	out int64
	lim Limits
	err error
}

func (g *inflateGuard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.r.Read(p)
	g.out += int64(n)
	switch {
	case g.out > g.lim.MaxArchiveBytes:
		g.err = fmt.Errorf("%w: inflates past %d bytes", ErrBomb, g.lim.MaxArchiveBytes)
	case g.lim.overRatio(g.out, g.in.n):
		g.err = fmt.Errorf("%w: %d bytes from %d compressed, over %d:1", ErrBomb, g.out, g.in.n, g.lim.MaxRatio)
	}
	if g.err != nil {
		return 0, g.err
	}
	return n, err
}
