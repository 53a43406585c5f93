// Command noticescan reads U.S. immigration notices and extracts the USCIS
// Online Account Number, receipt numbers and A-Numbers from them.
//
// This is the one place that reads flags and environment and wires the
// packages together.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/noticescan/noticescan/ocr"
)

func main() {
	// Tesseract's OpenMP runtime reads OMP_THREAD_LIMIT when the process
	// starts; without it two recognitions at once run several times slower.
	if err := ocr.ReexecWithThreadLimit(); err != nil {
		fmt.Fprintln(os.Stderr, "noticescan:", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// exitError carries a process exit code out of a subcommand.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError is a bad command line: exit code 2 and a hint.
func usageError(format string, a ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, a...)}
}

const usage = `noticescan reads U.S. immigration notices and extracts the numbers people need.

Usage:
  noticescan <command> [flags] [arguments]

Commands:
  extract    extract identifiers from files, folders or standard input
  batch      extract from folders, zip/tar archives and S3 into resumable JSONL or CSV
  serve      run the HTTP API (and OCR workers) on embedded defaults or shared infrastructure
  worker     run only OCR job workers against a shared database and bucket
  keys       create, list and revoke API keys
  tenants    allow tenants to read S3 batch sources; set their retention
  purge      delete a tenant's finished documents
  bench      time page reading against the tesseract CLI on the same pages
  backup     copy the embedded data dir while it serves
  restore    write a backup into a new data dir
  health     check a running server (for container health checks)
  version    print the version, VCS revision and Go version

Run 'noticescan <command> --help' for a command's flags.
`

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "extract":
		err = runExtract(ctx, args[1:], stdin, stdout, stderr)
	case "batch":
		err = runBatch(ctx, args[1:], stdout, stderr)
	case "serve":
		err = runServe(ctx, args[1:], stdout, stderr)
	case "worker":
		err = runWorker(ctx, args[1:], stdout, stderr)
	case "keys":
		err = runKeys(ctx, args[1:], stdout, stderr)
	case "tenants":
		err = runTenants(ctx, args[1:], stdout)
	case "purge":
		err = runPurge(ctx, args[1:], stdout, stderr)
	case "bench":
		err = runBench(ctx, args[1:], stdout, stderr)
	case "backup":
		err = runBackup(ctx, args[1:], stdout, stderr)
	case "restore":
		err = runRestore(args[1:], stdout)
	case "health":
		err = runHealth(ctx, args[1:], stdout)
	case "version", "--version":
		printVersion(stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "noticescan: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" {
			fmt.Fprintln(stderr, "noticescan:", ee.err)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "noticescan:", err)
	return 1
}
