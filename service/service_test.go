package service_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/egress"
	"github.com/noticescan/noticescan/intake"
	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/records/sqlrecords"
	"github.com/noticescan/noticescan/service"
	"github.com/noticescan/noticescan/storage"
	"github.com/noticescan/noticescan/storage/disk"
)

// MustService builds a Service over a real disk store and a real SQLite
// database in a temp dir. No processor: these tests cover the paths that
// do not read documents (the end-to-end tests of the binary cover those).
func MustService(tb testing.TB, secret string) (*service.Service, storage.Store, *sqlrecords.DB) {
	tb.Helper()
	dir := tb.TempDir()
	objects, err := disk.New(filepath.Join(dir, "objects"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { objects.Close() })
	db, err := sqlrecords.Open(context.Background(), sqlrecords.Config{DSN: filepath.Join(dir, "db.sqlite")})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	// Receivers in these tests are httptest servers on loopback, which
	// only the allow-list lets callbacks reach.
	loopback, err := egress.ParseAllow("127.0.0.1/32")
	if err != nil {
		tb.Fatal(err)
	}
	return service.New(service.Config{Objects: objects, Records: db, WebhookSecret: []byte(secret), Egress: loopback}), objects, db
}

// a tiny valid PNG (1x1 gray).
var png1x1 = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00:~\x9bU\x00\x00\x00\nIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

func TestService_Upload(t *testing.T) {
	ctx := context.Background()
	t.Run("OKStoredOnceBySHA256", func(t *testing.T) {
		s, objects, _ := MustService(t, "k")
		a, err := s.Upload(ctx, "acme", intake.Upload{Filename: "a.png", Body: bytes.NewReader(png1x1)})
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.Upload(ctx, "acme", intake.Upload{Filename: "copy.png", Body: bytes.NewReader(png1x1)})
		if err != nil {
			t.Fatal(err)
		}
		if a.ID != b.ID || a.Status != records.StatusQueued || a.MediaType != "image/png" {
			t.Fatalf("first %+v second %+v", a, b)
		}
		rc, _, err := objects.Get(ctx, a.ObjectKey)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(got, png1x1) {
			t.Fatal("stored object differs from the upload")
		}
		other, err := s.Upload(ctx, "globex", intake.Upload{Filename: "a.png", Body: bytes.NewReader(png1x1)})
		if err != nil || other.ID == a.ID {
			t.Fatalf("another tenant's upload shares the document: %v %v", other.ID, err)
		}
	})
	tests := []struct {
		name string
		body []byte
		want error
	}{
		{"ErrEmpty", nil, document.ErrEmpty},
		{"ErrUnsupportedType", []byte("just text"), document.ErrUnsupportedType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, _ := MustService(t, "k")
			if _, err := s.Upload(ctx, "acme", intake.Upload{Body: bytes.NewReader(tt.body)}); !errors.Is(err, tt.want) {
				t.Fatalf("err %v, want %v", err, tt.want)
			}
		})
	}
}

func TestService_Delete(t *testing.T) {
	ctx := context.Background()
	s, objects, _ := MustService(t, "k")
	d, err := s.Upload(ctx, "acme", intake.Upload{Body: bytes.NewReader(png1x1)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "globex", d.ID); !errors.Is(err, records.ErrNotFound) {
		t.Fatalf("other tenant delete: %v", err)
	}
	if err := s.Delete(ctx, "acme", d.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := objects.Stat(ctx, d.ObjectKey); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("object still there: %v", err)
	}
	if _, err := s.Document(ctx, "acme", d.ID); !errors.Is(err, records.ErrNotFound) {
		t.Fatalf("record still there: %v", err)
	}
}

func TestService_Notify(t *testing.T) {
	ctx := context.Background()
	t.Run("OKSigned", func(t *testing.T) {
		s, _, _ := MustService(t, "webhook-key")
		var got struct {
			body      []byte
			ts, sig   string
			mediaType string
		}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got.body, _ = io.ReadAll(r.Body)
			got.ts = r.Header.Get("X-Noticescan-Timestamp")
			got.sig = r.Header.Get("X-Noticescan-Signature")
			got.mediaType = r.Header.Get("Content-Type")
		}))
		defer srv.Close()
		d := records.Document{ID: "doc_1", Status: records.StatusComplete, CallbackURL: srv.URL}
		if err := s.Notify(ctx, d); err != nil {
			t.Fatal(err)
		}
		want, _ := hex.DecodeString(service.Sign([]byte("webhook-key"), got.ts, got.body))
		sig, _ := hex.DecodeString(strings.TrimPrefix(got.sig, "sha256="))
		if !hmac.Equal(sig, want) || got.ts == "" || got.mediaType != "application/json" || !bytes.Contains(got.body, []byte(`"doc_1"`)) {
			t.Fatalf("callback %+v", got)
		}
		if service.Sign([]byte("other-key"), got.ts, got.body) == strings.TrimPrefix(got.sig, "sha256=") {
			t.Fatal("signature does not depend on the secret")
		}
	})
	t.Run("ErrNon2xx", func(t *testing.T) {
		s, _, _ := MustService(t, "k")
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusServiceUnavailable)
		}))
		defer srv.Close()
		if err := s.Notify(ctx, records.Document{ID: "doc_2", CallbackURL: srv.URL}); err == nil {
			t.Fatal("a 503 from the callback must be an error so the job is retried")
		}
	})
	t.Run("ErrRedirectNotFollowed", func(t *testing.T) {
		s, _, _ := MustService(t, "k")
		var stolen atomic.Int32
		target := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { stolen.Add(1) }))
		defer target.Close()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target.URL+"/elsewhere", http.StatusTemporaryRedirect)
		}))
		defer srv.Close()
		if err := s.Notify(ctx, records.Document{ID: "doc_3", CallbackURL: srv.URL}); err == nil {
			t.Error("a 307 from the callback must be an error, not followed")
		}
		if n := stolen.Load(); n != 0 {
			t.Errorf("the redirect's target got %d signed callbacks", n)
		}
	})
	t.Run("ErrLoopbackWithoutAllowList", func(t *testing.T) {
		dir := t.TempDir()
		db, err := sqlrecords.Open(ctx, sqlrecords.Config{DSN: filepath.Join(dir, "db.sqlite")})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		s := service.New(service.Config{Records: db, WebhookSecret: []byte("k")})
		var hits atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
		defer srv.Close()
		const path = "/A123456789"
		err = s.Notify(ctx, records.Document{ID: "doc_4", CallbackURL: srv.URL + path})
		if !errors.Is(err, egress.ErrRefused) {
			t.Errorf("callback to %s by default: %v, want egress.ErrRefused", srv.URL, err)
		}
		if err != nil && strings.Contains(err.Error(), path) {
			t.Errorf("the error, which is logged, quotes the callback URL: %v", err)
		}
		if hits.Load() != 0 {
			t.Error("the refused callback reached the receiver")
		}
	})
}
