// Package web serves the intake page: a single page, plain HTML, CSS and
// JavaScript embedded in the binary, that talks only to the service's own
// /v1 API. It owns no data and imports nothing of the service; the page
// works offline and loads nothing from another host, which its Content
// Security Policy enforces in the browser.
package web

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var static embed.FS

// csp lets the page load only from the server itself; page images are
// fetched with the API key and shown from blob: URLs.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Handler serves the page at / and its assets at /ui/<name>. Other paths
// are 404.
func Handler() http.Handler {
	sub, _ := fs.Sub(static, "static") // cannot fail: the directory is embedded
	files := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		// The page and its scripts change with the binary; a stale copy
		// would call routes that moved.
		h.Set("Cache-Control", "no-cache")
		name, ok := strings.CutPrefix(r.URL.Path, "/ui/")
		switch {
		case r.URL.Path == "/":
			name = "index.html"
		case !ok || name == "" || name == "index.html" || path.Clean(name) != name:
			http.NotFound(w, r)
			return
		}
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + name
		if name == "index.html" {
			// FileServer redirects /index.html to ./; serve the bytes instead.
			b, err := fs.ReadFile(sub, name)
			if err != nil {
				http.Error(w, "page missing from the build", http.StatusInternalServerError)
				return
			}
			h.Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write(b)
			return
		}
		files.ServeHTTP(w, r2)
	})
}
