// Package s3 stores objects in an S3-compatible bucket (AWS S3, MinIO,
// versitygw, ...) through minio-go.
//
// It is the only package that imports minio-go. Every minio error is
// translated at this boundary into a storage sentinel or a plain message,
// and no minio type appears in the API, so callers and tests depend on
// storage.Store alone.
package s3

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/encrypt"

	"github.com/noticescan/noticescan/storage"
)

var _ storage.Store = (*Store)(nil)

// unknownSizePartSize bounds the memory of a Put with size -1: minio buffers
// one part at a time and would otherwise size parts for a 5 TiB object
// (over 500 MiB each). With 10,000 parts this still allows 156 GiB.
const unknownSizePartSize = 16 << 20

// MaxPresignTTL is the longest validity S3 allows for a presigned URL.
const MaxPresignTTL = 7 * 24 * time.Hour

// Store is a storage.Store backed by one S3 bucket. Create it with New.
type Store struct {
	client  *minio.Client
	bucket  string
	prefix  string // "" or ending in "/"
	sse     encrypt.ServerSide
	sseMode string
}

// New connects to the bucket described by cfg, creating it if missing and
// cfg.CreateBucket is set. It makes a request, so an unreachable server is
// reported here, as an error wrapping storage.ErrUnavailable.
func New(ctx context.Context, cfg Config) (*Store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	opts := &minio.Options{
		Secure:     cfg.UseTLS,
		Region:     cfg.Region,
		MaxRetries: cfg.MaxRetries,
	}
	opts.Creds = credentialsFor(cfg)
	client, err := minio.New(cfg.Endpoint, opts)
	if err != nil {
		return nil, fmt.Errorf("s3: client for %s: %v", cfg.Endpoint, err)
	}
	s := &Store{client: client, bucket: cfg.Bucket, prefix: cfg.keyPrefix(), sseMode: cfg.SSE}
	switch cfg.SSE {
	case SSES3:
		s.sse = encrypt.NewSSE()
	case SSEKMS:
		if s.sse, err = encrypt.NewSSEKMS(cfg.KMSKeyID, nil); err != nil {
			return nil, fmt.Errorf("s3: KMS key: %v", err)
		}
	}

	if err := s.ensureBucket(ctx, cfg); err != nil {
		return nil, err
	}
	if s.sse != nil {
		if err := s.verifySSE(ctx); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (s *Store) ensureBucket(ctx context.Context, cfg Config) error {
	exists, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return s.translate(ctx, "check bucket", s.bucket, err)
	}
	if exists {
		return nil
	}
	if !cfg.CreateBucket {
		return fmt.Errorf("s3: bucket %q does not exist on %s; create it or set CreateBucket", s.bucket, cfg.Endpoint)
	}
	err = s.client.MakeBucket(ctx, s.bucket, minio.MakeBucketOptions{Region: cfg.Region})
	// Another instance starting at the same time may have won the race.
	if minio.ToErrorResponse(err).Code == "BucketAlreadyOwnedByYou" {
		err = nil
	}
	return s.translate(ctx, "create bucket", s.bucket, err)
}

// sseProbePrefix holds the object verifySSE writes. It sits outside the
// tenants/ tree, so only a List of the whole store started in the same
// instant could see it.
const sseProbePrefix = ".noticescan/sse-probe-"

// verifySSE writes a small object with the configured encryption, checks
// that the server reports it encrypted, and deletes it. Some S3-compatible
// servers (versitygw's posix backend among them) accept the encryption
// headers and store the object in the clear; documents with personal data
// must not silently end up unencrypted, so New fails instead.
func (s *Store) verifySSE(ctx context.Context) error {
	var rnd [8]byte
	_, _ = rand.Read(rnd[:]) // never fails on supported platforms
	key := sseProbePrefix + hex.EncodeToString(rnd[:])
	opts := minio.PutObjectOptions{ContentType: "text/plain", ServerSideEncryption: s.sse}
	if _, err := s.client.PutObject(ctx, s.bucket, s.prefix+key, strings.NewReader("probe"), 5, opts); err != nil {
		return s.translate(ctx, "check encryption", "", err)
	}
	defer func() {
		_ = s.client.RemoveObject(context.WithoutCancel(ctx), s.bucket, s.prefix+key, minio.RemoveObjectOptions{})
	}()
	oi, err := s.client.StatObject(ctx, s.bucket, s.prefix+key, minio.StatObjectOptions{})
	if err != nil {
		return s.translate(ctx, "check encryption", "", err)
	}
	if got := oi.Metadata.Get("X-Amz-Server-Side-Encryption"); got != s.sseMode {
		if got == "" {
			got = "unencrypted"
		}
		return fmt.Errorf("s3: bucket %q: server accepted server-side encryption %q but reports the object as %s; refusing to store documents unencrypted (unset SSE only if the storage is encrypted another way)", s.bucket, s.sseMode, got)
	}
	return nil
}

// Put implements storage.Store. Objects over 16 MiB, or of unknown size, are
// uploaded in 16 MiB parts; S3 makes the object visible only when the upload
// completes, and minio aborts the upload on error.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	if err := storage.ValidKey(key); err != nil {
		return fmt.Errorf("s3: put: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("s3: put %s: %w", key, err)
	}
	if contentType == "" {
		contentType = storage.DefaultContentType
	}
	opts := minio.PutObjectOptions{ContentType: contentType, ServerSideEncryption: s.sse}
	if size < 0 {
		opts.PartSize = unknownSizePartSize
	}
	rd, b, err := newBody(r, size)
	if err != nil {
		return fmt.Errorf("s3: put %s: %w", key, err)
	}
	_, err = s.client.PutObject(ctx, s.bucket, s.prefix+key, rd, size, opts)
	if err != nil && b.err != nil && ctx.Err() == nil {
		// The caller's reader failed; that error is theirs to test for.
		return fmt.Errorf("s3: put %s: read: %w", key, b.err)
	}
	return s.translate(ctx, "put", key, err)
}

