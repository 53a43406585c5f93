package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"testing"
)

// decodeStrict decodes JSON into v, refusing unknown fields.
func decodeStrict(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	return d.Decode(v)
}

// formPart is one multipart part: a file when Filename is set.
type formPart struct {
	Field, Filename string
	Body            []byte
}

// MustForm builds a multipart/form-data body and its Content-Type.
func MustForm(tb testing.TB, parts ...formPart) (*bytes.Buffer, string) {
	tb.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		if p.Filename != "" {
			h.Set("Content-Disposition", `form-data; name="`+p.Field+`"; filename="`+p.Filename+`"`)
			h.Set("Content-Type", "application/octet-stream")
		} else {
			h.Set("Content-Disposition", `form-data; name="`+p.Field+`"`)
		}
		pw, err := w.CreatePart(h)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := pw.Write(p.Body); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return &buf, w.FormDataContentType()
}

// get sends a GET with the good key to a live server and reads the answer.
func get(tb testing.TB, url string) (*http.Response, []byte) {
	tb.Helper()
	return send(tb, http.MethodGet, url, nil, "")
}

// send sends a request with the good key to a live server and reads the
// answer.
func send(tb testing.TB, method, url string, body io.Reader, contentType string) (*http.Response, []byte) {
	tb.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+goodKey)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp, data
}

func urlQuery(s string) string { return url.QueryEscape(s) }
