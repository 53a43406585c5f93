package document_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/noticescan/noticescan/document"
	"github.com/pdfcpu/pdfcpu/pkg/api"
)

// opener is shared by the tests: starting pdfium is the slow part of the
// package, and sharing one Opener is also how production uses it.
var opener *document.Opener

// pdfiumCache keeps pdfium's compiled code between test runs; without it
// every run spends seconds compiling (minutes under -race).
var pdfiumCache = filepath.Join(os.TempDir(), "noticescan-document-test-pdfium")

func TestMain(m *testing.M) {
	// Fixture building calls pdfcpu before any Opener exists; keep it away
	// from the home directory too.
	api.DisableConfigDir()
	var err error
	opener, err = document.NewOpener(document.Config{PDFiumCacheDir: pdfiumCache})
	if err != nil {
		panic(err)
	}
	code := m.Run()
	if err := opener.Close(); err != nil {
		panic(err)
	}
	os.Exit(code)
}
