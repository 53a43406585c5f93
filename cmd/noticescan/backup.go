package main

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/noticescan/noticescan/records/sqlrecords"
)

const backupHelp = `Usage: noticescan backup [--data-dir DIR] --out DIR|FILE.tar.gz

Copy the embedded data directory (SQLite database, stored objects, webhook
secret) while the service keeps running. The database is a consistent
snapshot (VACUUM INTO); the objects are copied after it, so every document
in the snapshot has its file (one deleted meanwhile is reported). A
directory backup is itself a data directory; restore either form with
'noticescan restore'. PostgreSQL and S3 deployments use their own backups.

    --data-dir DIR    NOTICESCAN_DATA_DIR (default ./data)
    --out PATH        a new or empty directory, or a file ending in .tar.gz
`

const restoreHelp = `Usage: noticescan restore --from DIR|FILE.tar.gz [--data-dir DIR]

Write a backup made by 'noticescan backup' into a data directory that does
not exist or is empty; then start 'noticescan serve --data-dir DIR'.

    --from PATH       the backup directory or .tar.gz file
    --data-dir DIR    NOTICESCAN_DATA_DIR (default ./data)
`

// backupFile is one file of a backup: its name inside the backup, which is
// its path in a data directory, and where to read it now.
type backupFile struct {
	name, src string
}

func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	dataDir, out, err := parseCopyFlags("backup", "out", backupHelp, args, stdout)
	if err != nil || out == nil {
		return err
	}
	dbPath := filepath.Join(*dataDir, dbFile)
	if _, err := os.Stat(dbPath); err != nil {
		return fmt.Errorf("backup: no embedded database in %s: %w", *dataDir, err)
	}
	// The snapshot is written beside the output, on its file system, and
	// never into the data directory being copied.
	stage, err := os.MkdirTemp(filepath.Dir(filepath.Clean(*out)), ".noticescan-backup-")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(stage)
	snapshot := filepath.Join(stage, dbFile)
	if err := sqlrecords.SnapshotSQLite(ctx, dbPath, snapshot); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	files := []backupFile{{dbFile, snapshot}}
	if _, err := os.Stat(filepath.Join(*dataDir, webhookSecretFile)); err == nil {
		files = append(files, backupFile{webhookSecretFile, filepath.Join(*dataDir, webhookSecretFile)})
	}
	objects, err := objectFiles(filepath.Join(*dataDir, "objects"))
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	files = append(files, objects...)

	var write func([]backupFile) (int, error)
	if isArchive(*out) {
		write = func(fs []backupFile) (int, error) { return writeArchive(*out, fs) }
	} else {
		write = func(fs []backupFile) (int, error) { return writeDir(*out, fs) }
	}
	missing, err := write(files)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "backed up %s to %s: database and %d object files\n", *dataDir, *out, len(objects)-missing)
	if missing > 0 {
		fmt.Fprintf(stderr, "noticescan: %d object files were deleted while copying (their documents were being deleted)\n", missing)
	}
	return nil
}

// parseCopyFlags parses the flags of backup and restore: --data-dir and
// the required path flag named pathFlag. The path is nil when help was
// asked for and printed.
func parseCopyFlags(cmd, pathFlag, help string, args []string, stdout io.Writer) (dataDir, path *string, err error) {
	fl := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	var cfg config
	use := pick(storeSettings, "data-dir")
	cfg.register(fl, use)
	p := fl.String(pathFlag, "", "")
	rest, err := parseAnywhere(fl, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, help+"\n"+envHelp(use))
			return nil, nil, nil
		}
		return nil, nil, usageError("%s: %v", cmd, err)
	}
	if *p == "" || len(rest) > 0 {
		return nil, nil, usageError("%s: --%s is required and no other argument is taken", cmd, pathFlag)
	}
	if err := cfg.envError(); err != nil {
		return nil, nil, usageError("%s: %v", cmd, err)
	}
	return &cfg.dataDir, p, nil
}

// webhookSecretFile is the generated webhook secret's name in the data dir.
const webhookSecretFile = "webhook.secret"

// objectFiles lists the disk store's object and metadata files under root
// (the data dir's objects/), leaving out writes in progress.
func objectFiles(root string) ([]backupFile, error) {
	var files []backupFile
	for _, sub := range []string{"objects", "meta"} {
		dir := filepath.Join(root, sub)
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == dir {
					return fs.SkipDir
				}
				return err
			}
			if !d.Type().IsRegular() {
				return nil
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			files = append(files, backupFile{path.Join("objects", filepath.ToSlash(rel)), p})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("list objects: %w", err)
		}
	}
	return files, nil
}

