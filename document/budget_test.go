package document_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/document/hostile"
	"github.com/pdfcpu/pdfcpu/pkg/filter"
)

// pdfcpuDecode is the reference decoder for the count: pdfcpu's own
// filters, applied in order, each stopping past limit bytes. It returns
// the output and the length of every stage's output together. Its LZW
// decoder panics on some malformed codes; that is an error here, as it is
// behind the package's guard.
func pdfcpuDecode(filters []string, raw []byte, limit int64) (_ []byte, total int64, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pdfcpu panic: %v", r)
		}
	}()
	b := raw
	for _, name := range filters {
		f, err := filter.NewFilter(name, nil, limit)
		if err != nil {
			return nil, total, err
		}
		r, err := f.Decode(bytes.NewReader(b))
		if err != nil {
			return nil, total, err
		}
		if b, err = io.ReadAll(r); err != nil {
			return nil, total, err
		}
		total += int64(len(b))
	}
	return b, total, nil
}

// pdfcpuEncode applies the filters' encoders, last filter first, so that
// decoding in order gives data back.
func pdfcpuEncode(t testing.TB, filters []string, data []byte) []byte {
	t.Helper()
	b := data
	for i := len(filters) - 1; i >= 0; i-- {
		f, err := filter.NewFilter(filters[i], nil)
		if err != nil {
			t.Fatal(err)
		}
		r, err := f.Encode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("encode %s: %v", filters[i], err)
		}
		if b, err = io.ReadAll(r); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// samples mixes runs (which the compressing filters shrink) and noise.
func samples(seed uint64, n int) []byte {
	rng := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, 0, n)
	for len(b) < n {
		run := rng.IntN(300) + 1
		c := byte(rng.IntN(256))
		for i := 0; i < run && len(b) < n; i++ {
			if rng.IntN(4) == 0 {
				c = byte(rng.IntN(256))
			}
			b = append(b, c)
		}
	}
	return b
}

func TestDecodedSizeMatchesFilters(t *testing.T) {
	for _, chain := range filterChains {
		for seed, n := range []int{0, 1, 257, 5000, 300_000} {
			data := samples(uint64(seed), n)
			raw := pdfcpuEncode(t, chain, data)
			out, want, err := pdfcpuDecode(chain, raw, 1<<30)
			if err != nil || !bytes.Equal(out, data) {
				t.Fatalf("%v over %d bytes: pdfcpu does not decode its own encoding: %v", chain, n, err)
			}
			got, err := document.DecodedSize(chain, raw, 1<<30)
			if err != nil || got != want {
				t.Errorf("%v over %d bytes: counted %d, %v; the stages give %d", chain, n, got, err, want)
			}
		}
	}
}

func TestDecodedSizeStopsAtLimit(t *testing.T) {
	for _, tc := range []struct {
		name   string
		chain  []string
		raw    []byte
		expand int64
	}{
		{"Flate", []string{filter.Flate}, hostile.ZlibZeros(1 << 30), 1 << 30},
		{"FlateTwice", []string{filter.Flate, filter.Flate}, hostile.Zlib(hostile.ZlibZeros(1 << 30)), 1 << 30},
		{"LZW", []string{filter.LZW}, pdfcpuEncode(t, []string{filter.LZW}, make([]byte, 64<<20)), 64 << 20},
		{"RunLength", []string{filter.RunLength}, bytes.Repeat([]byte{129, 0}, 1<<20), 128 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const limit = 16 << 20
			n, err := document.DecodedSize(tc.chain, tc.raw, limit)
			if !errors.Is(err, document.ErrExpands) {
				t.Fatalf("a stream of %d bytes under a %d limit: counted %d, err %v", tc.expand, limit, n, err)
			}
			if n > limit+1<<20 {
				t.Errorf("counted %d bytes before stopping at a limit of %d", n, limit)
			}
		})
	}
}

// TestOpenRefusesBombs opens one bomb of each shape at 512 MiB, twice the
// budget, and reads every page it lets through: each must be refused with
// an error callers branch on, and the PDF stream bombs by the budget, at
// Open, with a message naming it.
func TestOpenRefusesBombs(t *testing.T) {
	atOpen := map[string]string{
		"pdf-content-flate":         "expands past 256 MiB",
		"pdf-content-flate-twice":   "expands past 256 MiB",
		"pdf-content-flate-thrice":  "expands past 256 MiB",
		"pdf-filter-chain-long":     "chains 5 filters",
		"pdf-filter-chain-indirect": "", // pdfcpu refuses the indirect chain itself
		"pdf-object-stream":         "expands past 256 MiB",
		"pdf-image-overflow":        "PDF image (object 1) expands past",
		"pdf-deep-nesting":          "nest over 256 deep",
		"pdf-many-pages":            "expand past 256 MiB in all",
	}
	for _, b := range hostile.Bombs(512 << 20) {
		if strings.HasSuffix(b.Name, "near-budget") {
			// Under the budget by design: pdfium may read them, slowly;
			// TestPDFiumMemoryCap and the binary's peak-RSS test cover them.
			continue
		}
		t.Run(b.Name, func(t *testing.T) {
			err := readAll(t, opener, b.Data)
			if err == nil {
				t.Fatal("read without an error")
			}
			checkSentinel(t, "read", err)
			if want, ok := atOpen[b.Name]; ok && (!strings.Contains(err.Error(), want) || !errors.Is(err, document.ErrCorrupt)) {
				t.Errorf("got %v, want a corrupt-input error saying %q", err, want)
			}
		})
	}
}

// readAll opens data and reads each page's text and image, returning the
// first error.
func readAll(t *testing.T, o *document.Opener, data []byte) error {
	t.Helper()
	ctx := context.Background()
	doc, err := o.Open(ctx, data)
	if err != nil {
		return err
	}
	defer doc.Close()
	for n := 1; n <= doc.NumPages(); n++ {
		if _, err := doc.Page(ctx, n); err != nil {
			return err
		}
		if _, _, err := doc.Image(ctx, n); err != nil {
			return err
		}
	}
	return nil
}

// TestPDFiumMemoryCap reads a page whose content stream stays under the
// decode budget but needs more than an instance's memory (three instances
// get 256 MiB each): the page fails cleanly, saying so, and the instance
// that failed is replaced, so the next document reads normally.
func TestPDFiumMemoryCap(t *testing.T) {
	o, err := document.NewOpener(document.Config{PDFInstances: 3, PDFiumCacheDir: pdfiumCache})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = o.Close() })
	err = readAll(t, o, hostile.ContentFlate(250<<20, 2))
	if !errors.Is(err, document.ErrCorrupt) || !strings.Contains(err.Error(), "needs more than 256 MiB") {
		t.Fatalf("got %v, want a corrupt-input error naming the memory limit", err)
	}
	text := MustTextPDF(t, []textLine{{"Receipt Number: IOE0912345678", 72, 700, 12}})
	for range 3 { // one round over every instance
		if err := readAll(t, o, text); err != nil {
			t.Fatalf("after the failure: %v", err)
		}
	}
}
