package disk_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/noticescan/noticescan/storage"
)

func TestStore_Check(t *testing.T) {
	t.Parallel()
	for name, spoil := range map[string]func(dir string) error{
		"ErrRemoved": os.RemoveAll,
		"ErrMoved":   func(dir string) error { return os.Rename(dir, dir+".old") },
		"ErrReplaced": func(dir string) error {
			if err := os.Rename(dir, dir+".old"); err != nil {
				return err
			}
			return os.Mkdir(dir, 0o700)
		},
		"ErrPartRemoved": func(dir string) error { return os.RemoveAll(filepath.Join(dir, "objects")) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "objects")
			s := MustNew(t, dir)
			if err := s.Check(t.Context()); err != nil {
				t.Fatalf("Check on a new store: %v", err)
			}
			if err := spoil(dir); err != nil {
				t.Fatal(err)
			}
			if err := s.Check(t.Context()); !errors.Is(err, storage.ErrUnavailable) {
				t.Fatalf("Check = %v, want ErrUnavailable", err)
			}
		})
	}
}
