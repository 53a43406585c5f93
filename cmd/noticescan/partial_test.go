package main_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/noticegen"
)

// mustRedactedPage writes a 150-DPI page whose every line of text was
// blacked out: plenty of ink, and nothing Tesseract can read in it.
func mustRedactedPage(tb testing.TB, dir string) string {
	tb.Helper()
	g := image.NewGray(image.Rect(0, 0, 1275, 1650))
	for i := range g.Pix {
		g.Pix[i] = 250
	}
	for line := 0; line < 40; line++ {
		y := 150 + 32*line
		w := 700 + (line*137)%350 // ragged right, as text is
		for yy := y; yy < y+16; yy++ {
			for x := 150; x < 150+w; x++ {
				g.Pix[yy*g.Stride+x] = 15
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, g); err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(dir, "redacted.png")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// TestExtract_PartialIsNotAFailure: a page of ink that reads as nothing
// makes its document partial, with a warning naming the page; extract and
// batch still exit 0 beside a complete document, and their summaries count
// the document to check.
func TestExtract_PartialIsNotAFailure(t *testing.T) {
	notices := mustGenerate(t, noticegen.Options{Seed: 12, Count: 1, Formats: []noticegen.Format{noticegen.FormatPDFDigital}, MaxPages: 1})
	dir := t.TempDir()
	good := filepath.Join(dir, filepath.Base(notices[0].Path))
	if err := os.WriteFile(good, notices[0].Data, 0o644); err != nil {
		t.Fatal(err)
	}
	redacted := mustRedactedPage(t, dir)

	t.Run("Extract", func(t *testing.T) {
		out, errOut, err := runCLIStatus(t, nil, "extract", "--format", "jsonl", "--workers", "1", good, redacted)
		if err != nil {
			t.Fatalf("exit %v, want 0 (a partial document is a result); stderr:\n%s", err, errOut)
		}
		status := map[string]extractReport{}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var r extractReport
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatalf("bad JSONL line %q: %v", line, err)
			}
			status[filepath.Base(r.File)] = r
		}
		if r := status["redacted.png"]; r.Status != "partial" || !slices.Contains(r.Warnings, "page 1: text could not be read") {
			t.Errorf("redacted page: status %q warnings %q; want partial naming page 1", r.Status, r.Warnings)
		}
		if r := status[filepath.Base(good)]; r.Status != "complete" {
			t.Errorf("notice: status %q warnings %q; want complete", r.Status, r.Warnings)
		}
		if !strings.Contains(errOut, "1 complete, 1 partial (to check), 0 failed") {
			t.Errorf("summary does not count the document to check:\n%s", errOut)
		}
	})
	t.Run("Batch", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "rows.jsonl")
		_, errOut, err := runCLIStatus(t, nil, "batch", "--workers", "1", "--progress", "none", "--out", out, dir)
		if err != nil {
			t.Fatalf("exit %v, want 0; stderr:\n%s", err, errOut)
		}
		if !strings.Contains(errOut, "to check (first 1 of 1 partial):") || !strings.Contains(errOut, "redacted.png: page 1: text could not be read") {
			t.Errorf("summary does not list the document to check:\n%s", errOut)
		}
		// A second run finds both rows done, and a partial row is no
		// failure to report again.
		if _, errOut, err := runCLIStatus(t, nil, "batch", "--workers", "1", "--progress", "none", "--out", out, dir); err != nil {
			t.Fatalf("resumed run: exit %v, want 0; stderr:\n%s", err, errOut)
		}
	})
}
