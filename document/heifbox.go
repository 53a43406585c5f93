package document

import (
	"encoding/binary"
	"fmt"
)

// HEIF (ISO/IEC 23008-12) stores a still image as items described by boxes
// in a top-level meta box: pitm names the primary item, iinf gives each
// item's type, ipco lists properties (ispe = size, clap = crop, irot/imir =
// rotation and mirror) and ipma ties them to items. This file reads just
// enough of them to check the pixel limit and know the page size before
// the decoder allocates anything.

// heifHeader is what Open learns from a HEIF file's boxes.
type heifHeader struct {
	itemType   string // primary item's coding: hvc1, grid, av01, ...
	storedW    int    // primary item's ispe
	storedH    int
	uprightW   int // after clap, irot and imir, as the decoder returns it
	uprightH   int
	tilesAVIF  bool  // a tile of the primary grid is AV1 coded (AVIF)
	tilesGray  bool  // a tile of the primary grid is monochrome (4:0:0) HEVC
	largestPix int64 // largest ispe of any item, for the pixel limit
}

// box is one ISO-BMFF box: its type and its payload (after the header).
type box struct {
	typ  string
	body []byte
}

// boxes splits data into boxes. A size that runs past data is corruption,
// not something to clamp: the decoder would read the same lie.
func boxes(data []byte) ([]box, error) {
	var out []box
	for len(data) > 0 {
		if len(data) < 8 {
			return nil, fmt.Errorf("box header cut short: %w", ErrCorrupt)
		}
		size := uint64(binary.BigEndian.Uint32(data))
		typ := string(data[4:8])
		hdr := uint64(8)
		switch size {
		case 0: // runs to the end
			size = uint64(len(data))
		case 1:
			if len(data) < 16 {
				return nil, fmt.Errorf("box %q large size cut short: %w", typ, ErrCorrupt)
			}
			size, hdr = binary.BigEndian.Uint64(data[8:]), 16
		}
		if size < hdr || size > uint64(len(data)) {
			return nil, fmt.Errorf("box %q claims %d bytes, %d left: %w", typ, size, len(data), ErrCorrupt)
		}
		out = append(out, box{typ: typ, body: data[hdr:size]})
		data = data[size:]
	}
	return out, nil
}

// find returns the first box of type typ.
func find(bs []box, typ string) (box, bool) {
	for _, b := range bs {
		if b.typ == typ {
			return b, true
		}
	}
	return box{}, false
}

// fullBox splits a full box's version and flags from its payload.
func fullBox(b box) (version byte, flags uint32, rest []byte, err error) {
	if len(b.body) < 4 {
		return 0, 0, nil, fmt.Errorf("box %q cut short: %w", b.typ, ErrCorrupt)
	}
	return b.body[0], binary.BigEndian.Uint32(b.body) & 0xFFFFFF, b.body[4:], nil
}

// reader reads big-endian fields, remembering the first overrun.
type reader struct {
	b   []byte
	bad bool
}

func (r *reader) uint(n int) uint32 {
	if r.bad || len(r.b) < n {
		r.bad = true
		return 0
	}
	var v uint32
	for _, c := range r.b[:n] {
		v = v<<8 | uint32(c)
	}
	r.b = r.b[n:]
	return v
}

