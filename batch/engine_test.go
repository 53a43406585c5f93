package batch_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/noticescan/noticescan/batch"
)

// writeTree writes files under a new directory and returns it with "/".
func writeTree(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.ToSlash(dir) + "/"
}

// record is what an Engine handed to a test's functions, safe for its
// workers.
type record struct {
	mu      sync.Mutex
	read    []string
	entries []walked
	skipped map[string]batch.Skip
}

func (r *record) engine(sources ...batch.Source) *batch.Engine {
	r.skipped = map[string]batch.Skip{}
	return &batch.Engine{
		Sources: sources,
		Read: func(_ context.Context, it *batch.Item) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.read = append(r.read, it.Name)
			return nil
		},
		Entry: func(_ context.Context, it *batch.Item) error {
			r.entries = append(r.entries, walked{it.Name, it.Kind})
			return nil
		},
		Skipped: func(it *batch.Item, why batch.Skip) { r.skipped[it.Name] = why },
	}
}

func TestEngine_SkipsDoneAndCopies(t *testing.T) {
	img := pngBytes(t)
	other := append(slices.Clone(img), 0)
	old := append(slices.Clone(img), 1)
	root := writeTree(t, map[string][]byte{
		"a.png": img, "b/copy.png": img, "c.png": other, "d.png": old,
		"notes.txt": []byte("call\n"), "old.7z": []byte("7z\xbc\xaf\x27\x1c"), "x.7z": []byte("7z\xbc\xaf\x27\x1c"),
		"mail.zip": zipOf(t, map[string][]byte{"in.png": other}),
	})
	done := batch.NewSeen()
	done.Add(sha256.Sum256(old), false)
	done.AddName("n:"+root+"old.7z", true)
	var r record
	e := r.engine(batch.Path(root))
	e.Workers, e.Done = 3, done
	e.NameKey = func(name string) string { return "n:" + name }
	if err := e.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	slices.Sort(r.read)
	if want := []string{root + "a.png", root + "c.png"}; !slices.Equal(r.read, want) {
		t.Errorf("read %q, want %q", r.read, want)
	}
	wantEntries := []walked{{root + "notes.txt", batch.NotDocument}, {root + "x.7z", batch.Refused}}
	if !slices.Equal(r.entries, wantEntries) {
		t.Errorf("entries %v, want %v", r.entries, wantEntries)
	}
	wantSkipped := map[string]batch.Skip{
		root + "b/copy.png":      batch.SkipDuplicate,
		root + "d.png":           batch.SkipDoneFailed,
		root + "mail.zip!in.png": batch.SkipDuplicate,
		root + "old.7z":          batch.SkipDone,
	}
	if len(r.skipped) != len(wantSkipped) {
		t.Errorf("skipped %v, want %v", r.skipped, wantSkipped)
	}
	for name, why := range wantSkipped {
		if got, ok := r.skipped[name]; !ok || got != why {
			t.Errorf("%s: skipped %v (%v), want %v", name, got, ok, why)
		}
	}
}

func TestEngine_WithoutDoneHandsEveryCopyOn(t *testing.T) {
	img := pngBytes(t)
	root := writeTree(t, map[string][]byte{"a.png": img, "b.png": img, "old.7z": []byte("7z\xbc\xaf\x27\x1c")})
	var r record
	e := r.engine(batch.Path(root), batch.Path(root))
	if err := e.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := []string{root + "a.png", root + "b.png", root + "a.png", root + "b.png"}
	if !slices.Equal(r.read, want) || len(r.entries) != 2 || len(r.skipped) != 0 {
		t.Errorf("read %q, entries %v, skipped %v; want %q, the refusal twice, no skip", r.read, r.entries, r.skipped, want)
	}
}

