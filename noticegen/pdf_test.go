package noticegen_test

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"image/color"
	"image/jpeg"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// A small reader for the PDFs the generator writes: enough to check the
// cross-reference table, walk the page tree, decode each page image and
// read back the strings drawn with Tj.

type testPage struct {
	text      []string
	image     bool
	invisible bool // text drawn in render mode 3
	colour    bool // the image is a colour JPEG in DeviceRGB
	jpeg      []byte
}

type testPDF struct {
	objs  map[int]testObj
	pages []testPage
}

type testObj struct {
	dict   string
	stream []byte
}

var (
	refRe    = regexp.MustCompile(`/(Root|Pages|Contents|Im0) (\d+) 0 R`)
	kidsRe   = regexp.MustCompile(`/Kids \[([^\]]*)\]`)
	lengthRe = regexp.MustCompile(`/Length (\d+)`)
	sizeRe   = regexp.MustCompile(`/Width (\d+) /Height (\d+)`)
)

func mustParsePDF(t *testing.T, data []byte) *testPDF {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("%PDF-1.")) || !bytes.HasSuffix(data, []byte("%%EOF\n")) {
		t.Fatal("missing PDF header or trailer")
	}
	i := bytes.LastIndex(data, []byte("startxref\n"))
	var xref int
	if _, err := fmt.Sscanf(string(data[i+10:]), "%d", &xref); err != nil || !bytes.HasPrefix(data[xref:], []byte("xref\n0 ")) {
		t.Fatalf("bad startxref: %v", err)
	}
	var n int
	fmt.Sscanf(string(data[xref+7:]), "%d", &n)
	entries := data[xref+bytes.IndexByte(data[xref+5:], '\n')+6:]
	doc := &testPDF{objs: map[int]testObj{}}
	for k := 1; k < n; k++ {
		e := entries[20*k : 20*k+20]
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil || off >= len(data) {
			t.Fatalf("xref entry %d: %q", k, e)
		}
		head := fmt.Sprintf("%d 0 obj\n", k)
		if !bytes.HasPrefix(data[off:], []byte(head)) {
			t.Fatalf("xref entry %d points at %q", k, data[off:off+10])
		}
		doc.objs[k] = mustObject(t, data[off+len(head):])
	}
	trailer := string(data[xref+20*n:])
	catalog := doc.objs[ref(t, trailer, "Root")]
	pages := doc.objs[ref(t, catalog.dict, "Pages")]
	kids := kidsRe.FindStringSubmatch(pages.dict)
	if kids == nil {
		t.Fatal("page tree has no Kids")
	}
	for _, m := range regexp.MustCompile(`(\d+) 0 R`).FindAllStringSubmatch(kids[1], -1) {
		k, _ := strconv.Atoi(m[1])
		doc.pages = append(doc.pages, doc.mustPage(t, doc.objs[k]))
	}
	return doc
}

func mustObject(t *testing.T, b []byte) testObj {
	t.Helper()
	end := bytes.Index(b, []byte("\nendobj\n"))
	st := bytes.Index(b, []byte("\nstream\n"))
	if end < 0 {
		t.Fatal("object without endobj")
	}
	if st < 0 || st > end {
		return testObj{dict: string(b[:end])}
	}
	dict := string(b[:st])
	m := lengthRe.FindStringSubmatch(dict)
	if m == nil {
		t.Fatal("stream without Length")
	}
	n, _ := strconv.Atoi(m[1])
	data := b[st+8:]
	if !bytes.HasPrefix(data[n:], []byte("\nendstream\nendobj\n")) {
		t.Fatalf("stream Length %d does not end at endstream", n)
	}
	return testObj{dict: dict, stream: data[:n]}
}

func ref(t *testing.T, dict, key string) int {
	t.Helper()
	for _, m := range refRe.FindAllStringSubmatch(dict, -1) {
		if m[1] == key {
			k, _ := strconv.Atoi(m[2])
			return k
		}
	}
	t.Fatalf("no /%s in %q", key, dict)
	return 0
}

func (doc *testPDF) mustPage(t *testing.T, pg testObj) testPage {
	t.Helper()
	contents := doc.objs[ref(t, pg.dict, "Contents")]
	zr, err := zlib.NewReader(bytes.NewReader(contents.stream))
	if err != nil {
		t.Fatalf("content stream: %v", err)
	}
	ops, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("content stream: %v", err)
	}
	p := testPage{text: tjStrings(ops), invisible: bytes.Contains(ops, []byte(" 3 Tr "))}
	if bytes.Contains([]byte(pg.dict), []byte("/Im0")) {
		p.image = true
		im := doc.objs[ref(t, pg.dict, "Im0")]
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(im.stream))
		if err != nil {
			t.Fatalf("page image: %v", err)
		}
		p.colour = strings.Contains(im.dict, "/ColorSpace /DeviceRGB")
		p.jpeg = im.stream
		model := map[bool]color.Model{false: color.GrayModel, true: color.YCbCrModel}[p.colour]
		m := sizeRe.FindStringSubmatch(im.dict)
		if m == nil || m[1] != strconv.Itoa(cfg.Width) || m[2] != strconv.Itoa(cfg.Height) || cfg.ColorModel != model {
			t.Errorf("image dict %q does not match its %dx%d JPEG", im.dict, cfg.Width, cfg.Height)
		}
	}
	return p
}

// tjStrings returns the literal strings shown with Tj, unescaped.
func tjStrings(ops []byte) []string {
	var out []string
	for i := 0; i < len(ops); i++ {
		if ops[i] != '(' {
			continue
		}
		var s []byte
		j := i + 1
		for ; j < len(ops) && ops[j] != ')'; j++ {
			if ops[j] == '\\' {
				j++
			}
			s = append(s, ops[j])
		}
		if bytes.HasPrefix(ops[j+1:], []byte(" Tj")) {
			out = append(out, string(s))
		}
		i = j
	}
	return out
}
