package main_test

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/noticescan/noticescan/document/heiftest"
	"github.com/noticescan/noticescan/noticegen"
	"github.com/noticescan/noticescan/storage/s3"
	"github.com/noticescan/noticescan/storage/storagetest"
)

// The batch tests run the real binary, built once by TestBatch, on
// notices from the generator: born-digital PDFs (exact, fast) and a few
// small scans (real Tesseract), in archives the test builds, with corrupt
// and hostile entries among them.

// batchFixture is what the batch subtests share.
type batchFixture struct {
	bin  string
	dir  string
	docs map[string]batchDoc // by file name as batch reports it
	// digital and scans are the generated files, by generated name.
	digital, scans map[string]batchDoc
}

// batchDoc is one generated notice and its truth.
type batchDoc struct {
	data  []byte
	truth noticegen.Truth
}

// batchRowOut is the part of a JSONL row the tests check.
type batchRowOut struct {
	File     string         `json:"file"`
	SHA256   string         `json:"sha256"`
	Status   string         `json:"status"`
	Error    string         `json:"error"`
	Pages    int            `json:"pages"`
	OAN      string         `json:"online_account_number"`
	Receipt  string         `json:"receipt_number"`
	ANumber  string         `json:"a_number"`
	Findings []batchFinding `json:"findings"`
}

// batchFinding is the part of a finding the tests check.
type batchFinding struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
	Page  int    `json:"page"`
}

func TestBatch(t *testing.T) {
	f := newBatchFixture(t)
	t.Run("ZipAndTgzRowsMatchTruth", f.testZipAndTgz)
	t.Run("CSVOpensCleanlyAndResumes", f.testCSV)
	t.Run("InterruptKeepsOutputValid", f.testInterrupt)
	t.Run("S3Source", f.testS3)
	t.Run("UsageErrorsExit2", f.testUsage)
}

func newBatchFixture(t *testing.T) *batchFixture {
	t.Helper()
	f := &batchFixture{dir: t.TempDir(), digital: map[string]batchDoc{}, scans: map[string]batchDoc{}}
	// The binary TestMain built: building it again cost a link under
	// the race-detected test run's load.
	f.bin = binary
	gen := func(into map[string]batchDoc, sub string, opts noticegen.Options) {
		dir := filepath.Join(f.dir, sub)
		truths, err := noticegen.Generate(dir, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range truths {
			data, err := os.ReadFile(filepath.Join(dir, tr.File))
			if err != nil {
				t.Fatal(err)
			}
			into[tr.File] = batchDoc{data, tr}
		}
	}
	gen(f.digital, "digital", noticegen.Options{Seed: 11, Count: 8, MaxPages: 2, Formats: []noticegen.Format{noticegen.FormatPDFDigital}})
	gen(f.scans, "scans", noticegen.Options{Seed: 21, Count: 3, Formats: []noticegen.Format{noticegen.FormatPNG},
		Degradations: []noticegen.Level{noticegen.LevelNone}, DPIs: []int{100}})
	return f
}

// run runs noticescan in dir and returns its outputs and exit code.
func (f *batchFixture) run(t *testing.T, dir string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, f.bin, args...)
	cmd.Dir = dir
	cmd.Env = batchEnv(env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("noticescan %s: %v", strings.Join(args, " "), err)
	}
	return o.String(), e.String(), code
}

// batchEnv is the test's environment without NOTICESCAN_* settings, plus extra.
func batchEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NOTICESCAN_") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// batchZipMember is one entry of a zip the test builds.
type batchZipMember struct {
	name  string
	data  []byte
	mode  fs.FileMode
	flags uint16
}

func batchWriteZip(t *testing.T, path string, members []batchZipMember) {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, m := range members {
		fh := &zip.FileHeader{Name: m.name, Method: zip.Deflate, Flags: m.flags}
		if m.mode != 0 {
			fh.SetMode(m.mode)
		}
		w, err := zw.CreateHeader(fh)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(m.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// batchExpect is what the row of one entry must say.
type batchExpect struct {
	status string
	doc    *batchDoc // generated notice whose truth the row must match
	scan   bool      // read by OCR: one miss or misread allowed
	reason string    // for failed rows, a phrase of the error
}

// batchHostileMembers are entries that every archive source must refuse, each
// with a row saying why.
func batchHostileMembers(inner []byte) ([]batchZipMember, map[string]batchExpect) {
	members := []batchZipMember{
		{name: "../../escape.pdf", data: []byte("%PDF-1.4 escape")},
		{name: "/etc/cron.d/abs.pdf", data: []byte("%PDF-1.4 abs")},
		{name: "nested/inner.zip", data: inner},
		{name: "nested/renamed.pdf", data: inner},
		{name: "locked/secret.pdf", data: []byte("encrypted bytes"), flags: 0x1},
		{name: "links/passwd.pdf", data: []byte("/etc/passwd"), mode: fs.ModeSymlink | 0o777},
	}
	want := map[string]batchExpect{
		"../../escape.pdf":    {status: "failed", reason: "unsafe name"},
		"/etc/cron.d/abs.pdf": {status: "failed", reason: "unsafe name"},
		"nested/inner.zip":    {status: "failed", reason: "archive inside"},
		"nested/renamed.pdf":  {status: "failed", reason: "archive inside"},
		"locked/secret.pdf":   {status: "failed", reason: "encrypted"},
		"links/passwd.pdf":    {status: "failed", reason: "link"},
	}
	return members, want
}

// mailZip builds the test's main archive: generated notices in nested
// folders, corrupt files, a file that is not a document, and hostile
// entries. It returns the expected row of every entry that gets one.
func (f *batchFixture) mailZip(t *testing.T, path string, withScans bool) map[string]batchExpect {
	t.Helper()
	base := filepath.Base(path)
	want := map[string]batchExpect{}
	var members []batchZipMember
	add := func(name string, data []byte, e batchExpect) {
		members = append(members, batchZipMember{name: name, data: data})
		want[base+"!"+name] = e
	}
	i := 0
	for _, name := range batchSortedKeys(f.digital) {
		d := f.digital[name]
		add(fmt.Sprintf("%d/client-%c/%s", 2019+i%3, 'a'+i%2, name), d.data, batchExpect{status: "complete", doc: &d})
		i++
	}
	if withScans {
		for _, name := range batchSortedKeys(f.scans) {
			d := f.scans[name]
			add("scans/"+name, d.data, batchExpect{status: "complete", doc: &d, scan: true})
		}
		// The first scan again as a phone's HEIC, and one cut short.
		d := f.scans[batchSortedKeys(f.scans)[0]]
		heic := heiftest.MustEncode(t, batchColour(t, d.data))
		hd := batchDoc{heic, d.truth}
		add("phone/"+strings.TrimSuffix(d.truth.File, ".png")+".heic", heic, batchExpect{status: "complete", doc: &hd, scan: true})
		add("phone/cut.heic", heic[:len(heic)/2], batchExpect{status: "failed", reason: "corrupt"})
	}
	first := f.digital[batchSortedKeys(f.digital)[0]].data
	add("2021/broken.pdf", first[:len(first)/2], batchExpect{status: "failed", reason: "corrupt"})
	add("2021/garbage.jpg", bytes.Repeat([]byte("not a jpeg "), 100), batchExpect{status: "failed", reason: "unsupported"})
	add("2021/empty.pdf", nil, batchExpect{status: "failed", reason: "empty"})
	members = append(members, batchZipMember{name: "2021/notes.txt", data: []byte("call the client back\n")})
	var inner bytes.Buffer
	zw := zip.NewWriter(&inner)
	w, _ := zw.Create("x.pdf")
	w.Write(first)
	zw.Close()
	hostile, hw := batchHostileMembers(inner.Bytes())
	members = append(members, hostile...)
	for name, e := range hw {
		want[base+"!"+name] = e
	}
	batchWriteZip(t, path, members)
	return want
}

// batchColour decodes a PNG into colour pixels, as a phone stores them.
func batchColour(t *testing.T, data []byte) *image.RGBA {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out := image.NewRGBA(img.Bounds())
	draw.Draw(out, out.Bounds(), img, img.Bounds().Min, draw.Src)
	return out
}

// linksTgz builds a tar.gz with a symlink, a hard link, a climbing name
// and one notice.
func (f *batchFixture) linksTgz(t *testing.T, path string) map[string]batchExpect {
	t.Helper()
	d := f.digital[batchSortedKeys(f.digital)[1]]
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	tw := tar.NewWriter(zw)
	for _, h := range []*tar.Header{
		{Name: "tgz/notice.pdf", Typeflag: tar.TypeReg, Size: int64(len(d.data)), Mode: 0o644},
		{Name: "tgz/shadow.pdf", Typeflag: tar.TypeSymlink, Linkname: "/etc/shadow", Mode: 0o777},
		{Name: "tgz/hard.pdf", Typeflag: tar.TypeLink, Linkname: "tgz/notice.pdf"},
		{Name: "../tgz-escape.pdf", Typeflag: tar.TypeReg, Size: 4, Mode: 0o644},
	} {
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Name == "tgz/notice.pdf" {
			tw.Write(d.data)
		} else if h.Size > 0 {
			tw.Write([]byte("%PDF"))
		}
	}
	tw.Close()
	zw.Close()
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	base := filepath.Base(path)
	// The notice is also in mail.zip: same bytes, so a duplicate with no row.
	return map[string]batchExpect{
		base + "!tgz/shadow.pdf":    {status: "failed", reason: "link"},
		base + "!tgz/hard.pdf":      {status: "failed", reason: "link"},
		base + "!../tgz-escape.pdf": {status: "failed", reason: "unsafe name"},
	}
}

func batchSortedKeys[V any](m map[string]V) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	slices.Sort(k)
	return k
}

// batchReadJSONL reads batch output, failing on any line that is not a whole
// JSON row.
func batchReadJSONL(t *testing.T, path string) []batchRowOut {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		t.Fatalf("%s does not end with a newline: a row was written half", path)
	}
	var rows []batchRowOut
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 16<<20)
	for n := 1; sc.Scan(); n++ {
		var r batchRowOut
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s line %d: %v: %.200s", path, n, err, sc.Text())
		}
		rows = append(rows, r)
	}
	return rows
}

// batchCheckRows checks that the rows are exactly the expected ones, each as
// expected: statuses, reasons, digests, and the identifiers against the
// generator's truth.
func batchCheckRows(t *testing.T, rows []batchRowOut, want map[string]batchExpect) {
	t.Helper()
	seen := map[string]bool{}
	for _, r := range rows {
		if seen[r.File] {
			t.Errorf("%s: two rows", r.File)
		}
		seen[r.File] = true
		w, ok := want[r.File]
		if !ok {
			t.Errorf("%s: unexpected row (%s: %s)", r.File, r.Status, r.Error)
			continue
		}
		if r.Status != w.status {
			t.Errorf("%s: status %s (%s), want %s", r.File, r.Status, r.Error, w.status)
			continue
		}
		if w.reason != "" && !strings.Contains(strings.ToLower(r.Error), w.reason) {
			t.Errorf("%s: error %q does not say %q", r.File, r.Error, w.reason)
		}
		if w.doc != nil {
			sum := sha256.Sum256(w.doc.data)
			if r.SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("%s: sha256 %s is not that of the document", r.File, r.SHA256)
			}
			if r.Pages != w.doc.truth.Pages {
				t.Errorf("%s: %d pages, want %d", r.File, r.Pages, w.doc.truth.Pages)
			}
			batchCheckIdentifiers(t, r, w)
		}
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("%s: no row", name)
		}
	}
}

// batchCheckIdentifiers compares a row's columns with its findings and with
// the truth: exact for born-digital notices, one miss and one misread
// allowed for a scan read by OCR.
func batchCheckIdentifiers(t *testing.T, r batchRowOut, w batchExpect) {
	t.Helper()
	columns := map[string]string{"online_account_number": r.OAN, "receipt_number": r.Receipt, "a_number": r.ANumber}
	got, truth := map[string]bool{}, map[string]bool{}
	for kind, joined := range columns {
		var fromFindings []string
		for _, fd := range r.Findings {
			if fd.Kind == kind {
				fromFindings = append(fromFindings, fd.Value)
			}
		}
		if joined != strings.Join(fromFindings, ";") {
			t.Errorf("%s: %s column %q, findings say %q", r.File, kind, joined, fromFindings)
		}
		for _, v := range fromFindings {
			got[kind+" "+v] = true
		}
	}
	for _, fd := range w.doc.truth.Findings {
		truth[string(fd.Kind)+" "+fd.Value] = true
	}
	var missed, spurious int
	for k := range truth {
		if !got[k] {
			missed++
		}
	}
	for k := range got {
		if !truth[k] {
			spurious++
		}
	}
	allowed := 0
	if w.scan {
		allowed = 1
	}
	if missed > allowed || spurious > allowed {
		t.Errorf("%s: %d identifier(s) missed and %d spurious against the truth (allowed %d each)", r.File, missed, spurious, allowed)
	}
}

