package main_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/noticescan/noticescan/noticegen"
)

// TestServe_Security runs the probes of the security review against the
// real binary, one subtest per finding. Every address a callback is aimed
// at here is a loopback one: the refusal of other internal ranges is
// tested in package egress with a recorded dial that connects nothing.
func TestServe_Security(t *testing.T) {
	t.Parallel()
	notices := mustGenerate(t, noticegen.Options{Seed: 61, Count: 1, Formats: []noticegen.Format{noticegen.FormatPDFDigital}})
	pdf := notices[0].Data

	// A data dir made beforehand, world-readable, holding a database an
	// earlier run left readable by every local user.
	dataDir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dataDir, 0o755); err != nil {
		t.Fatal(err)
	}
	key := MustCreateKey(t, dataDir, "acme")
	for name, perm := range map[string]fs.FileMode{".": 0o755, "noticescan.db": 0o644} {
		if err := os.Chmod(filepath.Join(dataDir, name), perm); err != nil {
			t.Fatal(err)
		}
	}
	s := MustStartServer(t, ServerOptions{DataDir: dataDir, Args: []string{"--workers", "0"}})

	t.Run("CallbackToLoopbackRefused", func(t *testing.T) {
		hits := &hitCounter{}
		receiver := httptest.NewServer(hits)
		defer receiver.Close()
		_, port, _ := net.SplitHostPort(receiver.Listener.Addr().String())
		// The receiver's own address, and other spellings of loopback.
		for _, host := range []string{"127.0.0.1", "2130706433", "0x7f.1", "127.1", "017700000001", "[::ffff:127.0.0.1]", "[::1]", "localhost"} {
			cb := "http://" + host + ":" + port + "/cb"
			r := do(t, http.MethodPost, s.URL+"/v1/documents?filename=n.pdf&callback_url="+url.QueryEscape(cb), key, bytes.NewReader(pdf), "application/pdf")
			assertProblem(t, r, http.StatusBadRequest)
			body, ct := multipartBodyWithField(t, "callback_url", cb, pdf)
			assertProblem(t, do(t, http.MethodPost, s.URL+"/v1/documents", key, bytes.NewReader(body), ct), http.StatusBadRequest)
		}
		if docs, _ := listAll(t, s.URL, key, nil, 50); len(docs) != 0 {
			t.Errorf("%d documents stored with a refused callback", len(docs))
		}
		if n := hits.count(); n != 0 {
			t.Errorf("the loopback receiver got %d requests", n)
		}
	})

	t.Run("FilenameRefusedOnSQLite", func(t *testing.T) {
		assertFilenamesRefused(t, s.URL, key, pdf)
	})

	t.Run("FilenameRefusedOnPostgreSQL", func(t *testing.T) {
		t.Parallel()
		databaseURL, _ := mustPostgresSchema(t)
		env := []string{"NOTICESCAN_DATABASE_URL=" + databaseURL, "NOTICESCAN_WEBHOOK_SECRET=e2e-test-secret"}
		pg := MustStartServer(t, ServerOptions{Args: []string{"--workers", "0"}, Env: env})
		assertFilenamesRefused(t, pg.URL, pg.MustCreateKey(t, "acme"), pdf)
	})

	t.Run("AuthOffAnswersOnlyLoopbackHosts", func(t *testing.T) {
		t.Parallel()
		open := MustStartServer(t, ServerOptions{Args: []string{"--workers", "0", "--auth=false"}})
		_, port, _ := net.SplitHostPort(open.Addr)
		for _, tc := range []struct {
			host, origin string
			want         int
		}{
			{"attacker.example", "", http.StatusForbidden},
			{"attacker.example:" + port, "", http.StatusForbidden},
			{open.Addr, "http://attacker.example", http.StatusForbidden},
			{open.Addr, "null", http.StatusForbidden},
			{open.Addr, "", http.StatusOK},
			{"localhost:" + port, "http://localhost:" + port, http.StatusOK},
		} {
			req, err := http.NewRequest(http.MethodGet, open.URL+"/v1/documents", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Host = tc.host
			if tc.origin != "" {
				req.Header.Set("Origin", tc.origin)
			}
			r := send(t, req)
			if tc.want != http.StatusOK {
				assertProblem(t, r, tc.want)
			} else if r.Status != http.StatusOK {
				t.Errorf("Host %s, Origin %q: status %d, want 200", tc.host, tc.origin, r.Status)
			}
		}
	})

	t.Run("TenantNameRefused", func(t *testing.T) {
		for _, tenant := range []string{"../beta", "Acme", "a/b", "-x", strings.Repeat("a", 64), "acme beta"} {
			_, stderr, err := runCLIStatus(t, nil, "keys", "create", "--tenant", tenant, "--data-dir", dataDir)
			if err == nil {
				t.Errorf("keys create --tenant %q succeeded", tenant)
			} else if !strings.Contains(stderr, "tenant") {
				t.Errorf("keys create --tenant %q: the error does not say what is wrong: %s", tenant, stderr)
			}
		}
		if out := runCLI(t, nil, "keys", "list", "--data-dir", dataDir); strings.Count(strings.TrimSpace(out), "\n") != 1 {
			t.Errorf("keys list shows keys besides acme's:\n%s", out)
		}
	})

	t.Run("WebhookAllowListChecked", func(t *testing.T) {
		_, stderr, err := runCLIStatus(t, nil, "serve", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir(), "--webhook-allow", "10.0.0.0/8,not a host")
		if err == nil || !strings.Contains(stderr, "--webhook-allow") {
			t.Errorf("serve with a bad allow-list entry: %v; stderr: %s", err, stderr)
		}
	})

	t.Run("DataDirPrivate", func(t *testing.T) {
		// An object and the database's journals exist once a file is kept.
		body, ct := multipartBody(t, "n.pdf", pdf)
		if r := do(t, http.MethodPost, s.URL+"/v1/documents", key, bytes.NewReader(body), ct); r.Status != http.StatusAccepted {
			t.Fatalf("upload: status %d: %s", r.Status, r.Body)
		}
		err := filepath.WalkDir(dataDir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			fi, err := d.Info()
			if err != nil {
				return err
			}
			if perm := fi.Mode().Perm(); perm&0o077 != 0 {
				t.Errorf("%s has mode %v: readable by other users", strings.TrimPrefix(p, dataDir), perm)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})

	t.Run("PrivateHeaders", func(t *testing.T) {
		for _, target := range []string{"/v1/documents", "/v1/documents/doc_missing", "/healthz", "/readyz", "/nope"} {
			r := do(t, http.MethodGet, s.URL+target, key, nil, "")
			if r.Header.Get("Cache-Control") != "no-store" || r.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("%s (%d): Cache-Control %q, X-Content-Type-Options %q; want no-store and nosniff",
					target, r.Status, r.Header.Get("Cache-Control"), r.Header.Get("X-Content-Type-Options"))
			}
		}
		for _, asset := range []string{"/", "/ui/app.js", "/ui/style.css"} {
			if r := do(t, http.MethodGet, s.URL+asset, "", nil, ""); r.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("%s: no nosniff", asset)
			}
		}
	})

	t.Run("DockerContextHasNoData", func(t *testing.T) {
		patterns := mustDockerignore(t, filepath.Join("..", "..", ".dockerignore"))
		for _, p := range []string{"data", "data/noticescan.db", "data/objects/tenants/acme/documents/ab/x", "bin/noticescan",
			".git/config", ".ci/artifacts/shot.png", "old.db", "cmd/noticescan/data/noticescan.db", "noticescan.db-wal"} {
			if !dockerIgnored(patterns, p) {
				t.Errorf("%s would be sent into the image's build context", p)
			}
		}
		for _, p := range []string{"go.mod", "go.sum", "cmd/noticescan/main.go", "web/static/app.js", "noticegen/testdata/x"} {
			if dockerIgnored(patterns, p) {
				t.Errorf("%s, which the build needs, is left out of the build context", p)
			}
		}
	})

	t.Run("MetricsNeedKey", func(t *testing.T) {
		assertProblem(t, do(t, http.MethodGet, s.URL+"/metrics", "", nil, ""), http.StatusUnauthorized)
		if r := do(t, http.MethodGet, s.URL+"/metrics", key, nil, ""); r.Status != http.StatusOK {
			t.Errorf("/metrics with a key: status %d", r.Status)
		}
	})

	t.Run("CallbackThroughAllowListNotRedirected", func(t *testing.T) {
		t.Parallel()
		moved := &hitCounter{}
		target := httptest.NewServer(moved)
		defer target.Close()
		hits := &hitCounter{redirect: target.URL + "/stolen"}
		receiver := httptest.NewServer(hits)
		defer receiver.Close()
		metricsAddr := net.JoinHostPort("127.0.0.1", mustFreePort(t))
		hooks := MustStartServer(t, ServerOptions{Workers: 1, Args: []string{"--webhook-allow", "127.0.0.1/32", "--metrics-addr", metricsAddr}})
		hooksKey := hooks.MustCreateKey(t, "acme")

		body, ct := multipartBodyWithField(t, "callback_url", receiver.URL+"/cb", pdf)
		if r := do(t, http.MethodPost, hooks.URL+"/v1/documents", hooksKey, bytes.NewReader(body), ct); r.Status != http.StatusAccepted {
			t.Fatalf("upload with an allowed loopback callback: status %d: %s", r.Status, r.Body)
		}
		// The failed delivery is logged after the client returned, and so
		// after a redirect would have been followed.
		deadline := time.Now().Add(90 * time.Second)
		for !strings.Contains(hooks.Logs(), `"msg":"callback failed"`) && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
		}
		if hits.count() == 0 {
			t.Fatal("the allowed receiver got no callback")
		}
		if sig := hits.header("X-Noticescan-Signature"); !strings.HasPrefix(sig, "sha256=") {
			t.Errorf("callback signature %q", sig)
		}
		if n := moved.count(); n != 0 {
			t.Errorf("the redirect was followed: its target got %d signed callbacks", n)
		}

		t.Run("MetricsOnTheirOwnAddress", func(t *testing.T) {
			assertProblem(t, do(t, http.MethodGet, hooks.URL+"/metrics", hooksKey, nil, ""), http.StatusNotFound)
			r := do(t, http.MethodGet, "http://"+metricsAddr+"/metrics", "", nil, "")
			if r.Status != http.StatusOK || !strings.Contains(string(r.Body), "noticescan_uploads_total") {
				t.Errorf("/metrics on --metrics-addr: status %d, %.200s", r.Status, r.Body)
			}
		})
	})

	t.Run("BatchSources", func(t *testing.T) {
		t.Parallel()
		ts := mustStartTenancyServer(t)
		t.Run("OtherTenantsBucketRefused", func(t *testing.T) { assertOtherTenantsBucketRefused(t, ts) })
		t.Run("BucketExistenceHidden", func(t *testing.T) { assertBucketExistenceHidden(t, ts) })
	})

	t.Run("UploadBodies", func(t *testing.T) {
		t.Parallel()
		bodies := MustStartServer(t, ServerOptions{Args: []string{"--workers", "0", "--min-body-rate", "1024", "--body-window", "2s"}})
		bodiesKey := bodies.MustCreateKey(t, "acme")
		t.Run("SlowBodyCut", func(t *testing.T) { assertSlowBodyCut(t, bodies, bodiesKey) })
		t.Run("ShortUploadsHeldOnDisk", func(t *testing.T) { assertShortUploadsBounded(t, bodies, bodiesKey) })
	})

	// Last: it locks this client address out of the shared server.
	t.Run("AuthFailuresLimited", func(t *testing.T) {
		var last response
		for i := range 11 {
			last = do(t, http.MethodGet, s.URL+"/v1/documents", "nsk_guess"+strconv.Itoa(i), nil, "")
		}
		assertProblem(t, last, http.StatusTooManyRequests)
		if s, err := strconv.Atoi(last.Header.Get("Retry-After")); err != nil || s < 1 {
			t.Errorf("Retry-After %q, want seconds", last.Header.Get("Retry-After"))
		}
		assertProblem(t, do(t, http.MethodGet, s.URL+"/v1/documents", key, nil, ""), http.StatusTooManyRequests)
	})
}

