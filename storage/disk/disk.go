// Package disk stores objects as files under one root directory: the default
// backend, used when no S3 endpoint is configured, and the reference the
// storagetest suite is easiest to reason about.
//
// Layout under the root:
//
//	objects/<key>  the object's bytes, a plain file
//	meta/<key>     its metadata (content type) as JSON, same relative path
//	tmp/           writes in progress
//
// A Put writes and fsyncs temporary files in tmp/ and then renames them into
// place, so a crash leaves either the old object or the new one, never a
// partial file under objects/. tmp/ rather than the object's own directory
// because a temporary file there could collide with, or be listed as, a real
// key; it is inside the root, so the rename stays on one file system and is
// atomic. Every path goes through an os.Root, so neither a key nor a symbolic
// link planted in the tree can reach outside the root.
//
// A key cannot be both an object and a directory of other keys ("a" and
// "a/b"), which S3 allows; Put reports that as an invalid key. Document keys
// never collide this way.
//
// This package imports only storage and the standard library.
package disk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"os"
	"path"
	"sync"
	"syscall"
	"time"

	"github.com/noticescan/noticescan/storage"
)

var _ storage.Store = (*Store)(nil)

const (
	objectsDir = "objects"
	metaDir    = "meta"
	tmpDir     = "tmp"

	// Documents carry personal data: readable by the service user only.
	filePerm = 0o600
	dirPerm  = 0o700

	// staleTemp is how old a leftover temporary file must be before New
	// removes it. Another process may share the root and be writing now.
	staleTemp = time.Hour

	// lockStripes bounds the memory of per-key locking; two keys sharing a
	// stripe only serialize each other's commits, which take microseconds.
	lockStripes = 64
)

// Store is a storage.Store on the local file system. Create it with New and
// release it with Close.
type Store struct {
	dir   string // the path New opened, for Check
	root  *os.Root
	seed  maphash.Seed
	locks [lockStripes]sync.RWMutex
}

// New opens, creating if needed, a store rooted at dir. The directory should
// be used by nothing else.
func New(dir string) (*Store, error) {
	if dir == "" {
		return nil, errors.New("disk: root directory not set")
	}
	if err := os.MkdirAll(dir, dirPerm); err != nil {
		return nil, fmt.Errorf("disk: create root: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("disk: open root: %w", err)
	}
	for _, d := range []string{objectsDir, metaDir, tmpDir} {
		if err := root.Mkdir(d, dirPerm); err != nil && !errors.Is(err, fs.ErrExist) {
			root.Close()
			return nil, fmt.Errorf("disk: create %s: %w", d, err)
		}
	}
	s := &Store{dir: dir, root: root, seed: maphash.MakeSeed()}
	if err := s.removeStaleTemps(time.Now().Add(-staleTemp)); err != nil {
		root.Close()
		return nil, err
	}
	return s, nil
}

// Check implements storage.Checker: the root is still at its path and its
// directories are there. The root is held open, so a tree removed, moved or
// replaced would otherwise go unnoticed until a write failed or, worse,
// landed where nobody looks.
func (s *Store) Check(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("disk: check: %w", err)
	}
	if err := s.check(); err != nil {
		return fmt.Errorf("disk: check: %w", errors.Join(storage.ErrUnavailable, err))
	}
	return nil
}

func (s *Store) check() error {
	atPath, err := os.Stat(s.dir)
	if err != nil {
		return err
	}
	held, err := s.root.Stat(".")
	if err != nil {
		return err
	}
	if !os.SameFile(atPath, held) {
		return fmt.Errorf("%s is no longer the directory opened", s.dir)
	}
	for _, d := range []string{objectsDir, metaDir, tmpDir} {
		fi, err := s.root.Stat(d)
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			return fmt.Errorf("%s is not a directory", d)
		}
	}
	return nil
}

// Close releases the root directory handle. The files stay.
func (s *Store) Close() error { return s.root.Close() }

