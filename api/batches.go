package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/noticescan/noticescan/intake"
	"github.com/noticescan/noticescan/records"
	"github.com/noticescan/noticescan/results"
)

// BatchService is what the batch routes need from the application. Every
// method acts for one tenant; another tenant's batch is
// records.ErrNotFound.
type BatchService interface {
	// CreateBatch records a batch of every object under an S3 prefix and
	// queues the job that lists them. intake.ErrSourceNotAvailable when the tenant
	// may not read the source or its bucket does not exist.
	CreateBatch(ctx context.Context, tenant string, src intake.BatchSource) (records.Batch, error)
	// UploadBatch stores and queues each file next returns until io.EOF,
	// in one batch, before it returns. A file that is not a document
	// (empty, too large, of another type) becomes an item with an error;
	// an error from next ends the batch and is returned.
	UploadBatch(ctx context.Context, tenant string, next func() (intake.Upload, error)) (records.Batch, error)
	// Batch returns a batch with its progress counts.
	Batch(ctx context.Context, tenant, id string) (records.Batch, error)
	// Batches lists the tenant's newest batches.
	Batches(ctx context.Context, tenant string) ([]records.Batch, error)
	// BatchResults calls fn with each item's row, in order, reading them
	// a page at a time; fn's error stops it and is returned.
	BatchResults(ctx context.Context, tenant, id string, fn func(results.Row) error) error
}

// maxBatchJSON bounds the JSON body of a batch request.
const maxBatchJSON = 16 << 10

// batchList answers GET /v1/batches.
type batchList struct {
	Batches []records.Batch `json:"batches"`
}

// createBatch handles POST /v1/batches: JSON {"source": "s3://bucket/prefix"},
// or multipart/form-data with "file" parts, streamed one by one.
func (s *Server) createBatch(c *gin.Context) {
	r := c.Request
	ctx := r.Context()
	tenant := tenantOf(ctx)
	ct := r.Header.Get("Content-Type")
	mediaType, params, ctErr := mime.ParseMediaType(ct)
	var (
		b   records.Batch
		err error
	)
	switch {
	case strings.HasPrefix(strings.ToLower(ct), "multipart/") && (ctErr != nil || params["boundary"] == ""):
		err = badRequest("The multipart Content-Type has no valid boundary.")
	case ctErr == nil && strings.HasPrefix(mediaType, "multipart/"):
		if r.ContentLength > s.maxUpload {
			s.fail(c, tooLarge(s.maxUpload))
			return
		}
		body := &recorder{r: http.MaxBytesReader(c.Writer, r.Body, s.maxUpload)}
		b, err = s.batches.UploadBatch(ctx, tenant, fileParts(multipart.NewReader(body, params["boundary"]), s.maxParts))
		err = bodyError(err, body.err)
	case ctErr == nil && mediaType == "application/json":
		var src intake.BatchSource
		if src, err = batchSource(http.MaxBytesReader(c.Writer, r.Body, maxBatchJSON)); err == nil {
			b, err = s.batches.CreateBatch(ctx, tenant, src)
		}
	default:
		err = badRequest(`Send JSON {"source": "s3://BUCKET/PREFIX"}, or multipart/form-data with "file" parts.`)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Location", "/v1/batches/"+url.PathEscape(b.ID))
	s.render(c, http.StatusAccepted, b)
}

// fileParts returns the "file" parts of mr one by one, then io.EOF; a
// form without one, or with more than maxParts parts, is a bad request.
// Other fields are skipped.
func fileParts(mr *multipart.Reader, maxParts int) func() (intake.Upload, error) {
	files, parts := 0, 0
	return func() (intake.Upload, error) {
		for {
			p, err := mr.NextPart()
			if parts++; err == nil && parts > maxParts {
				return intake.Upload{}, tooManyParts(maxParts)
			}
			if errors.Is(err, io.EOF) {
				if files == 0 {
					return intake.Upload{}, badRequest(`The form has no "file" part.`)
				}
				return intake.Upload{}, io.EOF
			}
			if err != nil {
				return intake.Upload{}, badRequest("The multipart body is malformed.")
			}
			if p.FormName() == "file" {
				files++
				name, err := filename(p.FileName())
				if err != nil {
					return intake.Upload{}, err
				}
				return intake.Upload{Filename: name, Body: p}, nil
			}
		}
	}
}

// batchSource parses {"source": "s3://bucket/prefix"}.
func batchSource(body io.Reader) (intake.BatchSource, error) {
	var req struct {
		Source string `json:"source"`
	}
	d := json.NewDecoder(body)
	d.DisallowUnknownFields()
	if err := d.Decode(&req); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return intake.BatchSource{}, tooLarge(mbe.Limit)
		}
		return intake.BatchSource{}, badRequest(`The body must be JSON {"source": "s3://BUCKET/PREFIX"}.`)
	}
	rest, ok := strings.CutPrefix(req.Source, "s3://")
	bucket, prefix, _ := strings.Cut(rest, "/")
	if !ok || !validBucket(bucket) {
		return intake.BatchSource{}, badRequest(`The source must be "s3://BUCKET/PREFIX" with a valid bucket name; other schemes are not read.`)
	}
	if err := checkText("source prefix", prefix, maxParamBytes); err != nil {
		return intake.BatchSource{}, err
	}
	return intake.BatchSource{Bucket: bucket, Prefix: prefix}, nil
}

