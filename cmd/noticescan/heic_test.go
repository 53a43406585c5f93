package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"image"
	"image/draw"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/document/heiftest"
	"github.com/noticescan/noticescan/noticegen"
)

// TestExtract_HEIC runs `noticescan extract` on a folder holding a
// generated notice photo as JPEG, the same picture as HEIC, and a HEIC cut
// short: the HEIC is found by its name in the folder, read with the same
// findings as the JPEG, and the cut one fails as corrupt. Every stdout
// line must be a report: the decoder writes nothing there.
func TestExtract_HEIC(t *testing.T) {
	n := mustGenerate(t, noticegen.Options{
		Seed: 6262, Count: 1, Formats: []noticegen.Format{noticegen.FormatJPEG},
		Degradations: []noticegen.Level{noticegen.LevelLight}, DPIs: []int{150}, Turned: false,
	})[0]
	gray, err := jpeg.Decode(bytes.NewReader(n.Data))
	if err != nil {
		t.Fatal(err)
	}
	photo := image.NewRGBA(gray.Bounds())
	draw.Draw(photo, photo.Bounds(), gray, gray.Bounds().Min, draw.Src)
	heic := heiftest.MustEncode(t, photo)

	dir := t.TempDir()
	for name, data := range map[string][]byte{"notice.jpg": n.Data, "notice.heic": heic, "cut.HEIC": heic[:len(heic)/3]} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, errOut, err := runCLIStatus(t, nil, "extract", "--format", "jsonl", "--workers", "1", dir)
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("exit %v, want status 1 for the cut file; stderr:\n%s", err, errOut)
	}
	byName := map[string]extractReport{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r extractReport
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("stdout line %q is not a report: %v", line, err)
		}
		byName[filepath.Base(r.File)] = r
	}
	jpg, hc, cut := byName["notice.jpg"], byName["notice.heic"], byName["cut.HEIC"]
	if jpg.Status != "complete" || len(jpg.Findings) == 0 {
		t.Fatalf("notice.jpg: status %q, %d findings: nothing to compare", jpg.Status, len(jpg.Findings))
	}
	if hc.Status != "complete" || hc.MediaType != "image/heic" {
		t.Errorf("notice.heic: status %q media type %q error %q", hc.Status, hc.MediaType, hc.Error)
	}
	if !slices.Equal(findingKeys(hc.Findings), findingKeys(jpg.Findings)) {
		t.Errorf("notice.heic gave %d findings unlike the JPEG's %d", len(hc.Findings), len(jpg.Findings))
	}
	if cut.Status != "failed" || !strings.Contains(cut.Error, "corrupt") {
		t.Errorf("cut.HEIC: status %q error %q, want failed as corrupt", cut.Status, cut.Error)
	}
}
