package document

import (
	"bufio"
	"bytes"
	"io"
)

// Streaming decoders for the stream budget (pdfbudget.go): each reads as
// little as it needs and holds no more than a buffer, whatever a stream
// expands to. They are lenient: malformed input ends the stream early.

// untilEOD ends r at the first byte eod, the end-of-data marker of the
// ASCII filters.
func untilEOD(r io.Reader, eod byte) io.Reader {
	return &eodReader{r: r, eod: eod}
}

type eodReader struct {
	r    io.Reader
	eod  byte
	done bool
}

func (e *eodReader) Read(p []byte) (int, error) {
	if e.done {
		return 0, io.EOF
	}
	n, err := e.r.Read(p)
	if i := bytes.IndexByte(p[:n], e.eod); i >= 0 {
		e.done = true
		return i, nil
	}
	return n, err
}

// hexReader decodes ASCIIHexDecode: pairs of hex digits, white space
// ignored, an odd last digit followed by 0.
type hexReader struct {
	r   io.Reader
	buf [4096]byte
	hi  int // pending high nibble, or -1
	set bool
}

func (h *hexReader) Read(p []byte) (int, error) {
	if !h.set {
		h.hi, h.set = -1, true
	}
	if len(p) == 0 {
		return 0, nil
	}
	for {
		// At most two digits per byte of p, less the pending one.
		want := 2 * len(p)
		if h.hi >= 0 {
			want--
		}
		k, err := h.r.Read(h.buf[:min(len(h.buf), want)])
		n := 0
		for _, c := range h.buf[:k] {
			v := hexValue(c)
			switch {
			case v < 0:
				continue
			case h.hi < 0:
				h.hi = v
			default:
				p[n] = byte(h.hi<<4 | v)
				n++
				h.hi = -1
			}
		}
		if err != nil && h.hi >= 0 && n < len(p) {
			p[n] = byte(h.hi << 4)
			n++
			h.hi = -1
		}
		if n > 0 || err != nil {
			return n, err
		}
	}
}

func hexValue(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// runLengthReader decodes RunLengthDecode: a length byte below 128 copies
// that many plus one bytes, above 128 repeats the next byte 257 minus it
// times, and 128 ends the data.
type runLengthReader struct {
	r      *bufio.Reader
	copyN  int  // literal bytes still to copy
	repN   int  // repeats still to emit
	repOf  byte // the repeated byte
	closed bool
}

func newRunLengthReader(r io.Reader) *runLengthReader {
	return &runLengthReader{r: bufio.NewReader(r)}
}

func (d *runLengthReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		switch {
		case d.closed:
			return n, io.EOF
		case d.repN > 0:
			k := min(d.repN, len(p)-n)
			for i := range k {
				p[n+i] = d.repOf
			}
			n += k
			d.repN -= k
		case d.copyN > 0:
			k, err := d.r.Read(p[n : n+min(d.copyN, len(p)-n)])
			n += k
			d.copyN -= k
			if err != nil {
				d.closed = true
			}
		default:
			l, err := d.r.ReadByte()
			if err != nil || l == 128 {
				d.closed = true
				continue
			}
			if l < 128 {
				d.copyN = int(l) + 1
				continue
			}
			b, err := d.r.ReadByte()
			if err != nil {
				d.closed = true
				continue
			}
			d.repN, d.repOf = 257-int(l), b
		}
	}
	return n, nil
}

// lzwCounter reads LZWDecode codes and yields as many (meaningless) bytes as
// they decode to: the length of each table entry is all the count needs,
// so nothing but the lengths is kept.
type lzwCounter struct {
	r       *bufio.Reader
	early   int // EarlyChange: 1 (the default) widens codes one entry early
	acc     uint32
	nacc    uint
	width   uint
	next    int
	prev    int
	lens    [4096]int32
	pending int64
	done    bool
}

func newLZWCounter(r io.Reader, early int) *lzwCounter {
	c := &lzwCounter{r: bufio.NewReader(r), early: early}
	c.reset()
	return c
}

func (c *lzwCounter) reset() {
	c.width, c.next, c.prev = 9, 258, -1
}

func (c *lzwCounter) Read(p []byte) (int, error) {
	for c.pending == 0 {
		if c.done {
			return 0, io.EOF
		}
		c.step()
	}
	n := int(min(int64(len(p)), c.pending))
	c.pending -= int64(n)
	return n, nil
}

func (c *lzwCounter) entryLen(code int) int32 {
	if code < 256 {
		return 1
	}
	return c.lens[code]
}

// step reads one code and adds its length to pending.
func (c *lzwCounter) step() {
	for c.nacc < c.width {
		b, err := c.r.ReadByte()
		if err != nil {
			c.done = true
			return
		}
		c.acc = c.acc<<8 | uint32(b)
		c.nacc += 8
	}
	code := int(c.acc >> (c.nacc - c.width) & (1<<c.width - 1))
	c.nacc -= c.width
	switch {
	case code == 256:
		c.reset()
		return
	case code == 257:
		c.done = true
		return
	case c.prev < 0:
		c.pending += int64(c.entryLen(code))
		c.prev = code
		return
	case code > c.next:
		c.done = true // not a code an encoder can write
		return
	}
	l := c.entryLen(c.prev) + 1
	if code < c.next {
		l = c.entryLen(code)
	}
	c.pending += int64(l)
	if c.next < len(c.lens) {
		c.lens[c.next] = c.entryLen(c.prev) + 1
		c.next++
	}
	if c.next+c.early >= 1<<c.width && c.width < 12 {
		c.width++
	}
	c.prev = code
}
