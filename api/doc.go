// Package api is the service's HTTP interface: routes, request parsing,
// size limits, authentication, the one error-to-status table, rendering and
// request logging. It owns nothing else. Each handler parses the request,
// calls one method of the Service it is given, maps the error and renders
// the answer; what a document contains and how it is processed is the
// Service's business.
//
// Gin is an implementation detail: no gin type appears in this package's
// API, and a *gin.Context never leaves it. The package imports gin,
// extractor (for finding kinds and masking), document and storage (for
// their error sentinels), records (for the record types),
// intake (for the uploads and batch sources it hands the Service) and
// egress (to refuse a callback URL naming an internal address). It must
// not import ocr, pipeline, storage backends or any other vendor SDK.
//
// Request logs carry the route pattern, never the raw URL: paths, query
// strings, filenames and error texts can hold the identifiers the service
// extracts, and those never reach a log.
package api
