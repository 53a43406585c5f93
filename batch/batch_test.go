package batch_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/noticescan/noticescan/archive"
	"github.com/noticescan/noticescan/batch"
	"github.com/noticescan/noticescan/storage/disk"
)

func pngBytes(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func zipOf(t *testing.T, members map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range members {
			if !yield(k) {
				return
			}
		}
	}) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(members[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// walked is an item as a test compares it.
type walked struct {
	name string
	kind batch.Kind
}

func collect(t *testing.T, src batch.Source, o batch.Options) ([]walked, []*batch.Item) {
	t.Helper()
	var got []walked
	var items []*batch.Item
	if err := src.Walk(context.Background(), o, func(it *batch.Item) error {
		got = append(got, walked{it.Name, it.Kind})
		cp := *it
		items = append(items, &cp)
		return nil
	}); err != nil {
		t.Fatalf("Walk: %v", err)
	}
	return got, items
}

func TestSource_PathKinds(t *testing.T) {
	img := pngBytes(t)
	dir := t.TempDir()
	files := map[string][]byte{
		"a.png":           img,
		"IMG0001":         img,                         // a document by its bytes
		"blank.pdf":       nil,                         // by its name, though empty
		"notes.txt":       []byte("call the office\n"), // neither
		".hidden/in.png":  img,                         // hidden folders are skipped
		"mail.zip":        zipOf(t, map[string][]byte{"b.png": img, "readme.md": []byte("hi")}),
		"old.7z":          []byte("7z\xbc\xaf\x27\x1c"),
		"sub/copy-of.png": img,
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got, items := collect(t, batch.Path(dir), batch.Options{})
	root := filepath.ToSlash(dir) + "/"
	want := []walked{
		{root + "IMG0001", batch.Document},
		{root + "a.png", batch.Document},
		{root + "blank.pdf", batch.Document},
		{root + "mail.zip!b.png", batch.Document},
		{root + "mail.zip!readme.md", batch.NotDocument},
		{root + "notes.txt", batch.NotDocument},
		{root + "old.7z", batch.Refused},
		{root + "sub/copy-of.png", batch.Document},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("walked\n%v\nwant\n%v", got, want)
	}
	for _, it := range items {
		switch {
		case it.Kind == batch.Refused && !errors.Is(it.Err, archive.ErrUnsupported):
			t.Errorf("%s: refused with %v, want ErrUnsupported", it.Name, it.Err)
		case it.Kind == batch.NotDocument && it.Err == nil:
			t.Errorf("%s: not a document, with no reason", it.Name)
		case it.Kind == batch.Document && it.Err != nil:
			t.Errorf("%s: a document with error %v", it.Name, it.Err)
		}
	}
	if items[0].SHA256() != items[1].SHA256() || items[1].SHA256() == items[2].SHA256() {
		t.Error("the same bytes must have the same digest, and other bytes another")
	}
}

func TestSource_BucketResumesAfterKeyAndStopsBeforeReading(t *testing.T) {
	ctx := context.Background()
	st, err := disk.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	img := pngBytes(t)
	for key, data := range map[string][]byte{
		"in/a.png": img, "in/b.zip": zipOf(t, map[string][]byte{"x.png": img}), "in/c.png": img,
		"in/d.txt": []byte("x"), "in/e.png": img, "out/f.png": img,
	} {
		if err := st.Put(ctx, key, bytes.NewReader(data), int64(len(data)), ""); err != nil {
			t.Fatal(err)
		}
	}
	got, items := collect(t, batch.Bucket(st, "intake", "in/", "in/a.png"), batch.Options{})
	want := []walked{
		{"s3://intake/in/b.zip", batch.Refused},
		{"s3://intake/in/c.png", batch.Document},
		{"s3://intake/in/d.txt", batch.NotDocument},
		{"s3://intake/in/e.png", batch.Document},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("walked\n%v\nwant\n%v", got, want)
	}
	if items[0].Key != "in/b.zip" || !errors.Is(items[0].Err, archive.ErrNested) {
		t.Errorf("archive in a bucket: key %q err %v, want in/b.zip and ErrNested", items[0].Key, items[0].Err)
	}
	var n int
	if err := batch.Bucket(st, "intake", "in/", "in/a.png").Count(ctx, archive.Limits{}, func(string) { n++ }); err != nil || n != 4 {
		t.Errorf("Count: %d, %v; want 4 entries", n, err)
	}

	stop := errors.New("slice over")
	var seen []string
	calls := 0
	err = batch.Bucket(st, "intake", "in/", "").Walk(ctx, batch.Options{Next: func() error {
		if calls++; calls == 3 {
			return stop
		}
		return nil
	}}, func(it *batch.Item) error { seen = append(seen, it.Key); return nil })
	if !errors.Is(err, stop) || !slices.Equal(seen, []string{"in/a.png", "in/b.zip"}) {
		t.Errorf("Walk stopped by Next: %v after %q, want the stop after in/a.png and in/b.zip", err, seen)
	}
}

func TestSource_MissingPath(t *testing.T) {
	err := batch.Path(filepath.Join(t.TempDir(), "gone")).Walk(context.Background(), batch.Options{}, func(*batch.Item) error {
		t.Error("an item from a missing path")
		return nil
	})
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Walk of a missing path: %v, want ErrNotExist", err)
	}
}

func TestSeen(t *testing.T) {
	s := batch.NewSeen()
	done, failed, fresh := [32]byte{1}, [32]byte{2}, [32]byte{3}
	s.Add(done, true)
	s.Add(failed, false)
	s.AddName("n:old.7z", false)
	for _, c := range []struct {
		sum  [32]byte
		want batch.Skip
		ok   bool
	}{{done, batch.SkipDone, false}, {failed, batch.SkipDoneFailed, false}, {fresh, 0, true}, {fresh, batch.SkipDuplicate, false}} {
		if why, ok := s.Claim(c.sum); ok != c.ok || (!ok && why != c.want) {
			t.Errorf("Claim(%x): %v %v, want %v %v", c.sum[:1], why, ok, c.want, c.ok)
		}
	}
	if why, ok := s.ClaimName("n:old.7z"); ok || why != batch.SkipDoneFailed {
		t.Errorf("ClaimName of a failed refusal: %v %v", why, ok)
	}
	if _, ok := s.ClaimName("n:new.7z"); !ok {
		t.Error("ClaimName of a new refusal refused")
	}
	if why, ok := s.ClaimName("n:new.7z"); ok || why != batch.SkipDuplicate {
		t.Errorf("second ClaimName: %v %v, want a duplicate", why, ok)
	}
}

func TestIsDocument(t *testing.T) {
	img := pngBytes(t)
	for _, c := range []struct {
		name string
		head []byte
		want bool
	}{
		{"scan.PDF", nil, true},
		{"IMG0001", img, true},
		{"photo.heic", []byte("junk"), true},
		{"notes.txt", []byte("hello"), false},
		{"notes.txt", img, true},
		{"x", nil, false},
	} {
		if got := batch.IsDocument(c.name, c.head); got != c.want {
			t.Errorf("IsDocument(%q, %d bytes) = %v, want %v", c.name, len(c.head), got, c.want)
		}
	}
}
