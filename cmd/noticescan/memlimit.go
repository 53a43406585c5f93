package main

import (
	"os"
	"runtime/debug"
)

// workerHeadroom is the Go memory one processing worker may use beyond
// pdfium's reserve before the garbage collector works harder: a document
// at the upload limit, its parsed structure and a page image.
const workerHeadroom = 192 << 20

// limitGoMemory sets the garbage collector's soft memory limit to pdfium's
// reserve plus workerHeadroom per worker, unless the operator set
// GOMEMLIMIT. Without a limit the collector's goal is twice the live heap,
// pdfium's mostly untouched reserve counts as live, and a server reading
// twenty 45 MB PDFs held over 1 GiB, most of it garbage. The limit is soft:
// past it the collector runs more often (at most half the CPU), nothing
// fails.
func limitGoMemory(reserved int64, workers int) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(reserved + int64(max(workers, 1))*workerHeadroom)
}