// assertFilenamesRefused sends file names no database column should hold
// and checks each is a 400 and that nothing was stored, then that the
// listing and the export stay small.
func assertFilenamesRefused(t *testing.T, baseURL, key string, pdf []byte) {
	t.Helper()
	for _, name := range []string{"notice\x00.pdf", "notice\xff\xfe.pdf", strings.Repeat("n", 300) + ".pdf"} {
		r := do(t, http.MethodPost, baseURL+"/v1/documents?filename="+url.QueryEscape(name), key, bytes.NewReader(pdf), "application/pdf")
		assertProblem(t, r, http.StatusBadRequest)
	}
	for _, name := range []string{"notice\xff.pdf", strings.Repeat("n", 5_000_000) + ".pdf"} {
		body, ct := multipartBody(t, name, pdf)
		assertProblem(t, do(t, http.MethodPost, baseURL+"/v1/documents", key, bytes.NewReader(body), ct), http.StatusBadRequest)
	}
	for _, q := range []string{"A12\x00", "\xc0\x80", strings.Repeat("q", 5000)} {
		assertProblem(t, do(t, http.MethodGet, baseURL+"/v1/documents?q="+url.QueryEscape(q), key, nil, ""), http.StatusBadRequest)
	}
	assertProblem(t, do(t, http.MethodGet, baseURL+"/v1/documents/doc%00x", key, nil, ""), http.StatusBadRequest)
	list := do(t, http.MethodGet, baseURL+"/v1/documents", key, nil, "")
	export := do(t, http.MethodGet, baseURL+"/v1/export.csv", key, nil, "")
	if list.Status != http.StatusOK || export.Status != http.StatusOK || len(list.Body)+len(export.Body) > 64<<10 {
		t.Errorf("listing %d (%d bytes) and export %d (%d bytes) after the refused names", list.Status, len(list.Body), export.Status, len(export.Body))
	}
}

