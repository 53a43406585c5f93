// Package noticescan_test holds the tests of the module as a whole: the
// dependency rules every package of the module follows, and the split of
// `make test` into its race and race-free passes.
package noticescan_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/noticescan/noticescan"

// rule is what one package may depend on. Imports are the package's own
// (non-test) files: test files link into no binary and may use any package
// of the module and the test helpers.
type rule struct {
	// pkgs are the module's packages it may import, relative to the module.
	pkgs []string
	// vendors are the third-party modules it may import (module paths).
	vendors []string
	// cgo allows cgo in the package or anything it links.
	cgo bool
}

// Third-party modules, named once.
const (
	gin      = "github.com/gin-gonic/gin"
	gosser   = "github.com/otiai10/gosseract/v2"
	heic     = "github.com/gen2brain/heic"
	minio    = "github.com/minio/minio-go/v7"
	pdfcpu   = "github.com/pdfcpu/pdfcpu"
	pdfium   = "github.com/klippa-app/go-pdfium"
	pgx      = "github.com/jackc/pgx/v5"
	progress = "github.com/schollz/progressbar/v3"
	prom     = "github.com/prometheus/client_golang"
	river    = "github.com/riverqueue/river"
	sqlite   = "modernc.org/sqlite"
	term     = "golang.org/x/term"
	wazero   = "github.com/tetratelabs/wazero"
	xlsx     = "github.com/xuri/excelize/v2"
	ximage   = "golang.org/x/image"
)

// rules is the one table of allowed arrows, for every package of the
// module; a package missing from it fails TestImports, so a new package
// comes with its rule. Everything not listed is forbidden, which is how
// the rules of the package docs read here:
//
//   - extractor, intake and egress import only the standard library;
//     storage too, and only storage/s3 imports minio-go.
//   - only results imports excelize: one package writes the tables.
//   - document, noticegen, api and the storage tree link no cgo; ocr is the
//     only package with cgo of its own.
//   - results holds Outcome, the one type a document's result travels in
//     from the pipeline to the database: it imports extractor only, so
//     pipeline and records may both import it.
//   - document never imports ocr or storage; ocr no storage, pipeline or
//     HTTP; pipeline no storage or records.
//   - service never imports api or gin; api never imports pipeline, ocr or
//     a storage backend.
//   - the queue (sqlrecords) calls back through the handlers it is given,
//     never up into service.
//   - noticegen never imports ocr or storage: its truth is not the
//     product's output.
//   - storagetest and pgtest serve tests only: no product package imports
//     them.
var rules = map[string]rule{
	".":         {}, // this test
	"extractor": {},
	"intake":    {},
	"egress":    {},
	"document":  {pkgs: []string{"extractor"}, vendors: []string{heic, pdfcpu, pdfium, wazero, ximage}},
	// heiftest makes HEIC files with heif-enc for tests only.
	"document/heiftest": {},
	"ocr":               {pkgs: []string{"extractor"}, vendors: []string{gosser, ximage}, cgo: true},
	"pipeline":          {pkgs: []string{"document", "extractor", "ocr", "results"}, cgo: true},
	"archive":           {pkgs: []string{"storage"}},
	"batch":             {pkgs: []string{"archive", "document", "storage"}},
	"results":           {pkgs: []string{"extractor"}, vendors: []string{xlsx}},
	"web":               {},
	"noticegen":         {pkgs: []string{"extractor"}, vendors: []string{ximage}},
	// hostile files serve tests only, built from the standard library.
	"document/hostile": {},

	"storage":             {},
	"storage/disk":        {pkgs: []string{"storage"}},
	"storage/s3":          {pkgs: []string{"storage"}, vendors: []string{minio}},
	"storage/storagetest": {pkgs: []string{"storage"}},
	"records":             {pkgs: []string{"extractor", "results"}},
	"records/sqlrecords":  {pkgs: []string{"extractor", "records", "results"}, vendors: []string{pgx, river, sqlite}},
	"records/pgtest":      {vendors: []string{pgx}},

	"service": {
		pkgs:    []string{"archive", "batch", "document", "egress", "extractor", "intake", "pipeline", "results", "storage", "records"},
		vendors: []string{prom},
		cgo:     true,
	},
	"api": {
		pkgs:    []string{"document", "egress", "extractor", "intake", "results", "storage", "records"},
		vendors: []string{gin},
	},

	"cmd/noticegen": {pkgs: []string{"noticegen"}},
	"cmd/noticescan": {
		pkgs: []string{"api", "archive", "batch", "document", "egress", "extractor", "intake", "ocr", "pipeline", "results", "service",
			"storage", "storage/disk", "records", "records/sqlrecords", "storage/s3", "web"},
		vendors: []string{progress, prom, term},
		cgo:     true,
	},
}

// listed is the part of `go list -json` the rules need.
type listed struct {
	ImportPath string
	Standard   bool
	DepOnly    bool
	Imports    []string
	Deps       []string
	CgoFiles   []string
	Module     *struct{ Path string }
}

func TestImports(t *testing.T) {
	pkgs := goList(t)
	byPath := map[string]listed{}
	for _, p := range pkgs {
		byPath[p.ImportPath] = p
	}
	seen := map[string]bool{}
	for _, p := range pkgs {
		if p.DepOnly || p.Module == nil || p.Module.Path != module {
			continue
		}
		name := relative(p.ImportPath)
		seen[name] = true
		r, ok := rules[name]
		if !ok {
			t.Errorf("%s has no rule: add its allowed imports to the rules table", name)
			continue
		}
		for _, imp := range p.Imports {
			if err := r.allows(imp, byPath[imp]); err != nil {
				t.Errorf("%s imports %s: %v", name, imp, err)
			}
		}
		if r.cgo {
			continue
		}
		for _, dep := range append([]string{p.ImportPath}, p.Deps...) {
			// The standard library's cgo (net's resolver) has a pure-Go
			// fallback; what may not link is cgo without one.
			if d := byPath[dep]; !d.Standard && len(d.CgoFiles) > 0 {
				t.Errorf("%s links cgo through %s, and must build with CGO_ENABLED=0", name, dep)
			}
		}
	}
	for name := range rules {
		if !seen[name] {
			t.Errorf("rule for %s, which is not a package of the module: remove it", name)
		}
	}
}

// allows reports why p may not import imp, or nil.
func (r rule) allows(imp string, p listed) error {
	switch {
	case p.Standard || imp == "C" && r.cgo:
		return nil
	case strings.HasPrefix(imp, module+"/") || imp == module:
		if !slices.Contains(r.pkgs, relative(imp)) {
			return errors.New("not an allowed arrow in the rules table")
		}
		return nil
	case imp == "C":
		return errors.New("cgo is not allowed here")
	}
	for _, v := range r.vendors {
		if imp == v || strings.HasPrefix(imp, v+"/") {
			return nil
		}
	}
	return errors.New("a third-party module the rules table does not allow here")
}

// relative is a package's path inside the module, "." for the root.
func relative(path string) string {
	if path == module {
		return "."
	}
	return strings.TrimPrefix(path, module+"/")
}

// goList lists the module's packages and everything they depend on, as
// the product is built: with nodynamic, the HEIC decoder links no cgo.
func goList(t *testing.T) []listed {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command("go", "list", "-tags=nodynamic", "-deps", "-json=ImportPath,Standard,DepOnly,Imports,Deps,CgoFiles,Module", "./...")
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []listed
	for d := json.NewDecoder(bytes.NewReader(out)); ; {
		var p listed
		if err := d.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decode go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) == 0 {
		t.Fatal("go list found no packages")
	}
	return pkgs
}
