package sqlrecords_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/records/sqlrecords"
	"github.com/noticescan/noticescan/results"
)

func TestDB_CreateDocument(t *testing.T) {
	eachBackend(t, func(t *testing.T, newConfig func(t *testing.T) sqlrecords.Config) {
		db := mustOpen(t, newConfig(t))
		ctx := t.Context()

		in := newDocument("acme", "notice-1")
		in.CallbackURL = "https://example.com/hook"
		d := mustCreate(t, db, in)
		t.Run("OK", func(t *testing.T) {
			if !strings.HasPrefix(d.ID, "doc_") || len(d.ID) != 24 || d.Status != records.StatusQueued || d.CreatedAt.IsZero() {
				t.Fatalf("created %+v", d)
			}
			got, err := db.Document(ctx, "acme", d.ID)
			if err != nil {
				t.Fatalf("Document: %v", err)
			}
			if !reflect.DeepEqual(got, d) {
				t.Fatalf("Document =\n%+v\nwant\n%+v", got, d)
			}
			if s := mustJobStates(t, db, sqlrecords.KindProcess); len(s) != 1 || s[0] != "available" {
				t.Fatalf("process jobs %v, want one available", s)
			}
		})
		t.Run("DuplicateReturnsExisting", func(t *testing.T) {
			again := newDocument("acme", "notice-1")
			again.Filename = "renamed.pdf"
			got, created, err := db.CreateDocument(ctx, again)
			if err != nil || created {
				t.Fatalf("CreateDocument again: created %v, %v; want existing", created, err)
			}
			if got.ID != d.ID || got.Filename != d.Filename {
				t.Fatalf("got %s %q, want existing %s %q", got.ID, got.Filename, d.ID, d.Filename)
			}
			if s := mustJobStates(t, db, sqlrecords.KindProcess); len(s) != 1 {
				t.Fatalf("process jobs %v, want still one", s)
			}
		})
		t.Run("SameFileOtherTenant", func(t *testing.T) {
			other := mustCreate(t, db, newDocument("globex", "notice-1"))
			if other.ID == d.ID {
				t.Fatal("two tenants share a document")
			}
			if s := mustJobStates(t, db, sqlrecords.KindProcess); len(s) != 2 {
				t.Fatalf("process jobs %v, want two", s)
			}
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			for name, d := range map[string]records.Document{
				"NoTenant":    newDocument("", "x"),
				"SpaceTenant": newDocument("a b", "x"),
				"BadSHA256":   func() records.Document { d := newDocument("acme", "x"); d.SHA256 = "ABC"; return d }(),
				"NoObjectKey": func() records.Document { d := newDocument("acme", "x"); d.ObjectKey = ""; return d }(),
			} {
				if _, _, err := db.CreateDocument(ctx, d); !errors.Is(err, records.ErrInvalid) {
					t.Errorf("%s: %v, want ErrInvalid", name, err)
				}
			}
		})
	})
}

func TestDB_TenantIsolation(t *testing.T) {
	eachBackend(t, func(t *testing.T, newConfig func(t *testing.T) sqlrecords.Config) {
		db := mustOpen(t, newConfig(t))
		ctx := t.Context()
		d := mustCreate(t, db, newDocument("acme", "secret-notice"))

		if _, err := db.Document(ctx, "globex", d.ID); !errors.Is(err, records.ErrNotFound) {
			t.Errorf("Document as other tenant: %v, want ErrNotFound", err)
		}
		if _, err := db.DeleteDocument(ctx, "globex", d.ID); !errors.Is(err, records.ErrNotFound) {
			t.Errorf("DeleteDocument as other tenant: %v, want ErrNotFound", err)
		}
		if list, err := db.Documents(ctx, "globex", records.Filter{}); err != nil || len(list.Documents) != 0 {
			t.Errorf("Documents as other tenant: %d, %v; want none", len(list.Documents), err)
		}
		if _, err := db.Document(ctx, "acme", d.ID); err != nil {
			t.Errorf("Document as owner after other tenant's delete: %v", err)
		}
		if _, err := db.Document(ctx, "acme", "doc_nosuchdocument0000"); !errors.Is(err, records.ErrNotFound) {
			t.Errorf("Document unknown id: %v, want ErrNotFound", err)
		}
	})
}

