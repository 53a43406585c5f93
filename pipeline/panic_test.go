package pipeline_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/noticescan/noticescan/noticegen"
	"github.com/noticescan/noticescan/pipeline"
	"github.com/noticescan/noticescan/results"
)

// A panic while one document is read fails that document with
// ErrInternal, and the next document is read as usual. The caller's
// progress callback is the one place outside the product's code that runs
// in a page's goroutine, so the test makes it panic there: a fault of the
// product's own code in the same place would otherwise end the process.
func TestProcess_PanicFailsOnlyThatDocument(t *testing.T) {
	dir, truth := MustGenerate(t, noticegen.Options{
		Seed: 77, Count: 1, DPIs: []int{200},
		Formats:      []noticegen.Format{noticegen.FormatPNG},
		Degradations: []noticegen.Level{noticegen.LevelNone},
		DocTypes:     []noticegen.DocType{noticegen.DocOnline},
	})
	data, err := os.ReadFile(filepath.Join(dir, truth[0].File))
	if err != nil {
		t.Fatal(err)
	}
	p := MustPipeline(t, 1)
	ctx := context.Background()
	rep := p.Process(ctx, pipeline.Input{Name: "a.png", Data: data, Progress: func(int, int) { panic("progress fault") }})
	if rep.Status != results.StatusFailed || !errors.Is(rep.Err(), pipeline.ErrInternal) {
		t.Fatalf("status %q err %v; want failed with ErrInternal", rep.Status, rep.Err())
	}
	if len(rep.Pages) != 1 || rep.Pages[0].Error == "" {
		t.Errorf("pages %+v; want the page's error reported", rep.Pages)
	}
	next := p.Process(ctx, pipeline.Input{Name: "a.png", Data: data})
	if next.Status == results.StatusFailed || len(next.Findings) == 0 {
		t.Fatalf("next document: status %q err %v findings %d", next.Status, next.Err(), len(next.Findings))
	}
}
