package document

import "github.com/tetratelabs/wazero/experimental"

// cappedMemory allocates pdfium's WebAssembly memory with a hard limit below
// the module's own maximum (2 GiB): growing past it fails, which pdfium sees
// as a failed allocation, and the call ends in an error instead of the
// process holding gigabytes for one hostile page.
type cappedMemory struct {
	limit uint64
}

// Allocate implements experimental.MemoryAllocator. The whole limit is the
// slice's capacity from the start, so growing never copies the memory (a
// copy would hold old and new at once); the Go runtime maps a large
// allocation lazily, so untouched capacity costs no RSS. It stays a Go
// slice, not a raw mapping, because a cancelled call may still be running
// in an instance that was closed: the garbage collector keeps its memory
// valid until the call is gone.
func (c cappedMemory) Allocate(_, maxBytes uint64) experimental.LinearMemory {
	return &sliceMemory{buf: make([]byte, 0, min(c.limit, maxBytes))}
}

type sliceMemory struct {
	buf []byte
}

// Reallocate implements experimental.LinearMemory; nil refuses the growth.
func (m *sliceMemory) Reallocate(size uint64) []byte {
	if size > uint64(cap(m.buf)) {
		return nil
	}
	return m.buf[:size]
}

// Free implements experimental.LinearMemory.
func (m *sliceMemory) Free() { m.buf = nil }