// Put implements storage.Store.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	if err := storage.ValidKey(key); err != nil {
		return fmt.Errorf("disk: put: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("disk: put %s: %w", key, err)
	}
	if contentType == "" {
		contentType = storage.DefaultContentType
	}

	dataTmp, err := s.writeTemp(func(f *os.File) error { return copyExact(ctx, f, r, size) })
	if err != nil {
		return fmt.Errorf("disk: put %s: write: %w", key, err)
	}
	defer s.root.Remove(dataTmp) // no-op once renamed into place
	metaTmp, err := s.writeTemp(func(f *os.File) error {
		return json.NewEncoder(f).Encode(metadata{ContentType: contentType})
	})
	if err != nil {
		return fmt.Errorf("disk: put %s: write metadata: %w", key, err)
	}
	defer s.root.Remove(metaTmp)

	// Last chance to honour a cancellation before the object changes.
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("disk: put %s: %w", key, err)
	}
	if err := s.commit(key, dataTmp, metaTmp); err != nil {
		return fmt.Errorf("disk: put %s: %w", key, err)
	}
	return nil
}

// commit renames the temporary files into place. Metadata goes first: a
// reader that sees the new bytes also sees their content type, and one that
// races an overwrite is kept consistent by the key lock.
func (s *Store) commit(key, dataTmp, metaTmp string) error {
	mu := s.lock(key)
	mu.Lock()
	defer mu.Unlock()

	dir := path.Dir(key)
	metaDone := false
	// A concurrent Delete of a sibling may prune a directory between
	// MkdirAll and Rename; creating it again and retrying is enough.
	for attempt := 0; ; attempt++ {
		err := s.mkdirs(dir)
		if err == nil && !metaDone {
			err = s.root.Rename(metaTmp, path.Join(metaDir, key))
			metaDone = err == nil
		}
		if err == nil {
			err = s.root.Rename(dataTmp, path.Join(objectsDir, key))
		}
		switch {
		case err == nil:
			return s.syncDirs(path.Join(metaDir, dir), path.Join(objectsDir, dir))
		case isNotDir(err) || isDirErr(err):
			return fmt.Errorf("%w: on disk a key cannot also be a prefix of another key (%v)", storage.ErrInvalidKey, err)
		case errors.Is(err, fs.ErrNotExist) && attempt < 3:
			continue
		default:
			return err
		}
	}
}

func (s *Store) mkdirs(dir string) error {
	if dir == "." {
		return nil
	}
	for _, tree := range []string{metaDir, objectsDir} {
		if err := s.root.MkdirAll(path.Join(tree, dir), dirPerm); err != nil {
			return err
		}
	}
	return nil
}

