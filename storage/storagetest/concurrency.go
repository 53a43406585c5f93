package storagetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"

	"github.com/noticescan/noticescan/storage"
)

func testConcurrency(t *testing.T, newStore func(t *testing.T) storage.Store) {
	t.Run("OKDistinctKeys", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		const n = 32
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Go(func() {
				data := RandomBytes(uint64(100+i), 64<<10)
				key := fmt.Sprintf("conc/%02d", i)
				errs <- s.Put(context.Background(), key, bytes.NewReader(data), int64(len(data)), "")
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		for i := range n {
			got, _ := MustGet(t, s, fmt.Sprintf("conc/%02d", i))
			if !bytes.Equal(got, RandomBytes(uint64(100+i), 64<<10)) {
				t.Fatalf("conc/%02d holds another writer's data", i)
			}
		}
	})

	t.Run("OKSameKeyNeverMixed", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		// Each writer's content type names its data, so a reader can tell
		// a body and metadata from different writes apart.
		const writers = 8
		versions := make(map[string][]byte, writers)
		for i := range writers {
			versions[fmt.Sprintf("application/x-v%d", i)] = RandomBytes(uint64(200+i), 256<<10)
		}
		check := func(data []byte, info storage.Info) error {
			want, ok := versions[info.ContentType]
			if !ok {
				return fmt.Errorf("content type %q was never written", info.ContentType)
			}
			if !bytes.Equal(data, want) {
				other := "no write"
				for ct, v := range versions {
					if bytes.Equal(data, v) {
						other = "the write of " + ct
					}
				}
				return fmt.Errorf("body of %d bytes is that of %s, but the content type is that of %s", len(data), other, info.ContentType)
			}
			return nil
		}

		var wg sync.WaitGroup
		errs := make(chan error, 2*writers)
		for ct, data := range versions {
			wg.Go(func() {
				errs <- s.Put(context.Background(), "same", bytes.NewReader(data), int64(len(data)), ct)
			})
			wg.Go(func() {
				rc, info, err := s.Get(context.Background(), "same")
				if errors.Is(err, storage.ErrNotFound) {
					errs <- nil // no write has finished yet
					return
				}
				if err != nil {
					errs <- err
					return
				}
				defer rc.Close()
				got, err := io.ReadAll(rc)
				if err != nil {
					errs <- err
					return
				}
				errs <- check(got, info)
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := check(MustGet(t, s, "same")); err != nil {
			t.Fatalf("final object: %v", err)
		}
	})
}
