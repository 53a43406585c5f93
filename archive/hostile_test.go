package archive_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/noticescan/noticescan/archive"
	"github.com/noticescan/noticescan/storage/disk"
)

// deflated compresses data as a zip member's raw bytes.
func deflated(tb testing.TB, data []byte) []byte {
	tb.Helper()
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	w.Write(data)
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// walkZip walks a zip archive held in memory and reads every entry.
func walkZip(tb testing.TB, data []byte, lim archive.Limits) []seen {
	tb.Helper()
	return collect(tb, func(fn archive.WalkFunc) error {
		return archive.WalkZip(context.Background(), bytes.NewReader(data), int64(len(data)), "x.zip", lim, fn)
	})
}

// walkTar walks a tar stream held in memory and reads every entry.
func walkTar(tb testing.TB, data []byte, gz bool, lim archive.Limits) []seen {
	tb.Helper()
	return collect(tb, func(fn archive.WalkFunc) error {
		return archive.WalkTar(context.Background(), bytes.NewReader(data), "x.tar", gz, lim, fn)
	})
}

// TestArchive_ZipRefusals: each hostile member is refused with its reason,
// and the harmless member after it is still read.
func TestArchive_ZipRefusals(t *testing.T) {
	zeros := make([]byte, 8<<20)
	ok := member{name: "ok.pdf", data: []byte("%PDF ok")}
	tests := []struct {
		name string
		m    member
		want error
	}{
		{"ErrUnsafeNameParent", member{name: "../evil.pdf", data: []byte("x")}, archive.ErrUnsafeName},
		{"ErrUnsafeNameDeepParent", member{name: "a/../../evil.pdf", data: []byte("x")}, archive.ErrUnsafeName},
		{"ErrUnsafeNameAbsolute", member{name: "/etc/cron.d/evil", data: []byte("x")}, archive.ErrUnsafeName},
		{"ErrUnsafeNameBackslash", member{name: `..\..\evil.pdf`, data: []byte("x")}, archive.ErrUnsafeName},
		{"ErrUnsafeNameDrive", member{name: `C:\Windows\evil.pdf`, data: []byte("x")}, archive.ErrUnsafeName},
		{"ErrLinkSymlink", member{name: "link.pdf", data: []byte("/etc/passwd"), mode: fs.ModeSymlink | 0o777}, archive.ErrLink},
		{"ErrNotRegularDevice", member{name: "dev", mode: fs.ModeDevice | 0o600}, archive.ErrNotRegular},
		{"ErrEncrypted", member{name: "secret.pdf", data: []byte("ciphertext"), flags: 0x1}, archive.ErrEncrypted},
		{"ErrEncryptedAES", member{name: "aes.pdf", raw: true, data: []byte("ciphertext"), uncompressed: 10, method: 99}, archive.ErrEncrypted},
		{"ErrNestedByName", member{name: "inner.zip", data: zipBytes(t, ok)}, archive.ErrNested},
		{"ErrNestedTgzByName", member{name: "inner.tar.gz", data: []byte("x")}, archive.ErrNested},
		{"ErrNestedBySignature", member{name: "inner.pdf", data: zipBytes(t, ok)}, archive.ErrNested},
		{"ErrNestedGzipBySignature", member{name: "inner.bin", data: tarBytes(t, true, ok)}, archive.ErrNested},
		{"ErrTooLargeDeclared", member{name: "huge.pdf", raw: true, data: deflated(t, []byte("tiny")), uncompressed: 10 << 30}, archive.ErrTooLarge},
		{"ErrBombRatio", member{name: "zeros.pdf", data: zeros, method: zip.Deflate}, archive.ErrBomb},
		{"ErrCorruptLyingSize", member{name: "liar.pdf", raw: true, data: deflated(t, zeros[:2<<20]), uncompressed: 1000}, archive.ErrCorrupt},
		{"ErrUnsupportedMethod", member{name: "bz.pdf", raw: true, method: 12, data: []byte("BZh9junk"), uncompressed: 8}, archive.ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := walkZip(t, zipBytes(t, tt.m, ok), archive.Limits{})
			if len(got) != 2 {
				t.Fatalf("entries %q, want the refused member and ok.pdf", names(got))
			}
			if got[0].name != "x.zip!"+tt.m.name {
				t.Errorf("name %q, want %q", got[0].name, "x.zip!"+tt.m.name)
			}
			if !errors.Is(got[0].err, tt.want) || got[0].data != "" {
				t.Errorf("err %v with %d bytes, want %v and no bytes", got[0].err, len(got[0].data), tt.want)
			}
			if !archive.Permanent(got[0].err) {
				t.Errorf("refusal %v is not Permanent", got[0].err)
			}
			if got[1].err != nil || got[1].data != "%PDF ok" {
				t.Errorf("member after the refused one: %q, %v", got[1].data, got[1].err)
			}
		})
	}
	t.Run("OfficeFileNotNested", func(t *testing.T) {
		got := walkZip(t, zipBytes(t, member{name: "letter.docx", data: zipBytes(t, ok)}), archive.Limits{})
		if len(got) != 1 || got[0].err != nil {
			t.Fatalf("got %+v, want letter.docx handed over as a file", got)
		}
	})
}

