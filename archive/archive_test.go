package archive_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/noticescan/noticescan/archive"
)

// member is one file to put in a test archive.
type member struct {
	name string
	data []byte
	// zip only
	method uint16
	mode   fs.FileMode
	flags  uint16
	// raw, when set, writes data as already-compressed bytes with these
	// declared sizes, so a header can lie.
	raw          bool
	uncompressed uint64
	// tar only
	typeflag byte
	linkname string
	size     int64 // declared size when set
}

// zipBytes builds a zip archive of the members, in order.
func zipBytes(tb testing.TB, members ...member) []byte {
	tb.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, m := range members {
		fh := &zip.FileHeader{Name: m.name, Method: m.method, Flags: m.flags}
		if m.mode != 0 {
			fh.SetMode(m.mode)
		}
		var w io.Writer
		var err error
		if m.raw {
			fh.CompressedSize64 = uint64(len(m.data))
			fh.UncompressedSize64 = m.uncompressed
			w, err = zw.CreateRaw(fh)
		} else {
			w, err = zw.CreateHeader(fh)
		}
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write(m.data); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// tarBytes builds a tar stream of the members, gzip-compressed if asked.
func tarBytes(tb testing.TB, gzipped bool, members ...member) []byte {
	tb.Helper()
	var b bytes.Buffer
	var w io.Writer = &b
	var zw *gzip.Writer
	if gzipped {
		zw = gzip.NewWriter(&b)
		w = zw
	}
	tw := tar.NewWriter(w)
	for _, m := range members {
		hdr := &tar.Header{Name: m.name, Mode: 0o644, Size: int64(len(m.data)), Typeflag: m.typeflag, Linkname: m.linkname, Format: tar.FormatPAX}
		if hdr.Typeflag == 0 {
			hdr.Typeflag = tar.TypeReg
		}
		if hdr.Typeflag != tar.TypeReg {
			hdr.Size = 0
		}
		if m.size != 0 {
			hdr.Size = m.size
		}
		if err := tw.WriteHeader(hdr); err != nil {
			tb.Fatal(err)
		}
		if _, err := tw.Write(m.data); err != nil && !errors.Is(err, tar.ErrWriteTooLong) {
			tb.Fatal(err)
		}
	}
	// A header that declares more than was written leaves the stream
	// short, as a truncated archive is; Close would refuse that.
	tw.Flush()
	if !slices.ContainsFunc(members, func(m member) bool { return m.size != 0 }) {
		if err := tw.Close(); err != nil {
			tb.Fatal(err)
		}
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			tb.Fatal(err)
		}
	}
	return b.Bytes()
}

func writeFile(tb testing.TB, path string, data []byte) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// seen is what a walk handed to its function.
type seen struct {
	name string
	data string
	err  error
}

// collect walks with walk and reads every entry.
func collect(tb testing.TB, walk func(archive.WalkFunc) error) []seen {
	tb.Helper()
	var out []seen
	err := walk(func(e *archive.Entry) error {
		data, err := e.ReadAll()
		out = append(out, seen{e.Name, string(data), err})
		return nil
	})
	if err != nil {
		tb.Fatalf("walk: %v", err)
	}
	return out
}

func names(s []seen) []string {
	var n []string
	for _, e := range s {
		n = append(n, e.name)
	}
	return n
}

func randomBytes(tb testing.TB, n int) []byte {
	tb.Helper()
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// TestArchive_Walk checks order, names and contents for every kind of
// source, with archives inside a directory and nested folders inside
// archives.
func TestArchive_Walk(t *testing.T) {
	ctx := context.Background()
	members := []member{{name: "2019/b.pdf", data: []byte("%PDF b")}, {name: "2019/a.pdf", data: []byte("%PDF a")}, {name: "top.png", data: []byte("png")}}
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "m.zip"), zipBytes(t, members...))
	writeFile(t, filepath.Join(root, "t.tar"), tarBytes(t, false, members...))
	writeFile(t, filepath.Join(root, "t.tgz"), tarBytes(t, true, members...))
	writeFile(t, filepath.Join(root, "t.tar.gz"), tarBytes(t, true, members...))
	writeFile(t, filepath.Join(root, "mail.bak"), zipBytes(t, members...))
	dir := filepath.Join(root, "scans")
	writeFile(t, filepath.Join(dir, "b.pdf"), []byte("B"))
	writeFile(t, filepath.Join(dir, "a", "z.png"), []byte("Z"))
	writeFile(t, filepath.Join(dir, "a", "b", "c.txt"), []byte("C"))
	writeFile(t, filepath.Join(dir, ".git", "x.pdf"), []byte("hidden"))
	writeFile(t, filepath.Join(dir, "in.zip"), zipBytes(t, member{name: "x/y.pdf", data: []byte("Y")}))

	// want lists names and contents in walk order.
	type file struct{ name, data string }
	prefixed := func(p string) []file {
		var out []file
		for _, m := range members {
			out = append(out, file{filepath.ToSlash(p) + "!" + m.name, string(m.data)})
		}
		return out
	}
	tests := []struct {
		name   string
		source string
		want   []file
	}{
		{"Zip", filepath.Join(root, "m.zip"), prefixed(filepath.Join(root, "m.zip"))},
		{"Tar", filepath.Join(root, "t.tar"), prefixed(filepath.Join(root, "t.tar"))},
		{"Tgz", filepath.Join(root, "t.tgz"), prefixed(filepath.Join(root, "t.tgz"))},
		{"TarGz", filepath.Join(root, "t.tar.gz"), prefixed(filepath.Join(root, "t.tar.gz"))},
		{"ZipBySignature", filepath.Join(root, "mail.bak"), prefixed(filepath.Join(root, "mail.bak"))},
		{"Dir", dir, []file{{dir + "/a/b/c.txt", "C"}, {dir + "/a/z.png", "Z"}, {dir + "/b.pdf", "B"}, {dir + "/in.zip!x/y.pdf", "Y"}}},
		{"File", filepath.Join(dir, "b.pdf"), []file{{dir + "/b.pdf", "B"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := collect(t, func(fn archive.WalkFunc) error { return archive.Walk(ctx, tt.source, archive.Limits{}, fn) })
			var files []file
			for _, e := range got {
				if e.err != nil {
					t.Errorf("%s: %v", e.name, e.err)
				}
				files = append(files, file{e.name, e.data})
			}
			if !slices.Equal(files, tt.want) {
				t.Fatalf("walk\n got %q\nwant %q", files, tt.want)
			}
		})
	}
}

// TestArchive_WalkErrors: a missing source fails the walk; fn's error and
// a cancelled context stop it and come back unchanged.
func TestArchive_WalkErrors(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.pdf"), []byte("A"))
	writeFile(t, filepath.Join(dir, "b.pdf"), []byte("B"))
	t.Run("ErrNotExist", func(t *testing.T) {
		err := archive.Walk(context.Background(), filepath.Join(dir, "missing"), archive.Limits{}, func(*archive.Entry) error { return nil })
		if !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("err %v, want not exist", err)
		}
	})
	t.Run("FuncErrorStops", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		err := archive.Walk(context.Background(), dir, archive.Limits{}, func(*archive.Entry) error { n++; return stop })
		if err != stop || n != 1 {
			t.Fatalf("err %v after %d entries, want stop after 1", err, n)
		}
	})
	t.Run("ContextCancelledStops", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		n := 0
		err := archive.Walk(ctx, dir, archive.Limits{}, func(*archive.Entry) error { n++; cancel(); return nil })
		if !errors.Is(err, context.Canceled) || n != 1 {
			t.Fatalf("err %v after %d entries, want canceled after 1", err, n)
		}
	})
	t.Run("ReadTwiceFails", func(t *testing.T) {
		err := archive.Walk(context.Background(), filepath.Join(dir, "a.pdf"), archive.Limits{}, func(e *archive.Entry) error {
			if _, err := e.ReadAll(); err != nil {
				return err
			}
			_, err := e.ReadAll()
			return err
		})
		if err == nil {
			t.Fatal("second ReadAll succeeded")
		}
	})
}
