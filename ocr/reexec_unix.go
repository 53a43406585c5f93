//go:build unix

package ocr

import (
	"fmt"
	"os"
	"runtime"
	"syscall"
)

// threadLimitEnv is read by libgomp in a shared-library constructor, before
// any Go code runs, so it only takes effect through the process environment
// at exec time.
const threadLimitEnv = "OMP_THREAD_LIMIT"

// ReexecWithThreadLimit re-executes the running binary with the same
// arguments and OMP_THREAD_LIMIT=1 added, unless OMP_THREAD_LIMIT is already
// set (a deliberate value is respected). It must be called before anything
// else in main or TestMain: on success it does not return.
//
// Without the limit every Tesseract handle spawns one OpenMP thread per core,
// and two handles recognizing at once slow each other down several times
// over; with it, one handle per worker scales with the cores.
func ReexecWithThreadLimit() error {
	if _, ok := os.LookupEnv(threadLimitEnv); ok {
		return nil
	}
	exe := "/proc/self/exe" // survives the binary being replaced or deleted
	if runtime.GOOS != "linux" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return fmt.Errorf("reexec with %s=1: %w", threadLimitEnv, err)
		}
	}
	env := append(os.Environ(), threadLimitEnv+"=1")
	if err := syscall.Exec(exe, os.Args, env); err != nil {
		return fmt.Errorf("reexec with %s=1: %w", threadLimitEnv, err)
	}
	return nil
}
