package web_test

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/web"
)

func TestHandler(t *testing.T) {
	h := web.Handler()
	for _, c := range []struct {
		path, wantType string
		wantStatus     int
	}{
		{"/", "text/html", http.StatusOK},
		{"/ui/app.js", "javascript", http.StatusOK},
		{"/ui/style.css", "text/css", http.StatusOK},
		{"/ui/index.html", "", http.StatusNotFound},
		{"/ui/", "", http.StatusNotFound},
		{"/ui/nope.js", "", http.StatusNotFound},
		{"/ui/../web.go", "", http.StatusNotFound},
		{"/elsewhere", "", http.StatusNotFound},
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.Path = c.path // unclean paths as a raw client could send them
		h.ServeHTTP(rec, req)
		if rec.Code != c.wantStatus || !strings.Contains(rec.Header().Get("Content-Type"), c.wantType) {
			t.Errorf("GET %s: %d %q; want %d %q", c.path, rec.Code, rec.Header().Get("Content-Type"), c.wantStatus, c.wantType)
		}
		if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self'") || !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("GET %s: Content-Security-Policy %q does not keep the page on this server", c.path, csp)
		}
	}
}

// TestAssets_NoOtherHost checks that the page's files name no other host:
// the page must work offline and send nothing elsewhere.
func TestAssets_NoOtherHost(t *testing.T) {
	url := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)
	err := fs.WalkDir(os.DirFS("static"), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile("static/" + path)
		if err != nil {
			return err
		}
		if m := url.Find(b); m != nil {
			t.Errorf("%s names another host: %s", path, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
