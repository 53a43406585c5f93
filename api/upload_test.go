package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/noticescan/noticescan/api"
	"github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/egress"
	"github.com/noticescan/noticescan/intake"
	"github.com/noticescan/noticescan/records"
)

// uploadedDoc is the part of an upload answer the HTTP layer adds.
type uploadedDoc struct {
	ID        string         `json:"id"`
	Status    records.Status `json:"status"`
	StatusURL string         `json:"status_url"`
	Findings  []any          `json:"findings"`
}

func TestServer_Upload(t *testing.T) {
	t.Parallel()

	t.Run("OneFile", func(t *testing.T) {
		t.Parallel()
		svc := &stubService{}
		body, ct := MustForm(t,
			formPart{Field: "callback_url", Body: []byte("https://hooks.example/done")},
			formPart{Field: "file", Filename: `C:\scans\notice.pdf`, Body: []byte("%PDF-1.7 one")})
		rec := do(t, MustServer(t, svc, api.Config{}), http.MethodPost, "/v1/documents", body, "Content-Type", ct)
		if rec.Code != http.StatusAccepted {
			t.Fatalf("status = %d, body %s", rec.Code, rec.Body)
		}
		var d uploadedDoc
		if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		if d.ID != "doc-1" || d.StatusURL != "/v1/documents/doc-1" || rec.Header().Get("Location") != d.StatusURL {
			t.Errorf("id %q, status_url %q, Location %q", d.ID, d.StatusURL, rec.Header().Get("Location"))
		}
		if d.Findings == nil {
			t.Errorf("findings is null, want []")
		}
		got := svc.received()
		want := stubUpload{Tenant: stubTenant, Filename: "notice.pdf", CallbackURL: "https://hooks.example/done", Body: []byte("%PDF-1.7 one")}
		if len(got) != 1 || fmt.Sprint(got[0]) != fmt.Sprint(want) {
			t.Errorf("service got %+v, want %+v", got, want)
		}
	})

	t.Run("SeveralFiles", func(t *testing.T) {
		t.Parallel()
		svc := &stubService{}
		body, ct := MustForm(t,
			formPart{Field: "file", Filename: "a.png", Body: []byte("first")},
			formPart{Field: "note", Body: []byte("ignored")},
			formPart{Field: "file", Filename: "b.tif", Body: []byte("second")})
		// A loopback receiver is taken only because the allow-list names it.
		allow, err := egress.ParseAllow("127.0.0.1/32")
		if err != nil {
			t.Fatal(err)
		}
		rec := do(t, MustServer(t, svc, api.Config{Callbacks: allow}), http.MethodPost, "/v1/documents?callback_url=http://127.0.0.1:9/cb", body, "Content-Type", ct)
		if rec.Code != http.StatusAccepted {
			t.Fatalf("status = %d, body %s", rec.Code, rec.Body)
		}
		var list struct{ Documents []uploadedDoc }
		if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil {
			t.Fatal(err)
		}
		if len(list.Documents) != 2 || list.Documents[0].StatusURL != "/v1/documents/doc-1" || list.Documents[1].StatusURL != "/v1/documents/doc-2" {
			t.Errorf("documents = %+v", list.Documents)
		}
		got := svc.received()
		if len(got) != 2 || got[0].Filename != "a.png" || string(got[1].Body) != "second" || got[1].CallbackURL != "http://127.0.0.1:9/cb" {
			t.Errorf("service got %+v", got)
		}
	})

	t.Run("RawBody", func(t *testing.T) {
		t.Parallel()
		svc := &stubService{}
		srv := MustServer(t, svc, api.Config{})
		rec := do(t, srv, http.MethodPost, "/v1/documents?filename=dir/q.pdf", strings.NewReader("raw bytes"), "Content-Type", "application/pdf")
		if rec.Code != http.StatusAccepted || rec.Header().Get("Location") != "/v1/documents/doc-1" {
			t.Fatalf("status = %d, Location %q, body %s", rec.Code, rec.Header().Get("Location"), rec.Body)
		}
		rec = do(t, srv, http.MethodPost, "/v1/documents", strings.NewReader("more"), "Content-Disposition", `attachment; filename="scan 2.jpg"`)
		if rec.Code != http.StatusAccepted {
			t.Fatalf("status = %d", rec.Code)
		}
		got := svc.received()
		if len(got) != 2 || got[0].Filename != "q.pdf" || string(got[0].Body) != "raw bytes" || got[1].Filename != "scan 2.jpg" {
			t.Errorf("service got %+v", got)
		}
	})

	t.Run("ErrNoFile", func(t *testing.T) {
		t.Parallel()
		body, ct := MustForm(t, formPart{Field: "callback_url", Body: []byte("https://x.example/")})
		MustProblem(t, do(t, MustServer(t, &stubService{}, api.Config{}), http.MethodPost, "/v1/documents", body, "Content-Type", ct), http.StatusBadRequest)
	})

	t.Run("ErrEmpty", func(t *testing.T) {
		t.Parallel()
		svc := &stubService{upload: func(context.Context, string, intake.Upload) (records.Document, error) {
			return records.Document{}, fmt.Errorf("upload: %w", document.ErrEmpty)
		}}
		body, ct := MustForm(t, formPart{Field: "file", Filename: "empty.pdf"})
		p := MustProblem(t, do(t, MustServer(t, svc, api.Config{}), http.MethodPost, "/v1/documents", body, "Content-Type", ct), http.StatusBadRequest)
		if p.Type != "urn:noticescan:problem:empty-file" {
			t.Errorf("type = %q", p.Type)
		}
	})

	t.Run("ErrUnsupportedType", func(t *testing.T) {
		t.Parallel()
		svc := &stubService{upload: func(context.Context, string, intake.Upload) (records.Document, error) {
			return records.Document{}, fmt.Errorf("sniff: %w", document.ErrUnsupportedType)
		}}
		rec := do(t, MustServer(t, svc, api.Config{}), http.MethodPost, "/v1/documents", strings.NewReader("PK\x03\x04"), "Content-Type", "application/pdf")
		MustProblem(t, rec, http.StatusUnsupportedMediaType)
	})

	t.Run("ErrTooLargeFromService", func(t *testing.T) {
		t.Parallel()
		svc := &stubService{upload: func(context.Context, string, intake.Upload) (records.Document, error) {
			return records.Document{}, fmt.Errorf("2000 pages: %w", document.ErrTooLarge)
		}}
		MustProblem(t, do(t, MustServer(t, svc, api.Config{}), http.MethodPost, "/v1/documents", strings.NewReader("x")), http.StatusRequestEntityTooLarge)
	})

	t.Run("ErrMalformedMultipart", func(t *testing.T) {
		t.Parallel()
		srv := MustServer(t, &stubService{}, api.Config{})
		good, ct := MustForm(t, formPart{Field: "file", Filename: "a.pdf", Body: []byte("data")})
		cut := good.Bytes()[:good.Len()-20] // no closing boundary
		for name, tc := range map[string]struct{ body, ct string }{
			"BadBoundary":     {good.String(), "multipart/form-data; boundary=not-the-one"},
			"NoBoundary":      {good.String(), "multipart/form-data"},
			"BadContentType":  {good.String(), "multipart/form-data; boundary="},
			"Garbage":         {"\x00\x01garbage--", "multipart/form-data; boundary=xyz"},
			"CutOff":          {string(cut), ct},
			"HeaderlessParts": {"--xyz\r\nno header end", "multipart/form-data; boundary=xyz"},
		} {
			rec := do(t, srv, http.MethodPost, "/v1/documents", strings.NewReader(tc.body), "Content-Type", tc.ct)
			if rec.Code != http.StatusBadRequest {
				t.Errorf("%s: status %d, body %s", name, rec.Code, rec.Body)
				continue
			}
			MustProblem(t, rec, http.StatusBadRequest)
		}
	})

	t.Run("ErrCallbackURL", func(t *testing.T) {
		t.Parallel()
		svc := &stubService{}
		srv := MustServer(t, svc, api.Config{})
		for _, u := range []string{"ftp://x.example/", "/relative/path", "x.example/cb", "https://", "http://user:pw@x.example/", "::",
			"http://127.0.0.1:9/cb", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/", "http://2130706433/",
			"http://[::ffff:127.0.0.1]/", "http://localhost:8080/"} {
			rec := do(t, srv, http.MethodPost, "/v1/documents?callback_url="+urlQuery(u), strings.NewReader("x"))
			MustProblem(t, rec, http.StatusBadRequest)
			body, ct := MustForm(t, formPart{Field: "callback_url", Body: []byte(u)}, formPart{Field: "file", Filename: "a.pdf", Body: []byte("x")})
			MustProblem(t, do(t, srv, http.MethodPost, "/v1/documents", body, "Content-Type", ct), http.StatusBadRequest)
		}
		// A field after the files would not apply to them.
		body, ct := MustForm(t, formPart{Field: "file", Filename: "a.pdf", Body: []byte("x")}, formPart{Field: "callback_url", Body: []byte("https://x.example/")})
		MustProblem(t, do(t, srv, http.MethodPost, "/v1/documents", body, "Content-Type", ct), http.StatusBadRequest)
		if n := len(svc.received()); n != 1 {
			t.Errorf("service got %d uploads, want only the one before the late field", n)
		}
	})

	t.Run("ErrWait", func(t *testing.T) {
		t.Parallel()
		svc := &stubService{}
		srv := MustServer(t, svc, api.Config{})
		for _, w := range []string{"soon", "30", "-1s"} {
			MustProblem(t, do(t, srv, http.MethodPost, "/v1/documents?wait="+w, strings.NewReader("x")), http.StatusBadRequest)
			MustProblem(t, do(t, srv, http.MethodGet, "/v1/documents/doc-1?wait="+w, nil), http.StatusBadRequest)
		}
		if n := len(svc.received()); n != 0 {
			t.Errorf("service got %d uploads after a bad wait", n)
		}
	})
}

