//go:build !unix

package ocr

import (
	"errors"
	"os"
)

// ReexecWithThreadLimit reports an error when OMP_THREAD_LIMIT is unset:
// this platform cannot replace the running process, so the variable has to
// be set by whoever starts it.
func ReexecWithThreadLimit() error {
	if _, ok := os.LookupEnv("OMP_THREAD_LIMIT"); ok {
		return nil
	}
	return errors.New("ocr: set OMP_THREAD_LIMIT=1 in the environment before starting")
}
