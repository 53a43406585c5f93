package archive

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// WalkFunc is called for each entry of a source, in order. An error from
// it stops the walk, and the walk returns that error unchanged.
type WalkFunc func(*Entry) error

// Walk calls fn for every file of the source at path, which is one of:
//
//   - a directory: every file below it, in lexical order, skipping hidden
//     directories; .zip, .tar, .tar.gz and .tgz files in it are walked as
//     archives, and other archive formats are refused with ErrUnsupported;
//   - an archive file, recognized by its name or, for a file named
//     explicitly, by its first bytes: its members, in archive order;
//   - any other file: that file.
//
// Problems with one entry (an unreadable file, a refused member, an
// archive that ends early) come to fn as entries with Err set, and the walk
// goes on. Walk itself fails only when path cannot be read at all, when ctx
// ends, or with fn's error.
func Walk(ctx context.Context, path string, lim Limits, fn WalkFunc) error {
	lim = lim.withDefaults()
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("open source: %w", err)
	}
	name := filepath.ToSlash(filepath.Clean(path))
	if st.IsDir() {
		return walkDir(ctx, filepath.Clean(path), lim, fn)
	}
	kind := extKind(name)
	if kind == "" {
		head, err := readHead(path)
		if err != nil {
			return fmt.Errorf("open source: %w", err)
		}
		switch Sniff(head) {
		case "zip":
			kind = "zip"
		case "tar":
			kind = "tar"
		case "gzip":
			kind = "tar.gz"
		}
	}
	return walkFile(ctx, path, name, kind, st.Size(), lim, fn)
}

func walkDir(ctx context.Context, root string, lim Limits, fn WalkFunc) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		name := filepath.ToSlash(p)
		if err != nil {
			if p == root {
				return fmt.Errorf("open source: %w", err)
			}
			if ferr := fn(&Entry{Name: name, Size: -1, Err: err}); ferr != nil {
				return ferr
			}
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case d.IsDir():
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		case d.Type()&fs.ModeSymlink != 0:
			return fn(&Entry{Name: name, Size: -1, Err: fmt.Errorf("%w: symbolic link", ErrLink)})
		case !d.Type().IsRegular():
			return fn(&Entry{Name: name, Size: -1, Err: fmt.Errorf("%w: %s", ErrNotRegular, d.Type())})
		}
		size := int64(-1)
		if info, err := d.Info(); err == nil {
			size = info.Size()
		}
		return walkFile(ctx, p, name, extKind(name), size, lim, fn)
	})
}

// walkFile walks the file at p as an archive of the given kind ("" for a
// plain file).
func walkFile(ctx context.Context, p, name, kind string, size int64, lim Limits, fn WalkFunc) error {
	switch kind {
	case "":
		return fn(&Entry{Name: name, Size: size, lim: lim, open: func() (io.ReadCloser, error) { return os.Open(p) }})
	case "zip", "tar", "tar.gz":
	default:
		return fn(&Entry{Name: name, Size: size, Err: fmt.Errorf("%w: %s; repack it as zip or tar.gz", ErrUnsupported, kind)})
	}
	f, err := os.Open(p)
	if err != nil {
		return fn(&Entry{Name: name, Size: size, Err: err})
	}
	defer f.Close()
	if kind == "zip" {
		st, err := f.Stat()
		if err != nil {
			return fn(&Entry{Name: name, Size: size, Err: err})
		}
		return WalkZip(ctx, f, st.Size(), name, lim, fn)
	}
	return WalkTar(ctx, f, name, kind == "tar.gz", lim, fn)
}

func readHead(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, sniffLen)
	n, err := fill(f, head)
	if err != nil && err != io.EOF {
		return nil, err
	}
	return head[:n], nil
}
