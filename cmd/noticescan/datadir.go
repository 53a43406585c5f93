package main

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
)

// Permissions of the data directory and what the service keeps in it:
// clients' documents and numbers, and the webhook secret, are for the
// user running the service only.
const (
	privateDir  = 0o700
	privateFile = 0o600
)

// dbFile is the SQLite database's name in the data directory.
const dbFile = "noticescan.db"

// privateFiles are the data directory's files, SQLite's journals included.
var privateFiles = []string{dbFile, dbFile + "-wal", dbFile + "-shm", dbFile + "-journal", "webhook.secret"}

// privateDataDir makes dir private to this user, even when it was made
// beforehand with wider permissions: the directory and objects/ 0700, its
// files 0600.
func privateDataDir(dir string, log *slog.Logger) error {
	if err := os.MkdirAll(dir, privateDir); err != nil {
		return fmt.Errorf("create data dir: %w", err)
	}
	var tightened []string
	tighten := func(path string, perm fs.FileMode) error {
		fi, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("data dir: %w", err)
		}
		if fi.Mode()&fs.ModeSymlink != 0 || fi.Mode().Perm()&^perm == 0 {
			return nil
		}
		if err := os.Chmod(path, perm); err != nil {
			return fmt.Errorf("data dir: make %s private: %w", path, err)
		}
		tightened = append(tightened, filepath.Base(path))
		return nil
	}
	if err := tighten(dir, privateDir); err != nil {
		return err
	}
	if err := tighten(filepath.Join(dir, "objects"), privateDir); err != nil {
		return err
	}
	for _, name := range privateFiles {
		if err := tighten(filepath.Join(dir, name), privateFile); err != nil {
			return err
		}
	}
	if len(tightened) > 0 {
		log.Warn("data dir was readable by other users; made private to this user", "data_dir", dir, "tightened", tightened)
	}
	return nil
}

// createPrivate creates an empty file 0600 at path unless one exists.
// SQLite creates its database with the process umask (0644 under the
// usual 022) and gives its journals the database file's permissions, so
// the database is made here, private, before SQLite opens it.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, privateFile)
	if err != nil {
		return fmt.Errorf("create %s: %w", filepath.Base(path), err)
	}
	return f.Close()
}

// spoolDir makes the private directory in the data dir where uploads are
// received before they are stored: 0700, and its files are 0600 (as
// os.CreateTemp makes them). Files an earlier run left behind, cut off by
// a crash, are removed.
func spoolDir(dataDir string) (string, error) {
	dir := filepath.Join(dataDir, "spool")
	if err := os.MkdirAll(dir, privateDir); err != nil {
		return "", fmt.Errorf("create spool dir: %w", err)
	}
	if err := os.Chmod(dir, privateDir); err != nil {
		return "", fmt.Errorf("spool dir: %w", err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "upload-*"))
	for _, f := range left {
		_ = os.Remove(f)
	}
	return dir, nil
}
