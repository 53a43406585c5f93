// Package heiftest makes HEIC files for tests, at run time, with libheif's
// own encoder (heif-enc, from Debian's libheif-examples, which `make test`
// installs), and gives them the orientation properties that encoder cannot
// write. It imports only the standard library.
package heiftest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// MustEncode encodes img as HEIC with heif-enc (HEVC at quality 90), then
// gives the primary item the transformative properties props (Irot, Imir),
// in order. A missing heif-enc fails the test: it is part of the test
// set-up, not an optional extra.
func MustEncode(tb testing.TB, img image.Image, props ...[]byte) []byte {
	tb.Helper()
	data := MustEncodeItems(tb, img)
	if len(props) > 0 {
		data = withProperties(tb, data, props...)
	}
	return data
}

// MustEncodeItems encodes each image as an item of one HEIC file, the
// first being the primary picture: the others stand for what phones store
// beside it (depth and gain maps, often grayscale).
func MustEncodeItems(tb testing.TB, imgs ...image.Image) []byte {
	tb.Helper()
	enc, err := exec.LookPath("heif-enc")
	if err != nil {
		tb.Fatalf("heif-enc not found (Debian package libheif-examples): run `make test`, which installs it: %v", err)
	}
	dir := tb.TempDir()
	out := filepath.Join(dir, "out.heic")
	args := []string{"-q", "90", "-o", out}
	for i, img := range imgs {
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			tb.Fatal(err)
		}
		in := filepath.Join(dir, fmt.Sprintf("in%d.png", i))
		if err := os.WriteFile(in, buf.Bytes(), 0o600); err != nil {
			tb.Fatal(err)
		}
		args = append(args, in)
	}
	if msg, err := exec.Command(enc, args...).CombinedOutput(); err != nil {
		tb.Fatalf("heif-enc: %v: %s", err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// Irot is a rotation property: the picture is shown turned anticlockwise
// by quarters quarter turns.
func Irot(quarters byte) []byte { return isoBox("irot", []byte{quarters}) }

// Imir is a mirror property: axis 0 is vertical (left and right swap), 1
// horizontal (top and bottom swap).
func Imir(axis byte) []byte { return isoBox("imir", []byte{axis}) }

func isoBox(typ string, body []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(8+len(body)))
	return append(append(b, typ...), body...)
}

// withProperties appends props to the property container and associates
// them, in order, with the primary item. The meta box grows, so every file
// offset in iloc moves by the same amount.
func withProperties(tb testing.TB, data []byte, props ...[]byte) []byte {
	tb.Helper()
	top := splitBoxes(tb, data)
	meta := top["meta"]
	metaBody := data[meta[0]+12 : meta[1]] // after version and flags
	inner := splitBoxes(tb, metaBody)
	primary := primaryID(tb, metaBody)
	iprp := inner["iprp"]
	iprpBody := metaBody[iprp[0]+8 : iprp[1]]
	parts := splitBoxes(tb, iprpBody)
	ipco, ipma := parts["ipco"], parts["ipma"]

	count := 0
	for off := ipco[0] + 8; off < ipco[1]; off += int(binary.BigEndian.Uint32(iprpBody[off:])) {
		count++
	}
	newIPCO := append(bytes.Clone(iprpBody[ipco[0]+8:ipco[1]]), bytes.Join(props, nil)...)

	// ipma as heif-enc writes it: version 0, 1-byte indices.
	m := iprpBody[ipma[0]+8 : ipma[1]]
	if m[0] != 0 || m[3]&1 != 0 {
		tb.Fatalf("ipma version %d flags %d: only version 0 with 7-bit indices is handled", m[0], m[3])
	}
	newIPMA := bytes.Clone(m[:8])
	for i, rest := 0, m[8:]; i < int(binary.BigEndian.Uint32(m[4:])); i++ {
		id, n := binary.BigEndian.Uint16(rest), int(rest[2])
		assoc := bytes.Clone(rest[3 : 3+n])
		if id == primary {
			for k := range props {
				assoc = append(assoc, 0x80|byte(count+1+k))
			}
		}
		newIPMA = append(binary.BigEndian.AppendUint16(newIPMA, id), byte(len(assoc)))
		newIPMA = append(newIPMA, assoc...)
		rest = rest[3+n:]
	}

	newIPRP := isoBox("iprp", concat(iprpBody[:ipco[0]], isoBox("ipco", newIPCO),
		iprpBody[ipco[1]:ipma[0]], isoBox("ipma", newIPMA), iprpBody[ipma[1]:]))
	newMetaBody := concat(metaBody[:iprp[0]], newIPRP, metaBody[iprp[1]:])
	delta := len(newMetaBody) - len(metaBody)
	iloc := splitBoxes(tb, newMetaBody)["iloc"]
	shiftILOC(tb, newMetaBody[iloc[0]+8:iloc[1]], delta)
	newMeta := isoBox("meta", concat(data[meta[0]+8:meta[0]+12], newMetaBody))
	return concat(data[:meta[0]], newMeta, data[meta[1]:])
}

// primaryID reads pitm (version 0, as heif-enc writes it) from a meta
// box's children.
func primaryID(tb testing.TB, metaBody []byte) uint16 {
	tb.Helper()
	pitm := splitBoxes(tb, metaBody)["pitm"]
	if pitm[1]-pitm[0] != 14 {
		tb.Fatalf("pitm of %d bytes: only version 0 is handled", pitm[1]-pitm[0])
	}
	return binary.BigEndian.Uint16(metaBody[pitm[0]+12:])
}

// splitBoxes maps each box type in data to its start and end offsets.
func splitBoxes(tb testing.TB, data []byte) map[string][2]int {
	tb.Helper()
	out := map[string][2]int{}
	for off := 0; off+8 <= len(data); {
		size := int(binary.BigEndian.Uint32(data[off:]))
		if size < 8 || off+size > len(data) {
			tb.Fatalf("box at %d: size %d", off, size)
		}
		out[string(data[off+4:off+8])] = [2]int{off, off + size}
		off += size
	}
	return out
}

// shiftILOC adds delta to every item's file offset, in place.
func shiftILOC(tb testing.TB, b []byte, delta int) {
	tb.Helper()
	version := b[0]
	offSize, lenSize, baseSize, idxSize := int(b[4]>>4), int(b[4]&15), int(b[5]>>4), 0
	if version >= 1 {
		idxSize = int(b[5] & 15)
	}
	p := 6
	field := func(n int) (int, int) { // position and value of an n-byte field
		at := p
		v := 0
		for _, c := range b[p : p+n] {
			v = v<<8 | int(c)
		}
		p += n
		return at, v
	}
	put := func(at, n, v int) {
		for i := n - 1; i >= 0; i-- {
			b[at+i] = byte(v)
			v >>= 8
		}
	}
	countSize := 2
	if version == 2 {
		countSize = 4
	}
	_, items := field(countSize)
	for range items {
		field(countSize) // item ID
		method := 0
		if version >= 1 {
			_, m := field(2)
			method = m & 15
		}
		field(2) // data reference index
		baseAt, base := field(baseSize)
		_, extents := field(2)
		// Method 0 counts from the file's start; the others from idat or
		// another item, which do not move.
		if method == 0 && baseSize > 0 {
			put(baseAt, baseSize, base+delta)
		}
		for range extents {
			field(idxSize)
			at, off := field(offSize)
			if method == 0 && baseSize == 0 {
				put(at, offSize, off+delta)
			}
			field(lenSize)
		}
	}
}

func concat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
