package main

import (
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	t.Run("Help", func(t *testing.T) {
		if err := run([]string{"-help"}, io.Discard, io.Discard); !errors.Is(err, flag.ErrHelp) {
			t.Errorf("err = %v, want flag.ErrHelp", err)
		}
	})
	for name, args := range map[string][]string{
		"ErrNoOut":        {"-n", "1"},
		"ErrBadFormat":    {"-out", "x", "-formats", "docx"},
		"ErrBadDPI":       {"-out", "x", "-dpi", "high"},
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