// readHEIFHeader reads the primary item's type, size and transformations.
func readHEIFHeader(data []byte) (heifHeader, error) {
	top, err := boxes(data)
	if err != nil {
		return heifHeader{}, err
	}
	meta, ok := find(top, "meta")
	if !ok {
		return heifHeader{}, fmt.Errorf("no meta box (an image sequence or video, not a still image): %w", ErrCorrupt)
	}
	_, _, rest, err := fullBox(meta)
	if err != nil {
		return heifHeader{}, err
	}
	inner, err := boxes(rest)
	if err != nil {
		return heifHeader{}, fmt.Errorf("meta: %w", err)
	}
	primary, err := primaryItem(inner)
	if err != nil {
		return heifHeader{}, err
	}
	var h heifHeader
	types, err := itemTypes(inner)
	if err != nil {
		return heifHeader{}, err
	}
	h.itemType = types[primary]
	props, assoc, err := itemProperties(inner)
	if err != nil {
		return heifHeader{}, err
	}
	if h.itemType == "grid" {
		tiles, err := derivedFrom(inner, primary)
		if err != nil {
			return heifHeader{}, err
		}
		for _, id := range tiles {
			h.tilesAVIF = h.tilesAVIF || types[id] == "av01"
			for _, i := range assoc[id] {
				// hvcC's chromaFormat sits in the low bits of its 17th byte.
				if p := i - 1; p >= 0 && p < len(props) && props[p].typ == "hvcC" && len(props[p].body) > 16 && props[p].body[16]&3 == 0 {
					h.tilesGray = true
				}
			}
		}
	}
	for _, p := range props {
		if p.typ == "ispe" {
			w, h2, err := ispeSize(p)
			if err != nil {
				return heifHeader{}, err
			}
			h.largestPix = max(h.largestPix, w*h2)
		}
	}
	// Transformative properties apply in the order ipma lists them.
	for _, i := range assoc[primary] {
		if i < 1 || i > len(props) {
			return heifHeader{}, fmt.Errorf("item %d has property %d of %d: %w", primary, i, len(props), ErrCorrupt)
		}
		p := props[i-1]
		switch p.typ {
		case "ispe":
			w, ht, err := ispeSize(p)
			if err != nil {
				return heifHeader{}, err
			}
			h.storedW, h.storedH = int(w), int(ht)
			h.uprightW, h.uprightH = h.storedW, h.storedH
		case "clap":
			h.uprightW, h.uprightH = clapSize(p, h.uprightW, h.uprightH)
		case "irot":
			if len(p.body) < 1 {
				return heifHeader{}, fmt.Errorf("irot empty: %w", ErrCorrupt)
			}
			if p.body[0]&1 == 1 { // a quarter or three-quarter turn
				h.uprightW, h.uprightH = h.uprightH, h.uprightW
			}
		}
	}
	if h.storedW == 0 {
		return heifHeader{}, fmt.Errorf("primary item %d has no size (ispe): %w", primary, ErrCorrupt)
	}
	return h, nil
}

// primaryItem reads pitm.
func primaryItem(meta []box) (uint32, error) {
	b, ok := find(meta, "pitm")
	if !ok {
		return 0, fmt.Errorf("no primary item (pitm): %w", ErrCorrupt)
	}
	v, _, rest, err := fullBox(b)
	if err != nil {
		return 0, err
	}
	r := reader{b: rest}
	id := r.uint(idSize(v == 0))
	if r.bad {
		return 0, fmt.Errorf("pitm cut short: %w", ErrCorrupt)
	}
	return id, nil
}

// itemTypes reads iinf: item ID to its four-letter type.
func itemTypes(meta []box) (map[uint32]string, error) {
	b, ok := find(meta, "iinf")
	if !ok {
		return nil, fmt.Errorf("no item list (iinf): %w", ErrCorrupt)
	}
	v, _, rest, err := fullBox(b)
	if err != nil {
		return nil, err
	}
	r := reader{b: rest}
	r.uint(idSize(v == 0)) // entry count; the boxes say it again
	if r.bad {
		return nil, fmt.Errorf("iinf cut short: %w", ErrCorrupt)
	}
	entries, err := boxes(r.b)
	if err != nil {
		return nil, fmt.Errorf("iinf: %w", err)
	}
	types := make(map[uint32]string, len(entries))
	for _, e := range entries {
		if e.typ != "infe" {
			continue
		}
		ev, _, rest, err := fullBox(e)
		if err != nil {
			return nil, err
		}
		if ev < 2 { // versions 0 and 1 predate typed items; HEIF requires 2+
			continue
		}
		r := reader{b: rest}
		id := r.uint(idSize(ev == 2))
		r.uint(2) // protection index
		typ := r.uint(4)
		if r.bad {
			return nil, fmt.Errorf("infe cut short: %w", ErrCorrupt)
		}
		types[id] = string(binary.BigEndian.AppendUint32(nil, typ))
	}
	return types, nil
}

