package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"

	"github.com/noticescan/noticescan/api"
	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/results"
)

// spec is the part of an OpenAPI document the tests read.
type spec struct {
	OpenAPI    string                    `yaml:"openapi"`
	Paths      map[string]map[string]any `yaml:"paths"`
	Components struct {
		Schemas map[string]struct {
			Properties map[string]any `yaml:"properties"`
		} `yaml:"schemas"`
	} `yaml:"components"`
}

func MustSpec(tb testing.TB, srv http.Handler) (spec, []byte) {
	tb.Helper()
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/openapi.yaml", nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Type"), "yaml") {
		tb.Fatalf("GET /openapi.yaml: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	var s spec
	if err := yaml.Unmarshal(rec.Body.Bytes(), &s); err != nil {
		tb.Fatalf("parse openapi.yaml: %v", err)
	}
	if !strings.HasPrefix(s.OpenAPI, "3.0") {
		tb.Fatalf("openapi = %q", s.OpenAPI)
	}
	return s, rec.Body.Bytes()
}

// TestOpenAPI_Valid loads the served document with a full OpenAPI 3
// validator: every schema, reference, parameter and example must be valid.
func TestOpenAPI_Valid(t *testing.T) {
	t.Parallel()
	_, raw := MustSpec(t, MustServer(t, &stubService{}, api.Config{Batches: &stubBatches{}}))
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		t.Fatalf("load openapi.yaml: %v", err)
	}
	if err := doc.Validate(context.Background(), openapi3.EnableExamplesValidation()); err != nil {
		t.Fatalf("openapi.yaml is not valid OpenAPI: %v", err)
	}
}

// TestOpenAPI_Routes checks that the spec and the router list the same
// routes and methods.
func TestOpenAPI_Routes(t *testing.T) {
	t.Parallel()
	srv := MustServer(t, &stubService{}, api.Config{Metrics: http.NotFoundHandler(), Batches: &stubBatches{}})
	s, _ := MustSpec(t, srv)

	var inSpec []string
	for path, item := range s.Paths {
		for method := range item {
			if method == "parameters" {
				continue
			}
			inSpec = append(inSpec, strings.ToUpper(method)+" "+path)
		}
	}
	var registered []string
	for _, r := range srv.Routes() {
		registered = append(registered, r.Method+" "+r.Path)
	}
	slices.Sort(inSpec)
	slices.Sort(registered)
	for _, r := range registered {
		if !slices.Contains(inSpec, r) {
			t.Errorf("route %s is not in openapi.yaml", r)
		}
	}
	for _, r := range inSpec {
		if !slices.Contains(registered, r) {
			t.Errorf("openapi.yaml has %s, which is not routed", r)
		}
	}
}

// TestOpenAPI_Schemas checks that the schemas name exactly the JSON fields
// the types encode, and that every $ref resolves.
func TestOpenAPI_Schemas(t *testing.T) {
	t.Parallel()
	s, raw := MustSpec(t, MustServer(t, &stubService{}, api.Config{Batches: &stubBatches{}}))
	now := time.Now()
	box := extractor.Box{X0: 1}
	occ := extractor.Occurrence{Page: 1, BBox: box, Label: "l", Confidence: 1, Source: extractor.SourceOCR}
	finding := extractor.Finding{Kind: extractor.KindANumber, Value: "v", Display: "d", Page: 1, BBox: box, Label: "l", Confidence: 1, Source: extractor.SourceOCR, Corrections: []string{"c"}, Occurrences: []extractor.Occurrence{occ}}
	page := results.Page{Number: 1, Source: extractor.SourceOCR, Error: "e", Width: 1, Height: 1}
	review := records.Review{Finding: 0, Action: records.ReviewCorrect, Value: "v", Reviewer: "r", At: now}
	doc := records.Document{ID: "i", Tenant: "t", SHA256: "s", Filename: "f", MediaType: "m", Size: 1, ObjectKey: "k", Status: records.StatusPartial,
		Error: "e", CallbackURL: "u", Callback: &records.Callback{Receiver: "r", State: records.CallbackDelivered, Attempts: 1}, Pages: []results.Page{page}, Findings: []extractor.Finding{finding}, Warnings: []string{"w"},
		Reviews: []records.Review{review}, PagesDone: 1, PagesTotal: 1, CreatedAt: now, UpdatedAt: now, CompletedAt: &now}
	batch := records.Batch{ID: "i", Tenant: "t", Source: "s", State: records.BatchDone, Error: "e", Counts: records.BatchCounts{Total: 1},
		Identifiers: 1, CreatedAt: now, FinishedAt: &now, ListedThrough: "k"}
	for name, v := range map[string]any{
		"Box": box, "Occurrence": occ, "Finding": finding, "Page": page, "Document": doc, "Review": review,
		"DocumentList": records.DocumentList{Documents: []records.Document{doc}, Next: "n"},
		"Problem":      problemBody{},
		"Batch":        batch, "BatchCounts": batch.Counts, "BatchList": map[string]any{"batches": []records.Batch{batch}},
	} {
		sch, ok := s.Components.Schemas[name]
		if !ok {
			t.Errorf("schema %s missing", name)
			continue
		}
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var fields map[string]any
		if err := json.Unmarshal(data, &fields); err != nil {
			t.Fatal(err)
		}
		for f := range fields {
			if _, ok := sch.Properties[f]; !ok {
				t.Errorf("schema %s lacks property %q", name, f)
			}
		}
		for f := range sch.Properties {
			if _, ok := fields[f]; !ok {
				t.Errorf("schema %s has property %q that %T does not encode", name, f, v)
			}
		}
	}

	var doc2 any
	if err := yaml.Unmarshal(raw, &doc2); err != nil {
		t.Fatal(err)
	}
	var walk func(any)
	walk = func(n any) {
		switch n := n.(type) {
		case map[string]any:
			for k, v := range n {
				if ref, ok := v.(string); ok && k == "$ref" {
					name, ok := strings.CutPrefix(ref, "#/components/")
					kind, key, _ := strings.Cut(name, "/")
					comps, _ := doc2.(map[string]any)["components"].(map[string]any)
					section, _ := comps[kind].(map[string]any)
					if _, found := section[key]; !ok || !found {
						t.Errorf("$ref %s does not resolve", ref)
					}
				}
				walk(v)
			}
		case []any:
			for _, v := range n {
				walk(v)
			}
		}
	}
	walk(doc2)
}
