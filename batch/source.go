package batch

import (
	"context"
	"crypto/sha256"
	"path/filepath"
	"strings"

	"github.com/noticescan/noticescan/archive"
	"github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/storage"
)

// Source is one thing a batch reads: a local path or a bucket prefix.
type Source struct {
	name string
	// base is what entry names add before the key: "s3://bucket/" for a
	// bucket, nothing for a path.
	base string
	// after skips the keys up to it, unread.
	after string
	walk  func(ctx context.Context, lim archive.Limits, fn archive.WalkFunc) error
}

// Path is a local directory (every file below it, hidden directories
// skipped, the zip and tar archives in it opened), an archive file (every
// member, named ARCHIVE!member) or one file.
func Path(path string) Source {
	return Source{name: path, walk: func(ctx context.Context, lim archive.Limits, fn archive.WalkFunc) error {
		return archive.Walk(ctx, path, lim, fn)
	}}
}

// Bucket is every object of st whose key starts with prefix and sorts
// after after, in key order, named s3://bucket/key. Archives are refused
// there (archive.ErrNested): they are opened only from local files.
func Bucket(st storage.Store, bucket, prefix, after string) Source {
	base := "s3://" + bucket + "/"
	return Source{name: base + prefix, base: base, after: after, walk: func(ctx context.Context, lim archive.Limits, fn archive.WalkFunc) error {
		return archive.WalkStore(ctx, st, prefix, base, lim, fn)
	}}
}

// Name is how the source is reported.
func (s Source) Name() string { return s.name }

// Kind is what an entry turned out to be.
type Kind int

const (
	// Document is an entry with a document's name or first bytes.
	Document Kind = iota
	// NotDocument is an entry with neither.
	NotDocument
	// Refused is an entry refused for good: a hostile or too large
	// member, an archive that cannot be read on (archive.Permanent).
	Refused
	// Unreadable is an entry that could not be read for a reason that
	// may pass: an I/O or network error.
	Unreadable
)

// Item is one entry of a source, read and sorted. Each entry has its own
// Item and bytes, so a caller may keep it past the call it is handed to
// (an Engine's workers do).
type Item struct {
	// Name is how the entry is reported: a path, ARCHIVE!member or
	// s3://bucket/key.
	Name string
	// Key is the object key in a bucket, the order a listing resumes in;
	// Name elsewhere.
	Key  string
	Kind Kind
	// Data holds the bytes of a Document or a NotDocument.
	Data []byte
	// Err is why the entry is refused, unreadable or not a document.
	Err error

	sum    [32]byte
	summed bool
}

// SHA256 is the digest of Data, by which a document is known again.
func (it *Item) SHA256() [32]byte {
	if !it.summed {
		it.sum, it.summed = sha256.Sum256(it.Data), true
	}
	return it.sum
}

// Options set how a source is walked.
type Options struct {
	// Limits bound every entry and archive; MaxEntryBytes should be the
	// document size limit.
	Limits archive.Limits
	// Next, when set, is called before each entry is read; its error
	// stops the walk, before a byte of that entry is fetched, and Walk
	// returns it.
	Next func() error
}

// Walk reads the entries of the source in order and calls fn with each.
// It fails only when the source cannot be read at all (a missing path, a
// bucket that cannot be listed), when ctx ends, or with fn's or Next's
// error; a problem with one entry comes to fn as an Item.
func (s Source) Walk(ctx context.Context, o Options, fn func(*Item) error) error {
	return s.walk(ctx, o.Limits, func(e *archive.Entry) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		key := strings.TrimPrefix(e.Name, s.base)
		if s.after != "" && key <= s.after {
			return nil
		}
		if o.Next != nil {
			if err := o.Next(); err != nil {
				return err
			}
		}
		it := &Item{Name: e.Name, Key: key}
		it.Data, it.Err = e.ReadAll()
		switch {
		case it.Err == nil && IsDocument(it.Name, it.Data):
			it.Kind = Document
		case it.Err == nil:
			it.Kind = NotDocument
			_, it.Err = document.Sniff(it.Data)
		case ctx.Err() != nil:
			return ctx.Err()
		case archive.Permanent(it.Err):
			it.Kind = Refused
		default:
			it.Kind = Unreadable
		}
		return fn(it)
	})
}

// Count calls fn with the name of each entry of the source, reading none,
// for a progress total.
func (s Source) Count(ctx context.Context, lim archive.Limits, fn func(name string)) error {
	return s.walk(ctx, lim, func(e *archive.Entry) error {
		if s.after == "" || strings.TrimPrefix(e.Name, s.base) > s.after {
			fn(e.Name)
		}
		return nil
	})
}

// IsDocument is the one rule of what counts as a document: an entry with
// a document's name, even if its bytes turn out unreadable (so that a
// damaged scan is reported, not dropped), or with a document's first
// bytes whatever its name (so that a scanner's "IMG0001" is read).
func IsDocument(name string, head []byte) bool {
	if DocumentName(name) {
		return true
	}
	_, err := document.Sniff(head)
	return err == nil
}

// DocumentName reports whether name has the extension of a document.
func DocumentName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp", ".webp", ".heic", ".heif":
		return true
	}
	return false
}