// corpus is the documents of the listing tests, each with what processing
// finds in it. Values are fictitious.
var corpus = []struct {
	tenant, content string
	status          records.Status
	findings        []extractor.Finding
}{
	{"acme", "receipt-a", records.StatusComplete, []extractor.Finding{receipt("EAC2190012345", 1)}},
	{"acme", "receipt-b", records.StatusComplete, []extractor.Finding{receipt("EAC2190012345", 2), anumber("A123456789", 1)}},
	{"acme", "my-invoice", records.StatusPartial, nil},
	{"acme", "blurry", records.StatusFailed, nil},
	{"acme", "receipt-c", records.StatusComplete, []extractor.Finding{receipt("IOE0912345678", 1)}},
	{"acme", "plain-1", records.StatusComplete, nil},
	{"acme", "plain-2", records.StatusComplete, nil},
	{"globex", "receipt-g", records.StatusComplete, []extractor.Finding{receipt("IOE0999999999", 1)}},
}

func jsonEqual(t *testing.T, a, b any) bool {
	t.Helper()
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	if err1 != nil || err2 != nil {
		t.Fatalf("marshal: %v %v", err1, err2)
	}
	return string(ja) == string(jb)
}

func receipt(v string, page int) extractor.Finding {
	return extractor.Finding{
		Kind: extractor.KindReceiptNumber, Value: v, Display: v[:3] + "-" + v[3:], Page: page,
		BBox: extractor.Box{X0: 10, Y0: 20, X1: 110, Y1: 32}, Label: "Receipt Number", Confidence: 0.97,
		Source: extractor.SourceOCR, Corrections: []string{"O→0 at 5"},
		Occurrences: []extractor.Occurrence{{Page: page, BBox: extractor.Box{X0: 10, Y0: 20, X1: 110, Y1: 32}, Label: "Receipt Number", Confidence: 0.97, Source: extractor.SourceOCR}},
	}
}

func anumber(v string, page int) extractor.Finding {
	return extractor.Finding{Kind: extractor.KindANumber, Value: v, Display: v, Page: page, Label: "A-Number",
		Confidence: 1, Source: extractor.SourceTextLayer, Corrections: []string{}}
}

// resultFor is the Process of the listing tests: it looks the document up
// in corpus by file name.
func resultFor(d records.Document) results.Outcome {
	for _, c := range corpus {
		if c.content+".pdf" == d.Filename {
			pages := []results.Page{{Number: 1, Source: extractor.SourceOCR, OCRConfidence: 0.9, Seconds: 1.5}, {Number: 2, Source: extractor.SourceTextLayer}}
			return results.Outcome{Status: c.status, Pages: pages, Findings: c.findings, Warnings: []string{"page 2: low contrast"}}
		}
	}
	return results.Outcome{Status: records.StatusComplete}
}

// processedCorpus creates corpus and processes it; it returns the
// documents by content.
func processedCorpus(t *testing.T, db *sqlrecords.DB) map[string]records.Document {
	t.Helper()
	docs := map[string]records.Document{}
	for _, c := range corpus {
		docs[c.content] = mustCreate(t, db, newDocument(c.tenant, c.content))
	}
	mustStart(t, db, sqlrecords.Handlers{
		Process: func(_ context.Context, d records.Document, _ func(int, int)) (results.Outcome, error) {
			return resultFor(d), nil
		},
	}, 2)
	for _, c := range corpus {
		docs[c.content] = waitFinal(t, db, c.tenant, docs[c.content].ID, 15*time.Second)
	}
	return docs
}

