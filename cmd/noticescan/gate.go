package main

import (
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/results"
)

// testGateEnv names a file that holds documents back before they are
// read, for the end-to-end tests that must catch a run part way (a server
// killed with one document in hand, a page showing progress) on a machine
// of any speed. The file holds how many documents this process may start;
// the next one waits until the number allows it, or until its work is
// cancelled. It is for tests only, and no setting: --help and the README
// leave it out, and unset, as it is outside tests, nothing waits.
const testGateEnv = "NOTICESCAN_TEST_GATE"

// gatePoll is how often a held document reads the gate file again.
const gatePoll = 20 * time.Millisecond

// testGate counts the documents a process starts against its gate file.
// A nil *testGate lets everything through.
type testGate struct {
	path    string
	mu      sync.Mutex
	started int
}

// newTestGate returns the gate of testGateEnv, or nil when it is unset.
func newTestGate() *testGate {
	path := os.Getenv(testGateEnv)
	if path == "" {
		return nil
	}
	return &testGate{path: path}
}

// wait returns once the gate file lets one more document start, or ctx's
// error when ctx ends first.
func (g *testGate) wait(ctx context.Context) error {
	if g == nil {
		return nil
	}
	g.mu.Lock()
	g.started++
	n := g.started
	g.mu.Unlock()
	tick := time.NewTicker(gatePoll)
	defer tick.Stop()
	for !g.allows(n) {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
	return nil
}

// allows reports whether the gate file lets the nth document start; a
// missing or unreadable file holds it.
func (g *testGate) allows(n int) bool {
	b, err := os.ReadFile(g.path)
	if err != nil {
		return false
	}
	limit, err := strconv.Atoi(strings.TrimSpace(string(b)))
	return err == nil && n <= limit
}

// process puts the gate in front of a queue's Process handler.
func (g *testGate) process(next func(context.Context, records.Document, func(int, int)) (results.Outcome, error)) func(context.Context, records.Document, func(int, int)) (results.Outcome, error) {
	if g == nil {
		return next
	}
	return func(ctx context.Context, d records.Document, progress func(int, int)) (results.Outcome, error) {
		if err := g.wait(ctx); err != nil {
			return results.Outcome{}, err
		}
		return next(ctx, d, progress)
	}
}
