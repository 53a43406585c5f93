package archive

import (
	"context"
	"fmt"
	"io"

	"github.com/noticescan/noticescan/storage"
)

// WalkStore calls fn for each object of st whose key starts with prefix,
// in key order, naming them base+key (base is "s3://bucket/", say).
// Objects over Limits.MaxEntryBytes are refused without being fetched;
// archives are refused with ErrNested (by name without being fetched, by
// content after their first bytes): they are opened only from local
// files. Errors reading an object come from Entry.ReadAll as the store
// gives them; an error listing the objects ends the walk.
func WalkStore(ctx context.Context, st storage.Store, prefix, base string, lim Limits, fn WalkFunc) error {
	lim = lim.withDefaults()
	err := st.List(ctx, prefix, func(info storage.Info) error {
		e := &Entry{Name: base + info.Key, Size: info.Size, lim: lim, nested: true}
		switch k := extKind(info.Key); {
		case info.Size > lim.MaxEntryBytes:
			e.Err = fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, info.Size, lim.MaxEntryBytes)
		case k != "":
			e.Err = fmt.Errorf("%w: a %s archive; download it and pass the file", ErrNested, k)
		default:
			key := info.Key
			e.open = func() (io.ReadCloser, error) {
				rc, _, err := st.Get(ctx, key)
				return rc, err
			}
		}
		if err := fn(e); err != nil {
			return &walkErr{err}
		}
		return nil
	})
	if we, ok := err.(*walkErr); ok {
		return we.err
	}
	if err != nil {
		return fmt.Errorf("list %s%s: %w", base, prefix, err)
	}
	return nil
}

// walkErr carries fn's error through List untouched, to tell it from
// List's own.
type walkErr struct{ err error }

func (w *walkErr) Error() string { return w.err.Error() }