func TestDB_Documents(t *testing.T) {
	eachBackend(t, func(t *testing.T, newConfig func(t *testing.T) sqlrecords.Config) {
		db := mustOpen(t, newConfig(t))
		ctx := t.Context()
		docs := processedCorpus(t, db)

		ids := func(ds []records.Document) []string {
			var out []string
			for _, d := range ds {
				out = append(out, d.ID)
			}
			return out
		}
		idsOf := func(contents ...string) []string {
			var out []string
			for _, c := range contents {
				out = append(out, docs[c].ID)
			}
			return out
		}
		list := func(t *testing.T, f records.Filter) []records.Document {
			t.Helper()
			l, err := db.Documents(ctx, "acme", f)
			if err != nil {
				t.Fatalf("Documents(%+v): %v", f, err)
			}
			return l.Documents
		}

		t.Run("CursorPagesNewestFirst", func(t *testing.T) {
			var all []records.Document
			var pages int
			f := records.Filter{Limit: 3}
			for {
				l, err := db.Documents(ctx, "acme", f)
				if err != nil {
					t.Fatalf("Documents page %d: %v", pages, err)
				}
				pages++
				all = append(all, l.Documents...)
				if l.Next == "" {
					break
				}
				f.Cursor = l.Next
			}
			if pages != 3 || len(all) != 7 {
				t.Fatalf("%d pages, %d documents; want 3 pages of 7", pages, len(all))
			}
			want := slices.Clone(all)
			slices.SortFunc(want, func(a, b records.Document) int {
				if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
					return c
				}
				return strings.Compare(b.ID, a.ID)
			})
			if !slices.Equal(ids(all), ids(want)) {
				t.Fatalf("order %v, want newest first %v", ids(all), ids(want))
			}
			seen := map[string]bool{}
			for _, d := range all {
				if seen[d.ID] || d.Tenant != "acme" {
					t.Fatalf("document %s listed twice or of tenant %q", d.ID, d.Tenant)
				}
				seen[d.ID] = true
			}
		})
		t.Run("CarriesResult", func(t *testing.T) {
			got := list(t, records.Filter{Query: "receipt-b"})
			if len(got) != 1 || !reflect.DeepEqual(got[0], docs["receipt-b"]) {
				t.Fatalf("listed %+v\nwant %+v", got, docs["receipt-b"])
			}
			d := got[0]
			if len(d.Pages) != 2 || len(d.Warnings) != 1 || d.PagesDone != 2 || d.CompletedAt == nil {
				t.Fatalf("result not recorded: %+v", d)
			}
			// Compared as JSON, the form clients see: an empty list read back
			// is not nil.
			if !jsonEqual(t, d.Findings, corpus[1].findings) {
				t.Fatalf("findings %+v, want %+v", d.Findings, corpus[1].findings)
			}
		})
		t.Run("StatusFilter", func(t *testing.T) {
			if got := ids(list(t, records.Filter{Status: records.StatusFailed})); !slices.Equal(got, idsOf("blurry")) {
				t.Fatalf("failed: %v, want %v", got, idsOf("blurry"))
			}
		})
		t.Run("QueryMatchesNormalizedValue", func(t *testing.T) {
			got := ids(list(t, records.Filter{Query: " eac-21 900-12345 "}))
			want := idsOf("receipt-b", "receipt-a")
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("query: %v, want %v", got, want)
			}
		})
		t.Run("QueryMatchesFilename", func(t *testing.T) {
			if got := ids(list(t, records.Filter{Query: "INVOICE"})); !slices.Equal(got, idsOf("my-invoice")) {
				t.Fatalf("query: %v, want %v", got, idsOf("my-invoice"))
			}
			if got := list(t, records.Filter{Query: "%"}); len(got) != 0 {
				t.Fatalf("query %%: %d documents, want none (a literal percent sign)", len(got))
			}
		})
		t.Run("QueryIgnoresOtherTenant", func(t *testing.T) {
			if got := list(t, records.Filter{Query: "IOE0999999999"}); len(got) != 0 {
				t.Fatalf("query of globex value as acme: %v", ids(got))
			}
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			for name, f := range map[string]records.Filter{
				"CursorNotBase64": {Cursor: "!!!"},
				"CursorGarbage":   {Cursor: base64.RawURLEncoding.EncodeToString([]byte("garbage"))},
				"Status":          {Status: "done"},
				"Limit":           {Limit: -1},
			} {
				if _, err := db.Documents(ctx, "acme", f); !errors.Is(err, records.ErrInvalid) {
					t.Errorf("%s: %v, want ErrInvalid", name, err)
				}
			}
		})
	})
}

