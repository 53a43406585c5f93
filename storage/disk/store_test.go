package disk_test

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/noticescan/noticescan/storage"
	"github.com/noticescan/noticescan/storage/disk"
	"github.com/noticescan/noticescan/storage/storagetest"
)

func TestStore_KeysStayInRoot(t *testing.T) {
	t.Run("ErrTraversalKeys", func(t *testing.T) {
		base := t.TempDir()
		s := MustNew(t, filepath.Join(base, "root"))
		for _, key := range []string{"../escape", "../../escape", "a/../../escape", "/tmp/escape", `..\escape`} {
			err := s.Put(t.Context(), key, strings.NewReader("x"), 1, "")
			if !errors.Is(err, storage.ErrInvalidKey) {
				t.Errorf("Put(%q) = %v, want ErrInvalidKey", key, err)
			}
		}
		if entries, _ := os.ReadDir(base); len(entries) != 1 {
			t.Fatalf("files next to the root: %v, want only the root", names(entries))
		}
	})

	t.Run("ErrSymlinkOutOfRoot", func(t *testing.T) {
		// Someone with access to the tree plants a link to elsewhere; the
		// store must neither write nor read through it.
		root := t.TempDir()
		outside := t.TempDir()
		if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("outside"), 0o600); err != nil {
			t.Fatal(err)
		}
		s := MustNew(t, root)
		for _, tree := range []string{"objects", "meta"} {
			if err := os.Symlink(outside, filepath.Join(root, tree, "link")); err != nil {
				t.Fatal(err)
			}
		}

		if err := s.Put(t.Context(), "link/planted", strings.NewReader("x"), 1, ""); err == nil {
			t.Error("Put through a symlink out of the root succeeded")
		}
		if _, err := os.Stat(filepath.Join(outside, "planted")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("file written outside the root (Stat = %v)", err)
		}
		if rc, _, err := s.Get(t.Context(), "link/secret"); err == nil {
			rc.Close()
			t.Error("Get through a symlink out of the root succeeded")
		}
		if err := s.Delete(t.Context(), "link/secret"); err == nil {
			if _, err := os.Stat(filepath.Join(outside, "secret")); err != nil {
				t.Errorf("Delete removed a file outside the root: %v", err)
			}
		}
		if infos := storagetest.MustList(t, s, ""); len(infos) != 0 {
			t.Errorf("List followed the link: %v", infos)
		}
	})
}

func TestStore_Put(t *testing.T) {
	t.Run("ErrFailingReaderLeavesNoPartialFile", func(t *testing.T) {
		root := t.TempDir()
		s := MustNew(t, root)
		storagetest.MustPut(t, s, "docs/a.pdf", []byte("complete old version"), "application/pdf")

		errDropped := errors.New("client went away")
		r := io.MultiReader(bytes.NewReader(storagetest.RandomBytes(1, 1<<20)), &failingReader{err: errDropped})
		err := s.Put(t.Context(), "docs/a.pdf", r, 2<<20, "application/pdf")
		if !errors.Is(err, errDropped) {
			t.Fatalf("Put = %v, want the reader's error", err)
		}
		err = s.Put(t.Context(), "docs/new.pdf", io.MultiReader(strings.NewReader("half"), &failingReader{err: errDropped}), -1, "")
		if !errors.Is(err, errDropped) {
			t.Fatalf("Put of a new key = %v, want the reader's error", err)
		}

		got, info := storagetest.MustGet(t, s, "docs/a.pdf")
		if string(got) != "complete old version" || info.ContentType != "application/pdf" {
			t.Fatalf("after failed overwrite: %q (%s), want the old object", got, info.ContentType)
		}
		if files := walkFiles(t, root); !equal(files, []string{"meta/docs/a.pdf", "objects/docs/a.pdf"}) {
			t.Fatalf("files under the root: %q, want only the old object and its metadata", files)
		}
	})

	t.Run("OKPrivatePermissions", func(t *testing.T) {
		root := t.TempDir()
		s := MustNew(t, root)
		storagetest.MustPut(t, s, "tenants/t/doc", []byte("pii"), "")
		for _, p := range []string{"objects/tenants/t/doc", "meta/tenants/t/doc"} {
			fi, err := os.Stat(filepath.Join(root, p))
			if err != nil {
				t.Fatal(err)
			}
			if perm := fi.Mode().Perm(); perm&0o077 != 0 {
				t.Errorf("%s has mode %v, want no group or other access", p, perm)
			}
		}
	})

	t.Run("ErrKeyIsAlsoPrefix", func(t *testing.T) {
		s := MustNew(t, t.TempDir())
		storagetest.MustPut(t, s, "a", []byte("file"), "")
		storagetest.MustPut(t, s, "b/c", []byte("below"), "")
		for _, key := range []string{"a/below", "b"} {
			err := s.Put(t.Context(), key, strings.NewReader("x"), 1, "")
			if !errors.Is(err, storage.ErrInvalidKey) {
				t.Errorf("Put(%q) = %v, want ErrInvalidKey", key, err)
			}
		}
		if got, _ := storagetest.MustGet(t, s, "a"); string(got) != "file" {
			t.Errorf("a = %q after the conflicting Put, want it intact", got)
		}
		if got, _ := storagetest.MustGet(t, s, "b/c"); string(got) != "below" {
			t.Errorf("b/c = %q after the conflicting Put, want it intact", got)
		}
	})
}

