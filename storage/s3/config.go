package s3

import (
	"errors"
	"fmt"
	"strings"

	"github.com/noticescan/noticescan/storage"
)

// Server-side encryption modes accepted in Config.SSE.
const (
	SSENone = ""
	// SSES3 asks the server to encrypt with keys it manages (SSE-S3).
	SSES3 = "AES256"
	// SSEKMS asks the server to encrypt with Config.KMSKeyID (SSE-KMS).
	SSEKMS = "aws:kms"
)

// Config says which bucket to use and how to reach it. The zero value is not
// usable: Endpoint and Bucket are required.
type Config struct {
	// Endpoint is host or host:port, without a scheme ("s3.amazonaws.com",
	// "127.0.0.1:7070"); UseTLS picks the scheme.
	Endpoint string
	Bucket   string
	// Region is signed into every request. Empty lets the client ask the
	// server, which costs a request per bucket.
	Region string
	// AccessKey and SecretKey are static credentials. Left empty, the
	// AWS credential chain supplies them: the AWS_* environment, the
	// shared credentials file, then a web identity, container or EC2
	// instance role; requests go unsigned when none yields keys.
	AccessKey string
	SecretKey string
	// NoInstanceMetadata drops the EC2 instance-metadata step from the
	// chain, as AWS_EC2_METADATA_DISABLED=true does: off AWS the address
	// does not answer, and tests must not send requests beyond loopback.
	NoInstanceMetadata bool
	UseTLS             bool

	// SSE is the server-side encryption requested on every Put: SSENone,
	// SSES3 or SSEKMS. A server that cannot honour it fails the Put
	// rather than storing the document unencrypted.
	SSE string
	// KMSKeyID is the KMS key for SSEKMS, and must be empty otherwise.
	KMSKeyID string

	// Prefix, if set, is prepended to every key, so several deployments or
	// environments can share one bucket. Keys returned by List have it
	// removed. Leading and trailing slashes are ignored.
	Prefix string

	// CreateBucket makes New create the bucket if it does not exist.
	// Otherwise a missing bucket is an error, which catches a mistyped
	// name before the first upload.
	CreateBucket bool

	// MaxRetries is how many times a request is attempted before an error
	// is returned; 0 means the client's default (10, with backoff).
	// Lower it when failing fast beats riding out a blip.
	MaxRetries int
}

// Validate reports the first problem with c, without contacting the server.
func (c Config) Validate() error {
	switch {
	case c.Endpoint == "":
		return errors.New("s3: endpoint not set")
	case strings.Contains(c.Endpoint, "://"):
		return fmt.Errorf("s3: endpoint %q must be host[:port] without a scheme; set UseTLS for https", c.Endpoint)
	case strings.ContainsAny(c.Endpoint, "/?#"):
		return fmt.Errorf("s3: endpoint %q must be host[:port] without a path", c.Endpoint)
	case c.Bucket == "":
		return errors.New("s3: bucket not set")
	case (c.AccessKey == "") != (c.SecretKey == ""):
		return errors.New("s3: set both access key and secret key, or neither")
	case c.MaxRetries < 0:
		return errors.New("s3: max retries must not be negative")
	}
	switch c.SSE {
	case SSENone, SSES3:
		if c.KMSKeyID != "" {
			return fmt.Errorf("s3: KMS key id is set but SSE is %q, not %q", c.SSE, SSEKMS)
		}
	case SSEKMS:
		if c.KMSKeyID == "" {
			return fmt.Errorf("s3: SSE %q needs a KMS key id", SSEKMS)
		}
	default:
		return fmt.Errorf("s3: unknown SSE mode %q (want %q, %q or empty)", c.SSE, SSES3, SSEKMS)
	}
	if p := strings.Trim(c.Prefix, "/"); p != "" {
		if err := storage.ValidKey(p); err != nil {
			return fmt.Errorf("s3: prefix: %w", err)
		}
	}
	return nil
}

// keyPrefix is Prefix in the form prepended to keys: "" or "a/b/".
func (c Config) keyPrefix() string {
	if p := strings.Trim(c.Prefix, "/"); p != "" {
		return p + "/"
	}
	return ""
}
