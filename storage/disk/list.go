package disk

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/noticescan/noticescan/storage"
)

// List implements storage.Store. It streams the walk rather than collecting
// keys first, so memory stays flat for large trees; Info.ContentType is left
// empty, as on S3, so callers cannot come to rely on it.
func (s *Store) List(ctx context.Context, prefix string, fn func(storage.Info) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("disk: list %s: %w", prefix, err)
	}
	// Start at the deepest directory the prefix names. If that is not a
	// valid key, no valid key can lie below it: there is nothing to list,
	// and "../" never walks out of the tree.
	dir := "."
	if i := strings.LastIndexByte(prefix, '/'); i >= 0 {
		dir = prefix[:i]
		if storage.ValidKey(dir) != nil {
			return nil
		}
	}
	var fnErr error
	err := s.walk(ctx, dir, prefix, func(info storage.Info) error {
		fnErr = fn(info)
		return fnErr
	})
	if fnErr != nil {
		return fnErr
	}
	if err != nil {
		return fmt.Errorf("disk: list %s: %w", prefix, err)
	}
	return nil
}

// walk visits dir in lexical key order. Keys under a directory d all start
// with "d/", so sorting d as "d/" among its sibling files ("d-x", "d0")
// yields exactly the byte order of full keys.
func (s *Store) walk(ctx context.Context, dir, prefix string, fn func(storage.Info) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	entries, err := fs.ReadDir(s.root.FS(), path.Join(objectsDir, dir))
	if errors.Is(notFound(err), storage.ErrNotFound) {
		return nil // nothing under this prefix, or deleted while walking
	}
	if err != nil {
		return err
	}
	sortName := func(e fs.DirEntry) string {
		if e.IsDir() {
			return e.Name() + "/"
		}
		return e.Name()
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(sortName(a), sortName(b)) })

	for _, e := range entries {
		key := e.Name()
		if dir != "." {
			key = dir + "/" + key
		}
		if e.IsDir() {
			sub := key + "/"
			if strings.HasPrefix(sub, prefix) || strings.HasPrefix(prefix, sub) {
				if err := s.walk(ctx, key, prefix, fn); err != nil {
					return err
				}
			}
			continue
		}
		// Symbolic links and other special files are not objects.
		if !e.Type().IsRegular() || !strings.HasPrefix(key, prefix) {
			continue
		}
		fi, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			continue // deleted since ReadDir
		}
		if err != nil {
			return err
		}
		if err := fn(storage.Info{Key: key, Size: fi.Size(), ModTime: fi.ModTime()}); err != nil {
			return err
		}
	}
	return nil
}