func TestServer_UploadWait(t *testing.T) {
	t.Parallel()
	final := func(_ context.Context, _, id string) (records.Document, error) {
		return records.Document{ID: id, Status: records.StatusComplete}, nil
	}
	// Wait as the contract says: the latest state once ctx ends.
	blocking := func(ctx context.Context, _, id string) (records.Document, error) {
		<-ctx.Done()
		return records.Document{ID: id, Status: records.StatusProcessing, PagesDone: 1, PagesTotal: 3}, ctx.Err()
	}
	for _, tc := range []struct {
		name    string
		wait    func(context.Context, string, string) (records.Document, error)
		query   string
		status  int
		docStat records.Status
	}{
		{"Final", final, "?wait=30s", http.StatusOK, records.StatusComplete},
		{"NotFinal", blocking, "?wait=50ms", http.StatusAccepted, records.StatusProcessing},
		{"CappedByMaxWait", blocking, "?wait=1h", http.StatusAccepted, records.StatusProcessing},
		{"NoWait", final, "", http.StatusAccepted, records.StatusQueued},
		{"ZeroWait", final, "?wait=0s", http.StatusAccepted, records.StatusQueued},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			const maxWait = 100 * time.Millisecond
			// The cap is read from the deadline Wait is given, not from how
			// long the request takes.
			wait := func(ctx context.Context, tenant, id string) (records.Document, error) {
				if deadline, _ := ctx.Deadline(); deadline.After(time.Now().Add(maxWait)) {
					t.Errorf("Wait was given until %v, more than MaxWait %v from now", deadline, maxWait)
					return records.Document{}, ctx.Err() // rather than block until then
				}
				return tc.wait(ctx, tenant, id)
			}
			srv := MustServer(t, &stubService{wait: wait}, api.Config{MaxWait: maxWait})
			rec := do(t, srv, http.MethodPost, "/v1/documents"+tc.query, strings.NewReader("x"))
			var d uploadedDoc
			if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil {
				t.Fatalf("status %d, body %s: %v", rec.Code, rec.Body, err)
			}
			if rec.Code != tc.status || d.Status != tc.docStat || d.StatusURL != "/v1/documents/doc-1" {
				t.Errorf("status %d, document %+v; want %d, %s", rec.Code, d, tc.status, tc.docStat)
			}
		})
	}

	t.Run("SeveralFiles", func(t *testing.T) {
		t.Parallel()
		srv := MustServer(t, &stubService{wait: final}, api.Config{})
		body, ct := MustForm(t, formPart{Field: "file", Filename: "a", Body: []byte("1")}, formPart{Field: "file", Filename: "b", Body: []byte("2")})
		rec := do(t, srv, http.MethodPost, "/v1/documents?wait=5s", body, "Content-Type", ct)
		if rec.Code != http.StatusOK || strings.Count(rec.Body.String(), `"complete"`) != 2 {
			t.Errorf("status %d, body %s", rec.Code, rec.Body)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		t.Parallel()
		srv := MustServer(t, &stubService{}, api.Config{})
		MustProblem(t, do(t, srv, http.MethodGet, "/v1/documents/gone?wait=1s", nil), http.StatusNotFound)
	})
}

