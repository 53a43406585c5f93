package hostile

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
)

// ZlibZeros returns a zlib stream that inflates to n zero bytes. It is
// written by hand, one dynamic-Huffman block in which a 258-byte
// back-reference costs two bits, so a stream for gigabytes is built in
// milliseconds and never held inflated; its ratio, about 1000:1, is the best
// deflate allows.
func ZlibZeros(n int64) []byte {
	var w bitWriter
	w.buf.Write([]byte{0x78, 0xda}) // zlib header: deflate, 32 KiB window
	w.bits(1, 1)                    // BFINAL
	w.bits(2, 2)                    // BTYPE 10: dynamic Huffman codes
	w.bits(286-257, 5)              // HLIT: literal/length codes 0..285
	w.bits(2-1, 5)                  // HDIST: distance codes 0..1
	w.bits(18-4, 4)                 // HCLEN: code length codes up to "1"
	// Code length code lengths, in deflate's permuted order: symbol 18
	// (run of zeros) gets 1 bit, symbols 1 and 2 get 2 bits.
	for _, sym := range []int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1} {
		switch sym {
		case 18:
			w.bits(1, 3)
		case 1, 2:
			w.bits(2, 3)
		default:
			w.bits(0, 3)
		}
	}
	// Canonical codes: 18 is 0, 1 is 10, 2 is 11.
	cl1, cl2 := func() { w.code(2, 2) }, func() { w.code(3, 2) }
	zeros := func(k uint64) { // k in 11..138
		w.code(0, 1)
		w.bits(k-11, 7)
	}
	// Literal/length code lengths: literal 0 and end-of-block 2 bits,
	// length 285 (258 bytes) 1 bit; distance codes 0 and 1 get 1 bit each.
	cl2()                           // literal 0
	zeros(138)                      // literals 1..138
	zeros(117)                      // literals 139..255
	cl2()                           // 256, end of block
	zeros(28)                       // lengths 257..284
	cl1()                           // 285
	cl1()                           // distance 0
	cl1()                           // distance 1
	lit0 := func() { w.code(2, 2) } // canonical: 285 is 0, literal 0 is 10, 256 is 11
	if n > 0 {
		lit0()
		rest := n - 1
		// Length 258 and distance code 0 (one byte back) are each the
		// 1-bit code 0, so the runs are zero bits, written a byte at a time.
		w.zeros(uint64(rest/258) * 2)
		rest %= 258
		for ; rest > 0; rest-- {
			lit0()
		}
	}
	w.code(3, 2) // end of block
	w.flush()
	// Adler-32 of n zeros: the byte sum stays 0, so a is 1 and b adds 1
	// per byte.
	adler := uint32(n%65521)<<16 | 1
	return binary.BigEndian.AppendUint32(w.buf.Bytes(), adler)
}

// Zlib compresses b with compress/zlib at its best ratio. Applied to the
// output of ZlibZeros, whose bits repeat every few bytes, it makes the
// chained bombs: two levels turn a few kilobytes into gigabytes.
func Zlib(b []byte) []byte {
	var buf bytes.Buffer
	w, err := zlib.NewWriterLevel(&buf, zlib.BestCompression)
	if err != nil {
		panic(fmt.Sprintf("zlib writer: %v", err)) // only for a bad level
	}
	_, _ = w.Write(b) // writes to a bytes.Buffer do not fail
	_ = w.Close()
	return buf.Bytes()
}

// bitWriter packs deflate's bit stream: fields least significant bit first,
// Huffman codes most significant bit first.
type bitWriter struct {
	buf   bytes.Buffer
	acc   uint64
	nbits uint
}

func (w *bitWriter) bits(v uint64, n uint) {
	w.acc |= v << w.nbits
	w.nbits += n
	for w.nbits >= 8 {
		w.buf.WriteByte(byte(w.acc))
		w.acc >>= 8
		w.nbits -= 8
	}
}

// zeros writes n zero bits.
func (w *bitWriter) zeros(n uint64) {
	for ; n > 0 && w.nbits > 0; n-- {
		w.bits(0, 1)
	}
	w.buf.Write(make([]byte, n/8))
	w.bits(0, uint(n%8))
}

// code writes an n-bit Huffman code, reversed into the LSB-first stream.
func (w *bitWriter) code(c uint64, n uint) {
	var r uint64
	for i := range n {
		r |= (c >> i & 1) << (n - 1 - i)
	}
	w.bits(r, n)
}

func (w *bitWriter) flush() {
	if w.nbits > 0 {
		w.buf.WriteByte(byte(w.acc))
		w.acc, w.nbits = 0, 0
	}
}