func TestDB_FindingDocuments(t *testing.T) {
	eachBackend(t, func(t *testing.T, newConfig func(t *testing.T) sqlrecords.Config) {
		db := mustOpen(t, newConfig(t))
		ctx := t.Context()
		docs := processedCorpus(t, db)

		t.Run("OK", func(t *testing.T) {
			got, err := db.FindingDocuments(ctx, "acme", extractor.KindReceiptNumber, "EAC2190012345")
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs []string
			for _, d := range got {
				gotIDs = append(gotIDs, d.ID)
			}
			slices.Sort(gotIDs)
			want := []string{docs["receipt-a"].ID, docs["receipt-b"].ID}
			slices.Sort(want)
			if !slices.Equal(gotIDs, want) {
				t.Fatalf("FindingDocuments = %v, want %v", gotIDs, want)
			}
		})
		t.Run("OtherKindOrTenantFindsNothing", func(t *testing.T) {
			for _, c := range []struct {
				tenant string
				kind   extractor.Kind
				value  string
			}{
				{"acme", extractor.KindANumber, "EAC2190012345"},
				{"globex", extractor.KindReceiptNumber, "EAC2190012345"},
				{"acme", extractor.KindReceiptNumber, "IOE0999999999"},
			} {
				got, err := db.FindingDocuments(ctx, c.tenant, c.kind, c.value)
				if err != nil || len(got) != 0 {
					t.Errorf("FindingDocuments(%s, %s) = %d, %v; want none", c.tenant, c.kind, len(got), err)
				}
			}
		})
		t.Run("ErrInvalidKind", func(t *testing.T) {
			if _, err := db.FindingDocuments(ctx, "acme", "ssn", "x"); !errors.Is(err, records.ErrInvalid) {
				t.Fatalf("unknown kind: %v, want ErrInvalid", err)
			}
		})
	})
}

func TestDB_DeleteDocument(t *testing.T) {
	eachBackend(t, func(t *testing.T, newConfig func(t *testing.T) sqlrecords.Config) {
		db := mustOpen(t, newConfig(t))
		ctx := t.Context()
		docs := processedCorpus(t, db)
		d := docs["receipt-b"]

		got, err := db.DeleteDocument(ctx, "acme", d.ID)
		if err != nil {
			t.Fatalf("DeleteDocument: %v", err)
		}
		if got.ObjectKey != d.ObjectKey {
			t.Fatalf("deleted document's object key %q, want %q", got.ObjectKey, d.ObjectKey)
		}
		if _, err := db.Document(ctx, "acme", d.ID); !errors.Is(err, records.ErrNotFound) {
			t.Fatalf("Document after delete: %v, want ErrNotFound", err)
		}
		if pages, findings, err := sqlrecords.ChildRows(ctx, db, d.ID); err != nil || pages+findings != 0 {
			t.Fatalf("after delete %d pages, %d findings remain (%v)", pages, findings, err)
		}
		if found, _ := db.FindingDocuments(ctx, "acme", extractor.KindANumber, "A123456789"); len(found) != 0 {
			t.Fatal("finding look-up still returns the deleted document")
		}
		if _, err := db.DeleteDocument(ctx, "acme", d.ID); !errors.Is(err, records.ErrNotFound) {
			t.Fatalf("DeleteDocument again: %v, want ErrNotFound", err)
		}
		// The same file may be uploaded again, as a new document.
		again := mustCreate(t, db, newDocument("acme", "receipt-b"))
		if again.ID == d.ID {
			t.Fatal("re-upload reused the deleted id")
		}
	})
}

