package main_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"net/http"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/noticescan/noticescan/noticegen"
)

// BenchmarkServeLoad sends 200 small born-digital PDFs to a server on
// embedded defaults all at once, without waiting, then waits until every
// one is processed. It reports upload latency, documents per minute end to
// end, errors (which fail the benchmark), and, for comparison, documents
// per minute of `noticescan extract` on the same files with as many
// workers. Run it with
//
//	go test -run '^$' -bench ServeLoad ./cmd/noticescan
func BenchmarkServeLoad(b *testing.B) {
	const (
		count         = 200
		uploadTimeout = 2 * time.Minute
		processLimit  = 5 * time.Minute
	)
	notices := mustGenerate(b, noticegen.Options{
		Seed:    200,
		Count:   count,
		Formats: []noticegen.Format{noticegen.FormatPDFDigital},
	})
	shas := map[string]bool{}
	for _, n := range notices {
		shas[n.SHA] = true
	}
	if len(shas) != count {
		b.Fatalf("the %d notices have only %d distinct SHA-256s", count, len(shas))
	}

	var (
		latencies []time.Duration
		errs      int
		docs      int
		elapsed   time.Duration
	)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		// Info level: a debug log of 200 documents would cost the server
		// time the benchmark should not count.
		s := MustStartServer(b, ServerOptions{LogLevel: "info"})
		key := s.MustCreateKey(b, "bench")
		b.StartTimer()

		start := time.Now()
		lat, failed := uploadConcurrently(b, s.URL, key, notices, uploadTimeout)
		latencies = append(latencies, lat...)
		errs += len(failed)
		for _, f := range failed {
			b.Error(f)
		}
		want := count - len(failed)
		processed := waitProcessed(b, s, key, want, processLimit)
		elapsed += time.Since(start)
		docs += processed
		b.StopTimer()
		if processed < want {
			b.Errorf("%d of %d uploaded documents processed after %v", processed, want, processLimit)
		}
		// The processed count moves as a document's reading ends, just
		// before its result is committed: give the last commits a moment.
		list, _ := listAll(b, s.URL, key, nil, 500)
		for settle := time.Now().Add(10 * time.Second); !allFinal(list) && time.Now().Before(settle); {
			time.Sleep(50 * time.Millisecond)
			list, _ = listAll(b, s.URL, key, nil, 500)
		}
		for _, d := range list {
			if d.Status != "complete" {
				errs++
				b.Errorf("%s (%s): %s %s", d.ID, d.Filename, d.Status, d.Error)
			}
		}
		s.Stop()
		b.StartTimer()
	}
	b.StopTimer()

	extractStart := time.Now()
	reports := mustExtract(b, runtime.NumCPU(), paths(notices)...)
	extractElapsed := time.Since(extractStart)
	if len(reports) != count {
		b.Errorf("extract reported on %d of %d files", len(reports), count)
	}

	slices.Sort(latencies)
	b.ReportMetric(ms(percentile(latencies, 0.50)), "upload-p50-ms")
	b.ReportMetric(ms(percentile(latencies, 0.99)), "upload-p99-ms")
	b.ReportMetric(float64(docs)/elapsed.Minutes(), "docs/min")
	b.ReportMetric(float64(count)/extractElapsed.Minutes(), "extract-docs/min")
	b.ReportMetric(float64(errs), "errors")
	if errs > 0 {
		b.Errorf("%d errors", errs)
	}
}

// uploadConcurrently posts every notice at once, each from its own
// goroutine, without waiting for results, and returns the latency of each
// accepted upload and a description of each one that was not.
func uploadConcurrently(tb testing.TB, baseURL, key string, notices []notice, timeout time.Duration) ([]time.Duration, []string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	bodies := make([][]byte, len(notices))
	types := make([]string, len(notices))
	for i, n := range notices {
		bodies[i], types[i] = multipartBody(tb, filepath.Base(n.Path), n.Data)
	}
	var (
		mu        sync.Mutex
		latencies []time.Duration
		failed    []string
		wg        sync.WaitGroup
	)
	ready := make(chan struct{})
	for i, n := range notices {
		wg.Go(func() {
			<-ready
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, baseURL+"/v1/documents", bytes.NewReader(bodies[i]))
			if err != nil {
				panic(err)
			}
			req.Header.Set("Authorization", "Bearer "+key)
			req.Header.Set("Content-Type", types[i])
			start := time.Now()
			resp, err := httpClient.Do(req)
			d := time.Since(start)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				failed = append(failed, fmt.Sprintf("upload %s: %v", n.Truth.File, err))
			case resp.StatusCode != http.StatusAccepted:
				failed = append(failed, fmt.Sprintf("upload %s: status %d, want 202", n.Truth.File, resp.StatusCode))
			default:
				latencies = append(latencies, d)
			}
			if resp != nil {
				resp.Body.Close()
			}
		})
	}
	close(ready)
	wg.Wait()
	return latencies, failed
}

// waitProcessed polls the server's processed-documents counter, which is
// cheaper for it to answer than a listing, until it reaches want or limit
// passes, and returns the last count.
func waitProcessed(tb testing.TB, s *Server, key string, want int, limit time.Duration) int {
	tb.Helper()
	deadline := time.Now().Add(limit)
	for {
		v, _ := metricSum(mustMetrics(tb, s, key), "noticescan_documents_processed_total")
		if int(v) >= want || time.Now().After(deadline) {
			return int(v)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// allFinal reports whether every listed document has finished, one way
// or another.
func allFinal(list []document) bool {
	for _, d := range list {
		switch d.Status {
		case "queued", "processing":
			return false
		}
	}
	return true
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	// Nearest rank.
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(0, min(len(sorted)-1, i))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
