package main_test

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// gate is a file for the binary's test-only NOTICESCAN_TEST_GATE: a
// process given it starts no more documents than the file says, so a test
// can catch it part way on a machine of any speed.
type gate string

// mustGate returns a gate that lets allowed documents start.
func mustGate(tb testing.TB, allowed int) gate {
	tb.Helper()
	g := gate(filepath.Join(tb.TempDir(), "gate"))
	g.set(tb, allowed)
	return g
}

// env is the environment entry that hands the gate to a process.
func (g gate) env() string { return "NOTICESCAN_TEST_GATE=" + string(g) }

// set lets allowed documents start in all, counted from the process's
// start; it replaces the file whole, so a process never reads half of it.
func (g gate) set(tb testing.TB, allowed int) {
	tb.Helper()
	tmp := string(g) + ".tmp"
	if err := os.WriteFile(tmp, []byte(strconv.Itoa(allowed)), 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, string(g)); err != nil {
		tb.Fatal(err)
	}
}

// open lets every document through.
func (g gate) open(tb testing.TB) {
	tb.Helper()
	g.set(tb, math.MaxInt32)
}
