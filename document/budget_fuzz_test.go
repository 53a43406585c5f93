package document_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/document/hostile"
	"github.com/pdfcpu/pdfcpu/pkg/filter"
)

// filterChains are the filter chains the count is tested and fuzzed on.
var filterChains = [][]string{
	{filter.Flate},
	{filter.LZW},
	{filter.RunLength},
	{filter.ASCIIHex},
	{filter.ASCII85},
	{filter.ASCII85, filter.Flate},
	{filter.ASCIIHex, filter.RunLength},
	{filter.Flate, filter.Flate},
	{filter.Flate, filter.LZW},
}

// FuzzDecodedSize feeds arbitrary streams to the decode budget's count:
// it must stop at its limit, and must never count less than pdfcpu's own
// filters decode, stage by stage, or a bomb could slip under the budget.
func FuzzDecodedSize(f *testing.F) {
	for i, chain := range filterChains {
		f.Add(uint8(i), pdfcpuEncode(f, chain, samples(uint64(i), 3000)))
	}
	f.Add(uint8(0), hostile.ZlibZeros(256<<10))
	f.Add(uint8(7), hostile.Zlib(hostile.ZlibZeros(256<<10)))
	f.Add(uint8(2), bytes.Repeat([]byte{129, 7}, 100))
	f.Fuzz(func(t *testing.T, pick uint8, raw []byte) {
		chain := filterChains[int(pick)%len(filterChains)]
		const limit = 64 << 10
		n, err := document.DecodedSize(chain, raw, limit)
		switch {
		case err != nil && !errors.Is(err, document.ErrExpands):
			t.Fatalf("%v: error %v", chain, err)
		case err == nil && n > limit:
			t.Fatalf("%v: counted %d past the limit %d without failing", chain, n, limit)
		case err != nil:
			return // over the limit: pdfcpu's output would be too
		}
		// pdfcpu gets twice the room at each stage, so running out of it
		// means more than was counted.
		_, want, perr := pdfcpuDecode(chain, raw, 2*limit)
		if errors.Is(perr, filter.ErrDecodeLimitExceeded) || (perr == nil && want > n) {
			t.Fatalf("%v: counted %d bytes, pdfcpu's stages give %d (%v)", chain, n, want, perr)
		}
	})
}

// FuzzCheckNesting feeds arbitrary bytes to the nesting guard, and the
// same bytes inside arrays nested past its limit: the first must end with
// nil or a corrupt-input error, the second must be refused unless the
// bytes close the arrays or hide them (in a string, comment or stream).
func FuzzCheckNesting(f *testing.F) {
	text := MustTextPDF(f, []textLine{{"Receipt Number: IOE0912345678", 72, 700, 12}})
	f.Add(text)
	f.Add(hostile.DeepNesting(300))
	f.Add([]byte("<< /A [ (a\\)b) <00ff> % [[[\n ] >>"))
	f.Add([]byte("1 0 obj << /Length 3 >>\nstream\n[[[\nendstream\nendobj"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := document.CheckNesting(data); err != nil && !errors.Is(err, document.ErrCorrupt) {
			t.Fatalf("error %v is not ErrCorrupt", err)
		}
		if bytes.ContainsAny(data, "]%(<>se") {
			return
		}
		deep := append(bytes.Repeat([]byte("["), 300), data...)
		if err := document.CheckNesting(deep); !errors.Is(err, document.ErrCorrupt) {
			t.Fatalf("300 open arrays before %q: %v", data, err)
		}
	})
}