// Get implements storage.Store. The returned reader fails once ctx ends.
func (s *Store) Get(ctx context.Context, key string) (io.ReadCloser, storage.Info, error) {
	if err := storage.ValidKey(key); err != nil {
		return nil, storage.Info{}, fmt.Errorf("disk: get: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, storage.Info{}, fmt.Errorf("disk: get %s: %w", key, err)
	}
	// The lock pairs the bytes with the right metadata during an
	// overwrite; the open file keeps the old bytes readable after it.
	mu := s.lock(key)
	mu.RLock()
	f, info, err := s.open(key)
	mu.RUnlock()
	if err != nil {
		return nil, storage.Info{}, fmt.Errorf("disk: get %s: %w", key, err)
	}
	return &ctxFile{ctx: ctx, f: f}, info, nil
}

// Stat implements storage.Store.
func (s *Store) Stat(ctx context.Context, key string) (storage.Info, error) {
	if err := storage.ValidKey(key); err != nil {
		return storage.Info{}, fmt.Errorf("disk: stat: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return storage.Info{}, fmt.Errorf("disk: stat %s: %w", key, err)
	}
	mu := s.lock(key)
	mu.RLock()
	f, info, err := s.open(key)
	mu.RUnlock()
	if err != nil {
		return storage.Info{}, fmt.Errorf("disk: stat %s: %w", key, err)
	}
	f.Close()
	return info, nil
}

// open opens the object file and reads its metadata. The caller holds the
// key's lock.
func (s *Store) open(key string) (*os.File, storage.Info, error) {
	f, err := s.root.Open(path.Join(objectsDir, key))
	if err != nil {
		return nil, storage.Info{}, notFound(err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, storage.Info{}, err
	}
	if !fi.Mode().IsRegular() {
		f.Close() // a directory of other keys, not an object
		return nil, storage.Info{}, storage.ErrNotFound
	}
	ct, err := s.contentType(key)
	if err != nil {
		f.Close()
		return nil, storage.Info{}, err
	}
	return f, storage.Info{Key: key, Size: fi.Size(), ContentType: ct, ModTime: fi.ModTime()}, nil
}

func (s *Store) contentType(key string) (string, error) {
	b, err := s.root.ReadFile(path.Join(metaDir, key))
	if errors.Is(err, fs.ErrNotExist) {
		// Files copied into objects/ by hand have no metadata.
		return storage.DefaultContentType, nil
	}
	if err != nil {
		return "", fmt.Errorf("read metadata: %w", err)
	}
	var m metadata
	if err := json.Unmarshal(b, &m); err != nil {
		return "", fmt.Errorf("read metadata: %w", err)
	}
	if m.ContentType == "" {
		return storage.DefaultContentType, nil
	}
	return m.ContentType, nil
}

// Delete implements storage.Store. It also removes directories the object
// leaves empty, so deleted tenants leave no trace in the tree.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := storage.ValidKey(key); err != nil {
		return fmt.Errorf("disk: delete: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("disk: delete %s: %w", key, err)
	}
	mu := s.lock(key)
	mu.Lock()
	defer mu.Unlock()

	removed := map[string]bool{}
	fi, err := s.root.Lstat(path.Join(objectsDir, key))
	switch {
	case err == nil && fi.IsDir():
		return nil // a prefix of other keys, not an object
	case err == nil:
		if err := s.root.Remove(path.Join(objectsDir, key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("disk: delete %s: %w", key, err)
		}
		removed[objectsDir] = true
	case notFound(err) != storage.ErrNotFound:
		return fmt.Errorf("disk: delete %s: %w", key, err)
	}
	// Also when the object is missing: a crash between the two renames of
	// a first Put can leave metadata without bytes.
	switch err := s.root.Remove(path.Join(metaDir, key)); {
	case err == nil:
		removed[metaDir] = true
	case notFound(err) != storage.ErrNotFound && !isDirErr(err):
		return fmt.Errorf("disk: delete %s: metadata: %w", key, err)
	}
	for _, tree := range []string{objectsDir, metaDir} {
		if !removed[tree] {
			continue
		}
		if err := s.syncDirs(s.prune(tree, path.Dir(key))); err != nil {
			return fmt.Errorf("disk: delete %s: %w", key, err)
		}
	}
	return nil
}

// prune removes dir and its parents inside tree while they are empty and
// returns the deepest directory that remains, whose entry list changed.
func (s *Store) prune(tree, dir string) string {
	for dir != "." {
		// Remove fails on a non-empty directory, which is where to stop;
		// this never deletes another key's data.
		if err := s.root.Remove(path.Join(tree, dir)); err != nil {
			break
		}
		dir = path.Dir(dir)
	}
	return path.Join(tree, dir)
}

// lock returns the lock guarding key. Writers hold it while renaming the
// metadata and the bytes into place, readers while opening both, so no
// reader pairs the bytes of one write with the content type of another.
func (s *Store) lock(key string) *sync.RWMutex {
	return &s.locks[maphash.String(s.seed, key)%lockStripes]
}

// metadata is the JSON stored under meta/<key>.
type metadata struct {
	ContentType string `json:"contentType"`
}

func notFound(err error) error {
	if errors.Is(err, fs.ErrNotExist) || isNotDir(err) {
		return storage.ErrNotFound
	}
	return err
}

// isDirErr reports an attempt to replace or remove a directory as if it were
// an object: the key is a prefix of other keys.
func isDirErr(err error) bool {
	return errors.Is(err, syscall.EISDIR) || errors.Is(err, syscall.ENOTEMPTY) || errors.Is(err, fs.ErrExist)
}

// isNotDir reports a path that runs through a file ("a/b" where "a" is an
// object), which for a lookup means the key does not exist.
func isNotDir(err error) bool { return errors.Is(err, syscall.ENOTDIR) }
