package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// specRouter finds the operation of a request in the API's OpenAPI
// document, loaded once and made strict (see strictSchema).
var specRouter = sync.OnceValues(func() (routers.Router, error) {
	openapi3filter.RegisterBodyDecoder("application/x-ndjson", decodeJSONLines)
	doc, err := openapi3.NewLoader().LoadFromFile("../../api/openapi.yaml")
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	// The document's one server is "/", the host it is served from; the
	// router would take it as a host to match, so paths alone are matched.
	doc.Servers = nil
	seen := map[*openapi3.Schema]bool{}
	for _, s := range doc.Components.Schemas {
		strictSchema(s.Value, seen)
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, r := range op.Responses.Map() {
				for _, mt := range r.Value.Content {
					if mt.Schema != nil {
						strictSchema(mt.Schema.Value, seen)
					}
				}
			}
		}
	}
	return legacy.NewRouter(doc)
})

// decodeJSONLines checks that every line of a JSON Lines body is one JSON
// value; the document describes the body as a whole as a string.
func decodeJSONLines(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
	data, err := io.ReadAll(body)
	if err != nil {
		return nil, err
	}
	for i, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
		if len(data) > 0 && !json.Valid(line) {
			return nil, fmt.Errorf("line %d is not JSON", i+1)
		}
	}
	return string(data), nil
}

// strictSchema makes s and the schemas under it refuse properties they do
// not name, so that a field the server sends but the document does not
// describe fails the check. An allOf is merged into one object first,
// since a strict member would refuse its siblings' properties.
func strictSchema(s *openapi3.Schema, seen map[*openapi3.Schema]bool) {
	if s == nil || seen[s] {
		return
	}
	seen[s] = true
	if len(s.AllOf) > 0 {
		merged := *s
		merged.AllOf = nil
		merged.Properties = openapi3.Schemas{}
		merged.Required = nil
		for _, m := range append([]*openapi3.SchemaRef{{Value: s}}, s.AllOf...) {
			src := m.Value
			if src == s {
				src = &openapi3.Schema{Properties: s.Properties, Required: s.Required}
			}
			for name, p := range src.Properties {
				merged.Properties[name] = p
			}
			merged.Required = append(merged.Required, src.Required...)
			if src.Type != nil {
				merged.Type = src.Type
			}
		}
		*s = merged
	}
	if s.Type.Is(openapi3.TypeObject) && len(s.Properties) > 0 && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
		s.AdditionalProperties = openapi3.AdditionalProperties{Has: openapi3.Ptr(false)}
	}
	for _, p := range s.Properties {
		strictSchema(p.Value, seen)
	}
	if s.Items != nil {
		strictSchema(s.Items.Value, seen)
	}
	if s.AdditionalProperties.Schema != nil {
		strictSchema(s.AdditionalProperties.Schema.Value, seen)
	}
	for _, m := range append(s.OneOf, s.AnyOf...) {
		strictSchema(m.Value, seen)
	}
}

// checkSpec fails tb when req or its answer (status, headers, body) is not
// what the API's OpenAPI document describes. Paths outside the API (the
// web page and its assets) are not in the document and are not checked.
func checkSpec(tb testing.TB, req *http.Request, reqBody []byte, resp *http.Response, respBody []byte) {
	tb.Helper()
	router, err := specRouter()
	if err != nil {
		tb.Fatalf("openapi.yaml: %v", err)
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		if strings.HasPrefix(req.URL.Path, "/v1/") {
			tb.Errorf("%s %s: not in openapi.yaml: %v", req.Method, req.URL.Path, err)
		}
		return
	}
	in := &openapi3filter.RequestValidationInput{
		Request:    req.Clone(context.Background()),
		PathParams: params,
		Route:      route,
		Options: &openapi3filter.Options{
			AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
			MultiError:         true,
		},
	}
	in.Request.Body = io.NopCloser(bytes.NewReader(reqBody))
	if reqBody == nil && req.Body != nil {
		in.Options.ExcludeRequestBody = true
	}
	// A request the test sends on purpose to be refused need not be
	// valid; its answer must still be documented.
	reqErr := openapi3filter.ValidateRequest(context.Background(), in)
	if reqErr != nil && resp.StatusCode < 400 {
		tb.Errorf("%s %s: request not as openapi.yaml describes: %v", req.Method, req.URL.Path, reqErr)
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(respBody)),
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			MultiError:            true,
		},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		tb.Errorf("%s %s: answer %d not as openapi.yaml describes: %v", req.Method, req.URL.Path, resp.StatusCode, err)
	}
}
