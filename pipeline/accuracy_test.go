//go:build !race

// The accuracy gate reads a few hundred generated identifiers on the
// captures that are hard for OCR. Under the race detector the Go half of
// page restoration runs several times slower and proves nothing more, so
// `make test` runs this file in a second, race-free `go test`.

package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/noticegen"
	"github.com/noticescan/noticescan/pipeline"
	"github.com/noticescan/noticescan/results"
)

// gateSet is one kind of hard capture the gate reads, and the figures the
// code reached on it when the floor was last raised. A set fails when
// recall or precision falls more than gateSlack below its floor, or when
// more documents miss an identifier silently than silent allows. Raise the
// floors (and lower silent) as the reading improves: they are a ratchet,
// not a target.
type gateSet struct {
	name      string
	opts      noticegen.Options
	recall    float64
	precision float64
	silent    int
}

// gateSlack is how far a figure may fall below its floor before the gate
// fails: about one identifier in a hundred, what one page's luck moves.
const gateSlack = 0.02

// gateSets are generated with seeds that no rule was written against.
var gateSets = []gateSet{
	{
		name: "harsh scans",
		opts: noticegen.Options{
			Seed: 5150, Count: 28, MaxPages: 2, DPIs: []int{150, 200},
			Formats:      []noticegen.Format{noticegen.FormatPDFScan, noticegen.FormatTIFF},
			Degradations: []noticegen.Level{noticegen.LevelHeavy},
			FaxNoise:     noticegen.FaxNoiseDense,
		},
		// Noise dots touching strokes still cost digits and whole lines.
		// A faint reading that its re-reads contradict is withdrawn and its
		// label warned about (partial) rather than reported: one right
		// A-Number went with the wrong values, so recall 0.69 -> 0.67 for
		// precision 0.88 -> 0.90. Garbled captions re-read on their own,
		// lines the page layout left out read region by region and the
		// "USCIS#" read as one word brought recall to 0.69, one silent
		// miss. A card's A-Number found by its place under the card's
		// title, its caption lost, was misread by a digit on this set
		// (precision 0.905 -> 0.884), while the rule found 8 right ones
		// and no other wrong on sets generated to write and check it, and
		// 3 right, none wrong, on three sets generated after it. A card's
		// receipt-shaped card number with its caption lost is no longer
		// taken for a receipt, and a value garbled far along its label's
		// line is re-read there: 0.709 / 0.929. Leaving re-reads Tesseract
		// scored 0 out of those that withdraw a faint reading made 0.727 /
		// 0.930 here, but kept wrong values on other sets, and was undone.
		// Checks outvoted too faintly, read again by the re-read model,
		// reached the same 0.727 / 0.930 with right values only, and no
		// silent miss in two runs. A lost line that read as garbage, read
		// again taller, gave one right value more: 0.745 / 0.932.
		// Slashed zeros unslashed on noisy pages (this set prints in Go
		// fonts, whose zero is slashed) gave three right values more
		// and one wrong fewer: 0.800 / 0.936. Crops set in a border of
		// their own paper's shade rather than white read a card's
		// A-Number that had read as nothing, misread by its slashed zero
		// and warned about (0.800 / 0.917), while they gave 6 right
		// values more and 1 fewer over six other harsh sets. Words garbled
		// over two lines high no longer hiding their text from the second
		// look gave one right value more: 0.818 / 0.918. Named A#
		// captions and strays re-read where they stand: 0.836 / 0.920.
		// The next round's rules (flattened rereads, the line beside,
		// open majorities at 0, braces, nine digits from 4 under an
		// A-Number label) gave one right value more: 0.855 / 0.922.
		// Clear leads of an open label's re-reads, receipt office codes
		// read as digits or short of a letter, and a T read as 1: one
		// more, 0.873 / 0.923. Re-reads too short for any identifier
		// read again from the crop's middle line, and the value both
		// models lead with over a first reading none repeats: 0.909 /
		// 0.943.
		recall: 0.90, precision: 0.94, silent: 0,
	},
	{
		name: "turned pages",
		opts: noticegen.Options{
			Seed: 6160, Count: 24, MaxPages: 2, DPIs: []int{150, 200}, Turned: true,
			Formats:      []noticegen.Format{noticegen.FormatPDFScan, noticegen.FormatPNG, noticegen.FormatJPEG},
			Degradations: []noticegen.Level{noticegen.LevelLight, noticegen.LevelMedium},
		},
		// 0.978 / 0.978 until slashed zeros were unslashed, 1.000 / 1.000
		// since: one page's luck below that still passes.
		recall: 0.98, precision: 0.98,
	},
	{
		name: "phone photos",
		opts: noticegen.Options{
			Seed: 7170, Count: 28, MaxPages: 2,
			Formats: []noticegen.Format{noticegen.FormatPhotoJPEG, noticegen.FormatPhotoPDF},
		},
		// 0.950 / 1.000; 0.983 once a table's rows kept apart and a
		// re-read both recognizers lead with, when a receipt number now
		// read with its label left an account number lost without a
		// warning; 1.000 / 1.000 once garbled words over two lines high
		// hid no text from the second look on cleaned pages. That rule
		// was written on this set's notice-006.pdf, the one seed here a
		// rule was written against; it was checked on photo sets
		// generated after it.
		recall: 0.98, precision: 1.00,
	},
}

