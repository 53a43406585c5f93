package storagetest

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/noticescan/noticescan/storage"
)

// ManyKeys is more than one S3 listing page (1000 keys), so List must follow
// continuation tokens.
const ManyKeys = 1100

func testList(t *testing.T, newStore func(t *testing.T) storage.Store) {
	t.Run("OKLexicalOrderAndPrefix", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		// Chosen so that a directory walk would get the order wrong: '-'
		// and '.' sort before '/', '0' and 'b' after it.
		keys := []string{"p/a/b", "p/a-c", "p/a.x", "p/a0", "p/ab/z", "p/b", "q/a", "p/a/c/d"}
		for _, k := range keys {
			MustPut(t, s, k, []byte(k), "")
		}
		tests := []struct {
			name, prefix string
		}{
			{"All", ""},
			{"Dir", "p/"},
			{"PartialSegment", "p/a"},
			{"DirPrefix", "p/a/"},
			{"ExactKey", "p/b"},
			{"NoMatch", "p/zz"},
			{"NoMatchOutsideKeys", "../"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var want []string
				for _, k := range keys {
					if len(k) >= len(tt.prefix) && k[:len(tt.prefix)] == tt.prefix {
						want = append(want, k)
					}
				}
				slices.Sort(want)
				infos := MustList(t, s, tt.prefix)
				got := make([]string, len(infos))
				for i, info := range infos {
					got[i] = info.Key
					if info.Size != int64(len(info.Key)) {
						t.Errorf("%s: Size = %d, want %d", info.Key, info.Size, len(info.Key))
					}
					if info.ModTime.IsZero() {
						t.Errorf("%s: ModTime is zero", info.Key)
					}
				}
				if !slices.Equal(got, want) {
					t.Fatalf("List(%q) = %q, want %q", tt.prefix, got, want)
				}
			})
		}
	})

	t.Run("OKManyKeysInOrder", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		want := make([]string, ManyKeys)
		for i := range want {
			// Two levels, so the disk backend walks many directories.
			want[i] = fmt.Sprintf("many/%02d/%05d", i%17, i)
		}
		// Write in random order so that order of creation cannot pass for
		// lexical order.
		order := slices.Clone(want)
		rand.New(rand.NewPCG(1, 2)).Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		putAll(t, s, order, 32)
		MustPut(t, s, "many-not-included", nil, "")
		MustPut(t, s, "manx/before", nil, "")
		slices.Sort(want)

		infos := MustList(t, s, "many/")
		if len(infos) != len(want) {
			t.Fatalf("List returned %d keys, want %d", len(infos), len(want))
		}
		for i, info := range infos {
			if info.Key != want[i] {
				t.Fatalf("List key #%d = %q, want %q", i, info.Key, want[i])
			}
		}
	})

	t.Run("ErrFromCallbackStopsList", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		for i := range 10 {
			MustPut(t, s, fmt.Sprintf("stop/%d", i), nil, "")
		}
		errStop := errors.New("seen enough")
		var calls int
		err := s.List(t.Context(), "stop/", func(storage.Info) error {
			calls++
			if calls == 3 {
				return errStop
			}
			return nil
		})
		if err != errStop {
			t.Fatalf("List = %v, want the callback's error unchanged", err)
		}
		if calls != 3 {
			t.Fatalf("callback ran %d times, want List to stop after 3", calls)
		}
	})

	t.Run("OKEmpty", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		if infos := MustList(t, s, ""); len(infos) != 0 {
			t.Fatalf("List on an empty store returned %d objects", len(infos))
		}
	})

	t.Run("OKDeletedKeysGone", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		MustPut(t, s, "d/1/x", nil, "")
		MustPut(t, s, "d/2", nil, "")
		if err := s.Delete(t.Context(), "d/1/x"); err != nil {
			t.Fatal(err)
		}
		infos := MustList(t, s, "d/")
		if len(infos) != 1 || infos[0].Key != "d/2" {
			t.Fatalf("List after Delete = %v, want only d/2", infos)
		}
	})
}

// MustList collects every object under prefix or fails the test.
func MustList(tb testing.TB, s storage.Store, prefix string) []storage.Info {
	tb.Helper()
	var infos []storage.Info
	err := s.List(tb.Context(), prefix, func(info storage.Info) error {
		infos = append(infos, info)
		return nil
	})
	if err != nil {
		tb.Fatalf("List(%q): %v", prefix, err)
	}
	return infos
}

// putAll writes an empty object under each key from workers goroutines.
func putAll(tb testing.TB, s storage.Store, keys []string, workers int) {
	tb.Helper()
	ch := make(chan string)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	for range workers {
		wg.Go(func() {
			for k := range ch {
				err := s.Put(tb.Context(), k, bytes.NewReader(nil), 0, "")
				mu.Lock()
				if err != nil && first == nil {
					first = fmt.Errorf("Put(%q): %w", k, err)
				}
				mu.Unlock()
			}
		})
	}
	for _, k := range keys {
		ch <- k
	}
	close(ch)
	wg.Wait()
	if first != nil {
		tb.Fatal(first)
	}
}
