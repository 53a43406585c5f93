package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/noticescan/noticescan/api"
	"github.com/noticescan/noticescan/records"
)

// bidi are the reordering controls that must never reach a name shown or
// sent back: embeddings, overrides, isolates and marks.
const bidi = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

func TestServer_Filenames(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("n", 252) + ".pdf" // 256 bytes
	for _, tc := range []struct {
		name, raw string
		want      string // "" means refused with 400
	}{
		{"OK", "notice.pdf", "notice.pdf"},
		{"OKDirectoryDropped", `C:\scans\notice.pdf`, "notice.pdf"},
		{"OKLongest", long[1:], long[1:]},
		{"OKBidiStripped", "invoice\u202efdp.exe", "invoicefdp.exe"},
		{"OKIsolatesStripped", "\u2066a\u2069\u200f.pdf\u061c", "a.pdf"},
		{"ErrNUL", "notice\x00.pdf", ""},
		{"ErrInvalidUTF8", "notice\xff\xfe.pdf", ""},
		{"ErrControl", "notice\r\nSet-Cookie: x.pdf", ""},
		{"ErrTooLong", long, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, via := range []string{"query", "multipart"} {
				svc := &stubService{}
				srv := MustServer(t, svc, api.Config{})
				var rec *httptest.ResponseRecorder
				if via == "multipart" {
					body, ct := MustForm(t, formPart{Field: "file", Filename: tc.raw, Body: []byte("%PDF-1.7")})
					rec = do(t, srv, http.MethodPost, "/v1/documents", body, "Content-Type", ct)
				} else {
					rec = do(t, srv, http.MethodPost, "/v1/documents?filename="+urlQuery(tc.raw), strings.NewReader("%PDF-1.7"))
				}
				got := svc.received()
				if tc.want == "" {
					MustProblem(t, rec, http.StatusBadRequest)
					if len(got) != 0 {
						t.Errorf("%s: the service got %d uploads of a refused name", via, len(got))
					}
					continue
				}
				if rec.Code != http.StatusAccepted || len(got) != 1 || got[0].Filename != tc.want {
					t.Errorf("%s: status %d, service got %+v; want 202 and name %q", via, rec.Code, got, tc.want)
				}
			}
		})
	}
}

func TestServer_Params(t *testing.T) {
	t.Parallel()
	svc := &stubService{documents: func(context.Context, string, records.Filter) (records.DocumentList, error) {
		t.Error("a refused parameter reached the service")
		return records.DocumentList{}, nil
	}}
	srv := MustServer(t, svc, api.Config{})
	for _, target := range []string{
		"/v1/documents?q=" + urlQuery("A12\x00"),
		"/v1/documents?q=%ff%fe",
		"/v1/documents?q=" + strings.Repeat("x", 257),
		"/v1/documents?cursor=" + urlQuery("c\x00"),
		"/v1/documents?x%00=1",
		"/v1/documents?limit=" + strings.Repeat("9", 3000),
		"/v1/export.csv?q=%c0%80",
		"/v1/documents/doc%00",
		"/v1/documents/doc%ff/file",
	} {
		MustProblem(t, do(t, srv, http.MethodGet, target, nil), http.StatusBadRequest)
	}
	body := strings.NewReader(`{"action":"correct","value":"A123\u0000"}`)
	MustProblem(t, do(t, srv, http.MethodPost, "/v1/documents/d1/findings/0/review", body), http.StatusBadRequest)
}

// TestServer_NamesShown checks that a name stored with bidirectional
// controls (before intake cleaned them) is sent back without them.
func TestServer_NamesShown(t *testing.T) {
	t.Parallel()
	d := records.Document{ID: "d1", Filename: "invoice\u202efdp.exe", MediaType: "application/pdf", Status: records.StatusComplete}
	svc := &stubService{
		document: func(context.Context, string, string) (records.Document, error) { return d, nil },
		documents: func(context.Context, string, records.Filter) (records.DocumentList, error) {
			return records.DocumentList{Documents: []records.Document{d}}, nil
		},
		open: func(context.Context, string, string) (io.ReadCloser, records.Document, error) {
			return io.NopCloser(strings.NewReader("%PDF-1.7")), d, nil
		},
	}
	srv := MustServer(t, svc, api.Config{})
	var got struct {
		Filename string `json:"filename"`
	}
	rec := do(t, srv, http.MethodGet, "/v1/documents/d1", nil)
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got.Filename != "invoicefdp.exe" {
		t.Errorf("document: filename %q (%v), want invoicefdp.exe", got.Filename, err)
	}
	rec = do(t, srv, http.MethodGet, "/v1/documents/d1/file", nil)
	if cd := rec.Header().Get("Content-Disposition"); strings.ContainsAny(mustUnescape(t, cd), bidi) || !strings.Contains(cd, "invoicefdp.exe") {
		t.Errorf("file: Content-Disposition %q", cd)
	}
	for _, target := range []string{"/v1/documents", "/v1/export.csv"} {
		rec = do(t, srv, http.MethodGet, target, nil)
		if strings.ContainsAny(rec.Body.String(), bidi) || !strings.Contains(rec.Body.String(), "invoicefdp.exe") {
			t.Errorf("%s: %q", target, rec.Body)
		}
	}
}

func mustUnescape(tb testing.TB, s string) string {
	tb.Helper()
	u, err := url.PathUnescape(s)
	if err != nil {
		tb.Fatalf("unescape %q: %v", s, err)
	}
	return u
}

// FuzzFilename sends any file name through ?filename= and checks that the
// name the service gets is one that can be kept and shown safely, that a
// refused name reaches nothing, and that a name already clean is kept as
// it is.
func FuzzFilename(f *testing.F) {
	for _, s := range []string{"notice.pdf", "a/b\\c.png", "x\x00y", "\xff", "invoice\u202efdp.exe", " spaced .tif ",
		strings.Repeat("é", 128), "\u0085", "..", "\u2028.pdf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		svc := &stubService{}
		srv := MustServer(t, svc, api.Config{})
		rec := do(t, srv, http.MethodPost, "/v1/documents?filename="+urlQuery(raw), strings.NewReader("%PDF-1.7"))
		got := svc.received()
		switch rec.Code {
		case http.StatusBadRequest:
			if len(got) != 0 {
				t.Fatalf("refused %q but the service got it", raw)
			}
			if clean(raw) {
				t.Fatalf("refused the clean name %q", raw)
			}
			return
		case http.StatusAccepted:
		default:
			t.Fatalf("%q: status %d", raw, rec.Code)
		}
		if len(got) != 1 {
			t.Fatalf("%q: service got %d uploads", raw, len(got))
		}
		name := got[0].Filename
		if len(name) > 255 || !utf8.ValidString(name) || strings.ContainsAny(name, bidi+"/\\") || strings.ContainsFunc(name, isControl) {
			t.Fatalf("%q kept as %q", raw, name)
		}
		if clean(raw) && name != raw {
			t.Fatalf("the clean name %q was kept as %q", raw, name)
		}
	})
}

// clean reports whether a name needs nothing done to it.
func clean(s string) bool {
	return s != "" && len(s) <= 255 && utf8.ValidString(s) && strings.TrimSpace(s) == s &&
		!strings.ContainsAny(s, bidi+"/\\") && !strings.ContainsFunc(s, isControl)
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }
