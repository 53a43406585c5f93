package pipeline_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"

	"github.com/noticescan/noticescan/document"
	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/noticegen"
	"github.com/noticescan/noticescan/ocr"
	"github.com/noticescan/noticescan/pipeline"
	"github.com/noticescan/noticescan/results"
)

func TestMain(m *testing.M) {
	// Tesseract's OpenMP runtime reads OMP_THREAD_LIMIT at process start.
	if err := ocr.ReexecWithThreadLimit(); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// MustPipeline starts a pipeline with real Tesseract and a real PDF engine.
func MustPipeline(tb testing.TB, workers int) *pipeline.Pipeline {
	tb.Helper()
	op, err := document.NewOpener(document.Config{PDFiumCacheDir: filepath.Join(os.TempDir(), "noticescan-test-pdfium")})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { op.Close() })
	p, err := pipeline.New(op, pipeline.Config{Workers: workers})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { p.Close() })
	return p
}

// MustGenerate writes notices with ground truth from the generator.
func MustGenerate(tb testing.TB, opts noticegen.Options) (string, []noticegen.Truth) {
	tb.Helper()
	dir := tb.TempDir()
	truth, err := noticegen.Generate(dir, opts)
	if err != nil {
		tb.Fatal(err)
	}
	return dir, truth
}

type kv struct{ kind, value string }

// TestProcess_GeneratedNotices runs the whole pipeline on generated
// notices of every kind of file and checks the findings against the
// generator's truth: nothing reported that is not there, and nearly
// everything found.
func TestProcess_GeneratedNotices(t *testing.T) {
	dir, truth := MustGenerate(t, noticegen.Options{
		Seed: 20261128, Count: 9, MaxPages: 2, DPIs: []int{150},
		Degradations: []noticegen.Level{noticegen.LevelNone, noticegen.LevelLight, noticegen.LevelMedium},
	})
	p := MustPipeline(t, 2)
	var tp, fp, fn, falseOAN int
	for _, tr := range truth {
		data, err := os.ReadFile(filepath.Join(dir, tr.File))
		if err != nil {
			t.Fatal(err)
		}
		rep := p.Process(context.Background(), pipeline.Input{Name: tr.File, Data: data})
		// Partial is a result: it must say what could not be read.
		if rep.Status == results.StatusFailed || (rep.Status == results.StatusPartial && len(unreadWarnings(rep)) == 0) {
			t.Errorf("%s: status %s: %s %q", tr.File, rep.Status, rep.Error, rep.Warnings)
			continue
		}
		if len(rep.Pages) != tr.Pages {
			t.Errorf("%s: %d pages, want %d", tr.File, len(rep.Pages), tr.Pages)
		}
		want := map[kv]bool{}
		for _, f := range tr.Findings {
			want[kv{string(f.Kind), f.Value}] = true
		}
		got := map[kv]bool{}
		for _, f := range rep.Findings {
			got[kv{string(f.Kind), f.Value}] = true
			if !want[kv{string(f.Kind), f.Value}] {
				fp++
				if f.Kind == extractor.KindOnlineAccountNumber {
					falseOAN++
				}
				t.Errorf("%s (%s, %s): spurious %s %s", tr.File, tr.Format, tr.Degradation, f.Kind, extractor.Mask(f.Kind, f.Value))
			} else {
				tp++
			}
		}
		for k := range want {
			if !got[k] {
				fn++
				t.Logf("%s (%s, %s): missed %s %s", tr.File, tr.Format, tr.Degradation, k.kind, extractor.Mask(extractor.Kind(k.kind), k.value))
			}
		}
	}
	recall := float64(tp) / float64(tp+fn)
	t.Logf("tp=%d fp=%d fn=%d recall=%.3f", tp, fp, fn, recall)
	if falseOAN > 0 {
		t.Errorf("%d false online account numbers", falseOAN)
	}
	if recall < 0.85 {
		t.Errorf("recall %.3f below 0.85", recall)
	}
}

// TestProcess_Sources checks how pages are read: a born-digital page from
// its text layer, a scanned page by OCR, and a turned page turned back.
func TestProcess_Sources(t *testing.T) {
	dir, truth := MustGenerate(t, noticegen.Options{
		Seed: 7, Count: 2, MinPages: 2, MaxPages: 2, DPIs: []int{150}, Turned: true,
		Formats:      []noticegen.Format{noticegen.FormatPDFMixed},
		Degradations: []noticegen.Level{noticegen.LevelLight},
	})
	p := MustPipeline(t, 2)
	for _, tr := range truth {
		data, _ := os.ReadFile(filepath.Join(dir, tr.File))
		rep := p.Process(context.Background(), pipeline.Input{Name: tr.File, Data: data})
		if len(rep.Pages) != 2 {
			t.Fatalf("%s: pages %+v", tr.File, rep.Pages)
		}
		if rep.Pages[0].Source != extractor.SourceTextLayer {
			t.Errorf("%s: page 1 source %s, want text_layer", tr.File, rep.Pages[0].Source)
		}
		if rep.Pages[1].Source != extractor.SourceOCR {
			t.Errorf("%s: page 2 source %s, want ocr", tr.File, rep.Pages[1].Source)
		}
		if d := tr.DegradationDetail; d != nil && len(d.Turned) == 2 && rep.Pages[1].Rotation != (360-d.Turned[1])%360 && rep.Pages[1].Rotation != d.Turned[1] {
			t.Errorf("%s: page 2 turned %d, rotation reported %d", tr.File, d.Turned[1], rep.Pages[1].Rotation)
		}
	}
}

// pngHeader is a valid PNG signature and IHDR claiming w×h pixels, with
// no pixel data: enough for a decoder to size its buffers.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 0 // 8-bit gray
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

// TestProcess_BadInput: whatever comes in, a clear failed report with the
// sentinel, never a panic.
func TestProcess_BadInput(t *testing.T) {
	dir, truth := MustGenerate(t, noticegen.Options{Seed: 3, Count: 1, Formats: []noticegen.Format{noticegen.FormatPDFDigital}})
	pdf, err := os.ReadFile(filepath.Join(dir, truth[0].File))
	if err != nil {
		t.Fatal(err)
	}
	p := MustPipeline(t, 1)
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"ErrEmpty", nil, document.ErrEmpty},
		{"ErrUnsupportedTypeText", []byte("Receipt Number: EAC2190012345\n"), document.ErrUnsupportedType},
		{"ErrUnsupportedTypeZip", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00garbage"), document.ErrUnsupportedType},
		{"ErrCorruptTruncatedPDF", pdf[:len(pdf)/3], document.ErrCorrupt},
		{"ErrCorruptGarbagePDF", append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{0xde, 0xad}, 500)...), document.ErrCorrupt},
		{"ErrTooLargePixels", pngHeader(30000, 30000), document.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := p.Process(context.Background(), pipeline.Input{Name: tt.name, Data: tt.data})
			if rep.Status != results.StatusFailed || rep.Error == "" {
				t.Fatalf("status %s error %q, want failed with a reason", rep.Status, rep.Error)
			}
			if !errors.Is(rep.Err(), tt.want) {
				t.Fatalf("error %v, want %v", rep.Err(), tt.want)
			}
			if len(rep.Findings) != 0 {
				t.Fatalf("findings from bad input: %v", rep.Findings)
			}
		})
	}
}
