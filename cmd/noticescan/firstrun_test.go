package main_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/noticescan/noticescan/noticegen"
)

// firstKeyLine finds the key serve prints on its first start: alone on an
// indented line.
var firstKeyLine = regexp.MustCompile(`(?m)^    (nsk_[a-z2-7]+)$`)

// TestServe_FirstRunPrintsOneKey starts serve on a database with no key,
// embedded and PostgreSQL: its start-up output must name the page and give
// a key that reads a notice, and a second start on the same data must not
// make or print another.
func TestServe_FirstRunPrintsOneKey(t *testing.T) {
	n := mustGenerate(t, noticegen.Options{Seed: 12, Count: 1, Formats: []noticegen.Format{noticegen.FormatPDFDigital}})[0]
	t.Run("SQLite", func(t *testing.T) {
		s := MustStartServer(t, ServerOptions{Workers: 1, LogLevel: "info"})
		testFirstRun(t, s, n, "keys create --tenant NAME --data-dir "+s.DataDir)
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		databaseURL, _ := mustPostgresSchema(t)
		s := MustStartServer(t, ServerOptions{Workers: 1, LogLevel: "info", Env: []string{
			"NOTICESCAN_DATABASE_URL=" + databaseURL, "NOTICESCAN_WEBHOOK_SECRET=first-run-test-secret",
		}})
		testFirstRun(t, s, n, `keys create --tenant NAME --database-url "$NOTICESCAN_DATABASE_URL"`)
		if strings.Contains(s.Logs(), databaseURL) {
			t.Error("the start-up output holds the database URL, which may carry its password")
		}
	})
}

func testFirstRun(t *testing.T, s *Server, n notice, command string) {
	// The key is written before the server answers its first request, but
	// the harness copies the process's output through a pipe: wait until
	// the copy has caught up with it.
	logs := s.Logs()
	for deadline := time.Now().Add(30 * time.Second); !firstKeyLine.MatchString(logs) && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		logs = s.Logs()
	}
	m := firstKeyLine.FindAllStringSubmatch(logs, -1)
	if len(m) != 1 {
		t.Fatalf("first start printed %d keys, want 1; output:\n%s", len(m), logs)
	}
	key := m[0][1]
	for _, want := range []string{s.URL + "/", command, `tenant "default"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("first-start output lacks %q:\n%s", want, logs)
		}
	}
	if r := do(t, http.MethodGet, s.URL+"/v1/documents", "nsk_"+strings.Repeat("a", 32), nil, ""); r.Status != http.StatusUnauthorized {
		t.Fatalf("GET /v1/documents with a made-up key: %d, want 401", r.Status)
	}
	// The way in leads to a result: the printed key reads a notice.
	if _, d := upload(t, s.URL, key, n.Path, time.Minute); d.Status != "complete" || len(d.Findings) != len(n.Truth.Findings) {
		t.Errorf("upload with the first key: status %q, %d findings, want complete with %d", d.Status, len(d.Findings), len(n.Truth.Findings))
	}
	list := runCLI(t, s.Env, "keys", "list", "--data-dir", s.DataDir)
	if strings.Contains(list, key) || strings.Count(strings.TrimSpace(list), "\n") != 1 {
		t.Errorf("keys list should show one key and not its whole secret:\n%s", list)
	}

	s.Stop()
	s.Restart()
	if n := len(firstKeyLine.FindAllString(s.Logs(), -1)); n != 1 {
		t.Fatalf("after a restart the output holds %d keys, want still 1:\n%s", n, s.Logs())
	}
	if strings.Count(s.Logs(), "first start") != 1 {
		t.Errorf("the restart printed the first-start notice again:\n%s", s.Logs())
	}
	if r := do(t, http.MethodGet, s.URL+"/v1/documents", key, nil, ""); r.Status != http.StatusOK {
		t.Fatalf("the first key after a restart: %d %s", r.Status, r.Body)
	}
}