// TestArchive_ZipBomb: a small archive that expands past the archive's
// budget is refused at the member that crosses it, and the rest is not read.
func TestArchive_ZipBomb(t *testing.T) {
	// Each member is under the entry limit and the ratio (random bytes
	// do not compress), but together they pass MaxArchiveBytes.
	var ms []member
	for i := range 5 {
		ms = append(ms, member{name: fmt.Sprintf("m%d.pdf", i), data: randomBytes(t, 1<<20)})
	}
	got := walkZip(t, zipBytes(t, ms...), archive.Limits{MaxArchiveBytes: 3 << 20})
	want := []string{"x.zip!m0.pdf", "x.zip!m1.pdf", "x.zip!m2.pdf", "x.zip!m3.pdf", "x.zip"}
	if fmt.Sprint(names(got)) != fmt.Sprint(want) {
		t.Fatalf("entries %q, want %q", names(got), want)
	}
	for i, e := range got {
		if i < 3 && e.err != nil {
			t.Errorf("%s: %v", e.name, e.err)
		}
		if i >= 3 && !errors.Is(e.err, archive.ErrBomb) {
			t.Errorf("%s: err %v, want ErrBomb", e.name, e.err)
		}
	}

	t.Run("ErrBombOverlapping", func(t *testing.T) {
		// Forty directory records share one compressed member: each
		// passes the per-member ratio, the archive as a whole does not.
		data := overlapZip(t, deflated(t, make([]byte, 1<<20)), 1<<20, 40)
		got := walkZip(t, data, archive.Limits{MaxRatio: 2000})
		last := got[len(got)-1]
		if last.name != "x.zip" || !errors.Is(last.err, archive.ErrBomb) {
			t.Fatalf("last entry %s: %v, want the archive refused with ErrBomb", last.name, last.err)
		}
		if len(got) > 10 {
			t.Fatalf("%d entries before the archive was stopped", len(got))
		}
	})
}

// overlapZip builds a zip whose n central directory records all point at
// the same deflated member, the trick of overlapping-file zip bombs.
func overlapZip(tb testing.TB, raw []byte, size uint64, n int) []byte {
	tb.Helper()
	b := zipBytes(tb, member{name: "k00.pdf", raw: true, method: zip.Deflate, data: raw, uncompressed: size})
	eocd := b[len(b)-22:]
	cdSize := binary.LittleEndian.Uint32(eocd[12:])
	cdOff := binary.LittleEndian.Uint32(eocd[16:])
	rec := b[cdOff : cdOff+cdSize]
	out := append([]byte{}, b[:cdOff]...)
	for i := range n {
		r := append([]byte{}, rec...)
		copy(r[46:], fmt.Sprintf("k%02d.pdf", i))
		out = append(out, r...)
	}
	end := append([]byte{}, eocd...)
	binary.LittleEndian.PutUint16(end[8:], uint16(n))
	binary.LittleEndian.PutUint16(end[10:], uint16(n))
	binary.LittleEndian.PutUint32(end[12:], uint32(n*len(rec)))
	return append(out, end...)
}