// Get implements storage.Store.
func (s *Store) Get(ctx context.Context, key string) (io.ReadCloser, storage.Info, error) {
	if err := storage.ValidKey(key); err != nil {
		return nil, storage.Info{}, fmt.Errorf("s3: get: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, storage.Info{}, fmt.Errorf("s3: get %s: %w", key, err)
	}
	// One GET carries both the metadata and the body. minio's lazy
	// Client.GetObject would HEAD first and then GET with If-Match, which
	// fails if the object is overwritten in between.
	body, oi, _, err := minio.Core{Client: s.client}.GetObject(ctx, s.bucket, s.prefix+key, minio.GetObjectOptions{})
	if err != nil {
		return nil, storage.Info{}, s.translate(ctx, "get", key, err)
	}
	return &objectReader{s: s, ctx: ctx, key: key, body: body}, s.info(key, oi), nil
}

// Stat implements storage.Store.
func (s *Store) Stat(ctx context.Context, key string) (storage.Info, error) {
	if err := storage.ValidKey(key); err != nil {
		return storage.Info{}, fmt.Errorf("s3: stat: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return storage.Info{}, fmt.Errorf("s3: stat %s: %w", key, err)
	}
	oi, err := s.client.StatObject(ctx, s.bucket, s.prefix+key, minio.StatObjectOptions{})
	if err != nil {
		return storage.Info{}, s.translate(ctx, "stat", key, err)
	}
	return s.info(key, oi), nil
}

// Delete implements storage.Store. S3 already answers 204 for a missing
// key, so a repeated Delete succeeds.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := storage.ValidKey(key); err != nil {
		return fmt.Errorf("s3: delete: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("s3: delete %s: %w", key, err)
	}
	err := s.client.RemoveObject(ctx, s.bucket, s.prefix+key, minio.RemoveObjectOptions{})
	return s.translate(ctx, "delete", key, err)
}

// List implements storage.Store. S3 returns keys in UTF-8 byte order, one
// page of up to 1000 at a time; minio follows the continuation tokens.
func (s *Store) List(ctx context.Context, prefix string, fn func(storage.Info) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("s3: list %s: %w", prefix, err)
	}
	// Stops minio's listing goroutine when fn ends the walk early.
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	objects := s.client.ListObjects(lctx, s.bucket, minio.ListObjectsOptions{
		Prefix:    s.prefix + prefix,
		Recursive: true,
	})
	for oi := range objects {
		if oi.Err != nil {
			return s.translate(ctx, "list", prefix, oi.Err)
		}
		key := strings.TrimPrefix(oi.Key, s.prefix)
		// Objects written by other tools (folder markers such as "a/",
		// keys with "..") could not be read back through this API, so
		// they are not listed.
		if storage.ValidKey(key) != nil {
			continue
		}
		if err := fn(storage.Info{Key: key, Size: oi.Size, ModTime: oi.LastModified}); err != nil {
			return err
		}
	}
	// The channel also closes when ctx ends, without an error item.
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("s3: list %s: %w", prefix, err)
	}
	return nil
}

// PresignGet returns a URL that lets anyone holding it download key with a
// plain HTTP GET until ttl has passed (at most MaxPresignTTL), so a browser
// can fetch a document without the service proxying the bytes. The URL
// grants access by itself: treat it as a secret and keep ttl short.
// Presigning is local computation; it does not check that the key exists.
func (s *Store) PresignGet(ctx context.Context, key string, ttl time.Duration) (string, error) {
	if err := storage.ValidKey(key); err != nil {
		return "", fmt.Errorf("s3: presign: %w", err)
	}
	if ttl < time.Second || ttl > MaxPresignTTL {
		return "", fmt.Errorf("s3: presign %s: ttl %v outside 1s to %v", key, ttl, MaxPresignTTL)
	}
	u, err := s.client.PresignedGetObject(ctx, s.bucket, s.prefix+key, ttl, nil)
	if err != nil {
		return "", s.translate(ctx, "presign", key, err)
	}
	return u.String(), nil
}

func (s *Store) info(key string, oi minio.ObjectInfo) storage.Info {
	return storage.Info{Key: key, Size: oi.Size, ContentType: oi.ContentType, ModTime: oi.LastModified}
}

// objectReader translates errors from a response body, so that a dropped
// connection mid-read wraps storage.ErrUnavailable like any other failure.
type objectReader struct {
	s    *Store
	ctx  context.Context
	key  string
	body io.ReadCloser
}

func (r *objectReader) Read(p []byte) (int, error) {
	// The HTTP transport stops the body when it notices the cancellation,
	// which on a busy machine can be after the rest of a small object has
	// already been handed out: check first, so a cancelled read stops.
	if err := r.ctx.Err(); err != nil {
		return 0, r.s.translate(r.ctx, "read", r.key, err)
	}
	n, err := r.body.Read(p)
	if err != nil && err != io.EOF {
		err = r.s.translate(r.ctx, "read", r.key, err)
	}
	return n, err
}

func (r *objectReader) Close() error { return r.body.Close() }
