package main_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/noticegen"
)

// TestServe_BadRequests sends what a careless or hostile client sends and
// checks each gets its problem+json status, and that the server then still
// serves a good upload.
func TestServe_BadRequests(t *testing.T) {
	t.Parallel()
	notices := mustGenerate(t, noticegen.Options{Seed: 5, Count: 1, Formats: []noticegen.Format{noticegen.FormatPDFDigital}})
	s := MustStartServer(t, ServerOptions{Workers: 1})
	key := s.MustCreateKey(t, "acme")
	documents := s.URL + "/v1/documents"

	t.Run("ErrNoFile", func(t *testing.T) {
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		_ = w.WriteField("note", "no file here")
		_ = w.Close()
		assertProblem(t, do(t, http.MethodPost, documents, key, &b, w.FormDataContentType()), http.StatusBadRequest)
	})

	t.Run("ErrEmptyFile", func(t *testing.T) {
		body, ct := multipartBody(t, "empty.pdf", nil)
		assertProblem(t, do(t, http.MethodPost, documents, key, bytes.NewReader(body), ct), http.StatusBadRequest)
	})

	// 60 MB is over the default limit of 50 MiB. The body is generated,
	// not held in memory.
	const big = 60 << 20
	t.Run("ErrTooLarge", func(t *testing.T) {
		body, n, ct := largeUpload(t, big)
		req, err := http.NewRequest(http.MethodPost, documents, body)
		if err != nil {
			t.Fatal(err)
		}
		req.ContentLength = n
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", ct)
		assertProblem(t, send(t, req), http.StatusRequestEntityTooLarge)
	})

	t.Run("ErrTooLargeStreamed", func(t *testing.T) {
		// No Content-Length: the server finds out while reading.
		body, _, ct := largeUpload(t, big)
		req, err := http.NewRequest(http.MethodPost, documents, io.NopCloser(body))
		if err != nil {
			t.Fatal(err)
		}
		req.ContentLength = -1
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", ct)
		assertProblem(t, send(t, req), http.StatusRequestEntityTooLarge)
	})

	t.Run("ErrUnsupportedType", func(t *testing.T) {
		body, ct := multipartBody(t, "notice.pdf", []byte("Receipt Number: see the attached notice.\nThis is plain text, not a document.\n"))
		assertProblem(t, do(t, http.MethodPost, documents, key, bytes.NewReader(body), ct), http.StatusUnsupportedMediaType)
	})

	t.Run("ErrMalformedMultipart", func(t *testing.T) {
		garbage := strings.NewReader("this is not\r\na multipart body at all\x00\xff")
		assertProblem(t, do(t, http.MethodPost, documents, key, garbage, "multipart/form-data; boundary=XyZzy"), http.StatusBadRequest)
		body, _ := multipartBody(t, "notice.pdf", notices[0].Data)
		assertProblem(t, do(t, http.MethodPost, documents, key, bytes.NewReader(body), "multipart/form-data"), http.StatusBadRequest)
		// Cut off in the middle of the file part.
		assertProblem(t, do(t, http.MethodPost, documents, key, bytes.NewReader(body[:len(body)/2]), "multipart/form-data; boundary="+boundaryOf(t, body)), http.StatusBadRequest)
	})

	t.Run("ErrUnknownID", func(t *testing.T) {
		for _, target := range []string{"/v1/documents/doc_doesnotexist00000000", "/v1/documents/doc_doesnotexist00000000/file"} {
			assertProblem(t, do(t, http.MethodGet, s.URL+target, key, nil, ""), http.StatusNotFound)
		}
		assertProblem(t, do(t, http.MethodDelete, s.URL+"/v1/documents/doc_doesnotexist00000000", key, nil, ""), http.StatusNotFound)
	})

	t.Run("ErrBadKey", func(t *testing.T) {
		assertProblem(t, do(t, http.MethodGet, documents, "nsk_notakeyatall", nil, ""), http.StatusUnauthorized)
		assertProblem(t, do(t, http.MethodGet, documents, "", nil, ""), http.StatusUnauthorized)
		body, ct := multipartBody(t, "notice.pdf", notices[0].Data)
		assertProblem(t, do(t, http.MethodPost, documents, "nsk_notakeyatall", bytes.NewReader(body), ct), http.StatusUnauthorized)
	})

	t.Run("OKAfterBadRequests", func(t *testing.T) {
		if r := do(t, http.MethodGet, s.URL+"/healthz", "", nil, ""); r.Status != http.StatusOK {
			t.Fatalf("/healthz: status %d, want 200", r.Status)
		}
		status, d := upload(t, s.URL, key, notices[0].Path, uploadWait)
		if status != http.StatusOK || d.Status != "complete" || len(d.Findings) == 0 {
			t.Fatalf("good upload: status %d, document %s with %d findings; want 200, complete, findings", status, d.Status, len(d.Findings))
		}
		// None of the rejected requests left a document behind.
		if docs, _ := listAll(t, s.URL, key, nil, 50); len(docs) != 1 {
			t.Errorf("%d documents listed; want only the good upload", len(docs))
		}
	})
}

// largeUpload is a multipart body with one "file" part of size bytes that
// start like a PDF, generated as it is read; n is the body's length.
func largeUpload(tb testing.TB, size int64) (body io.Reader, n int64, contentType string) {
	tb.Helper()
	var head bytes.Buffer
	w := multipart.NewWriter(&head)
	if _, err := w.CreateFormFile("file", "big.pdf"); err != nil {
		tb.Fatal(err)
	}
	headLen := head.Len()
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	tail := bytes.Clone(head.Bytes()[headLen:])
	head.Truncate(headLen)
	magic := []byte("%PDF-1.7\n")
	body = io.MultiReader(&head, bytes.NewReader(magic), io.LimitReader(zeros{}, size-int64(len(magic))), bytes.NewReader(tail))
	return body, int64(headLen) + size + int64(len(tail)), w.FormDataContentType()
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func boundaryOf(tb testing.TB, body []byte) string {
	tb.Helper()
	line, _, _ := bytes.Cut(body, []byte("\r\n"))
	if !bytes.HasPrefix(line, []byte("--")) {
		tb.Fatalf("multipart body starts with %q", line)
	}
	return string(line[2:])
}
