package s3_test

import (
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/noticescan/noticescan/storage"
	"github.com/noticescan/noticescan/storage/s3"
	"github.com/noticescan/noticescan/storage/storagetest"
)

func TestNew(t *testing.T) {
	srv := storagetest.StartS3(t)

	t.Run("OKCreatesMissingBucket", func(t *testing.T) {
		cfg := Config(srv, "created-by-new")
		// versitygw's posix backend keeps a bucket as a directory.
		bucketDir := filepath.Join(srv.Dir, cfg.Bucket)
		if _, err := os.Stat(bucketDir); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("bucket directory before New: %v, want it missing", err)
		}
		s := MustNew(t, cfg)
		if fi, err := os.Stat(bucketDir); err != nil || !fi.IsDir() {
			t.Fatalf("bucket directory after New: %v, want it created", err)
		}
		storagetest.MustPut(t, s, "k", []byte("v"), "")
		// A second store on the now existing bucket sees the object.
		if got, _ := storagetest.MustGet(t, MustNew(t, cfg), "k"); string(got) != "v" {
			t.Fatalf("got %q from a second store, want %q", got, "v")
		}
	})

	t.Run("ErrBucketMissing", func(t *testing.T) {
		cfg := Config(srv, "never-created")
		cfg.CreateBucket = false
		_, err := s3.New(t.Context(), cfg)
		if err == nil || !strings.Contains(err.Error(), "does not exist") {
			t.Fatalf("New = %v, want a missing bucket error", err)
		}
	})

	t.Run("ErrWrongCredentials", func(t *testing.T) {
		cfg := Config(srv, "creds")
		cfg.SecretKey = "not-the-secret"
		if _, err := s3.New(t.Context(), cfg); err == nil {
			t.Fatal("New with a wrong secret succeeded")
		}
	})

	t.Run("ErrUnavailable", func(t *testing.T) {
		down := storagetest.StartS3(t)
		down.Stop()
		cfg := Config(down, "any")
		cfg.MaxRetries = 1
		if _, err := s3.New(t.Context(), cfg); !errors.Is(err, storage.ErrUnavailable) {
			t.Fatalf("New against a stopped server = %v, want ErrUnavailable", err)
		}
	})

	// MaxRetries bounds the attempts, counted at a server that is always
	// unavailable, rather than the time they take.
	t.Run("ErrUnavailableAfterMaxRetries", func(t *testing.T) {
		for _, retries := range []int{1, 3} {
			var requests atomic.Int32
			busy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				requests.Add(1)
				w.WriteHeader(http.StatusServiceUnavailable)
			}))
			cfg := Config(srv, "any")
			cfg.Endpoint = strings.TrimPrefix(busy.URL, "http://")
			cfg.MaxRetries = retries
			_, err := s3.New(t.Context(), cfg)
			busy.Close()
			if !errors.Is(err, storage.ErrUnavailable) {
				t.Fatalf("New against a server answering 503 = %v, want ErrUnavailable", err)
			}
			if n := requests.Load(); n != int32(retries) {
				t.Errorf("New made %d requests with MaxRetries %d", n, retries)
			}
		}
	})
}

func TestConfig_Validate(t *testing.T) {
	ok := s3.Config{Endpoint: "127.0.0.1:7070", Bucket: "b"}
	if err := ok.Validate(); err != nil {
		t.Fatalf("minimal config: %v", err)
	}
	tests := map[string]func(c *s3.Config){
		"ErrNoEndpoint":       func(c *s3.Config) { c.Endpoint = "" },
		"ErrEndpointScheme":   func(c *s3.Config) { c.Endpoint = "https://s3.example.com" },
		"ErrEndpointPath":     func(c *s3.Config) { c.Endpoint = "s3.example.com/bucket" },
		"ErrNoBucket":         func(c *s3.Config) { c.Bucket = "" },
		"ErrHalfCredentials":  func(c *s3.Config) { c.AccessKey = "id" },
		"ErrUnknownSSE":       func(c *s3.Config) { c.SSE = "aes256" },
		"ErrKMSWithoutKey":    func(c *s3.Config) { c.SSE = s3.SSEKMS },
		"ErrKeyWithoutKMS":    func(c *s3.Config) { c.SSE = s3.SSES3; c.KMSKeyID = "k" },
		"ErrPrefixDotDot":     func(c *s3.Config) { c.Prefix = "a/../b" },
		"ErrNegativeRetries":  func(c *s3.Config) { c.MaxRetries = -1 },
		"ErrPrefixBackslash":  func(c *s3.Config) { c.Prefix = `a\b` },
		"ErrPrefixEmptyInner": func(c *s3.Config) { c.Prefix = "a//b" },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			c := ok
			mutate(&c)
			if err := c.Validate(); err == nil {
				t.Fatalf("Validate(%+v) = nil, want error", c)
			}
			if _, err := s3.New(t.Context(), c); err == nil {
				t.Fatalf("New accepted an invalid config")
			}
		})
	}
}