func TestEngine_InlineReadsBeforeTheNextEntry(t *testing.T) {
	img := pngBytes(t)
	root := writeTree(t, map[string][]byte{"a.png": img, "b.txt": []byte("x"), "c.png": img, "d.png": img})
	fetched := 0
	var order []int
	e := &batch.Engine{
		Sources: []batch.Source{batch.Path(root)},
		Options: batch.Options{Next: func() error { fetched++; return nil }},
		Read: func(context.Context, *batch.Item) error {
			order = append(order, fetched)
			return nil
		},
		Entry: func(context.Context, *batch.Item) error {
			order = append(order, fetched)
			return nil
		},
	}
	if err := e.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	// Each entry is handled while it is the last one fetched.
	if want := []int{1, 2, 3, 4}; !slices.Equal(order, want) {
		t.Errorf("entries handled after %v fetches, want %v", order, want)
	}
}

func TestEngine_WorkersReadAtOnce(t *testing.T) {
	img := pngBytes(t)
	root := writeTree(t, map[string][]byte{"a.png": img, "b.png": append(slices.Clone(img), 0)})
	var started sync.WaitGroup
	started.Add(2)
	both := make(chan struct{})
	go func() { started.Wait(); close(both) }()
	e := &batch.Engine{
		Sources: []batch.Source{batch.Path(root)},
		Workers: 2,
		Read: func(ctx context.Context, it *batch.Item) error {
			started.Done()
			select {
			case <-both:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		},
		Entry: func(context.Context, *batch.Item) error { return nil },
	}
	// The deadline only keeps a broken engine from hanging the test.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := e.Run(ctx); err != nil {
		t.Fatalf("Run with two documents read at once: %v", err)
	}
}

func TestEngine_StepErrorStopsTheRun(t *testing.T) {
	img := pngBytes(t)
	files := map[string][]byte{}
	for i := range 6 {
		files[string(rune('a'+i))+".png"] = append(slices.Clone(img), byte(i))
	}
	root := writeTree(t, files)
	full := errors.New("disk full")
	for _, workers := range []int{0, 1} {
		var r record
		e := r.engine(batch.Path(root))
		e.Workers, e.Done = workers, batch.NewSeen()
		e.Read = func(_ context.Context, it *batch.Item) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.read = append(r.read, it.Name)
			return full
		}
		err := e.Run(context.Background())
		if !errors.Is(err, full) {
			t.Errorf("workers %d: Run: %v, want the Read error", workers, err)
		}
		// One worker may have been handed one more document before the
		// failure stopped the walk; never the rest.
		if len(r.read) > 1+workers {
			t.Errorf("workers %d: read %d documents after a failure", workers, len(r.read))
		}
	}
}

func TestEngine_SourceFailed(t *testing.T) {
	root := writeTree(t, map[string][]byte{"a.png": pngBytes(t)})
	gone := batch.Path(filepath.Join(t.TempDir(), "gone"))

	var r record
	e := r.engine(gone, batch.Path(root))
	if err := e.Run(context.Background()); !errors.Is(err, os.ErrNotExist) || len(r.read) != 0 {
		t.Errorf("without SourceFailed: %v after reading %q, want ErrNotExist before the next source", err, r.read)
	}

	var failed []string
	r = record{}
	e = r.engine(gone, batch.Path(root))
	e.Workers = 1
	e.SourceFailed = func(s batch.Source, err error) error {
		failed = append(failed, s.Name())
		return nil
	}
	if err := e.Run(context.Background()); err != nil || !slices.Equal(r.read, []string{root + "a.png"}) || len(failed) != 1 {
		t.Errorf("with SourceFailed: %v, read %q, failed %q; want the next source read", err, r.read, failed)
	}

	stop := errors.New("stop")
	r = record{}
	e = r.engine(gone, batch.Path(root))
	e.SourceFailed = func(batch.Source, error) error { return stop }
	if err := e.Run(context.Background()); !errors.Is(err, stop) || len(r.read) != 0 {
		t.Errorf("SourceFailed's error: %v, read %q; want it returned at once", err, r.read)
	}
}

func TestEngine_Cancelled(t *testing.T) {
	root := writeTree(t, map[string][]byte{"a.png": pngBytes(t)})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var r record
	e := r.engine(batch.Path(root))
	e.Workers = 2
	if err := e.Run(ctx); !errors.Is(err, context.Canceled) || len(r.read) != 0 {
		t.Errorf("Run after cancel: %v, read %q; want Canceled and nothing read", err, r.read)
	}
}
