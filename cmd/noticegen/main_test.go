package main

import (
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/noticegen"
)

func TestRun(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		dir := t.TempDir()
		var out strings.Builder
		if err := run([]string{"-seed", "2", "-n", "3", "-out", dir, "-formats", "pdf_digital,png", "-dpi", "100"}, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "truth.jsonl")); err != nil {
			t.Error(err)
		}
		if !strings.Contains(out.String(), "wrote 3 notices") {
			t.Errorf("output %q", out.String())
		}
	})
	t.Run("PhotoAndDenseFax", func(t *testing.T) {
		dir := t.TempDir()
		args := []string{"-seed", "4", "-n", "2", "-out", dir, "-formats", "photo_jpeg,tiff", "-degradation", "light", "-max-pages", "1", "-fax-noise", "dense"}
		if err := run(args, io.Discard, io.Discard); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(filepath.Join(dir, "truth.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		truths, err := noticegen.ReadTruth(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range truths {
			dg := tr.DegradationDetail
			switch tr.Format {
			case noticegen.FormatPhotoJPEG:
				if tr.Degradation != noticegen.LevelPhoto || len(dg.Photo) != 1 {
					t.Errorf("%s: degradation %s, %d photo details", tr.File, tr.Degradation, len(dg.Photo))
				}
			case noticegen.FormatTIFF:
				if !dg.Fax || dg.Dots == 0 {
					t.Errorf("%s: fax %v with %d dots, want a dense fax", tr.File, dg.Fax, dg.Dots)
				}
			default:
				t.Errorf("%s: format %s not asked for", tr.File, tr.Format)
			}
		}
	})
	t.Run("Help", func(t *testing.T) {
		if err := run([]string{"-help"}, io.Discard, io.Discard); !errors.Is(err, flag.ErrHelp) {
			t.Errorf("err = %v, want flag.ErrHelp", err)
		}
	})
	for name, args := range map[string][]string{
		"ErrNoOut":        {"-n", "1"},
		"ErrBadFormat":    {"-out", "x", "-formats", "docx"},
		"ErrBadDPI":       {"-out", "x", "-dpi", "high"},
		"ErrBadFaxNoise":  {"-out", "x", "-fax-noise", "loud"},
		"ErrExtraArgment": {"-out", "x", "more"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			for i, a := range args {
				if a == "x" {
					args[i] = filepath.Join(dir, "out")
				}
			}
			if err := run(args, io.Discard, io.Discard); err == nil {
				t.Error("no error")
			}
		})
	}
}