// gateScore counts one set's findings against the generator's truth.
type gateScore struct {
	tp, fp, fn, falseOAN, identifiers int
	// silent lists documents that lack a true identifier and neither are
	// partial nor carry a warning: a miss nobody is told about.
	silent []string
}

func (s gateScore) recall() float64    { return ratio(s.tp, s.tp+s.fn) }
func (s gateScore) precision() float64 { return ratio(s.tp, s.tp+s.fp) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestAccuracyGate reads generated harsh scans, turned pages and phone
// photos and fails when recall or precision falls below what the code
// reaches, when an Online Account Number is reported that is not there,
// or when a document misses an identifier without saying so.
func TestAccuracyGate(t *testing.T) {
	p := MustPipeline(t, 2)
	total := 0
	for _, set := range gateSets {
		t.Run(strings.ReplaceAll(set.name, " ", "_"), func(t *testing.T) {
			dir, truth := MustGenerate(t, set.opts)
			s := scoreSet(t, p, dir, truth)
			total += s.identifiers
			t.Logf("%s: %d identifiers, recall %.3f (floor %.2f), precision %.3f (floor %.2f), false OAN %d, silent misses %d",
				set.name, s.identifiers, s.recall(), set.recall, s.precision(), set.precision, s.falseOAN, len(s.silent))
			if s.recall() < set.recall-gateSlack {
				t.Errorf("recall %.3f is more than %.2f below its floor %.2f", s.recall(), gateSlack, set.recall)
			}
			if s.precision() < set.precision-gateSlack {
				t.Errorf("precision %.3f is more than %.2f below its floor %.2f", s.precision(), gateSlack, set.precision)
			}
			if s.falseOAN > 0 {
				t.Errorf("%d Online Account Numbers reported that are not on the page", s.falseOAN)
			}
			if len(s.silent) > set.silent {
				for _, f := range s.silent {
					t.Errorf("%s: a true identifier was missed, yet the document is complete with no warning", f)
				}
				t.Errorf("%d silent misses, at most %d allowed", len(s.silent), set.silent)
			}
		})
	}
	// The gate means something only over enough identifiers.
	if total < 150 {
		t.Errorf("the gate read %d identifiers, want at least 150", total)
	}
}

// scoreSet processes every generated document, two at a time (one per
// OCR worker), and scores the findings against truth.
func scoreSet(t *testing.T, p *pipeline.Pipeline, dir string, truth []noticegen.Truth) gateScore {
	t.Helper()
	reports := make([]*pipeline.Report, len(truth))
	errs := make([]error, len(truth))
	var wg sync.WaitGroup
	sem := make(chan struct{}, p.Workers())
	for i, tr := range truth {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			data, err := os.ReadFile(filepath.Join(dir, tr.File))
			if err != nil {
				errs[i] = err
				return
			}
			reports[i] = p.Process(context.Background(), pipeline.Input{Name: tr.File, Data: data})
		}()
	}
	wg.Wait()

	var s gateScore
	for i, tr := range truth {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		rep := reports[i]
		if rep.Status == results.StatusFailed {
			t.Errorf("%s (%s): failed: %s", tr.File, tr.Format, rep.Error)
		}
		want := map[kv]bool{}
		for _, f := range tr.Findings {
			want[kv{string(f.Kind), f.Value}] = true
		}
		s.identifiers += len(want)
		got := map[kv]bool{}
		for _, f := range rep.Findings {
			k := kv{string(f.Kind), f.Value}
			if got[k] {
				continue
			}
			got[k] = true
			if want[k] {
				s.tp++
				continue
			}
			s.fp++
			if f.Kind == extractor.KindOnlineAccountNumber {
				s.falseOAN++
			}
			t.Logf("%s (%s): spurious %s %s", tr.File, tr.Format, f.Kind, extractor.Mask(f.Kind, f.Value))
		}
		missed := 0
		for k := range want {
			if !got[k] {
				missed++
				t.Logf("%s (%s): missed %s %s", tr.File, tr.Format, k.kind, extractor.Mask(extractor.Kind(k.kind), k.value))
			}
		}
		s.fn += missed
		if missed > 0 && rep.Status == results.StatusComplete && len(rep.Warnings) == 0 {
			s.silent = append(s.silent, fmt.Sprintf("%s (%s)", tr.File, tr.Format))
		}
	}
	return s
}
