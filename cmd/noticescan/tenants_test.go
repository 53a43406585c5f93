package main_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/noticescan/noticescan/noticegen"
)

// TestServe_Tenants checks that one tenant's key never reaches another
// tenant's documents, and that a key revoked from the command line stops
// working on the running server.
func TestServe_Tenants(t *testing.T) {
	t.Parallel()
	notices := mustGenerate(t, noticegen.Options{Seed: 3, Count: 1, Formats: []noticegen.Format{noticegen.FormatPDFDigital}})
	s := MustStartServer(t, ServerOptions{Workers: 1})
	keyA := s.MustCreateKey(t, "tenant-a")
	keyB := s.MustCreateKey(t, "tenant-b")

	status, docA := upload(t, s.URL, keyA, notices[0].Path, uploadWait)
	if status != http.StatusOK || len(docA.Findings) == 0 {
		t.Fatalf("tenant A's upload: status %d, %d findings; want 200 with findings", status, len(docA.Findings))
	}
	value := docA.Findings[0].Value

	t.Run("OtherTenantGetsNotFound", func(t *testing.T) {
		for _, target := range []string{"/v1/documents/" + docA.ID, "/v1/documents/" + docA.ID + "/file"} {
			assertProblem(t, do(t, http.MethodGet, s.URL+target, keyB, nil, ""), http.StatusNotFound)
		}
		assertProblem(t, do(t, http.MethodDelete, s.URL+"/v1/documents/"+docA.ID, keyB, nil, ""), http.StatusNotFound)
		var d document
		getJSON(t, s.URL+"/v1/documents/"+docA.ID, keyA, &d)
		if d.ID != docA.ID {
			t.Errorf("tenant A's document is gone after tenant B tried to delete it")
		}
	})

	t.Run("OtherTenantListsNothing", func(t *testing.T) {
		if docs, _ := listAll(t, s.URL, keyB, nil, 50); len(docs) != 0 {
			t.Errorf("tenant B lists %d documents, want none", len(docs))
		}
		var l documentList
		q := url.Values{"kind": {docA.Findings[0].Kind}, "value": {value}}
		getJSON(t, s.URL+"/v1/findings?"+q.Encode(), keyB, &l)
		if len(l.Documents) != 0 {
			t.Errorf("tenant B's findings look-up shows %d of tenant A's documents", len(l.Documents))
		}
		getJSON(t, s.URL+"/v1/findings?"+q.Encode(), keyA, &l)
		if len(l.Documents) != 1 || l.Documents[0].ID != docA.ID {
			t.Errorf("tenant A's own findings look-up gives %d documents, want its one", len(l.Documents))
		}
	})

	t.Run("SameFileIsEachTenantsOwn", func(t *testing.T) {
		_, docB := upload(t, s.URL, keyB, notices[0].Path, 0)
		if docB.ID == docA.ID {
			t.Fatalf("tenant B's upload of the same file got tenant A's document %s", docA.ID)
		}
		for tenant, key := range map[string]string{"A": keyA, "B": keyB} {
			if docs, _ := listAll(t, s.URL, key, nil, 50); len(docs) != 1 {
				t.Errorf("tenant %s lists %d documents, want 1", tenant, len(docs))
			}
		}
	})

	t.Run("RevokedKeyIsUnauthorized", func(t *testing.T) {
		id := MustKeyID(t, s.DataDir, "tenant-a", keyA)
		// A key is revoked only by its own tenant's name.
		if _, _, err := runCLIStatus(t, nil, "keys", "revoke", "--tenant", "tenant-b", "--data-dir", s.DataDir, id); err == nil {
			t.Errorf("keys revoke --tenant tenant-b succeeded on tenant A's key")
		}
		if r := do(t, http.MethodGet, s.URL+"/v1/documents", keyA, nil, ""); r.Status != http.StatusOK {
			t.Fatalf("tenant A's key before revoking: status %d, want 200", r.Status)
		}
		runCLI(t, nil, "keys", "revoke", "--tenant", "tenant-a", "--data-dir", s.DataDir, id)
		for _, target := range []string{"/v1/documents", "/v1/documents/" + docA.ID} {
			assertProblem(t, do(t, http.MethodGet, s.URL+target, keyA, nil, ""), http.StatusUnauthorized)
		}
		if !s.Running() {
			t.Fatal("the server stopped")
		}
		if r := do(t, http.MethodGet, s.URL+"/v1/documents", keyB, nil, ""); r.Status != http.StatusOK {
			t.Errorf("tenant B's key after revoking A's: status %d, want 200", r.Status)
		}
	})
}
