package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
)

// Entry is one file of a source, handed to a walk function. It is valid
// only during that call: for a tar stream, its bytes are gone once the walk
// moves on.
type Entry struct {
	// Name is how the entry is reported: a path under a directory
	// ("scans/2019/a.pdf"), "a.zip!dir/f.pdf" for an archive member, or
	// "s3://bucket/key" for an object. Member names are as stored in the
	// archive, so they may hold anything but NUL; quote them for a terminal.
	Name string
	// Size is the declared size in bytes, or -1 when it is not known.
	Size int64
	// Err is set when the entry is refused without being read, and then
	// wraps one of the package's sentinels; an archive that cannot be read
	// on also comes as an entry named after the archive with Err set.
	// ReadAll returns it.
	Err error

	open func() (io.ReadCloser, error)
	lim  Limits
	// nested makes ReadAll refuse bytes that are an archive: set inside
	// archives and buckets, where archives are not opened.
	nested bool
}

// ReadAll reads the entry's bytes, at most Limits.MaxEntryBytes of them
// (beyond that the error wraps ErrTooLarge). Inside an archive or a bucket,
// bytes that are themselves an archive are refused with ErrNested after
// reading only their first bytes. Call it at most once.
func (e *Entry) ReadAll() ([]byte, error) {
	if e.Err != nil {
		return nil, e.Err
	}
	if e.open == nil {
		return nil, fmt.Errorf("%s: read twice", e.Name)
	}
	open := e.open
	e.open = nil
	limit := e.lim.MaxEntryBytes
	if e.Size > limit {
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, e.Size, limit)
	}
	rc, err := open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	head := make([]byte, sniffLen)
	n, err := fill(rc, head)
	if err != nil && err != io.EOF {
		return nil, err
	}
	if e.nested {
		if k := Sniff(head[:n]); k != "" && !zipDocument(e.Name, k) {
			return nil, fmt.Errorf("%w: the bytes are a %s archive", ErrNested, k)
		}
	}
	if err == io.EOF {
		return head[:n], nil
	}
	// A declared size (already checked against the limit) sizes the
	// buffer once; ReadFrom needs MinRead spare bytes to see the end.
	hint := int64(64 << 10)
	if e.Size >= 0 {
		hint = max(e.Size, int64(n))
	}
	var b bytes.Buffer
	b.Grow(int(hint) + bytes.MinRead)
	b.Write(head[:n])
	if _, err := b.ReadFrom(io.LimitReader(rc, limit+1-int64(n))); err != nil {
		return nil, err
	}
	if int64(b.Len()) > limit {
		return nil, fmt.Errorf("%w: over %d bytes", ErrTooLarge, limit)
	}
	return b.Bytes(), nil
}

// fill reads until p is full or r fails; unlike io.ReadFull it passes
// io.ErrUnexpectedEOF from r through as a failure and io.EOF as the end.
func fill(r io.Reader, p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m, err := r.Read(p[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// sniffLen covers the tar magic at offset 257.
const sniffLen = 512

// Sniff names the archive format whose signature data starts with ("zip",
// "tar", "gzip", "bzip2", "xz", "zstd", "7z", "rar"), or returns "".
func Sniff(data []byte) string {
	sigs := []struct{ kind, magic string }{
		{"zip", "PK\x03\x04"}, {"zip", "PK\x05\x06"}, {"zip", "PK\x07\x08"},
		{"gzip", "\x1f\x8b"}, {"bzip2", "BZh"}, {"xz", "\xfd7zXZ\x00"},
		{"zstd", "\x28\xb5\x2f\xfd"}, {"7z", "7z\xbc\xaf\x27\x1c"}, {"rar", "Rar!\x1a\x07"},
	}
	for _, s := range sigs {
		if bytes.HasPrefix(data, []byte(s.magic)) {
			return s.kind
		}
	}
	if len(data) >= 262 && string(data[257:262]) == "ustar" {
		return "tar"
	}
	return ""
}

// archiveExt maps the names of archives to their format.
var archiveExt = map[string]string{
	".zip": "zip", ".tar": "tar", ".tgz": "tar.gz", ".gz": "gzip", ".bz2": "bzip2",
	".tbz2": "bzip2", ".xz": "xz", ".txz": "xz", ".zst": "zstd", ".7z": "7z", ".rar": "rar",
}

// extKind is the archive format a name says, or "".
func extKind(name string) string {
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".tar.gz") {
		return "tar.gz"
	}
	return archiveExt[path.Ext(lower)]
}

// zipDocument reports whether a zip signature belongs to a file that is a
// zip by construction (an office document, an e-book), not an archive a
// person made: those are left to the caller, which skips them.
func zipDocument(name, kind string) bool {
	if kind != "zip" {
		return false
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub", ".xps", ".oxps":
		return true
	}
	return false
}

// isIO reports whether err came from the file system or the context rather
// than from the bytes.
func isIO(err error) bool {
	var pe *fs.PathError
	return errors.As(err, &pe) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// checkName refuses a member name that would mean something outside the
// archive if it were ever used as a path.
func checkName(name string) error {
	n := strings.ReplaceAll(name, `\`, "/")
	switch {
	case n == "":
		return fmt.Errorf("%w: empty", ErrUnsafeName)
	case strings.HasPrefix(n, "/"):
		return fmt.Errorf("%w: absolute path", ErrUnsafeName)
	case len(n) >= 2 && n[1] == ':' && (n[0]|0x20 >= 'a' && n[0]|0x20 <= 'z'):
		return fmt.Errorf("%w: absolute path with a drive letter", ErrUnsafeName)
	case strings.ContainsRune(n, 0):
		return fmt.Errorf("%w: contains NUL", ErrUnsafeName)
	}
	for seg := range strings.SplitSeq(n, "/") {
		if seg == ".." {
			return fmt.Errorf("%w: climbs out of the archive with ..", ErrUnsafeName)
		}
	}
	return nil
}