// TestArchive_TarRefusals covers links, special files, names, nesting and
// size in tar streams, compressed or not.
func TestArchive_TarRefusals(t *testing.T) {
	ok := member{name: "ok.pdf", data: []byte("%PDF ok")}
	tests := []struct {
		name string
		m    member
		want error
	}{
		{"ErrLinkSymlink", member{name: "passwd.pdf", typeflag: tar.TypeSymlink, linkname: "/etc/passwd"}, archive.ErrLink},
		{"ErrLinkHardlink", member{name: "shadow.pdf", typeflag: tar.TypeLink, linkname: "../../etc/shadow"}, archive.ErrLink},
		{"ErrNotRegularFifo", member{name: "fifo", typeflag: tar.TypeFifo}, archive.ErrNotRegular},
		{"ErrNotRegularCharDevice", member{name: "zero", typeflag: tar.TypeChar}, archive.ErrNotRegular},
		{"ErrUnsafeNameParent", member{name: "../../home/evil.pdf", data: []byte("x")}, archive.ErrUnsafeName},
		{"ErrUnsafeNameAbsolute", member{name: "/tmp/evil.pdf", data: []byte("x")}, archive.ErrUnsafeName},
		{"ErrNestedByName", member{name: "inner.tgz", data: []byte("x")}, archive.ErrNested},
		{"ErrNestedBySignature", member{name: "inner.dat", data: zipBytes(t, ok)}, archive.ErrNested},
		{"ErrTooLarge", member{name: "big.pdf", data: randomBytes(t, 2<<20)}, archive.ErrTooLarge},
	}
	for _, gz := range []bool{false, true} {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s/gzip=%v", tt.name, gz), func(t *testing.T) {
				got := walkTar(t, tarBytes(t, gz, tt.m, ok), gz, archive.Limits{MaxEntryBytes: 1 << 20})
				if len(got) != 2 || got[0].name != "x.tar!"+tt.m.name {
					t.Fatalf("entries %q, want the refused member and ok.pdf", names(got))
				}
				if !errors.Is(got[0].err, tt.want) {
					t.Errorf("err %v, want %v", got[0].err, tt.want)
				}
				if got[1].err != nil || got[1].data != "%PDF ok" {
					t.Errorf("member after the refused one: %q, %v", got[1].data, got[1].err)
				}
			})
		}
	}
}

// TestArchive_TarGzBomb: a member declared far over the limit is refused,
// and skipping it inflates no further than the ratio allows.
func TestArchive_TarGzBomb(t *testing.T) {
	data := tarBytes(t, true, member{name: "zeros.pdf", data: make([]byte, 16<<20)}, member{name: "after.pdf", data: []byte("x")})
	if len(data) > 1<<20 {
		t.Fatalf("test archive is %d bytes, want a small bomb", len(data))
	}
	got := walkTar(t, data, true, archive.Limits{MaxEntryBytes: 1 << 20})
	if len(got) != 2 {
		t.Fatalf("entries %q, want the member and the archive", names(got))
	}
	if !errors.Is(got[0].err, archive.ErrTooLarge) {
		t.Errorf("member: %v, want ErrTooLarge", got[0].err)
	}
	if got[1].name != "x.tar" || !errors.Is(got[1].err, archive.ErrBomb) {
		t.Errorf("%s: %v, want the archive refused with ErrBomb", got[1].name, got[1].err)
	}
}

// TestArchive_Truncated: members before the damage are read; the damage
// is reported once, on the archive, as ErrCorrupt.
func TestArchive_Truncated(t *testing.T) {
	ms := []member{{name: "a.pdf", data: randomBytes(t, 4096)}, {name: "b.pdf", data: randomBytes(t, 8192)}}
	zipData := zipBytes(t, ms...)
	tarData := tarBytes(t, false, ms...)
	tgzData := tarBytes(t, true, ms...)
	t.Run("ZipErrCorrupt", func(t *testing.T) {
		got := walkZip(t, zipData[:len(zipData)-30], archive.Limits{})
		if len(got) != 1 || got[0].name != "x.zip" || !errors.Is(got[0].err, archive.ErrCorrupt) {
			t.Fatalf("got %+v, want one archive entry with ErrCorrupt", got)
		}
	})
	for _, tt := range []struct {
		name string
		data []byte
		gz   bool
	}{{"TarErrCorrupt", tarData[:512+4096+512+100], false}, {"TgzErrCorrupt", tgzData[:len(tgzData)-len(tgzData)/3], true}} {
		t.Run(tt.name, func(t *testing.T) {
			got := walkTar(t, tt.data, tt.gz, archive.Limits{})
			if len(got) < 2 || got[0].name != "x.tar!a.pdf" || got[0].err != nil {
				t.Fatalf("entries %q (first err %v), want a.pdf read first", names(got), got[0].err)
			}
			last := got[len(got)-1]
			if last.name != "x.tar" || !errors.Is(last.err, archive.ErrCorrupt) {
				t.Fatalf("last entry %s: %v, want the archive with ErrCorrupt", last.name, last.err)
			}
			if len(got) == 3 && !errors.Is(got[1].err, archive.ErrCorrupt) {
				t.Fatalf("b.pdf cut short read without error: %d bytes", len(got[1].data))
			}
		})
	}
}

