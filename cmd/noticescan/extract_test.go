package main_test

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/noticegen"
)

// TestExtract_CLI runs `noticescan extract` on a folder holding generated
// notices, a corrupt PDF, a zero-byte image and a file that is not a
// document: the good files are reported with their identifiers, the bad
// ones with a clear error each, the non-document is skipped, and the exit
// status says something failed.
func TestExtract_CLI(t *testing.T) {
	notices := mustGenerate(t, noticegen.Options{
		Seed: 99, Count: 2, Formats: []noticegen.Format{noticegen.FormatPDFDigital}, MaxPages: 2,
	})
	dir := t.TempDir()
	for _, n := range notices {
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(n.Path)), n.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	must := func(name string, data []byte) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	must("sub/broken.pdf", notices[0].Data[:len(notices[0].Data)/4])
	must("empty.png", nil)
	must("notes.txt", []byte("Receipt Number: EAC2190012345\n"))

	t.Run("JSONL", func(t *testing.T) {
		out, errOut, err := runCLIStatus(t, nil, "extract", "--format", "jsonl", "--workers", "2", dir)
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 {
			t.Fatalf("exit %v, want status 1; stderr:\n%s", err, errOut)
		}
		if !strings.Contains(errOut, "skipped 1 file") {
			t.Errorf("stderr does not report the skipped non-document:\n%s", errOut)
		}
		byName := map[string]extractReport{}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var r extractReport
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatalf("bad JSONL line %q: %v", line, err)
			}
			byName[filepath.Base(r.File)] = r
		}
		if len(byName) != 4 {
			t.Fatalf("got %d reports, want 4 (2 notices, broken.pdf, empty.png): %v", len(byName), out)
		}
		for _, n := range notices {
			r := byName[filepath.Base(n.Path)]
			if r.Status != "complete" || r.SHA256 != n.SHA {
				t.Errorf("%s: status %s sha %s", n.Truth.File, r.Status, r.SHA256)
			}
			if got, want := findingKeys(r.Findings), truthKeys(n.Truth); strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("%s: findings %v, want %v", n.Truth.File, got, want)
			}
		}
		for _, bad := range []struct{ name, want string }{{"broken.pdf", "corrupt"}, {"empty.png", "empty"}} {
			r := byName[bad.name]
			if r.Status != "failed" || !strings.Contains(strings.ToLower(r.Error), bad.want) {
				t.Errorf("%s: status %q error %q, want failed mentioning %q", bad.name, r.Status, r.Error, bad.want)
			}
		}
	})
	t.Run("CSV", func(t *testing.T) {
		out, _, _ := runCLIStatus(t, nil, "extract", "--format", "csv", "--quiet", filepath.Join(dir, filepath.Base(notices[0].Path)), filepath.Join(dir, "empty.png"))
		body, ok := strings.CutPrefix(out, "\ufeff")
		if !ok || strings.Count(body, "\r\n") != 3 {
			t.Errorf("CSV without its byte order mark or CRLF line ends:\n%q", out)
		}
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("CSV does not parse: %v\n%s", err, out)
		}
		if len(rows) != 3 || !slices.Equal(rows[0], batchResultColumns) {
			t.Fatalf("rows %q, want the results table's header and one row per document", rows)
		}
		if rows[1][2] != "complete" || rows[2][2] != "failed" || rows[2][3] == "" {
			t.Errorf("status %s and %s (error %q); want complete, then failed with its reason", rows[1][2], rows[2][2], rows[2][3])
		}
	})
	t.Run("ErrUsage", func(t *testing.T) {
		_, errOut, err := runCLIStatus(t, nil, "extract", "--format", "xml", dir)
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(errOut, "json, jsonl, csv or xlsx") {
			t.Fatalf("exit %v stderr %q, want status 2 naming the formats", err, errOut)
		}
	})
	t.Run("Help", func(t *testing.T) {
		out := runCLI(t, nil, "extract", "--help")
		for _, section := range []string{"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "EXAMPLES"} {
			if !strings.Contains(out, section) {
				t.Errorf("--help lacks %s", section)
			}
		}
	})
}

// TestExtract_FastOCR checks that --fast-ocr reaches the engine: a 200-DPI
// scan is read as scanned (its page is 1700 pixels wide, not resampled to
// 2550), and a light scan still gives its identifiers.
func TestExtract_FastOCR(t *testing.T) {
	notices := mustGenerate(t, noticegen.Options{
		Seed: 31, Count: 1, Formats: []noticegen.Format{noticegen.FormatPDFScan}, MaxPages: 1,
		Degradations: []noticegen.Level{noticegen.LevelLight}, DPIs: []int{200}, Turned: false,
	})
	path := filepath.Join(t.TempDir(), filepath.Base(notices[0].Path))
	if err := os.WriteFile(path, notices[0].Data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args  []string
		width float64
	}{
		{[]string{"extract", "--format", "jsonl", "--quiet", path}, 2550},
		{[]string{"extract", "--format", "jsonl", "--quiet", "--fast-ocr", path}, 1700},
	} {
		var r extractReport
		if err := json.Unmarshal([]byte(runCLI(t, nil, c.args...)), &r); err != nil {
			t.Fatal(err)
		}
		if len(r.Pages) != 1 || r.Pages[0].Source != "ocr" || r.Pages[0].Width != c.width {
			t.Errorf("%v: pages %+v, want one OCR page %.0f pixels wide", c.args, r.Pages, c.width)
		}
		if got, want := findingKeys(r.Findings), truthKeys(notices[0].Truth); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%v: findings %v, want %v", c.args, got, want)
		}
	}

	// batch takes it as a bare flag too, and the environment variable
	// must be a boolean.
	out := filepath.Join(t.TempDir(), "rows.jsonl")
	if _, errOut, err := runCLIStatus(t, nil, "batch", "--fast-ocr", "--quiet", "--out", out, path); err != nil {
		t.Fatalf("batch --fast-ocr: %v\n%s", err, errOut)
	}
	rows := batchReadJSONL(t, out)
	if len(rows) != 1 || rows[0].Status != "complete" {
		t.Fatalf("batch rows %+v", rows)
	}
	var fs []finding
	for _, f := range rows[0].Findings {
		fs = append(fs, finding{Kind: f.Kind, Value: f.Value})
	}
	if got, want := findingKeys(fs), truthKeys(notices[0].Truth); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("batch --fast-ocr findings %v, want %v", got, want)
	}
	_, errOut, err := runCLIStatus(t, []string{"NOTICESCAN_FAST_OCR=sometimes"}, "batch", "--quiet", "--out", out+"2", path)
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(errOut, "NOTICESCAN_FAST_OCR") {
		t.Errorf("bad NOTICESCAN_FAST_OCR: %v\n%s", err, errOut)
	}
}
