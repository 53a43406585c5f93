package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/noticegen"
	"github.com/noticescan/noticescan/pipeline"
	"github.com/noticescan/noticescan/results"
)

// abbreviation matches an abbreviated "account number" in a label.
var abbreviation = regexp.MustCompile(`(?i)(acct|acc\b|\bno\b|nbr|num\b|#)`)

// TestProcess_AbbreviatedLabels reads clean 300 DPI scans whose labels are
// abbreviated ("Online Acct #", "Alien Reg. No.") with real Tesseract: every
// account number is found under its abbreviated label, and no A-Number is
// ever cut out of an account number's twelve digits.
func TestProcess_AbbreviatedLabels(t *testing.T) {
	dir, truth := MustGenerate(t, noticegen.Options{
		Seed: 424, Count: 4, DPIs: []int{300}, AbbreviatedLabels: true,
		Formats:      []noticegen.Format{noticegen.FormatPNG},
		Degradations: []noticegen.Level{noticegen.LevelNone},
		DocTypes:     []noticegen.DocType{noticegen.DocOnline, noticegen.DocSummary},
	})
	p := MustPipeline(t, 2)
	var oans, abbreviated int
	for _, tr := range truth {
		rep := mustReadComplete(t, p, filepath.Join(dir, tr.File))
		got := map[kv]extractor.Finding{}
		for _, f := range rep.Findings {
			got[kv{string(f.Kind), f.Value}] = f
		}
		for _, w := range tr.Findings {
			if w.Kind != extractor.KindOnlineAccountNumber {
				continue
			}
			oans++
			f, ok := got[kv{string(w.Kind), w.Value}]
			if !ok {
				t.Errorf("%s: missed %s", tr.File, extractor.Mask(w.Kind, w.Value))
				continue
			}
			if abbreviation.MatchString(f.Label) {
				abbreviated++
			}
			for _, g := range rep.Findings {
				if g.Kind == extractor.KindANumber && strings.Contains(w.Value, strings.TrimLeft(g.Value[1:], "0")) {
					t.Errorf("%s: A-Number %s cut out of account number %s (label %q, %v)", tr.File,
						extractor.Mask(g.Kind, g.Value), extractor.Mask(w.Kind, w.Value), g.Label, g.Corrections)
				}
			}
		}
	}
	t.Logf("%d account numbers, %d found under an abbreviated label", oans, abbreviated)
	if oans < 2 {
		t.Fatalf("%d account numbers printed: the set does not test them", oans)
	}
	if abbreviated == 0 {
		t.Error("no account number found under an abbreviated label")
	}
}

// mustReadComplete processes the file at path and fails the test unless
// every page of it was read.
func mustReadComplete(tb testing.TB, p *pipeline.Pipeline, path string) *pipeline.Report {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	rep := p.Process(context.Background(), pipeline.Input{Name: filepath.Base(path), Data: data})
	if rep.Status != results.StatusComplete {
		tb.Fatalf("%s: status %s: %s", path, rep.Status, rep.Error)
	}
	return rep
}