func TestStore_Unavailable(t *testing.T) {
	srv := storagetest.StartS3(t)
	cfg := Config(srv, "goes-away")
	cfg.MaxRetries = 1
	s := MustNew(t, cfg)
	storagetest.MustPut(t, s, "k", []byte("v"), "")
	srv.Stop()

	ctx := t.Context()
	check := func(op string, err error) {
		t.Helper()
		if !errors.Is(err, storage.ErrUnavailable) {
			t.Errorf("%s with the server down = %v, want ErrUnavailable", op, err)
		}
		if errors.Is(err, storage.ErrNotFound) {
			t.Errorf("%s with the server down reports ErrNotFound", op)
		}
	}
	check("Put", s.Put(ctx, "k2", strings.NewReader("v"), 1, ""))
	_, _, err := s.Get(ctx, "k")
	check("Get", err)
	_, err = s.Stat(ctx, "k")
	check("Stat", err)
	check("Delete", s.Delete(ctx, "k"))
	check("List", s.List(ctx, "", func(storage.Info) error { return nil }))
}

func TestStore_Prefix(t *testing.T) {
	srv := storagetest.StartS3(t)
	cfg := Config(srv, "shared")
	whole := MustNew(t, cfg)
	cfg.Prefix = "/prod/"
	prod := MustNew(t, cfg)
	cfg.Prefix = "staging"
	staging := MustNew(t, cfg)

	storagetest.MustPut(t, prod, "doc", []byte("prod"), "")
	storagetest.MustPut(t, staging, "doc", []byte("staging"), "")

	if got, _ := storagetest.MustGet(t, prod, "doc"); string(got) != "prod" {
		t.Fatalf("prod store reads %q, want its own object", got)
	}
	var keys []string
	for _, info := range storagetest.MustList(t, whole, "") {
		keys = append(keys, info.Key)
	}
	if want := []string{"prod/doc", "staging/doc"}; !slices.Equal(keys, want) {
		t.Fatalf("bucket holds %q, want %q", keys, want)
	}
	if infos := storagetest.MustList(t, prod, ""); len(infos) != 1 || infos[0].Key != "doc" {
		t.Fatalf("prod store lists %v, want only its own key, without the prefix", infos)
	}
}

func TestStore_PresignGet(t *testing.T) {
	srv := storagetest.StartS3(t)
	cfg := Config(srv, "presign")
	cfg.Prefix = "p"
	s := MustNew(t, cfg)
	data := storagetest.RandomBytes(7, 70_000)
	storagetest.MustPut(t, s, "docs/notice.pdf", data, "application/pdf")

	t.Run("OK", func(t *testing.T) {
		u, err := s.PresignGet(t.Context(), "docs/notice.pdf", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		// A plain client, with no credentials: the URL alone grants access.
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		got, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET presigned URL: %s: %s", resp.Status, got)
		}
		if string(got) != string(data) {
			t.Fatalf("presigned GET returned %d bytes, want the %d stored", len(got), len(data))
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/pdf" {
			t.Fatalf("Content-Type = %q, want application/pdf", ct)
		}
	})

	t.Run("ErrTamperedURL", func(t *testing.T) {
		u, err := s.PresignGet(t.Context(), "docs/notice.pdf", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		// The signature covers the key: pointing it elsewhere is refused.
		resp, err := http.Get(strings.Replace(u, "notice.pdf", "other.pdf", 1))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("tampered URL: %s, want 403", resp.Status)
		}
	})

	t.Run("ErrInvalidKey", func(t *testing.T) {
		if _, err := s.PresignGet(t.Context(), "../x", time.Minute); !errors.Is(err, storage.ErrInvalidKey) {
			t.Fatalf("PresignGet(../x) = %v, want ErrInvalidKey", err)
		}
	})

	t.Run("ErrTTL", func(t *testing.T) {
		for _, ttl := range []time.Duration{0, -time.Second, s3.MaxPresignTTL + time.Second} {
			if _, err := s.PresignGet(t.Context(), "docs/notice.pdf", ttl); err == nil {
				t.Errorf("PresignGet with ttl %v succeeded", ttl)
			}
		}
	})
}

