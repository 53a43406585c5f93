package s3_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/noticescan/noticescan/storage/s3"
	"github.com/noticescan/noticescan/storage/storagetest"
)

// clearAWSEnv empties every variable the credential chain reads, points
// the shared files at a missing path and switches instance metadata off,
// so that a test sees only the source it sets and no request leaves
// loopback. Tests calling it cannot run in parallel (t.Setenv).
func clearAWSEnv(t *testing.T) {
	t.Helper()
	missing := filepath.Join(t.TempDir(), "missing")
	for _, v := range []string{
		"AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
		"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
	} {
		t.Setenv(v, "")
	}
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", missing)
	t.Setenv("AWS_CONFIG_FILE", missing)
	t.Setenv(s3.MetadataDisabledEnv, "true")
}

// chainConfig is Config without static keys, so the chain supplies them.
func chainConfig(srv *storagetest.S3Server, bucket string) s3.Config {
	cfg := Config(srv, bucket)
	cfg.AccessKey, cfg.SecretKey = "", ""
	return cfg
}

// roundTrip stores and reads back an object, which only signed requests
// with the server's keys can do.
func roundTrip(t *testing.T, cfg s3.Config) {
	t.Helper()
	s := MustNew(t, cfg)
	storagetest.MustPut(t, s, "k", []byte("v"), "")
	if got, _ := storagetest.MustGet(t, s, "k"); string(got) != "v" {
		t.Fatalf("got %q, want %q", got, "v")
	}
}

func TestCredentials(t *testing.T) {
	srv := storagetest.StartS3(t)

	t.Run("OKEnvironment", func(t *testing.T) {
		clearAWSEnv(t)
		t.Setenv("AWS_ACCESS_KEY_ID", srv.AccessKey)
		t.Setenv("AWS_SECRET_ACCESS_KEY", srv.SecretKey)
		roundTrip(t, chainConfig(srv, "from-env"))
	})

	t.Run("OKStaticBeforeEnvironment", func(t *testing.T) {
		clearAWSEnv(t)
		t.Setenv("AWS_ACCESS_KEY_ID", "NSWRONGKEY")
		t.Setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
		roundTrip(t, Config(srv, "static-first"))
	})

	t.Run("OKSharedFile", func(t *testing.T) {
		clearAWSEnv(t)
		file := filepath.Join(t.TempDir(), "credentials")
		ini := "[default]\naws_access_key_id = NSWRONGKEY\naws_secret_access_key = wrong\n\n" +
			"[firm]\naws_access_key_id = " + srv.AccessKey + "\naws_secret_access_key = " + srv.SecretKey + "\n"
		if err := os.WriteFile(file, []byte(ini), 0o600); err != nil {
			t.Fatal(err)
		}
		t.Setenv("AWS_SHARED_CREDENTIALS_FILE", file)
		t.Setenv("AWS_PROFILE", "firm")
		roundTrip(t, chainConfig(srv, "from-file"))
	})

	// The role step is served here by a container credentials endpoint on
	// loopback, the one role source a test can run without AWS.
	t.Run("OKRole", func(t *testing.T) {
		clearAWSEnv(t)
		var asked atomic.Int32
		role := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			asked.Add(1)
			_ = json.NewEncoder(w).Encode(map[string]any{
				"AccessKeyId": srv.AccessKey, "SecretAccessKey": srv.SecretKey,
				"Expiration": time.Now().Add(time.Hour).UTC().Format(time.RFC3339),
			})
		}))
		t.Cleanup(role.Close)
		t.Setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", role.URL+"/v2/credentials")
		roundTrip(t, chainConfig(srv, "from-role"))
		if asked.Load() == 0 {
			t.Fatal("the role endpoint was never asked")
		}
	})

	t.Run("ErrNoCredentials", func(t *testing.T) {
		clearAWSEnv(t)
		t.Setenv(s3.MetadataDisabledEnv, "")
		cfg := chainConfig(srv, "anonymous")
		cfg.NoInstanceMetadata = true
		if _, err := s3.New(t.Context(), cfg); err == nil {
			t.Fatal("New with no credentials anywhere succeeded")
		}
	})
}
