package main_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The wire types are declared here, not taken from the product's
// packages, so that a change to the JSON the API sends shows up as a
// failing test rather than travelling silently on both sides.

type document struct {
	ID          string     `json:"id"`
	SHA256      string     `json:"sha256"`
	Filename    string     `json:"filename"`
	MediaType   string     `json:"media_type"`
	Size        int64      `json:"size"`
	Status      string     `json:"status"`
	Error       string     `json:"error"`
	Pages       []page     `json:"pages"`
	Findings    []finding  `json:"findings"`
	Warnings    []string   `json:"warnings"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	CompletedAt *time.Time `json:"completed_at"`
	StatusURL   string     `json:"status_url"`
}

type page struct {
	Number int     `json:"number"`
	Source string  `json:"source"`
	Width  float64 `json:"width"`
}

type finding struct {
	Kind    string `json:"kind"`
	Value   string `json:"value"`
	Display string `json:"display"`
	Page    int    `json:"page"`
}

type documentList struct {
	Documents []document `json:"documents"`
	Next      string     `json:"next"`
}

// problem is an RFC 9457 problem details body.
type problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Instance string `json:"instance"`
}

// extractReport is one line of `noticescan extract --format jsonl`.
type extractReport struct {
	File      string    `json:"file"`
	SHA256    string    `json:"sha256"`
	MediaType string    `json:"media_type"`
	Pages     []page    `json:"pages"`
	Findings  []finding `json:"findings"`
	Status    string    `json:"status"`
	Error     string    `json:"error"`
	Warnings  []string  `json:"warnings"`
}

// httpClient talks only to the servers these tests start on 127.0.0.1;
// it never goes through a proxy from the environment.
var httpClient = &http.Client{
	Timeout: 3 * time.Minute,
	Transport: &http.Transport{
		Proxy:               nil,
		MaxIdleConnsPerHost: 256,
		IdleConnTimeout:     30 * time.Second,
	},
}

// response is an HTTP answer read whole.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// do sends a request with the API key (none if key is empty) and reads the
// whole answer; a transport error fails the test.
func do(tb testing.TB, method, target, key string, body io.Reader, contentType string) response {
	tb.Helper()
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, target, err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return send(tb, req)
}

// send sends req and reads the whole answer, then checks both against
// the API's OpenAPI document.
func send(tb testing.TB, req *http.Request) response {
	tb.Helper()
	// A body held in memory can be read again for the check; a streamed
	// one (sent to test the size limits) is not read twice.
	var reqBody []byte
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err == nil {
			reqBody, err = io.ReadAll(body)
		}
		if err != nil {
			tb.Fatalf("%s %s: read request body: %v", req.Method, req.URL, err)
		}
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("%s %s: read body: %v", req.Method, req.URL, err)
	}
	checkSpec(tb, req, reqBody, resp, b)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// getJSON GETs target and decodes a 200 answer into v; another status
// fails the test.
func getJSON(tb testing.TB, target, key string, v any) {
	tb.Helper()
	r := do(tb, http.MethodGet, target, key, nil, "")
	if r.Status != http.StatusOK {
		tb.Fatalf("GET %s: status %d, want 200; body: %s", target, r.Status, r.Body)
	}
	mustDecode(tb, r, v)
}

func mustDecode(tb testing.TB, r response, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		tb.Fatalf("decode %T: %v; body: %.500s", v, err, r.Body)
	}
}

// multipartBody is a form with one "file" part holding data.
func multipartBody(tb testing.TB, filename string, data []byte) (body []byte, contentType string) {
	tb.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	part, err := w.CreateFormFile("file", filename)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := part.Write(data); err != nil {
		tb.Fatal(err)
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes(), w.FormDataContentType()
}

// upload posts the file at path as multipart field "file"; wait > 0 adds
// ?wait=. Any answer but 200 or 202 with a document fails the test.
func upload(tb testing.TB, baseURL, key, path string, wait time.Duration) (int, document) {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	body, ct := multipartBody(tb, filepath.Base(path), data)
	target := baseURL + "/v1/documents"
	if wait > 0 {
		target += "?wait=" + url.QueryEscape(wait.String())
	}
	r := do(tb, http.MethodPost, target, key, bytes.NewReader(body), ct)
	if r.Status != http.StatusOK && r.Status != http.StatusAccepted {
		tb.Fatalf("upload %s: status %d; body: %s", filepath.Base(path), r.Status, r.Body)
	}
	var d document
	mustDecode(tb, r, &d)
	if d.ID == "" {
		tb.Fatalf("upload %s: no document id in %s", filepath.Base(path), r.Body)
	}
	if loc := r.Header.Get("Location"); loc != d.StatusURL || loc != "/v1/documents/"+d.ID {
		tb.Errorf("upload %s: Location %q, status_url %q; want both /v1/documents/%s", filepath.Base(path), loc, d.StatusURL, d.ID)
	}
	return r.Status, d
}

// assertProblem checks that r is an application/problem+json answer with
// the given status, in the header and in the body.
func assertProblem(tb testing.TB, r response, status int) {
	tb.Helper()
	if r.Status != status {
		tb.Errorf("status %d, want %d; body: %.300s", r.Status, status, r.Body)
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/problem+json" {
		tb.Errorf("Content-Type %q, want application/problem+json", r.Header.Get("Content-Type"))
	}
	var p problem
	if err := json.Unmarshal(r.Body, &p); err != nil {
		tb.Errorf("problem body does not decode: %v; body: %.300s", err, r.Body)
		return
	}
	if p.Status != status || p.Type == "" || p.Title == "" {
		tb.Errorf("problem %+v: want status %d, a type and a title", p, status)
	}
}

// listAll pages through GET /v1/documents with limit per page and returns
// every document and the number of pages read.
func listAll(tb testing.TB, baseURL, key string, query url.Values, limit int) ([]document, int) {
	tb.Helper()
	var docs []document
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	q.Set("limit", strconv.Itoa(limit))
	for pages := 1; ; pages++ {
		var l documentList
		getJSON(tb, baseURL+"/v1/documents?"+q.Encode(), key, &l)
		if len(l.Documents) > limit {
			tb.Fatalf("list page %d has %d documents, over the limit %d", pages, len(l.Documents), limit)
		}
		docs = append(docs, l.Documents...)
		if l.Next == "" {
			return docs, pages
		}
		if pages > 1000 {
			tb.Fatal("list: the cursor never ends")
		}
		q.Set("cursor", l.Next)
	}
}

// findingKeys is the sorted multiset of kind+value of fs: duplicates stay,
// so comparing two of them also catches a finding stored twice.
func findingKeys(fs []finding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.Kind+" "+f.Value)
	}
	slices.Sort(out)
	return out
}

// metricSum adds up every sample of the metric name in Prometheus text
// whose labels contain all of labels ("new=\"false\"").
func metricSum(text, name string, labels ...string) (float64, bool) {
	var sum float64
	found := false
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		series, value, ok := strings.Cut(line, " ")
		if !ok || (series != name && !strings.HasPrefix(series, name+"{")) {
			continue
		}
		match := true
		for _, l := range labels {
			match = match && strings.Contains(series, l)
		}
		if !match {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil {
			continue
		}
		sum += v
		found = true
	}
	return sum, found
}