func TestDB_Keys(t *testing.T) {
	eachBackend(t, func(t *testing.T, newConfig func(t *testing.T) sqlrecords.Config) {
		db := mustOpen(t, newConfig(t))
		ctx := t.Context()

		secret, key, err := db.CreateKey(ctx, "acme")
		if err != nil {
			t.Fatalf("CreateKey: %v", err)
		}
		secret2, _, err := db.CreateKey(ctx, "acme")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.CreateKey(ctx, "globex"); err != nil {
			t.Fatal(err)
		}

		t.Run("SecretShape", func(t *testing.T) {
			if !strings.HasPrefix(secret, "nsk_") || len(secret) != 36 || secret == secret2 {
				t.Fatalf("secret %d chars %q...; want nsk_ and 32 more, unique", len(secret), secret[:4])
			}
			if !strings.HasPrefix(secret, key.Prefix) || len(key.Prefix) >= len(secret) {
				t.Fatalf("prefix %q is not a short prefix of the secret", key.Prefix)
			}
		})
		t.Run("Authenticate", func(t *testing.T) {
			tenant, err := db.Authenticate(ctx, secret)
			if err != nil || tenant != "acme" {
				t.Fatalf("Authenticate = %q, %v; want acme", tenant, err)
			}
		})
		t.Run("List", func(t *testing.T) {
			mine, err := db.Keys(ctx, "acme")
			if err != nil || len(mine) != 2 || mine[0].ID != key.ID || mine[0].Tenant != "acme" {
				t.Fatalf("Keys(acme) = %+v, %v", mine, err)
			}
			all, err := db.Keys(ctx, "")
			if err != nil || len(all) != 3 {
				t.Fatalf("Keys(all) = %d, %v; want 3", len(all), err)
			}
		})
		t.Run("ErrUnauthorized", func(t *testing.T) {
			for _, s := range []string{"", "nsk_", "garbage", "nsk_" + strings.Repeat("a", 32), secret + "x"} {
				if _, err := db.Authenticate(ctx, s); !errors.Is(err, records.ErrUnauthorized) {
					t.Errorf("Authenticate(%d chars): %v, want ErrUnauthorized", len(s), err)
				}
			}
		})
		t.Run("Revoke", func(t *testing.T) {
			if err := db.RevokeKey(ctx, "globex", key.ID); !errors.Is(err, records.ErrNotFound) {
				t.Fatalf("RevokeKey as other tenant: %v, want ErrNotFound", err)
			}
			if err := db.RevokeKey(ctx, "acme", key.ID); err != nil {
				t.Fatalf("RevokeKey: %v", err)
			}
			if _, err := db.Authenticate(ctx, secret); !errors.Is(err, records.ErrUnauthorized) {
				t.Fatalf("Authenticate revoked: %v, want ErrUnauthorized", err)
			}
			if tenant, err := db.Authenticate(ctx, secret2); err != nil || tenant != "acme" {
				t.Fatalf("other key after revoke: %q, %v", tenant, err)
			}
			keys, _ := db.Keys(ctx, "acme")
			if keys[0].RevokedAt == nil || keys[1].RevokedAt != nil {
				t.Fatalf("revocation not listed: %+v", keys)
			}
			first := *keys[0].RevokedAt
			if err := db.RevokeKey(ctx, "acme", key.ID); err != nil {
				t.Fatalf("RevokeKey again: %v", err)
			}
			keys, _ = db.Keys(ctx, "acme")
			if !keys[0].RevokedAt.Equal(first) {
				t.Fatalf("revoking again moved the time from %s to %s", first, keys[0].RevokedAt)
			}
			if err := db.RevokeKey(ctx, "acme", "key_nosuchkey"); !errors.Is(err, records.ErrNotFound) {
				t.Fatalf("RevokeKey unknown: %v, want ErrNotFound", err)
			}
		})
	})
}
