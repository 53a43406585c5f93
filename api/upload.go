package api

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/noticescan/noticescan/egress"
	"github.com/noticescan/noticescan/intake"
	"github.com/noticescan/noticescan/records"
)

// maxFieldBytes bounds a non-file multipart field such as callback_url.
const maxFieldBytes = 4 << 10

// upload handles POST /v1/documents: a multipart form with one or more
// "file" parts, or the file as the raw body. Parts are streamed to the
// Service one by one, never buffered whole. Files before a failing one stay
// uploaded; sending them again returns the same documents.
func (s *Server) upload(c *gin.Context) {
	r := c.Request
	ctx := r.Context()
	tenant := tenantOf(ctx)
	wait, err := s.waitParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	callback, err := s.callbackURL(c.Query("callback_url"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if r.ContentLength > s.maxUpload {
		s.fail(c, tooLarge(s.maxUpload))
		return
	}
	body := &recorder{r: http.MaxBytesReader(c.Writer, r.Body, s.maxUpload)}

	var docs []records.Document
	mediaType, params, ctErr := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case strings.HasPrefix(strings.ToLower(r.Header.Get("Content-Type")), "multipart/") && (ctErr != nil || params["boundary"] == ""):
		err = badRequest("The multipart Content-Type has no valid boundary.")
	case ctErr == nil && strings.HasPrefix(mediaType, "multipart/"):
		docs, err = s.uploadParts(ctx, tenant, multipart.NewReader(body, params["boundary"]), callback)
	default:
		var name string
		if name, err = rawFilename(c); err == nil {
			var d records.Document
			d, err = s.svc.Upload(ctx, tenant, intake.Upload{Filename: name, Body: body, CallbackURL: callback})
			docs = []records.Document{d}
		}
	}
	if err != nil {
		s.fail(c, bodyError(err, body.err))
		return
	}

	status := http.StatusAccepted
	if wait > 0 {
		if docs, err = s.waitAll(ctx, tenant, docs, wait); err != nil {
			s.fail(c, err)
			return
		}
		if allFinal(docs) {
			status = http.StatusOK
		}
	}
	if len(docs) == 1 {
		v := uploaded(docs[0])
		c.Header("Location", v.StatusURL)
		s.render(c, status, v)
		return
	}
	list := uploadedList{Documents: make([]uploadedDocument, len(docs))}
	for i, d := range docs {
		list.Documents[i] = uploaded(d)
	}
	s.render(c, status, list)
}

// uploadParts uploads each "file" part in turn. A callback_url field
// applies to the files after it, so it must come before them.
func (s *Server) uploadParts(ctx context.Context, tenant string, mr *multipart.Reader, callback string) ([]records.Document, error) {
	var docs []records.Document
	for parts := 1; ; parts++ {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return docs, badRequest("The multipart body is malformed.")
		}
		if parts > s.maxParts {
			return docs, tooManyParts(s.maxParts)
		}
		switch p.FormName() {
		case "file":
			name, err := filename(p.FileName())
			if err != nil {
				return docs, err
			}
			part := &recorder{r: p}
			d, err := s.svc.Upload(ctx, tenant, intake.Upload{Filename: name, Body: part, CallbackURL: callback})
			if err != nil {
				return docs, bodyError(err, part.err)
			}
			docs = append(docs, d)
		case "callback_url":
			if len(docs) > 0 {
				return docs, badRequest("The callback_url field must come before the file parts.")
			}
			v, err := io.ReadAll(io.LimitReader(p, maxFieldBytes+1))
			if err != nil {
				return docs, badRequest("The multipart body is malformed.")
			}
			if len(v) > maxFieldBytes {
				return docs, badRequest("The callback_url field is too long.")
			}
			if callback, err = s.callbackURL(string(v)); err != nil {
				return docs, err
			}
		}
	}
	if len(docs) == 0 {
		return nil, badRequest(`The form has no "file" part.`)
	}
	return docs, nil
}

// tooManyParts is a form with more parts than one request may carry.
func tooManyParts(limit int) error {
	return badRequest("The form has more than %d parts; send the rest in another request.", limit)
}

// bodyError explains a failed upload by what happened to the request body
// first, over the limit or cut off or malformed, whatever the Service made
// of it. readErr is the first read error seen on the body.
func bodyError(err, readErr error) error {
	var mbe *http.MaxBytesError
	switch {
	case readErr == nil:
		return err
	case errors.As(readErr, &mbe):
		return tooLarge(mbe.Limit)
	case errors.Is(readErr, errSlowBody):
		return readErr
	}
	return badRequest("The request body could not be read: it was cut off or is malformed.")
}

// waitAll waits up to d in total for every document to be final and
// returns their latest states.
func (s *Server) waitAll(ctx context.Context, tenant string, docs []records.Document, d time.Duration) ([]records.Document, error) {
	wctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	for i, doc := range docs {
		if doc.Status.Final() {
			continue
		}
		latest, err := s.wait(ctx, wctx, tenant, doc.ID)
		if err != nil {
			return nil, err
		}
		if latest.ID != "" {
			docs[i] = latest
		}
	}
	return docs, nil
}

// wait calls Service.Wait under wctx, a deadline derived from ctx. A wait
// that runs out is not an error: it returns the latest state the Service
// gave, if any.
func (s *Server) wait(ctx, wctx context.Context, tenant, id string) (records.Document, error) {
	latest, err := s.svc.Wait(wctx, tenant, id)
	if err != nil && wctx.Err() != nil && ctx.Err() == nil {
		return latest, nil
	}
	return latest, err
}

func allFinal(docs []records.Document) bool {
	for _, d := range docs {
		if !d.Status.Final() {
			return false
		}
	}
	return true
}

// waitParam parses ?wait, a Go duration capped at MaxWait; zero if absent.
func (s *Server) waitParam(c *gin.Context) (time.Duration, error) {
	v, ok := c.GetQuery("wait")
	if !ok || v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, badRequest(`The wait parameter must be a non-negative duration such as "30s".`)
	}
	return min(d, s.maxWait), nil
}

// callbackURL checks that a non-empty v is an absolute http(s) URL that
// the callback policy lets the service call: no user information, and no
// internal address unless the operator allowed it.
func (s *Server) callbackURL(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	u, err := s.callbacks.CheckURL(v)
	if err != nil {
		return "", badRequest("The callback_url must be an absolute http or https URL, without user information, "+
			"to a public host or one the operator allowed (%s).", strings.TrimPrefix(err.Error(), egress.ErrRefused.Error()+": "))
	}
	return u.String(), nil
}

// rawFilename is the filename of a raw-body upload: ?filename= or the
// Content-Disposition header, made safe by filename.
func rawFilename(c *gin.Context) (string, error) {
	if v := c.Query("filename"); v != "" {
		return filename(v)
	}
	if _, params, err := mime.ParseMediaType(c.GetHeader("Content-Disposition")); err == nil {
		return filename(params["filename"])
	}
	return "", nil
}

// recorder keeps the first read error other than io.EOF, so that a failed
// upload can be blamed on the request when the request is at fault.
type recorder struct {
	r   io.Reader
	err error
}

func (r *recorder) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) && r.err == nil {
		r.err = err
	}
	return n, err
}
