package archive

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// zipEncryptedFlag is bit 0 of the general purpose flags: the member is
// encrypted (traditional PKWARE or strong encryption).
const zipEncryptedFlag = 0x1

// zipMethodAES is the method WinZip's AES encryption stores.
const zipMethodAES = 99

// WalkZip calls fn for each member of the zip archive in r (size bytes),
// in central directory order, naming them name+"!"+member. Members are
// refused, with Err set, when their name is unsafe, when they are links or
// special files, encrypted, over Limits.MaxEntryBytes, declared to expand
// beyond Limits.MaxRatio, or archives themselves. When the members read so
// far would expand beyond what the archive may (Limits.MaxArchiveBytes, or
// MaxRatio times the archive's size), that member and then the archive
// are refused with ErrBomb and the rest is not read. An archive whose
// central directory cannot be read comes as one entry with ErrCorrupt.
func WalkZip(ctx context.Context, r io.ReaderAt, size int64, name string, lim Limits, fn WalkFunc) error {
	lim = lim.withDefaults()
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		// Names are checked member by member below; any other error
		// leaves no reader.
		return fn(&Entry{Name: name, Size: size, Err: corrupt(err)})
	}
	budget := lim.archiveCap(size)
	var total int64
	for _, f := range zr.File {
		if err := ctx.Err(); err != nil {
			return err
		}
		if strings.HasSuffix(f.Name, "/") || f.Mode().IsDir() {
			continue
		}
		e := &Entry{Name: name + "!" + f.Name, Size: -1, lim: lim, nested: true}
		if f.UncompressedSize64 <= 1<<62 {
			e.Size = int64(f.UncompressedSize64)
		}
		e.Err = checkZipMember(f, lim)
		if e.Err == nil {
			total += e.Size
			if total > budget {
				e.Err = fmt.Errorf("%w: the archive would expand past %d bytes", ErrBomb, budget)
				if err := fn(e); err != nil {
					return err
				}
				return fn(&Entry{Name: name, Size: size, Err: fmt.Errorf("%w: members read so far expand past %d bytes; the rest was not read", ErrBomb, budget)})
			}
			e.open = func() (io.ReadCloser, error) { return openZipMember(f) }
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// checkZipMember refuses a member from its header alone.
func checkZipMember(f *zip.File, lim Limits) error {
	if err := checkName(f.Name); err != nil {
		return err
	}
	mode := f.Mode()
	switch {
	case mode&fs.ModeSymlink != 0:
		return fmt.Errorf("%w: symbolic link", ErrLink)
	case !mode.IsRegular():
		return fmt.Errorf("%w: %s", ErrNotRegular, mode.Type())
	case f.Flags&zipEncryptedFlag != 0 || f.Method == zipMethodAES:
		return ErrEncrypted
	case f.UncompressedSize64 > uint64(lim.MaxEntryBytes):
		return fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, f.UncompressedSize64, lim.MaxEntryBytes)
	case lim.overRatio(int64(f.UncompressedSize64), int64(f.CompressedSize64)):
		return fmt.Errorf("%w: %d bytes from %d compressed, over %d:1", ErrBomb, f.UncompressedSize64, f.CompressedSize64, lim.MaxRatio)
	}
	if k := extKind(f.Name); k != "" {
		return fmt.Errorf("%w: a %s archive", ErrNested, k)
	}
	return nil
}

func openZipMember(f *zip.File) (io.ReadCloser, error) {
	rc, err := f.Open()
	if errors.Is(err, zip.ErrAlgorithm) {
		return nil, fmt.Errorf("%w: compression method %d", ErrUnsupported, f.Method)
	}
	if err != nil {
		return nil, corrupt(err)
	}
	return corruptReader{rc}, nil
}

// corruptReader reports a member's format errors as ErrCorrupt.
type corruptReader struct{ io.ReadCloser }

func (r corruptReader) Read(p []byte) (int, error) {
	n, err := r.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		err = corrupt(err)
	}
	return n, err
}