// TestArchive_DirRefusals: links and other archive formats in a directory
// are reported, not followed or opened.
func TestArchive_DirRefusals(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.pdf"), []byte("A"))
	writeFile(t, filepath.Join(dir, "b.7z"), []byte("7z\xbc\xaf\x27\x1c"))
	writeFile(t, filepath.Join(dir, "c.tar.xz"), []byte("\xfd7zXZ\x00"))
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "d.pdf")); err != nil {
		t.Fatal(err)
	}
	got := collect(t, func(fn archive.WalkFunc) error { return archive.Walk(context.Background(), dir, archive.Limits{}, fn) })
	want := []error{nil, archive.ErrUnsupported, archive.ErrUnsupported, archive.ErrLink}
	if len(got) != len(want) {
		t.Fatalf("entries %q", names(got))
	}
	for i, w := range want {
		if (w == nil && got[i].err != nil) || !errors.Is(got[i].err, w) {
			t.Errorf("%s: %v, want %v", got[i].name, got[i].err, w)
		}
	}
}

// TestArchive_Store walks a real store: key order, names, and archives and
// oversized objects refused without being fetched.
func TestArchive_Store(t *testing.T) {
	st, err := disk.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	put := func(key string, data []byte) {
		if err := st.Put(ctx, key, bytes.NewReader(data), int64(len(data)), ""); err != nil {
			t.Fatal(err)
		}
	}
	put("inbox/b.pdf", []byte("B"))
	put("inbox/a/c.png", []byte("C"))
	put("inbox/mail.zip", zipBytes(t, member{name: "x.pdf", data: []byte("x")}))
	put("inbox/scan.bin", zipBytes(t, member{name: "x.pdf", data: []byte("x")}))
	put("inbox/big.pdf", make([]byte, 2048))
	put("outbox/d.pdf", []byte("D"))
	got := collect(t, func(fn archive.WalkFunc) error {
		return archive.WalkStore(ctx, st, "inbox/", "s3://b/", archive.Limits{MaxEntryBytes: 1024}, fn)
	})
	want := []struct {
		name, data string
		err        error
	}{
		{"s3://b/inbox/a/c.png", "C", nil},
		{"s3://b/inbox/b.pdf", "B", nil},
		{"s3://b/inbox/big.pdf", "", archive.ErrTooLarge},
		{"s3://b/inbox/mail.zip", "", archive.ErrNested},
		{"s3://b/inbox/scan.bin", "", archive.ErrNested},
	}
	if len(got) != len(want) {
		t.Fatalf("entries %q", names(got))
	}
	for i, w := range want {
		g := got[i]
		if g.name != w.name || g.data != w.data || (w.err == nil) != (g.err == nil) || !errors.Is(g.err, w.err) {
			t.Errorf("entry %d: %s %q %v, want %s %q %v", i, g.name, g.data, g.err, w.name, w.data, w.err)
		}
	}
}

// TestArchive_Permanent tells refusals from I/O errors.
func TestArchive_Permanent(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"Refusal", fmt.Errorf("member: %w", archive.ErrNested), true},
		{"Corrupt", archive.ErrCorrupt, true},
		{"NotExist", &fs.PathError{Op: "open", Path: "x", Err: fs.ErrNotExist}, false},
		{"Canceled", context.Canceled, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := archive.Permanent(tt.err); got != tt.want {
				t.Fatalf("Permanent(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
