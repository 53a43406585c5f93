package main_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/noticescan/noticescan/noticegen"
)

// BenchmarkServeLargeUploads sends 20 different 45 MB PDFs at once to a
// server on embedded defaults, waits until each is read, and reports the
// server's peak RSS (VmHWM) once every upload is accepted and again at the
// end, which must stay under 1 GiB. Each file is a real notice with an
// incompressible 45 MB stream added by an incremental update, so that
// every stage (upload, store, parse, decode budget, pdfium) carries the
// whole size. Linux only: it reads /proc. Run it with
//
//	go test -run '^$' -bench ServeLargeUploads -benchtime 1x ./cmd/noticescan
func BenchmarkServeLargeUploads(b *testing.B) {
	const (
		count = 20
		size  = 45 << 20
	)
	n := mustGenerate(b, noticegen.Options{Seed: 45, Count: 1, Formats: []noticegen.Format{noticegen.FormatPDFDigital}})[0]
	notices := make([]notice, count)
	for i := range notices {
		notices[i] = n
		notices[i].Data = paddedPDF(b, n.Data, size, uint64(i))
	}
	var uploadPeak, peak int64
	for range b.N {
		s := MustStartServer(b, ServerOptions{LogLevel: "info"})
		key := s.MustCreateKey(b, "bench")
		_, failed := uploadConcurrently(b, s.URL, key, notices, 5*time.Minute)
		for _, f := range failed {
			b.Error(f)
		}
		uploadPeak = max(uploadPeak, batchPeakRSS(s.PID()))
		processed := waitProcessed(b, s, key, count-len(failed), 10*time.Minute)
		peak = max(peak, batchPeakRSS(s.PID()))
		if processed < count-len(failed) {
			b.Errorf("%d of %d uploaded documents processed", processed, count-len(failed))
		}
		s.Stop()
	}
	b.ReportMetric(float64(uploadPeak>>20), "upload-peak-MiB")
	b.ReportMetric(float64(peak>>20), "peak-MiB")
	if peak > maxPeakRSS {
		b.Errorf("serve peak RSS %d MiB, over the budget of %d MiB", peak>>20, maxPeakRSS>>20)
	}
}

var (
	startxrefRe = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	trailerRe   = regexp.MustCompile(`/Size\s+(\d+)[\s\S]*?/Root\s+(\d+\s+\d+\s+R)`)
)

// paddedPDF appends to a PDF with a classic cross-reference table an
// incremental update that adds one unreferenced stream of pseudo-random
// bytes, seeded by seed, bringing the file to size bytes.
func paddedPDF(tb testing.TB, pdf []byte, size int, seed uint64) []byte {
	tb.Helper()
	m := startxrefRe.FindSubmatch(pdf)
	t := trailerRe.FindSubmatch(pdf[bytes.LastIndex(pdf, []byte("trailer")):])
	if m == nil || t == nil {
		tb.Fatal("the generated PDF has no classic trailer to update")
	}
	obj, _ := strconv.Atoi(string(t[1]))
	var out bytes.Buffer
	out.Grow(size)
	out.Write(pdf)
	offset := out.Len()
	streamLen := size - len(pdf) - 400
	fmt.Fprintf(&out, "\n%d 0 obj\n<< /Length %d >>\nstream\n", obj, streamLen)
	rng := rand.NewChaCha8([32]byte{byte(seed), byte(seed >> 8), 45})
	chunk := make([]byte, 1<<16)
	for left := streamLen; left > 0; left -= len(chunk) {
		_, _ = rng.Read(chunk)
		out.Write(chunk[:min(left, len(chunk))])
	}
	out.WriteString("\nendstream\nendobj\n")
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n", obj, offset+1)
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root %s /Prev %s >>\nstartxref\n%d\n%%%%EOF\n", obj+1, t[2], m[1], xref)
	return out.Bytes()
}
