package noticegen

import "image"

// CCITT T.6 (Group 4) encoding, the compression of fax TIFFs. Codes are
// from ITU-T T.4 tables 2 and 3 and T.6 table 1, written as bit strings.

var (
	g4WhiteTerm = [64]string{
		"00110101", "000111", "0111", "1000", "1011", "1100", "1110", "1111",
		"10011", "10100", "00111", "01000", "001000", "000011", "110100", "110101",
		"101010", "101011", "0100111", "0001100", "0001000", "0010111", "0000011", "0000100",
		"0101000", "0101011", "0010011", "0100100", "0011000", "00000010", "00000011", "00011010",
		"00011011", "00010010", "00010011", "00010100", "00010101", "00010110", "00010111", "00101000",
		"00101001", "00101010", "00101011", "00101100", "00101101", "00000100", "00000101", "00001010",
		"00001011", "01010010", "01010011", "01010100", "01010101", "00100100", "00100101", "01011000",
		"01011001", "01011010", "01011011", "01001010", "01001011", "00110010", "00110011", "00110100",
	}
	g4BlackTerm = [64]string{
		"0000110111", "010", "11", "10", "011", "0011", "0010", "00011",
		"000101", "000100", "0000100", "0000101", "0000111", "00000100", "00000111", "000011000",
		"0000010111", "0000011000", "0000001000", "00001100111", "00001101000", "00001101100", "00000110111", "00000101000",
		"00000010111", "00000011000", "000011001010", "000011001011", "000011001100", "000011001101", "000001101000", "000001101001",
		"000001101010", "000001101011", "000011010010", "000011010011", "000011010100", "000011010101", "000011010110", "000011010111",
		"000001101100", "000001101101", "000011011010", "000011011011", "000001010100", "000001010101", "000001010110", "000001010111",
		"000001100100", "000001100101", "000001010010", "000001010011", "000000100100", "000000110111", "000000111000", "000000100111",
		"000000101000", "000001011000", "000001011001", "000000101011", "000000101100", "000001011010", "000001100110", "000001100111",
	}
	// Make-up codes for 64, 128, ... 1728.
	g4WhiteMakeup = [27]string{
		"11011", "10010", "010111", "0110111", "00110110", "00110111", "01100100", "01100101",
		"01101000", "01100111", "011001100", "011001101", "011010010", "011010011", "011010100", "011010101",
		"011010110", "011010111", "011011000", "011011001", "011011010", "011011011", "010011000", "010011001",
		"010011010", "011000", "010011011",
	}
	g4BlackMakeup = [27]string{
		"0000001111", "000011001000", "000011001001", "000001011011", "000000110011", "000000110100", "000000110101", "0000001101100",
		"0000001101101", "0000001001010", "0000001001011", "0000001001100", "0000001001101", "0000001110010", "0000001110011", "0000001110100",
		"0000001110101", "0000001110110", "0000001110111", "0000001010010", "0000001010011", "0000001010100", "0000001010101", "0000001011010",
		"0000001011011", "0000001100100", "0000001100101",
	}
	// Extended make-up codes for 1792, 1856, ... 2560, shared by both colors.
	g4ExtMakeup = [13]string{
		"00000001000", "00000001100", "00000001101", "000000010010", "000000010011", "000000010100", "000000010101",
		"000000010110", "000000010111", "000000011100", "000000011101", "000000011110", "000000011111",
	}
	// Vertical mode codes for a1-b1 = -3 .. 3.
	g4Vertical = [7]string{"0000010", "000010", "010", "1", "011", "000011", "0000011"}
)

const (
	g4Pass  = "0001"
	g4Horiz = "001"
	g4EOL   = "000000000001"
)

type bitWriter struct {
	buf []byte
	acc byte
	n   uint
}

// put appends a code given as a string of '0' and '1'.
func (b *bitWriter) put(code string) {
	for i := 0; i < len(code); i++ {
		b.acc = b.acc<<1 | (code[i] - '0')
		b.n++
		if b.n == 8 {
			b.buf = append(b.buf, b.acc)
			b.acc, b.n = 0, 0
		}
	}
}

func (b *bitWriter) bytes() []byte {
	if b.n > 0 {
		b.buf = append(b.buf, b.acc<<(8-b.n))
		b.acc, b.n = 0, 0
	}
	return b.buf
}

func (b *bitWriter) run(n int, black bool) {
	term, makeup := &g4WhiteTerm, &g4WhiteMakeup
	if black {
		term, makeup = &g4BlackTerm, &g4BlackMakeup
	}
	for n > 2560 {
		b.put(g4ExtMakeup[12])
		n -= 2560
	}
	switch {
	case n >= 1792:
		b.put(g4ExtMakeup[(n-1792)/64])
		n %= 64
	case n >= 64:
		b.put(makeup[n/64-1])
		n %= 64
	}
	b.put(term[n])
}

// nextChange returns the first position at or after from whose pixel
// differs from the one before it (white before the line), or len(line).
//
//go:norace
func nextChange(line []byte, from int) int {
	if from >= len(line) {
		return len(line)
	}
	prev := byte(0)
	if from > 0 {
		prev = line[from-1]
	}
	for i := from; i < len(line); i++ {
		if line[i] != prev {
			return i
		}
	}
	return len(line)
}

// encodeG4 compresses img, pixels below 128 black, as T.6 with an EOFB.
// The reference line starts all white, as the standard requires.
//
//go:norace
func encodeG4(img *image.Gray) []byte {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	ref, cur := make([]byte, w), make([]byte, w)
	bw := &bitWriter{buf: make([]byte, 0, w*h/40)}
	for y := 0; y < h; y++ {
		row := img.Pix[y*img.Stride:]
		for x := range cur {
			cur[x] = 0
			if row[x] < 128 {
				cur[x] = 1
			}
		}
		a0, color := -1, byte(0)
		for a0 < w {
			a1 := nextChange(cur, a0+1)
			b1 := nextChange(ref, a0+1)
			if b1 < w && ref[b1] == color {
				b1 = nextChange(ref, b1+1)
			}
			b2 := nextChange(ref, b1+1)
			switch d := a1 - b1; {
			case b2 < a1:
				bw.put(g4Pass)
				a0 = b2
			case d >= -3 && d <= 3:
				bw.put(g4Vertical[d+3])
				a0, color = a1, color^1
			default:
				a2 := nextChange(cur, a1+1)
				bw.put(g4Horiz)
				bw.run(a1-max(a0, 0), color == 1)
				bw.run(a2-a1, color == 0)
				a0 = a2
			}
		}
		ref, cur = cur, ref
	}
	bw.put(g4EOL)
	bw.put(g4EOL)
	return bw.bytes()
}
