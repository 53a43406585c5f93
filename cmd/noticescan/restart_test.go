package main_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/noticescan/noticescan/noticegen"
)

// TestServe_KillAndRestart kills the server with SIGKILL while uploads are
// still queued or being processed, starts it again on the same data, and
// checks that every acknowledged upload is processed, with its findings
// stored exactly once.
func TestServe_KillAndRestart(t *testing.T) {
	t.Parallel()
	const count = 50
	notices := mustGenerate(t, noticegen.Options{
		Seed:     50,
		Count:    count,
		Formats:  []noticegen.Format{noticegen.FormatPDFDigital},
		MinPages: 2,
		MaxPages: 3,
	})
	shas := map[string]bool{}
	for _, n := range notices {
		shas[n.SHA] = true
	}
	if len(shas) != count {
		t.Fatalf("the %d notices have only %d distinct SHA-256s; each must be a document of its own", count, len(shas))
	}
	want := mustExtract(t, 2, paths(notices)...)

	// The gate lets the worker finish one document and holds the next in
	// its hands, so the kill finds the queue part way on any machine.
	g := mustGate(t, 1)
	s := MustStartServer(t, ServerOptions{Workers: 1, Env: []string{g.env()}})
	key := s.MustCreateKey(t, "acme")
	ids := map[string]notice{}
	for _, n := range notices {
		status, d := upload(t, s.URL, key, n.Path, 0)
		if status != http.StatusAccepted {
			t.Fatalf("upload %s without wait: status %d, want 202", n.Truth.File, status)
		}
		if _, dup := ids[d.ID]; dup {
			t.Fatalf("upload %s: id %s was given to another file", n.Truth.File, d.ID)
		}
		ids[d.ID] = n
	}

	// Kill once the queue is part way through: some results written, one
	// document in the worker's hands, the rest queued.
	before := waitStatuses(t, s, key, time.Minute, func(c map[string]int) bool {
		return c["complete"] >= 1 && c["processing"] >= 1
	})
	if before["complete"] != 1 || before["processing"] != 1 || before["queued"] != count-2 {
		t.Fatalf("never saw one document complete, one processing and the rest queued (last: %v); the test needs the worker busy at the kill", before)
	}
	s.Kill()
	t.Logf("killed the server with these documents: %v", before)

	g.open(t)
	s.Restart()
	after := waitStatuses(t, s, key, 2*time.Minute, func(c map[string]int) bool { return c["complete"] >= count })
	if after["complete"] != count {
		list, _ := listAll(t, s.URL, key, nil, 500)
		for _, d := range list {
			if d.Status != "complete" {
				t.Errorf("%s (%s): %s %s", d.ID, d.Filename, d.Status, d.Error)
			}
		}
		t.Fatalf("2 minutes after the restart the documents are %v; want all %d complete", after, count)
	}
	list, _ := listAll(t, s.URL, key, nil, 500)
	if len(list) != count {
		t.Errorf("the list has %d documents after the restart, want %d", len(list), count)
	}
	for _, d := range list {
		n, ok := ids[d.ID]
		if !ok {
			t.Errorf("listed document %s (%s) was never acknowledged", d.ID, d.Filename)
			continue
		}
		var got document
		getJSON(t, s.URL+"/v1/documents/"+d.ID, key, &got)
		keys := findingKeys(got.Findings)
		if unique := slices.Compact(slices.Clone(keys)); len(unique) != len(keys) {
			t.Errorf("%s: findings stored more than once: %q", n.Truth.File, keys)
		}
		if exp := findingKeys(want[n.Path].Findings); !slices.Equal(keys, exp) {
			t.Errorf("%s: findings %q after the restart, extract finds %q", n.Truth.File, keys, exp)
		}
		if len(got.Pages) != n.Truth.Pages {
			t.Errorf("%s: %d pages stored, the file has %d", n.Truth.File, len(got.Pages), n.Truth.Pages)
		}
	}
}

// waitStatuses polls how many documents are in each status until enough
// says so or timeout passes, and returns the last counts.
func waitStatuses(tb testing.TB, s *Server, key string, timeout time.Duration, enough func(map[string]int) bool) map[string]int {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for {
		docs, _ := listAll(tb, s.URL, key, nil, 500)
		counts := map[string]int{}
		for _, d := range docs {
			counts[d.Status]++
		}
		if enough(counts) || time.Now().After(deadline) {
			return counts
		}
		time.Sleep(20 * time.Millisecond)
	}
}