// batchSummaryCount reads a number from the summary, e.g. "pages read: 12".
func batchSummaryCount(t testing.TB, stderr, pattern string) int {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("summary has no %q:\n%s", pattern, stderr)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// testZipAndTgz runs batch over a zip and a tar.gz, checks every row
// against the truth, then runs it again: no OCR, nothing new. Then it cuts
// the last row in half, as a crash would, and checks that exactly that
// document is done again.
func (f *batchFixture) testZipAndTgz(t *testing.T) {
	dir := t.TempDir()
	want := f.mailZip(t, filepath.Join(dir, "mail.zip"), true)
	for k, v := range f.linksTgz(t, filepath.Join(dir, "links.tgz")) {
		want[k] = v
	}
	out := filepath.Join(dir, "results.jsonl")
	args := []string{"batch", "mail.zip", "links.tgz", "--out", "results.jsonl", "--workers", "2", "--progress", "lines", "--progress-every", "200ms"}
	_, stderr, code := f.run(t, dir, nil, args...)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (some files failed)\n%s", code, stderr)
	}
	rows := batchReadJSONL(t, out)
	batchCheckRows(t, rows, want)
	if !regexp.MustCompile(`noticescan batch: \d+/(\d+|\?) files, \d+ pages, [0-9.]+ pages/s, \d+ failed, ETA`).MatchString(stderr) {
		t.Errorf("no progress line on stderr:\n%s", stderr)
	}
	for _, s := range []string{"1 duplicate(s)", "1 not document(s)", "failures (first"} {
		if !strings.Contains(stderr, s) {
			t.Errorf("summary does not say %q:\n%s", s, stderr)
		}
	}
	before, _ := os.ReadFile(out)

	t.Run("ResumeReadsNothingAgain", func(t *testing.T) {
		start := time.Now()
		_, stderr, code := f.run(t, dir, nil, args...)
		if code != 1 {
			t.Fatalf("exit %d, want 1 (earlier rows failed)\n%s", code, stderr)
		}
		after, _ := os.ReadFile(out)
		if !bytes.Equal(before, after) {
			t.Fatalf("output changed on a resumed run with nothing to do")
		}
		if n := batchSummaryCount(t, stderr, `pages read: (\d+)`); n != 0 {
			t.Errorf("%d pages read again, want 0", n)
		}
		if n := batchSummaryCount(t, stderr, `skipped: (\d+) already in`); n != len(want)+1 {
			t.Errorf("%d skipped as done, want %d (every row, and the duplicate)", n, len(want)+1)
		}
		t.Logf("resumed run with nothing to do: %s", time.Since(start).Round(time.Millisecond))
	})

	t.Run("TruncatedLastRowRedone", func(t *testing.T) {
		data, _ := os.ReadFile(out)
		lines := bytes.SplitAfter(data, []byte("\n"))
		lines = lines[:len(lines)-1] // the empty string after the last newline
		var last batchRowOut
		if err := json.Unmarshal(lines[len(lines)-1], &last); err != nil {
			t.Fatal(err)
		}
		cut := len(data) - len(lines[len(lines)-1])/2
		if err := os.WriteFile(out, data[:cut], 0o644); err != nil {
			t.Fatal(err)
		}
		_, stderr, _ := f.run(t, dir, nil, args...)
		rows := batchReadJSONL(t, out)
		batchCheckRows(t, rows, want)
		if got := batchSummaryCount(t, stderr, `pages read: (\d+)`); got != last.Pages {
			t.Errorf("%d pages read, want %d: only %s again", got, last.Pages, last.File)
		}
		if rows[len(rows)-1].File != last.File {
			t.Errorf("last row is %s, want %s written again", rows[len(rows)-1].File, last.File)
		}
	})
}

