package sqlrecords_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/records/sqlrecords"
)

// TestDB_CreateFirstKey races callers on one fresh database, through
// several handles with pools of their own as servers starting together
// would have: exactly one of them makes a key.
func TestDB_CreateFirstKey(t *testing.T) {
	eachBackend(t, func(t *testing.T, newConfig func(t *testing.T) sqlrecords.Config) {
		const handles, callersPerHandle = 4, 4
		cfg := newConfig(t)
		dbs := make([]*sqlrecords.DB, handles)
		for i := range dbs {
			dbs[i] = mustOpen(t, cfg)
		}
		ctx := t.Context()

		type outcome struct {
			secret string
			key    records.APIKey
			made   bool
			err    error
		}
		out := make([]outcome, handles*callersPerHandle)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range out {
			wg.Go(func() {
				<-start
				o := &out[i]
				o.secret, o.key, o.made, o.err = dbs[i%handles].CreateFirstKey(ctx, "default")
			})
		}
		close(start)
		wg.Wait()

		var made []outcome
		for i, o := range out {
			if o.err != nil {
				t.Errorf("caller %d: %v", i, o.err)
			}
			if o.made {
				made = append(made, o)
			} else if o.secret != "" || o.key.ID != "" {
				t.Errorf("caller %d made nothing yet returned key %q", i, o.key.ID)
			}
		}
		if len(made) != 1 {
			t.Fatalf("%d callers made a key, want exactly 1", len(made))
		}
		keys, err := dbs[0].Keys(ctx, "")
		if err != nil || len(keys) != 1 || keys[0].ID != made[0].key.ID || keys[0].Tenant != "default" {
			t.Fatalf("Keys = %+v, %v; want only the key made, %s of tenant default", keys, err, made[0].key.ID)
		}
		if tenant, err := dbs[1].Authenticate(ctx, made[0].secret); err != nil || tenant != "default" {
			t.Fatalf("Authenticate with the first key = %q, %v", tenant, err)
		}

		// A database that has held a key, even one now revoked, gets no
		// first key again.
		if err := dbs[0].RevokeKey(ctx, "default", made[0].key.ID); err != nil {
			t.Fatal(err)
		}
		if _, k, again, err := dbs[2].CreateFirstKey(ctx, "default"); err != nil || again {
			t.Fatalf("CreateFirstKey over a revoked key = %q, %t, %v; want nothing made", k.ID, again, err)
		}
		if keys, _ := dbs[0].Keys(ctx, ""); len(keys) != 1 {
			t.Fatalf("%d keys after the revoked one, want still 1", len(keys))
		}
	})
}

func TestDB_CreateFirstKeyBadTenant(t *testing.T) {
	db := mustOpen(t, sqliteConfig(t))
	if _, _, made, err := db.CreateFirstKey(t.Context(), "a b"); !errors.Is(err, records.ErrInvalid) || made {
		t.Fatalf("CreateFirstKey(%q) = %t, %v; want ErrInvalid", "a b", made, err)
	}
	if keys, _ := db.Keys(t.Context(), ""); len(keys) != 0 {
		t.Fatalf("a refused tenant left %d keys", len(keys))
	}
}