func TestStore_Delete(t *testing.T) {
	t.Run("OKPrunesEmptyDirectories", func(t *testing.T) {
		root := t.TempDir()
		s := MustNew(t, root)
		storagetest.MustPut(t, s, "tenants/gone/documents/ab/abc", []byte("x"), "")
		storagetest.MustPut(t, s, "tenants/kept/doc", []byte("x"), "")
		if err := s.Delete(t.Context(), "tenants/gone/documents/ab/abc"); err != nil {
			t.Fatal(err)
		}
		for _, tree := range []string{"objects", "meta"} {
			if _, err := os.Stat(filepath.Join(root, tree, "tenants/gone")); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s/tenants/gone still exists (%v)", tree, err)
			}
			if _, err := os.Stat(filepath.Join(root, tree, "tenants/kept/doc")); err != nil {
				t.Errorf("sibling tenant lost: %v", err)
			}
		}
		// The freed name can now hold an object.
		storagetest.MustPut(t, s, "tenants/gone", []byte("x"), "")
	})
}

func TestNew(t *testing.T) {
	t.Run("OKReopenKeepsObjects", func(t *testing.T) {
		root := t.TempDir()
		s, err := disk.New(root)
		if err != nil {
			t.Fatal(err)
		}
		storagetest.MustPut(t, s, "k", []byte("persisted"), "image/tiff")
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		got, info := storagetest.MustGet(t, MustNew(t, root), "k")
		if string(got) != "persisted" || info.ContentType != "image/tiff" {
			t.Fatalf("after reopen: %q (%s)", got, info.ContentType)
		}
	})

	t.Run("OKRemovesStaleTempFiles", func(t *testing.T) {
		root := t.TempDir()
		MustNew(t, root)
		stale := filepath.Join(root, "tmp", "put-crashed")
		fresh := filepath.Join(root, "tmp", "put-in-progress")
		for _, p := range []string{stale, fresh} {
			if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		old := time.Now().Add(-2 * time.Hour)
		if err := os.Chtimes(stale, old, old); err != nil {
			t.Fatal(err)
		}
		MustNew(t, root)
		if _, err := os.Stat(stale); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("stale temp file survived New (%v)", err)
		}
		// Another process sharing the root may still be writing it.
		if _, err := os.Stat(fresh); err != nil {
			t.Errorf("recent temp file removed: %v", err)
		}
	})

	t.Run("OKMissingMetadataDefaultsContentType", func(t *testing.T) {
		root := t.TempDir()
		s := MustNew(t, root)
		// A file restored from a backup without its metadata.
		if err := os.WriteFile(filepath.Join(root, "objects", "restored"), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if info := storagetest.MustStat(t, s, "restored"); info.ContentType != storage.DefaultContentType {
			t.Fatalf("ContentType = %q, want %q", info.ContentType, storage.DefaultContentType)
		}
	})

	t.Run("ErrEmptyRoot", func(t *testing.T) {
		if _, err := disk.New(""); err == nil {
			t.Fatal("New(\"\") succeeded")
		}
	})

	t.Run("ErrRootIsFile", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(file, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := disk.New(file); err == nil {
			t.Fatal("New on a regular file succeeded")
		}
	})
}

// walkFiles lists the regular files under root, relative and slash-separated.
func walkFiles(tb testing.TB, root string) []string {
	tb.Helper()
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, p)
		files = append(files, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

func names(entries []os.DirEntry) []string {
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func equal(a, b []string) bool { return strings.Join(a, "\x00") == strings.Join(b, "\x00") }

type failingReader struct{ err error }

func (r *failingReader) Read([]byte) (int, error) { return 0, r.err }