// testCSV writes CSV: header, quoting, cells a spreadsheet would run as
// formulas disarmed, one line per row; and a second run adds nothing.
func (f *batchFixture) testCSV(t *testing.T) {
	dir := t.TempDir()
	want := f.mailZip(t, filepath.Join(dir, "mail.zip"), false)
	// A folder whose name a spreadsheet would take for a formula.
	formula := filepath.Join(dir, "=HYPERLINK(1)")
	d := f.digital[batchSortedKeys(f.digital)[2]]
	if err := os.MkdirAll(formula, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(formula, "copy, \"quoted\".pdf"), append(append([]byte{}, d.data...), '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"batch", "mail.zip", "=HYPERLINK(1)", "--out", "results.csv", "--quiet"}
	_, stderr, code := f.run(t, dir, nil, args...)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, stderr)
	}
	read := func() (header []string, rows [][]string, raw []byte) {
		raw, err := os.ReadFile(filepath.Join(dir, "results.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(raw, []byte("\ufeff")) {
			t.Fatalf("CSV does not start with a UTF-8 byte order mark")
		}
		recs, err := csv.NewReader(bytes.NewReader(raw[3:])).ReadAll()
		if err != nil {
			t.Fatalf("CSV does not parse: %v", err)
		}
		return recs[0], recs[1:], raw
	}
	header, rows, raw := read()
	if !slices.Equal(header, batchResultColumns) {
		t.Fatalf("header %q", strings.Join(header, ","))
	}
	if n := bytes.Count(raw, []byte("\r\n")); n != len(rows)+1 {
		t.Errorf("%d CRLF line ends for %d records: a cell holds a line break", n, len(rows)+1)
	}
	var out []batchRowOut
	for _, r := range rows {
		if len(r) != len(header) {
			t.Fatalf("row of %d fields, want %d: %q", len(r), len(header), r)
		}
		for i, c := range r {
			if c != "" && strings.ContainsRune("=+-@", rune(c[0])) {
				t.Errorf("column %s cell %q would run as a formula", header[i], c)
			}
		}
		// An account number starts with a digit: ' keeps it text.
		oan, marked := strings.CutPrefix(r[6], "'")
		if r[6] != "" && !marked {
			t.Errorf("online_account_number %q without its apostrophe", r[6])
		}
		row := batchRowOut{File: r[0], SHA256: r[1], Status: r[2], Error: r[3], OAN: oan, Receipt: r[9], ANumber: r[12]}
		row.Pages, _ = strconv.Atoi(r[5])
		// The CSV has no findings column: rebuild them from the kind
		// columns so that batchCheckRows compares those with the truth.
		for _, k := range []struct{ kind, values string }{{"online_account_number", row.OAN}, {"receipt_number", row.Receipt}, {"a_number", row.ANumber}} {
			for v := range strings.SplitSeq(k.values, ";") {
				if v != "" {
					row.Findings = append(row.Findings, batchFinding{Kind: k.kind, Value: v})
				}
			}
		}
		out = append(out, row)
	}
	copyName := "'=HYPERLINK(1)/copy, \"quoted\".pdf"
	withCopy := map[string]batchExpect{copyName: {status: "complete"}}
	for k, v := range want {
		withCopy[k] = v
	}
	batchCheckRows(t, out, withCopy)

	_, stderr, _ = f.run(t, dir, nil, args...)
	_, again, _ := read()
	if len(again) != len(rows) {
		t.Fatalf("resumed CSV run: %d rows, had %d\n%s", len(again), len(rows), stderr)
	}
}

// testInterrupt stops a run with SIGINT, as Ctrl-C does, while a scan is
// being read: the output holds only whole rows, and a second run writes
// the rest.
func (f *batchFixture) testInterrupt(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "inbox")
	want := map[string]batchExpect{}
	put := func(name string, d batchDoc, scan bool) {
		p := filepath.Join(src, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, d.data, 0o644); err != nil {
			t.Fatal(err)
		}
		want["inbox/"+name] = batchExpect{status: "complete", doc: &d, scan: scan}
	}
	// Scans first (a folder is read in name order), one worker, and a
	// gate that lets one document through: the run holds the second when
	// the first row appears, on any machine.
	for i, name := range batchSortedKeys(f.scans) {
		put(fmt.Sprintf("a/%d-%s", i, name), f.scans[name], true)
	}
	for _, name := range batchSortedKeys(f.digital)[:3] {
		put("b/"+name, f.digital[name], false)
	}
	out := filepath.Join(dir, "results.jsonl")
	cmd := exec.Command(f.bin, "batch", "inbox", "--out", "results.jsonl", "--workers", "1", "--quiet")
	cmd.Dir = dir
	cmd.Env = batchEnv(mustGate(t, 1).env())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		data, _ := os.ReadFile(out)
		if bytes.Count(data, []byte("\n")) >= 1 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no row after 2 minutes\n%s", stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Fatalf("interrupted run: %v, want exit 130\n%s", err, stderr.String())
	}
	rows := batchReadJSONL(t, out)
	if len(rows) == 0 || len(rows) >= len(want) {
		t.Fatalf("%d rows after the interrupt, want some but not all %d", len(rows), len(want))
	}
	for _, r := range rows {
		if r.Status != "complete" {
			t.Errorf("%s: %s (%s) written by the interrupted run", r.File, r.Status, r.Error)
		}
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr does not say the run was interrupted:\n%s", stderr.String())
	}

	_, errOut, code := f.run(t, dir, nil, "batch", "inbox", "--out", "results.jsonl", "--workers", "2", "--quiet")
	if code != 0 {
		t.Fatalf("second run: exit %d\n%s", code, errOut)
	}
	batchCheckRows(t, batchReadJSONL(t, out), want)
}

