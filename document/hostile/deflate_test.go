package hostile_test

import (
	"bytes"
	"compress/zlib"
	"io"
	"testing"

	"github.com/noticescan/noticescan/document/hostile"
)

// inflated counts what a zlib stream inflates to and whether it is all
// zeros, through the standard library's decoder (whose checksum check is
// the test of the hand-written trailer).
func inflated(t *testing.T, z []byte) (n int64, zeros bool) {
	t.Helper()
	r, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		t.Fatalf("zlib header: %v", err)
	}
	buf := make([]byte, 1<<16)
	zeros = true
	for {
		k, err := r.Read(buf)
		for _, b := range buf[:k] {
			zeros = zeros && b == 0
		}
		n += int64(k)
		if err == io.EOF {
			return n, zeros
		}
		if err != nil {
			t.Fatalf("inflate after %d bytes: %v", n, err)
		}
	}
}

func TestZlibZeros(t *testing.T) {
	for _, n := range []int64{0, 1, 2, 258, 259, 260, 1000, 65521, 65522, 10 << 20} {
		got, zeros := inflated(t, hostile.ZlibZeros(n))
		if got != n || !zeros {
			t.Errorf("ZlibZeros(%d) inflates to %d bytes, all zeros %v", n, got, zeros)
		}
	}
}

func TestZlibZerosRatio(t *testing.T) {
	const n = 64 << 20
	if z := hostile.ZlibZeros(n); len(z) > n/1000 {
		t.Errorf("ZlibZeros(%d) is %d bytes, want a ratio over 1000:1", n, len(z))
	}
}

func TestZlibChained(t *testing.T) {
	const n = 32 << 20
	inner := hostile.ZlibZeros(n)
	outer := hostile.Zlib(inner)
	if len(outer) > 4096 {
		t.Errorf("twice-compressed %d bytes is %d bytes", n, len(outer))
	}
	r, err := zlib.NewReader(bytes.NewReader(outer))
	if err != nil {
		t.Fatal(err)
	}
	mid, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(mid, inner) {
		t.Fatalf("outer layer does not inflate to the inner stream (err %v)", err)
	}
}
