package hostile

import (
	"bytes"
	"fmt"
	"strings"
)

// pdfFile assembles a PDF from object bodies, with a correct cross-reference
// table, so that readers parse it as written rather than repair it: the
// bombs must reach the decoders, not fail at the first offset.
type pdfFile struct {
	objs [][]byte // object n+1's body
}

// add appends an object and returns its number.
func (f *pdfFile) add(body string) int {
	f.objs = append(f.objs, []byte(body))
	return len(f.objs)
}

// reserve takes an object number to fill in later with set, for objects
// that refer to each other.
func (f *pdfFile) reserve() int { return f.add("null") }

func (f *pdfFile) set(n int, body string) { f.objs[n-1] = []byte(body) }

// stream appends a stream object; dict is the dictionary's inside, without
// /Length.
func (f *pdfFile) stream(dict string, data []byte) int {
	var b bytes.Buffer
	fmt.Fprintf(&b, "<< %s /Length %d >>\nstream\n", dict, len(data))
	b.Write(data)
	b.WriteString("\nendstream")
	f.objs = append(f.objs, b.Bytes())
	return len(f.objs)
}

// pages adds a page tree whose kids are the given page dictionaries' insides
// (without /Type and /Parent) and a catalog; it returns the catalog.
func (f *pdfFile) pages(kids ...string) int {
	root := f.reserve()
	refs := make([]string, len(kids))
	for i, k := range kids {
		refs[i] = fmt.Sprintf("%d 0 R", f.add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] %s >>", root, k)))
	}
	f.set(root, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(refs, " "), len(kids)))
	return f.add(fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", root))
}

// bytes writes the file with root as the catalog.
func (f *pdfFile) bytes(root int) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(f.objs))
	for i, body := range f.objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n", i+1)
		b.Write(body)
		b.WriteString("\nendobj\n")
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f\r\n", len(f.objs)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n\r\n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(f.objs)+1, root, xref)
	return b.Bytes()
}

// contentPage is a one-page PDF whose content stream has the given
// dictionary entries and data, and the given resources.
func contentPage(dict string, data []byte, resources string) []byte {
	var f pdfFile
	c := f.stream(dict, data)
	return f.bytes(f.pages(fmt.Sprintf("/Resources << %s >> /Contents %d 0 R", resources, c)))
}

// imagePage is a one-page PDF that draws one image XObject over the page.
func imagePage(dict string, data []byte) []byte {
	var f pdfFile
	img := f.stream("/Type /XObject /Subtype /Image "+dict, data)
	c := f.stream("", []byte("q 612 0 0 792 0 0 cm /Im0 Do Q"))
	return f.bytes(f.pages(fmt.Sprintf("/Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R", img, c)))
}