// testS3 reads notices from a prefix of a real S3 server, with the
// settings from the environment and a flag, as for serve.
func (f *batchFixture) testS3(t *testing.T) {
	srv := storagetest.StartS3(t)
	ctx := context.Background()
	st, err := s3.New(ctx, s3.Config{Endpoint: srv.Endpoint, Bucket: "firm-scans", Region: srv.Region,
		AccessKey: srv.AccessKey, SecretKey: srv.SecretKey, CreateBucket: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]batchExpect{}
	for i, name := range batchSortedKeys(f.digital)[:3] {
		d := f.digital[name]
		key := fmt.Sprintf("inbox/2024/%02d/%s", i+1, name)
		if err := st.Put(ctx, key, bytes.NewReader(d.data), int64(len(d.data)), "application/pdf"); err != nil {
			t.Fatal(err)
		}
		want["s3://firm-scans/"+key] = batchExpect{status: "complete", doc: &d}
	}
	other := f.digital[batchSortedKeys(f.digital)[4]].data
	if err := st.Put(ctx, "archive/old.pdf", bytes.NewReader(other), int64(len(other)), "application/pdf"); err != nil {
		t.Fatal(err)
	}
	zipped := []byte("PK\x03\x04 not opened from a bucket")
	if err := st.Put(ctx, "inbox/batch.zip", bytes.NewReader(zipped), int64(len(zipped)), ""); err != nil {
		t.Fatal(err)
	}
	want["s3://firm-scans/inbox/batch.zip"] = batchExpect{status: "failed", reason: "archive inside"}

	dir := t.TempDir()
	env := []string{"NOTICESCAN_S3_ENDPOINT=" + srv.Endpoint, "NOTICESCAN_S3_REGION=" + srv.Region,
		"NOTICESCAN_S3_ACCESS_KEY=" + srv.AccessKey, "NOTICESCAN_S3_SECRET_KEY=" + srv.SecretKey}
	_, stderr, code := f.run(t, dir, env, "batch", "s3://firm-scans/inbox/", "--s3-tls=false", "--out", "s3.jsonl", "--quiet")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (the zip is refused)\n%s", code, stderr)
	}
	batchCheckRows(t, batchReadJSONL(t, filepath.Join(dir, "s3.jsonl")), want)
}

// testUsage: --help reads like a man page; a bad command line exits 2
// before any work.
func (f *batchFixture) testUsage(t *testing.T) {
	dir := t.TempDir()
	stdout, _, code := f.run(t, dir, nil, "batch", "--help")
	if code != 0 {
		t.Fatalf("--help exit %d", code)
	}
	for _, s := range []string{"NAME", "SYNOPSIS", "DESCRIPTION", "ARCHIVES", "OPTIONS", "OUTPUT", "EXIT STATUS", "EXAMPLES", "NOTICESCAN_S3_ENDPOINT"} {
		if !strings.Contains(stdout, s) {
			t.Errorf("--help has no %s", s)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "other.jsonl"), []byte("{\"x\":1}\nnot json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"NoOut", []string{"batch", "."}},
		{"NoSource", []string{"batch", "--out", "r.jsonl"}},
		{"UnknownFormat", []string{"batch", ".", "--out", "r.json"}},
		{"MissingSource", []string{"batch", "missing.zip", "--out", "r.jsonl"}},
		{"S3WithoutEndpoint", []string{"batch", "s3://bucket/prefix", "--out", "r.jsonl"}},
		{"OutputNotOurs", []string{"batch", ".", "--out", "other.jsonl"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := f.run(t, dir, nil, tt.args...)
			if code != 2 || !strings.Contains(stderr, "batch") {
				t.Fatalf("exit %d, want 2 with a message; stderr:\n%s", code, stderr)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "r.jsonl")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a usage error created the output file")
	}
}
