package document

import (
	"bytes"
	"fmt"
)

// checkStreamCycles refuses PDFs whose stream dictionaries refer, through
// /Filter, /DecodeParms, /Length or any other entry, in a loop back to a
// stream that is still being parsed. pdfcpu resolves such references while
// parsing the stream and has no guard against re-entering it: the recursion
// ends in a Go stack overflow, which is fatal and cannot be recovered. So
// the raw bytes are scanned before pdfcpu sees them.
//
// The scan is deliberately rough and errs on the side of refusing: every
// "N G obj" in the file is a node; a stream node has an edge to each object
// its dictionary refers to that is (or may be) a stream. An object that is
// not found uncompressed may sit in an object stream, so it stands for all
// object streams. A cycle among stream nodes refuses the file.
func checkStreamCycles(data []byte) error {
	nodes := scanPDFObjects(data)
	var objStms []int
	for n, o := range nodes {
		if o.objStm {
			objStms = append(objStms, n)
		}
	}
	edges := func(n int) []int {
		var out []int
		for _, r := range nodes[n].refs {
			switch t, ok := nodes[r]; {
			case !ok:
				out = append(out, objStms...)
			case t.stream:
				out = append(out, r)
			}
		}
		return out
	}
	// Depth-first search with an explicit stack: a hostile file can chain
	// a million streams, too deep for comfortable recursion.
	const (
		unseen = iota
		active
		done
	)
	type frame struct {
		n    int
		next []int
	}
	state := make(map[int]int, len(nodes))
	for start, o := range nodes {
		if !o.stream || state[start] != unseen {
			continue
		}
		state[start] = active
		stack := []frame{{start, edges(start)}}
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if len(top.next) == 0 {
				state[top.n] = done
				stack = stack[:len(stack)-1]
				continue
			}
			t := top.next[0]
			top.next = top.next[1:]
			switch state[t] {
			case active:
				return corrupt("read", fmt.Errorf("stream object %d refers back to itself", t))
			case unseen:
				state[t] = active
				stack = append(stack, frame{t, edges(t)})
			}
		}
	}
	return nil
}

// pdfObject is what the rough scan learns about one object number, merged
// over all its definitions (incremental updates redefine objects).
type pdfObject struct {
	stream bool
	objStm bool
	refs   []int // references in a stream's dictionary
}

// scanPDFObjects finds "N G obj" definitions without parsing PDF syntax.
// Matches inside binary stream data only add nodes, which can only make
// the check stricter.
func scanPDFObjects(data []byte) map[int]*pdfObject {
	nodes := make(map[int]*pdfObject)
	for i := 0; ; {
		k := bytes.Index(data[i:], []byte("obj"))
		if k < 0 {
			return nodes
		}
		at := i + k
		i = at + 3
		num, ok := objectNumberBefore(data, at)
		if !ok || (i < len(data) && isRegular(data[i])) {
			continue
		}
		o := nodes[num]
		if o == nil {
			o = &pdfObject{}
			nodes[num] = o
		}
		rest := data[i:]
		end := bytes.Index(rest, []byte("endobj"))
		if end < 0 {
			end = len(rest)
		}
		s := bytes.Index(rest[:end], []byte("stream"))
		if s < 0 {
			continue
		}
		dict := rest[:s]
		o.stream = true
		o.objStm = o.objStm || bytes.Contains(dict, []byte("/ObjStm"))
		o.refs = append(o.refs, refsIn(dict)...)
	}
}

// objectNumberBefore reads "N G " backwards from the "obj" at position at.
func objectNumberBefore(data []byte, at int) (int, bool) {
	j := at
	skipSpace := func() {
		for j > 0 && isSpace(data[j-1]) {
			j--
		}
	}
	digits := func() (int, bool) {
		end := j
		for j > 0 && data[j-1] >= '0' && data[j-1] <= '9' && end-j < 10 {
			j--
		}
		if j == end || (j > 0 && isRegular(data[j-1])) {
			return 0, false
		}
		n := 0
		for _, c := range data[j:end] {
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	skipSpace()
	if _, ok := digits(); !ok {
		return 0, false
	}
	skipSpace()
	return digits()
}

// refsIn returns the object numbers of "N G R" references in b.
func refsIn(b []byte) []int {
	var refs []int
	for i := range b {
		if b[i] != 'R' || (i+1 < len(b) && isRegular(b[i+1])) {
			continue
		}
		if n, ok := objectNumberBefore(b, i); ok {
			refs = append(refs, n)
		}
	}
	return refs
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

// isRegular reports PDF regular characters: neither white space nor a
// delimiter, so they continue a token.
func isRegular(c byte) bool {
	return !isSpace(c) && bytes.IndexByte([]byte("()<>[]{}/%"), c) < 0
}

// checkNesting refuses PDFs whose arrays and dictionaries nest deeper than
// maxNesting. Parsers recurse once per level, so a megabyte of "[" costs
// hundreds of megabytes of stack before any limit of theirs applies.
// Like checkStreamCycles it reads the raw bytes, skipping comments, strings
// and stream data, and starts over at each "endobj", so an unbalanced
// bracket in one object cannot add to the next.
func checkNesting(data []byte) error {
	depth := 0
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '%':
			i = skipUntil(data, i, "\n")
		case '(':
			i = skipString(data, i)
		case '[':
			depth++
		case ']':
			depth = max(depth-1, 0)
		case '<':
			if i+1 < len(data) && data[i+1] == '<' {
				depth++
				i++
			} else {
				i = skipUntil(data, i, ">")
			}
		case '>':
			if i+1 < len(data) && data[i+1] == '>' {
				depth = max(depth-1, 0)
				i++
			}
		case 's':
			if bytes.HasPrefix(data[i:], []byte("stream")) && (i == 0 || !isRegular(data[i-1])) {
				i = skipUntil(data, i, "endstream")
			}
		case 'e':
			if bytes.HasPrefix(data[i:], []byte("endobj")) {
				depth = 0
			}
		}
		if depth > maxNesting {
			return corrupt("read", fmt.Errorf("arrays and dictionaries nest over %d deep", maxNesting))
		}
	}
	return nil
}

// skipUntil returns the index of the last byte of the first end after i,
// or the end of data.
func skipUntil(data []byte, i int, end string) int {
	k := bytes.Index(data[i+1:], []byte(end))
	if k < 0 {
		return len(data)
	}
	return i + k + len(end)
}

// skipString returns the index of the ")" closing the literal string at i,
// counting balanced parentheses and skipping escaped ones.
func skipString(data []byte, i int) int {
	depth := 0
	for ; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return i
}