// multipartBodyWithField is a form with a text field before one "file"
// part.
func multipartBodyWithField(tb testing.TB, field, value string, data []byte) ([]byte, string) {
	tb.Helper()
	body, ct := multipartBody(tb, "notice.pdf", data)
	boundary := boundaryOf(tb, body)
	head := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"\r\n\r\n" + value + "\r\n"
	return append([]byte(head), body...), ct
}

// hitCounter is a callback receiver on loopback: it counts requests and
// keeps the last one's headers, and answers 302 to redirect when set.
type hitCounter struct {
	redirect string

	mu   sync.Mutex
	n    int
	last http.Header
}

func (h *hitCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.n++
	h.last = r.Header.Clone()
	h.mu.Unlock()
	if h.redirect != "" {
		http.Redirect(w, r, h.redirect, http.StatusFound)
	}
}

func (h *hitCounter) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n
}

func (h *hitCounter) header(name string) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.last.Get(name)
}

// mustDockerignore reads the patterns of a .dockerignore file.
func mustDockerignore(tb testing.TB, file string) []string {
	tb.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		tb.Fatalf("read .dockerignore: %v", err)
	}
	var patterns []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			patterns = append(patterns, strings.TrimPrefix(path.Clean(line), "/"))
		}
	}
	return patterns
}

// dockerIgnored reports whether Docker leaves p out of the build context
// under patterns: a pattern matches a path or any of its parent
// directories, and a leading "**/" matches any number of directories.
// Exceptions ("!") are not used by ours and not supported here.
func dockerIgnored(patterns []string, p string) bool {
	for _, pat := range patterns {
		if strings.HasPrefix(pat, "!") {
			panic(fmt.Sprintf("dockerIgnored: exception %q not supported", pat))
		}
		rest, anyDepth := strings.CutPrefix(pat, "**/")
		parts := strings.Split(p, "/")
		for start := range parts {
			if start > 0 && !anyDepth {
				break
			}
			for end := start + 1; end <= len(parts); end++ {
				if ok, _ := path.Match(rest, strings.Join(parts[start:end], "/")); ok {
					return true
				}
			}
		}
	}
	return false
}
