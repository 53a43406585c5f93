package archive

import (
	"errors"
	"fmt"
)

// Reasons an entry or a whole archive is refused. Errors from this package
// wrap one of them, with the entry and the detail, e.g.
// `member "../x.pdf": unsafe name: climbs out of the archive`.
var (
	// ErrUnsafeName means a member name is absolute or climbs out of the
	// archive with "..".
	ErrUnsafeName = errors.New("unsafe name")

	// ErrLink means a symbolic or hard link, which is never followed.
	ErrLink = errors.New("link, not followed")

	// ErrNotRegular means a device, fifo or other entry that is not a file.
	ErrNotRegular = errors.New("not a regular file")

	// ErrNested means an archive inside an archive or a bucket; it is not
	// opened.
	ErrNested = errors.New("archive inside an archive or bucket, not opened")

	// ErrEncrypted means a password-protected member.
	ErrEncrypted = errors.New("encrypted (password-protected)")

	// ErrTooLarge means an entry over Limits.MaxEntryBytes.
	ErrTooLarge = errors.New("too large")

	// ErrBomb means an entry or archive that expands beyond
	// Limits.MaxRatio or Limits.MaxArchiveBytes.
	ErrBomb = errors.New("expands too much (decompression bomb)")

	// ErrUnsupported means an archive format or compression method this
	// package does not read.
	ErrUnsupported = errors.New("unsupported archive format")

	// ErrCorrupt means an archive that is truncated or malformed.
	ErrCorrupt = errors.New("corrupt or truncated archive")
)

// Permanent reports whether err is a refusal or a format problem that
// reading the same bytes again will not change, as opposed to an I/O or
// network error that a later attempt may not meet.
func Permanent(err error) bool {
	for _, s := range []error{ErrUnsafeName, ErrLink, ErrNotRegular, ErrNested, ErrEncrypted, ErrTooLarge, ErrBomb, ErrUnsupported, ErrCorrupt} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// corrupt wraps a reader's format error as ErrCorrupt, keeping errors that
// already carry one of our reasons, and I/O errors, as they are.
func corrupt(err error) error {
	if err == nil || Permanent(err) || isIO(err) {
		return err
	}
	return fmt.Errorf("%w: %v", ErrCorrupt, err)
}
