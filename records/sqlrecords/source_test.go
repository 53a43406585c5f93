package sqlrecords_test

import (
	"errors"
	"testing"
	"time"

	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/records/sqlrecords"
)

func TestDB_Sources(t *testing.T) {
	eachBackend(t, func(t *testing.T, newConfig func(t *testing.T) sqlrecords.Config) {
		db := mustOpen(t, newConfig(t))
		ctx := t.Context()
		if got, err := db.Sources(ctx, "acme"); err != nil || len(got) != 0 {
			t.Fatalf("a new tenant's sources: %v, %v; want none", got, err)
		}
		for range 2 { // a repeat changes nothing
			if _, err := db.AllowSource(ctx, "acme", "intake", "acme/"); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.AllowSource(ctx, "globex", "intake", ""); err != nil {
			t.Fatal(err)
		}
		got, err := db.Sources(ctx, "acme")
		if err != nil || len(got) != 1 || got[0].Bucket != "intake" || got[0].Prefix != "acme/" || got[0].CreatedAt.IsZero() {
			t.Fatalf("acme's sources: %+v, %v; want intake/acme/ once", got, err)
		}
		if all, _ := db.Sources(ctx, ""); len(all) != 2 {
			t.Errorf("every tenant's sources: %+v, want 2", all)
		}

		t.Run("ErrInvalid", func(t *testing.T) {
			for _, p := range []string{"acme", "acme/x"} {
				if _, err := db.AllowSource(ctx, "acme", "intake", p); !errors.Is(err, records.ErrInvalid) {
					t.Errorf("prefix %q without a final slash: %v", p, err)
				}
			}
			if _, err := db.AllowSource(ctx, "acme", "in/take", ""); !errors.Is(err, records.ErrInvalid) {
				t.Errorf("bucket with a slash: %v", err)
			}
		})
		t.Run("Disallow", func(t *testing.T) {
			if err := db.DisallowSource(ctx, "acme", "intake", "acme/"); err != nil {
				t.Fatal(err)
			}
			if err := db.DisallowSource(ctx, "acme", "intake", "acme/"); !errors.Is(err, records.ErrNotFound) {
				t.Errorf("second disallow: %v, want ErrNotFound", err)
			}
			if got, _ := db.Sources(ctx, "acme"); len(got) != 0 {
				t.Errorf("acme's sources after disallow: %+v", got)
			}
		})
	})
}

func TestSource_Covers(t *testing.T) {
	s := records.Source{Bucket: "intake", Prefix: "acme/"}
	for _, tc := range []struct {
		bucket, prefix string
		want           bool
	}{
		{"intake", "acme/", true},
		{"intake", "acme/2024/", true},
		{"intake", "acme", false},
		{"intake", "acmex/", false},
		{"intake", "", false},
		{"other", "acme/", false},
	} {
		if got := s.Covers(tc.bucket, tc.prefix); got != tc.want {
			t.Errorf("Covers(%q, %q) = %v, want %v", tc.bucket, tc.prefix, got, tc.want)
		}
	}
	if !(records.Source{Bucket: "intake"}).Covers("intake", "anything/") {
		t.Error("a grant of the whole bucket does not cover a prefix in it")
	}
}

func TestDB_Retention(t *testing.T) {
	eachBackend(t, func(t *testing.T, newConfig func(t *testing.T) sqlrecords.Config) {
		db := mustOpen(t, newConfig(t))
		ctx := t.Context()
		docs := processedCorpus(t, db)
		for _, set := range []struct {
			tenant string
			days   int
		}{{"acme", 30}, {"globex", 7}, {"acme", 10}, {"globex", 0}} {
			if err := db.SetRetention(ctx, set.tenant, set.days); err != nil {
				t.Fatal(err)
			}
		}
		if got, err := db.Retentions(ctx); err != nil || len(got) != 1 || got[0] != (records.Retention{Tenant: "acme", Days: 10}) {
			t.Errorf("retentions: %+v, %v; want acme 10 days only", got, err)
		}
		if err := db.SetRetention(ctx, "acme", -1); !errors.Is(err, records.ErrInvalid) {
			t.Errorf("negative retention: %v", err)
		}

		if ids, err := db.FinishedBefore(ctx, "acme", time.Now().Add(-time.Hour), 10); err != nil || len(ids) != 0 {
			t.Errorf("finished an hour ago: %v, %v; want none", ids, err)
		}
		ids, err := db.FinishedBefore(ctx, "acme", time.Now().Add(time.Hour), 1000)
		want := 0
		for _, d := range docs {
			if d.Tenant == "acme" && d.CompletedAt != nil {
				want++
			}
		}
		if err != nil || len(ids) != want || want == 0 {
			t.Errorf("finished before an hour from now: %d, %v; want acme's %d finished documents", len(ids), err, want)
		}
		if ids, _ := db.FinishedBefore(ctx, "acme", time.Now().Add(time.Hour), 1); len(ids) != 1 {
			t.Errorf("limit 1 gave %d", len(ids))
		}
	})
}