// TestServer_UploadLimit sends 60 MB to a server with a 50 MB limit, with
// and without a declared length, and checks that it answers 413 and keeps
// serving.
func TestServer_UploadLimit(t *testing.T) {
	t.Parallel()
	const limit, size = 50 << 20, 60 << 20
	svc := &stubService{}
	ts := httptest.NewServer(MustServer(t, svc, api.Config{MaxUploadBytes: limit}))
	defer ts.Close()

	for _, tc := range []struct {
		name string
		body func() (io.Reader, string)
	}{
		{"DeclaredLength", func() (io.Reader, string) {
			return bytes.NewReader(make([]byte, size)), "application/pdf"
		}},
		{"Chunked", func() (io.Reader, string) {
			return struct{ io.Reader }{io.LimitReader(zeros{}, size)}, "application/pdf"
		}},
		{"ChunkedMultipart", func() (io.Reader, string) {
			pr, pw := io.Pipe()
			mw := multipart.NewWriter(pw)
			go func() {
				fw, err := mw.CreateFormFile("file", "big.tif")
				if err == nil {
					_, err = io.Copy(fw, io.LimitReader(zeros{}, size))
				}
				if err == nil {
					err = mw.Close()
				}
				pw.CloseWithError(err)
			}()
			return pr, mw.FormDataContentType()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, ct := tc.body()
			resp, data := send(t, http.MethodPost, ts.URL+"/v1/documents", body, ct)
			mustProblem(t, resp.StatusCode, resp.Header, data, http.StatusRequestEntityTooLarge)
			if resp, _ := get(t, ts.URL+"/healthz"); resp.StatusCode != http.StatusOK {
				t.Fatalf("healthz after 413: %d", resp.StatusCode)
			}
		})
	}
	if n := len(svc.received()); n != 0 {
		t.Errorf("service kept %d oversized uploads", n)
	}
	// And a file under the limit still goes through.
	resp, data := send(t, http.MethodPost, ts.URL+"/v1/documents", strings.NewReader("small"), "image/png")
	if resp.StatusCode != http.StatusAccepted {
		t.Errorf("small upload after 413s: %d %s", resp.StatusCode, data)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