// derivedFrom reads iref for the items a derived item (a grid) is made
// of: its dimg references.
func derivedFrom(meta []box, id uint32) ([]uint32, error) {
	b, ok := find(meta, "iref")
	if !ok {
		return nil, nil
	}
	v, _, rest, err := fullBox(b)
	if err != nil {
		return nil, err
	}
	refs, err := boxes(rest)
	if err != nil {
		return nil, fmt.Errorf("iref: %w", err)
	}
	var out []uint32
	for _, ref := range refs {
		r := reader{b: ref.body}
		from := r.uint(idSize(v == 0))
		for n := r.uint(2); n > 0 && !r.bad; n-- {
			to := r.uint(idSize(v == 0))
			if ref.typ == "dimg" && from == id {
				out = append(out, to)
			}
		}
		if r.bad {
			return nil, fmt.Errorf("iref %s cut short: %w", ref.typ, ErrCorrupt)
		}
	}
	return out, nil
}

// itemProperties reads ipco's properties and ipma's 1-based indices into
// them, per item.
func itemProperties(meta []box) ([]box, map[uint32][]int, error) {
	b, ok := find(meta, "iprp")
	if !ok {
		return nil, nil, fmt.Errorf("no item properties (iprp): %w", ErrCorrupt)
	}
	inner, err := boxes(b.body)
	if err != nil {
		return nil, nil, fmt.Errorf("iprp: %w", err)
	}
	ipco, ok := find(inner, "ipco")
	if !ok {
		return nil, nil, fmt.Errorf("no property container (ipco): %w", ErrCorrupt)
	}
	props, err := boxes(ipco.body)
	if err != nil {
		return nil, nil, fmt.Errorf("ipco: %w", err)
	}
	assoc := map[uint32][]int{}
	for _, m := range inner {
		if m.typ != "ipma" {
			continue
		}
		v, flags, rest, err := fullBox(m)
		if err != nil {
			return nil, nil, err
		}
		r := reader{b: rest}
		for n := r.uint(4); n > 0 && !r.bad; n-- {
			id := r.uint(idSize(v < 1))
			for k := r.uint(1); k > 0 && !r.bad; k-- {
				if flags&1 != 0 {
					assoc[id] = append(assoc[id], int(r.uint(2)&0x7FFF))
				} else {
					assoc[id] = append(assoc[id], int(r.uint(1)&0x7F))
				}
			}
		}
		if r.bad {
			return nil, nil, fmt.Errorf("ipma cut short: %w", ErrCorrupt)
		}
	}
	return props, assoc, nil
}

// ispeSize reads an image spatial extent: width and height in pixels.
func ispeSize(b box) (w, h int64, err error) {
	_, _, rest, err := fullBox(b)
	if err != nil {
		return 0, 0, err
	}
	if len(rest) < 8 {
		return 0, 0, fmt.Errorf("ispe cut short: %w", ErrCorrupt)
	}
	return int64(binary.BigEndian.Uint32(rest)), int64(binary.BigEndian.Uint32(rest[4:])), nil
}

// clapSize returns the clean aperture's size, rounded as libheif rounds it
// and never larger than the image; a clap that cannot be read is ignored,
// as the decoder ignores it.
func clapSize(b box, w, h int) (int, int) {
	if len(b.body) < 16 {
		return w, h
	}
	frac := func(i int) (int64, int64) {
		return int64(int32(binary.BigEndian.Uint32(b.body[i:]))), int64(binary.BigEndian.Uint32(b.body[i+4:]))
	}
	round := func(n, d int64, limit int) int {
		if d <= 0 || n <= 0 {
			return limit
		}
		return int(min((n+d/2)/d, int64(limit)))
	}
	wn, wd := frac(0)
	hn, hd := frac(8)
	return round(wn, wd, w), round(hn, hd, h)
}

// idSize is the byte width of an item ID: 2 in a box's early versions, 4
// from the version that widened it.
func idSize(short bool) int {
	if short {
		return 2
	}
	return 4
}
