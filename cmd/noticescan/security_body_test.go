package main_test

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// rawUpload opens a connection to addr and sends the head of a raw
// upload announcing size bytes. The caller sends the body and closes.
func rawUpload(t *testing.T, addr, key string, size int) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "POST /v1/documents?filename=n.pdf HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: application/pdf\r\nContent-Length: %d\r\n\r\n", addr, key, size)
	return conn
}

// readStatus reads the answer's status line from conn, 0 if none came
// before the deadline.
func readStatus(conn net.Conn, deadline time.Time) int {
	_ = conn.SetReadDeadline(deadline)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// assertSlowBodyCut: a body sent one byte every second, against a
// minimum of 1 KiB/s over 2 s windows, is answered 408 and let go.
func assertSlowBodyCut(t *testing.T, s *Server, key string) {
	conn := rawUpload(t, s.Addr, key, 1<<20)
	defer conn.Close()
	answered := make(chan int, 1)
	go func() { answered <- readStatus(conn, time.Now().Add(time.Minute)) }()
	for sent := 0; ; sent++ {
		select {
		case status := <-answered:
			if status != http.StatusRequestTimeout {
				t.Errorf("a body trickling one byte a second: status %d after %d bytes, want 408", status, sent)
			}
			return
		case <-time.After(time.Second):
		}
		if _, err := conn.Write([]byte{'%'}); err != nil {
			t.Errorf("the connection was dropped without an answer after %d bytes: %v", sent, err)
			return
		}
	}
}

// assertShortUploadsBounded: six uploads of 45 MB, each left 10 bytes
// short and held open, must not make the server hold their bytes: its
// peak resident memory may grow by far less than the 270 MB sent.
func assertShortUploadsBounded(t *testing.T, s *Server, key string) {
	const size, uploads = 45 << 20, 6
	before := batchPeakRSS(s.PID())
	if before == 0 {
		t.Fatal("cannot read the server's peak memory from /proc")
	}
	body := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("0123456789abcdef"), size/16)...)[:size-10]
	var wg sync.WaitGroup
	conns := make([]net.Conn, uploads)
	for i := range conns {
		conns[i] = rawUpload(t, s.Addr, key, size)
		defer conns[i].Close()
		wg.Go(func() {
			if _, err := conns[i].Write(body); err != nil {
				t.Errorf("upload %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	// Held open: wait until the server has every byte but the last ten,
	// which it receives into one spool file per upload.
	spooled := func() bool {
		files, _ := filepath.Glob(filepath.Join(s.DataDir, "spool", "upload-*"))
		full := 0
		for _, f := range files {
			if fi, err := os.Stat(f); err == nil && fi.Size() == int64(len(body)) {
				full++
			}
		}
		return full == uploads
	}
	for deadline := time.Now().Add(time.Minute); !spooled(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the server did not receive the %d uploads' bytes within a minute", uploads)
		}
	}
	grown := batchPeakRSS(s.PID()) - before
	t.Logf("peak RSS grew by %d MB over %d short uploads of %d MB", grown>>20, uploads, size>>20)
	if grown > 64<<20 {
		t.Errorf("peak RSS grew by %d MB while six 45 MB uploads were held short: uploads are buffered in memory", grown>>20)
	}
}
