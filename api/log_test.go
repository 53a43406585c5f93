package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/noticescan/noticescan/api"
	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/intake"
	"github.com/noticescan/noticescan/records"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestServer_Log sends identifiers in paths, queries, filenames and bodies,
// lets the service echo them in errors and panics, and checks that the log
// has one line per request with the route pattern and no full identifier.
func TestServer_Log(t *testing.T) {
	t.Parallel()
	const (
		receipt = "EAC2190012345"
		aNumber = "A123456789"
		account = "987654321098"
	)
	// What must not appear: every identifier's digits, however printed.
	secrets := []string{"2190012345", "21-900-12345", "123456789", "123-456-789", account, "9876 5432 1098"}

	var logs syncBuffer
	svc := &stubService{
		document: func(_ context.Context, _, id string) (records.Document, error) {
			if id == aNumber {
				panic("no state for A-123-456-789")
			}
			return records.Document{}, errors.New("lookup " + id + " failed")
		},
		upload: func(_ context.Context, _ string, up intake.Upload) (records.Document, error) {
			return records.Document{}, errors.New("store " + up.Filename + ": disk full")
		},
		findingDocuments: func(_ context.Context, _ string, _ extractor.Kind, value string) ([]records.Document, error) {
			return nil, errors.New("query " + value + " on account 9876 5432 1098 timed out")
		},
	}
	srv := MustServer(t, svc, api.Config{Logger: slog.New(slog.NewJSONHandler(&logs, nil))})

	requests := []struct {
		method, target, route string
		body                  io.Reader
		header                []string
		status                int
	}{
		{"GET", "/v1/documents/" + receipt, "/v1/documents/:id", nil, nil, 500},
		{"GET", "/v1/documents/" + aNumber, "/v1/documents/:id", nil, nil, 500},
		{"GET", "/v1/documents/" + receipt + "/file", "/v1/documents/:id/file", nil, nil, 404},
		{"DELETE", "/v1/documents/" + receipt, "/v1/documents/:id", nil, nil, 404},
		{"GET", "/v1/documents?q=" + aNumber + "&cursor=" + account, "/v1/documents", nil, nil, 200},
		{"GET", "/v1/findings?kind=receipt_number&value=EAC-21-900-12345", "/v1/findings", nil, nil, 500},
		{"GET", "/v1/findings?kind=" + account + "&value=" + account, "/v1/findings", nil, nil, 400},
		{"POST", "/v1/documents?filename=" + receipt + ".pdf&callback_url=https://x.example/" + aNumber, "/v1/documents", strings.NewReader(account), nil, 500},
		{"POST", "/v1/documents?wait=" + account, "/v1/documents", nil, nil, 400},
		{"GET", "/v2/" + receipt + "?a=" + aNumber, "unmatched", nil, nil, 404},
	}
	body, ct := MustForm(t, formPart{Field: "file", Filename: "notice " + aNumber + ".pdf", Body: []byte(receipt)})
	requests = append(requests, struct {
		method, target, route string
		body                  io.Reader
		header                []string
		status                int
	}{"POST", "/v1/documents", "/v1/documents", body, []string{"Content-Type", ct}, 500})

	for _, r := range requests {
		if rec := do(t, srv, r.method, r.target, r.body, r.header...); rec.Code != r.status {
			t.Errorf("%s %s: status %d, want %d", r.method, r.route, rec.Code, r.status)
		}
	}

	out := logs.String()
	for _, s := range append(secrets, receipt, aNumber, "q=", "value=", "filename=", "callback_url", "wait=", "/v2/") {
		if strings.Contains(out, s) {
			t.Errorf("log contains %q:\n%s", s, out)
		}
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(requests) {
		t.Fatalf("%d log lines for %d requests:\n%s", len(lines), len(requests), out)
	}
	for i, line := range lines {
		var rec struct {
			Msg        string   `json:"msg"`
			RequestID  string   `json:"request_id"`
			Method     string   `json:"method"`
			Route      string   `json:"route"`
			Status     int      `json:"status"`
			DurationMS *float64 `json:"duration_ms"`
			Tenant     string   `json:"tenant"`
			Error      string   `json:"error"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line %d is not JSON: %v", i, err)
		}
		want := requests[i]
		switch {
		case rec.RequestID == "" || rec.DurationMS == nil:
			t.Errorf("line %d lacks request_id or duration: %s", i, line)
		case rec.Method != want.method || rec.Route != want.route || rec.Status != want.status:
			t.Errorf("line %d: %s %s %d, want %s %s %d", i, rec.Method, rec.Route, rec.Status, want.method, want.route, want.status)
		case want.route != "unmatched" && rec.Tenant != stubTenant:
			t.Errorf("line %d: tenant %q", i, rec.Tenant)
		case want.status >= 500 && rec.Error == "":
			t.Errorf("line %d: a 500 without its cause: %s", i, line)
		}
	}
}