func isArchive(name string) bool {
	return strings.HasSuffix(name, ".tar.gz") || strings.HasSuffix(name, ".tgz")
}

// writeDir copies files into dir, which must not exist or be empty. It
// returns how many sources were gone by the time they were copied.
func writeDir(dir string, files []backupFile) (missing int, err error) {
	root, err := openEmptyDir(dir)
	if err != nil {
		return 0, err
	}
	defer root.Close()
	return eachFile(files, func(name string, src *os.File) error { return writeInRoot(root, name, src) })
}

// eachFile calls write with each file opened, and counts the files gone
// by then: an object whose document was deleted after the snapshot.
func eachFile(files []backupFile, write func(name string, src *os.File) error) (missing int, err error) {
	for _, f := range files {
		src, err := os.Open(f.src)
		if errors.Is(err, fs.ErrNotExist) {
			missing++
			continue
		}
		if err != nil {
			return missing, err
		}
		err = write(f.name, src)
		src.Close()
		if err != nil {
			return missing, err
		}
	}
	return missing, nil
}

// writeArchive writes files into a new gzip'd tar file at name.
func writeArchive(name string, files []backupFile) (missing int, err error) {
	out, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, privateFile)
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(name)
		}
	}()
	gz := gzip.NewWriter(out)
	tw := tar.NewWriter(gz)
	missing, err = eachFile(files, func(name string, src *os.File) error { return addToArchive(tw, name, src) })
	if err != nil {
		return missing, err
	}
	if err := tw.Close(); err != nil {
		return missing, err
	}
	if err := gz.Close(); err != nil {
		return missing, err
	}
	return missing, out.Sync()
}

func addToArchive(tw *tar.Writer, name string, src *os.File) error {
	fi, err := src.Stat()
	if err != nil {
		return err
	}
	hdr := &tar.Header{Typeflag: tar.TypeReg, Name: name, Size: fi.Size(), Mode: privateFile, ModTime: fi.ModTime()}
	if err := tw.WriteHeader(hdr); err != nil {
		return fmt.Errorf("archive %s: %w", name, err)
	}
	if _, err := io.Copy(tw, src); err != nil {
		return fmt.Errorf("archive %s: %w", name, err)
	}
	return nil
}

// openEmptyDir creates dir, or opens it if it exists and is empty, as a
// root that no name from a backup can leave.
func openEmptyDir(dir string) (*os.Root, error) {
	if err := os.MkdirAll(dir, privateDir); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	if len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty", dir)
	}
	return os.OpenRoot(dir)
}

// writeInRoot writes r to name under root, creating its directories.
func writeInRoot(root *os.Root, name string, r io.Reader) error {
	if dir := path.Dir(name); dir != "." {
		if err := root.MkdirAll(dir, privateDir); err != nil {
			return fmt.Errorf("create %s: %w", dir, err)
		}
	}
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, privateFile)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	return f.Close()
}

func runRestore(args []string, stdout io.Writer) error {
	dataDir, from, err := parseCopyFlags("restore", "from", restoreHelp, args, stdout)
	if err != nil || from == nil {
		return err
	}
	root, err := openEmptyDir(*dataDir)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer root.Close()
	var n int
	if isArchive(*from) {
		n, err = restoreArchive(root, *from)
	} else {
		n, err = restoreDir(root, *from)
	}
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if _, err := root.Stat(dbFile); err != nil {
		return fmt.Errorf("restore: %s holds no %s: not a noticescan backup", *from, dbFile)
	}
	fmt.Fprintf(stdout, "restored %d files from %s into %s\n", n, *from, *dataDir)
	return nil
}

func restoreDir(root *os.Root, dir string) (n int, err error) {
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		src, err := os.Open(p)
		if err != nil {
			return err
		}
		defer src.Close()
		n++
		return writeInRoot(root, filepath.ToSlash(rel), src)
	})
	return n, err
}

// restoreArchive extracts regular files only; names are resolved inside
// root, so an archive naming ../ or an absolute path fails instead of
// writing outside the data directory.
func restoreArchive(root *os.Root, name string) (n int, err error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("%s: %w", name, err)
		}
		if hdr.Typeflag != tar.TypeReg {
			continue
		}
		if err := writeInRoot(root, hdr.Name, tr); err != nil {
			return n, err
		}
		n++
	}
}
