// Command noticegen writes synthetic USCIS notices with known truth for
// testing noticescan. See package noticegen for what it produces.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/noticescan/noticescan/noticegen"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "noticegen:", err)
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("noticegen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		seed     = fs.Int64("seed", 1, "random seed; the same flags always give byte-identical files")
		n        = fs.Int("n", 10, "number of notices")
		out      = fs.String("out", "", "output directory (created if missing); required")
		formats  = fs.String("formats", "", "comma-separated formats (default all but photos): "+join(noticegen.AllFormats())+"; phone photos: "+join(noticegen.PhotoFormats()))
		levels   = fs.String("degradation", "", "comma-separated degradation levels (default all): "+join(noticegen.AllLevels()))
		types    = fs.String("types", "", "comma-separated document types (default all): "+join(noticegen.AllDocTypes()))
		minPages = fs.Int("min-pages", 1, "fewest pages per multi-page document")
		maxPages = fs.Int("max-pages", 3, "most pages per multi-page document")
		dpis     = fs.String("dpi", "", "comma-separated scan resolutions (default 150,200,300 by level)")
		turned   = fs.Bool("turned", true, "let some scanned pages be turned by 90, 180 or 270 degrees")
		abbrev   = fs.Bool("abbrev", false, "print most identifier labels abbreviated (\"Online Acct #\", \"Rcpt No.\", \"Alien Reg. No.\")")
		fonts    = fs.String("fonts", "", "REGULAR,BOLD,MONO: TrueType/OpenType files to print scans and photos in instead of the embedded Go fonts (whose zero is slashed)")
		faxNoise = fs.String("fax-noise", "", `"dense" strews thousands of 1-3 px dots over every fax page and makes every TIFF a fax`)
	)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: noticegen -out DIR [flags]

Writes N synthetic USCIS notices (PDF, PNG, JPEG, TIFF, GIF, BMP) and
truth.jsonl into DIR. Each truth line lists the identifiers a correct
extractor reports for that file (online_account_number, receipt_number,
a_number, normalized) and the look-alike numbers printed on it that it
must not report.

Phone photos of a sheet on a desk (photo_jpeg, photo_pdf) are written only
when -formats names them; their degradation is always "photo" and
-degradation does not apply to them.

Examples:
  noticegen -seed 1 -n 40 -out notices -formats pdf_scan,tiff -degradation medium,heavy
  noticegen -seed 1 -n 40 -out photos -formats photo_jpeg,photo_pdf

A harsh-scan set (heavy scans at 150-200 DPI, and faxes at 200 DPI with
dense salt-and-pepper noise):
  noticegen -seed 1 -n 40 -out harsh -formats pdf_scan,tiff -degradation heavy -dpi 150,200 -fax-noise dense

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		fs.Usage()
		return errors.New("-out is required")
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	var res []int
	for _, f := range split[string](*dpis) {
		v, err := strconv.Atoi(f)
		if err != nil {
			return fmt.Errorf("-dpi: %q is not a number", f)
		}
		res = append(res, v)
	}
	opts := noticegen.Options{
		Seed: *seed, Count: *n, MinPages: *minPages, MaxPages: *maxPages, Turned: *turned,
		Formats:           split[noticegen.Format](*formats),
		Degradations:      split[noticegen.Level](*levels),
		DocTypes:          split[noticegen.DocType](*types),
		DPIs:              res,
		AbbreviatedLabels: *abbrev,
		FaxNoise:          noticegen.FaxNoise(*faxNoise),
		FontFiles:         split[string](*fonts),
	}
	start := time.Now()
	truths, err := noticegen.Generate(*out, opts)
	if err != nil {
		return err
	}
	pages, findings := 0, 0
	for _, t := range truths {
		pages += t.Pages
		findings += len(t.Findings)
	}
	fmt.Fprintf(stdout, "wrote %d notices (%d pages, %d identifiers) and %s to %s in %s\n",
		len(truths), pages, findings, noticegen.TruthFile, *out, time.Since(start).Round(time.Millisecond))
	return nil
}

func split[T ~string](s string) []T {
	var out []T
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, T(f))
		}
	}
	return out
}

func join[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}
