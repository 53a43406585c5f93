package main_test

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/noticescan/noticescan/noticegen"
)

// notice is one generated file and its truth.
type notice struct {
	Path  string
	Data  []byte
	SHA   string
	Truth noticegen.Truth
}

// mustGenerate writes notices with noticegen into a temporary directory
// and remembers every identifier on them for the log check.
func mustGenerate(tb testing.TB, opts noticegen.Options) []notice {
	tb.Helper()
	dir := tb.TempDir()
	truths, err := noticegen.Generate(dir, opts)
	if err != nil {
		tb.Fatalf("generate notices: %v", err)
	}
	out := make([]notice, len(truths))
	for i, t := range truths {
		path := filepath.Join(dir, t.File)
		data, err := os.ReadFile(path)
		if err != nil {
			tb.Fatal(err)
		}
		sum := sha256.Sum256(data)
		out[i] = notice{Path: path, Data: data, SHA: hex.EncodeToString(sum[:]), Truth: t}
		for _, f := range t.Findings {
			rememberIdentifier(f.Value)
		}
	}
	return out
}

func paths(ns []notice) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Path
	}
	return out
}

// mustExtract runs `noticescan extract --format jsonl` on files and
// returns its report for each, by path. Exit status 1 (a document failed
// or is partial) still gives a report per file, which the caller compares.
func mustExtract(tb testing.TB, workers int, files ...string) map[string]extractReport {
	tb.Helper()
	args := append([]string{"extract", "--format", "jsonl", "--quiet", "--workers", strconv.Itoa(workers)}, files...)
	out, errOut, err := runCLIStatus(tb, nil, args...)
	if err != nil && !strings.Contains(err.Error(), "exit status 1") {
		tb.Fatalf("noticescan extract: %v\nstderr:\n%s", err, errOut)
	}
	reports := map[string]extractReport{}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var r extractReport
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatalf("extract: bad jsonl line: %v: %.300s", err, sc.Bytes())
		}
		reports[r.File] = r
		for _, f := range r.Findings {
			rememberIdentifier(f.Value)
			if len(unseparated.Replace(f.Display)) >= 9 {
				// Shorter, an A-Number printed without its prefix and
				// zeros could match a timestamp's digits by chance.
				rememberIdentifier(f.Display)
			}
		}
	}
	for _, f := range files {
		if _, ok := reports[f]; !ok {
			tb.Fatalf("extract: no report for %s; stderr:\n%s", f, errOut)
		}
	}
	return reports
}

// identifiers are every identifier value of the notices generated in this
// run, as truth gives them and as the extractor displayed them. No server
// log and no metrics page may hold one.
var identifiers = struct {
	sync.Mutex
	values map[string]bool
}{values: map[string]bool{}}

// rememberIdentifier adds v to the values the log check looks for. Short
// strings are not identifiers and would match by chance.
func rememberIdentifier(v string) {
	if len(strings.TrimSpace(v)) < 8 {
		return
	}
	identifiers.Lock()
	identifiers.values[v] = true
	identifiers.Unlock()
}

func knownIdentifiers() []string {
	identifiers.Lock()
	defer identifiers.Unlock()
	out := make([]string, 0, len(identifiers.values))
	for v := range identifiers.values {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

// unseparated drops the separators people write identifiers with, so
// that "EAC-21-900-12345" and "A 123 456 789" are found as well.
var unseparated = strings.NewReplacer("-", "", " ", "", "\u00a0", "")

// assertNoIdentifiers fails the test if text holds any known identifier,
// as written or with its separators removed (on either side).
func assertNoIdentifiers(tb testing.TB, where, text string) {
	tb.Helper()
	flat := unseparated.Replace(text)
	ids := knownIdentifiers()
	if len(ids) == 0 {
		tb.Errorf("%s: no identifiers were generated, so the check for them would check nothing", where)
	}
	for _, v := range ids {
		if strings.Contains(text, v) || strings.Contains(flat, unseparated.Replace(v)) {
			i := strings.Index(flat, unseparated.Replace(v))
			tb.Errorf("%s holds the identifier %q (near %q)", where, v, around(flat, i))
		}
	}
}

func around(s string, i int) string {
	if i < 0 {
		return ""
	}
	return s[max(0, i-80):min(len(s), i+60)]
}

// objectCopies counts, under root, the regular files whose bytes are
// data: where an object store keeps the uploads, whatever it names them.
func objectCopies(tb testing.TB, root string, data []byte) int {
	tb.Helper()
	n := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if info, err := d.Info(); err != nil || info.Size() != int64(len(data)) {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Equal(b, data) {
			n++
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("walk %s: %v", root, err)
	}
	return n
}