func TestNew_SSE(t *testing.T) {
	srv := storagetest.StartS3(t)
	modes := []struct{ name, sse, kmsKey string }{
		{"AES256", s3.SSES3, ""},
		{"KMS", s3.SSEKMS, "noticescan-test-key"},
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			t.Run("ErrServerIgnoresSSE", func(t *testing.T) {
				// versitygw's posix backend takes the headers and stores the
				// object in the clear; New must refuse, not carry on.
				p := newRecordingProxy(t, srv, "")
				cfg := Config(srv, "ignored-"+strings.ToLower(mode.name))
				cfg.Endpoint, cfg.SSE, cfg.KMSKeyID = p.endpoint, mode.sse, mode.kmsKey
				_, err := s3.New(t.Context(), cfg)
				if err == nil || !strings.Contains(err.Error(), "refusing to store documents unencrypted") {
					t.Fatalf("New = %v, want an error saying encryption was not applied", err)
				}
				t.Log(err)
				p.checkSSE(t, mode.sse, mode.kmsKey)
			})

			t.Run("OKHeadersOnEveryUpload", func(t *testing.T) {
				// The proxy stands in for an S3 that encrypts: it reports
				// the requested encryption back, which versitygw does not.
				p := newRecordingProxy(t, srv, mode.sse)
				cfg := Config(srv, "applied-"+strings.ToLower(mode.name))
				cfg.Endpoint, cfg.SSE, cfg.KMSKeyID = p.endpoint, mode.sse, mode.kmsKey
				s := MustNew(t, cfg)
				storagetest.MustPut(t, s, "small", []byte("notice"), "")
				storagetest.MustPut(t, s, "large", storagetest.RandomBytes(9, storagetest.LargeSize), "")
				p.checkSSE(t, mode.sse, mode.kmsKey)
				if p.multipartCount() == 0 {
					t.Fatal("the large Put did not start a multipart upload")
				}
				if got, _ := storagetest.MustGet(t, s, "small"); string(got) != "notice" {
					t.Fatalf("got %q back, want %q", got, "notice")
				}
				// The probe object is cleaned up.
				if infos := storagetest.MustList(t, s, ""); len(infos) != 2 {
					t.Fatalf("List after New and two Puts = %v, want the two objects only", infos)
				}
			})
		})
	}
}

// recordingProxy sits between the store and versitygw and records the
// headers of every request that creates an object. If reportSSE is set, it
// adds that encryption to the server's object responses, as an S3 that
// applies encryption would.
type recordingProxy struct {
	endpoint  string
	mu        sync.Mutex
	uploads   []http.Header // PUT of a whole object, or POST ?uploads
	multipart int           // how many of uploads started a multipart upload
}

func newRecordingProxy(t *testing.T, srv *storagetest.S3Server, reportSSE string) *recordingProxy {
	t.Helper()
	target, err := url.Parse(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	p := &recordingProxy{}
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.ModifyResponse = func(resp *http.Response) error {
		req := resp.Request
		q := req.URL.Query()
		hasKey := strings.Contains(strings.Trim(req.URL.Path, "/"), "/") // not a bucket request
		putObject := req.Method == http.MethodPut && hasKey && !q.Has("partNumber")
		startMultipart := req.Method == http.MethodPost && q.Has("uploads")
		if putObject || startMultipart {
			p.mu.Lock()
			p.uploads = append(p.uploads, req.Header.Clone())
			if startMultipart {
				p.multipart++
			}
			p.mu.Unlock()
		}
		if reportSSE != "" && hasKey && resp.StatusCode == http.StatusOK &&
			(req.Method == http.MethodHead || req.Method == http.MethodGet) {
			resp.Header.Set("X-Amz-Server-Side-Encryption", reportSSE)
		}
		return nil
	}
	hs := httptest.NewServer(rp)
	t.Cleanup(hs.Close)
	p.endpoint = strings.TrimPrefix(hs.URL, "http://")
	return p
}

func (p *recordingProxy) multipartCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.multipart
}

func (p *recordingProxy) checkSSE(t *testing.T, sse, kmsKey string) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.uploads) == 0 {
		t.Fatal("no upload reached the server")
	}
	for i, h := range p.uploads {
		if got := h.Get("X-Amz-Server-Side-Encryption"); got != sse {
			t.Errorf("upload #%d: X-Amz-Server-Side-Encryption = %q, want %q", i, got, sse)
		}
		if got := h.Get("X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id"); got != kmsKey {
			t.Errorf("upload #%d: KMS key id = %q, want %q", i, got, kmsKey)
		}
	}
}
