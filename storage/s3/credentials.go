package s3

import (
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/minio/minio-go/v7/pkg/credentials"
)

// MetadataDisabledEnv is the AWS SDKs' switch for the EC2 instance-metadata
// service; "true" drops that step from the credential chain, as
// Config.NoInstanceMetadata does.
const MetadataDisabledEnv = "AWS_EC2_METADATA_DISABLED"

// roleTimeout bounds one request for role credentials: off AWS, the
// instance-metadata address does not answer and would otherwise hold each
// request for the TCP connect timeout.
const roleTimeout = 5 * time.Second

// credentialsFor picks the credentials of cfg: the static keys when set,
// otherwise the first of the AWS environment (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), the shared credentials and
// config files (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE, AWS_PROFILE)
// and a role (web identity, container or EC2 instance) that yields keys.
// With none, requests go unsigned.
func credentialsFor(cfg Config) *credentials.Credentials {
	if cfg.AccessKey != "" {
		return credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, "")
	}
	chain := []credentials.Provider{
		&credentials.EnvAWS{},
		&credentials.FileAWSCredentials{},
	}
	role := &credentials.IAM{Client: &http.Client{Timeout: roleTimeout}}
	if !metadataDisabled(cfg) || roleFromEnv() {
		chain = append(chain, role)
	}
	return credentials.NewChainCredentials(chain)
}

// metadataDisabled reports whether the instance-metadata step is off, by
// cfg or by the environment.
func metadataDisabled(cfg Config) bool {
	off, _ := strconv.ParseBool(os.Getenv(MetadataDisabledEnv))
	return cfg.NoInstanceMetadata || off
}

// roleFromEnv reports whether the environment names a role source other
// than instance metadata (web identity token, container credentials); the
// role step then asks that source, never the metadata address.
func roleFromEnv() bool {
	for _, v := range []string{"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"} {
		if os.Getenv(v) != "" {
			return true
		}
	}
	return false
}
