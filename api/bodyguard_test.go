package api_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/noticescan/noticescan/api"
	"github.com/noticescan/noticescan/intake"
	"github.com/noticescan/noticescan/records"
)

// trickle sends a raw upload of size bytes to a live server, chunk bytes
// every pause, and returns the answer's status and how many bytes went
// out before it came.
func trickle(t *testing.T, addr string, size, chunk int, pause time.Duration) (int, int) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /v1/documents?filename=n.pdf HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: application/pdf\r\nContent-Length: %d\r\n\r\n", addr, goodKey, size)
	answered := make(chan int, 1)
	go func() {
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	sent := 0
	for sent < size {
		select {
		case status := <-answered:
			return status, sent
		case <-time.After(pause):
		}
		n, err := conn.Write(bytes.Repeat([]byte{'%'}, min(chunk, size-sent)))
		sent += n
		if err != nil {
			break
		}
	}
	select {
	case status := <-answered:
		return status, sent
	case <-time.After(30 * time.Second):
		t.Fatal("no answer 30 s after the body was sent")
		return 0, sent
	}
}

// TestServer_SlowBody is not parallel with the package's other tests: it
// runs on the wall clock, and their 50 MiB bodies under the race detector
// starved its sender and server for seconds together.
func TestServer_SlowBody(t *testing.T) {
	// A window of two seconds lets the steady body's sender stall for most
	// of one (a loaded machine under the race detector does) and still keep
	// four times the minimum rate; the trickle brings a fifth of it.
	cfg := api.Config{MinBodyRate: 500, BodyWindow: 2 * time.Second}
	for _, tc := range []struct {
		name        string
		size, chunk int // chunk bytes every 100 ms
		want        int
	}{
		{"TrickleCut", 100_000, 10, http.StatusRequestTimeout}, // 100 B/s against 500
		{"SteadyBodyPasses", 16000, 400, http.StatusAccepted},  // 4000 B/s over two windows
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			svc := &stubService{}
			srv := httptest.NewServer(MustServer(t, svc, cfg))
			defer srv.Close()
			status, sent := trickle(t, srv.Listener.Addr().String(), tc.size, tc.chunk, 100*time.Millisecond)
			if status != tc.want {
				t.Fatalf("status %d after %d bytes, want %d", status, sent, tc.want)
			}
			// The service sees the whole body, or none of a cut one.
			got := svc.received()
			if whole := len(got) == 1 && len(got[0].Body) == tc.size; whole != (tc.want == http.StatusAccepted) {
				t.Errorf("the service received %d uploads for a %d answer", len(got), status)
			}
		})
	}
}

func TestServer_MaxUploads(t *testing.T) {
	t.Parallel()
	srv, release, inService, first := mustHoldFirstUpload(t, api.Config{MaxUploads: 1, UploadWait: 50 * time.Millisecond})
	resp, body := send(t, http.MethodPost, srv.URL+"/v1/documents?filename=b.pdf", bytes.NewReader(notice), "application/pdf")
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("second upload while one is received: status %d, want 503: %s", resp.StatusCode, body)
	}
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || s < 1 {
		t.Errorf("Retry-After %q, want seconds", resp.Header.Get("Retry-After"))
	}
	// Other routes are not held back by uploads.
	if resp, _ := get(t, srv.URL+"/v1/documents/doc-1"); resp.StatusCode == http.StatusServiceUnavailable {
		t.Errorf("a read was refused while an upload is received")
	}
	close(release)
	if status := <-first; status != http.StatusAccepted {
		t.Errorf("first upload: status %d", status)
	}
	resp, _ = send(t, http.MethodPost, srv.URL+"/v1/documents?filename=c.pdf", bytes.NewReader(notice), "application/pdf")
	<-inService
	if resp.StatusCode != http.StatusAccepted {
		t.Errorf("upload after the first ended: status %d, want 202", resp.StatusCode)
	}
}