// validBucket checks S3's bucket naming rules: 3 to 63 lower-case
// letters, digits, dots and hyphens, starting and ending alphanumeric.
func validBucket(b string) bool {
	if len(b) < 3 || len(b) > 63 {
		return false
	}
	for i, c := range []byte(b) {
		alnum := c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
		if !alnum && (i == 0 || i == len(b)-1 || (c != '.' && c != '-')) {
			return false
		}
	}
	return true
}

// batch handles GET /v1/batches/{id}.
func (s *Server) batch(c *gin.Context) {
	ctx := c.Request.Context()
	b, err := s.batches.Batch(ctx, tenantOf(ctx), c.Param("id"))
	if err != nil {
		s.fail(c, batchError(err))
		return
	}
	s.render(c, http.StatusOK, b)
}

// batchesList handles GET /v1/batches.
func (s *Server) batchesList(c *gin.Context) {
	ctx := c.Request.Context()
	bs, err := s.batches.Batches(ctx, tenantOf(ctx))
	if err != nil {
		s.fail(c, err)
		return
	}
	if bs == nil {
		bs = []records.Batch{}
	}
	s.render(c, http.StatusOK, batchList{Batches: bs})
}

// batchResults handles GET /v1/batches/{id}/results?format=jsonl|csv|xlsx:
// one row per item, streamed as the rows are read (a workbook is sent
// whole once every row is in).
func (s *Server) batchResults(c *gin.Context) {
	ctx := c.Request.Context()
	tenant, id := tenantOf(ctx), c.Param("id")
	format := c.DefaultQuery("format", "jsonl")
	if format != "jsonl" && format != "csv" && format != "xlsx" {
		s.fail(c, badRequest("The format parameter must be jsonl, csv or xlsx."))
		return
	}
	// Looked up first, so that a missing batch is a 404 and not an empty
	// 200.
	if _, err := s.batches.Batch(ctx, tenant, id); err != nil {
		s.fail(c, batchError(err))
		return
	}
	t, err := startTable(c, format, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	err = s.batches.BatchResults(ctx, tenant, id, t.write)
	if err == nil {
		err = t.close()
	}
	if err != nil {
		s.endTable(c, t, err)
	}
}

// batchError says "batch" where the error table would say "document".
func batchError(err error) error {
	if errors.Is(err, records.ErrNotFound) {
		return &publicError{kind: records.ErrNotFound, detail: "No such batch."}
	}
	return err
}