// TestServer_MaxUploads_BodyReceived checks that the cap counts uploads
// being received: one whose body has arrived whole, and that the service
// is still storing, leaves its place to the next.
func TestServer_MaxUploads_BodyReceived(t *testing.T) {
	t.Parallel()
	release, read := make(chan struct{}), make(chan struct{}, 2)
	svc := &stubService{upload: func(ctx context.Context, _ string, up intake.Upload) (records.Document, error) {
		read <- struct{}{}
		<-release
		return records.Document{ID: "doc-1", Status: records.StatusQueued}, nil
	}}
	srv := httptest.NewServer(MustServer(t, svc, api.Config{MaxUploads: 1, UploadWait: 50 * time.Millisecond}))
	t.Cleanup(srv.Close)
	first := make(chan int, 1)
	go func() {
		resp, _ := send(t, http.MethodPost, srv.URL+"/v1/documents?filename=a.pdf", bytes.NewReader(notice), "application/pdf")
		first <- resp.StatusCode
	}()
	<-read
	// The first upload's body is in and the service holds it: the second
	// gets the place at once (UploadWait is too short to wait for the
	// first) and reaches the service too.
	second := make(chan int, 1)
	go func() {
		resp, _ := send(t, http.MethodPost, srv.URL+"/v1/documents?filename=b.pdf", bytes.NewReader(notice), "application/pdf")
		second <- resp.StatusCode
	}()
	select {
	case <-read:
	case status := <-second:
		t.Fatalf("second upload answered %d before reaching the service, want it received while the first is stored", status)
	}
	close(release)
	for name, ch := range map[string]chan int{"first": first, "second": second} {
		if status := <-ch; status != http.StatusAccepted {
			t.Errorf("%s upload: status %d, want 202", name, status)
		}
	}
}

func TestServer_MaxParts(t *testing.T) {
	t.Parallel()
	svc := &stubService{}
	h := MustServer(t, svc, api.Config{MaxParts: 3, Batches: &stubBatches{}})
	parts := func(n int) []formPart {
		var ps []formPart
		for i := range n {
			ps = append(ps, formPart{Field: "file", Filename: fmt.Sprintf("n%d.pdf", i), Body: notice})
		}
		return ps
	}
	body, ct := MustForm(t, parts(3)...)
	if rec := do(t, h, http.MethodPost, "/v1/documents", body, "Content-Type", ct); rec.Code != http.StatusAccepted {
		t.Fatalf("3 parts: status %d, want 202: %s", rec.Code, rec.Body)
	}
	for _, target := range []string{"/v1/documents", "/v1/batches"} {
		body, ct = MustForm(t, append(parts(3), formPart{Field: "note", Body: []byte("x")})...)
		rec := do(t, h, http.MethodPost, target, body, "Content-Type", ct)
		if rec.Code != http.StatusBadRequest {
			t.Errorf("%s with 4 parts: status %d, want 400: %s", target, rec.Code, rec.Body)
		}
	}
}

// mustHoldFirstUpload starts a server with cfg whose service holds every
// upload, before reading its body, until release is closed; sends one
// upload and returns once the service holds it (its body still being
// received); first gets that upload's status. inService signals each
// upload the service receives after the first.
func mustHoldFirstUpload(t *testing.T, cfg api.Config) (srv *httptest.Server, release chan struct{}, inService chan struct{}, first chan int) {
	t.Helper()
	release, inService, first = make(chan struct{}), make(chan struct{}, 2), make(chan int, 1)
	svc := &stubService{beforeRead: func() {
		inService <- struct{}{}
		<-release
	}, upload: func(ctx context.Context, _ string, up intake.Upload) (records.Document, error) {
		return records.Document{ID: "doc-1", Status: records.StatusQueued}, nil
	}}
	srv = httptest.NewServer(MustServer(t, svc, cfg))
	t.Cleanup(srv.Close)
	go func() {
		resp, _ := send(t, http.MethodPost, srv.URL+"/v1/documents?filename=a.pdf", bytes.NewReader(notice), "application/pdf")
		first <- resp.StatusCode
	}()
	<-inService
	return srv, release, inService, first
}

// notice stands for a file: the stub service does not parse it.
var notice = []byte("%PDF-1.4 not parsed by the stub")

// TestServer_MaxUploads_Queue checks that an upload beyond the cap waits
// for its turn instead of failing, when a place frees within UploadWait.
func TestServer_MaxUploads_Queue(t *testing.T) {
	t.Parallel()
	srv, release, _, first := mustHoldFirstUpload(t, api.Config{MaxUploads: 1, UploadWait: time.Minute})
	// The first upload is held in the service; the second arrives while
	// it is, and is let in once the first is answered.
	time.AfterFunc(300*time.Millisecond, func() { close(release) })
	resp, body := send(t, http.MethodPost, srv.URL+"/v1/documents?filename=b.pdf", bytes.NewReader(notice), "application/pdf")
	if resp.StatusCode != http.StatusAccepted {
		t.Errorf("second upload, beyond the cap while the first is received: status %d, want 202 after waiting: %s", resp.StatusCode, body)
	}
	if status := <-first; status != http.StatusAccepted {
		t.Errorf("first upload: status %d", status)
	}
}
