package main_test

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/noticescan/noticescan/noticegen"
)

// TestServe_Operations checks what an operator watches: the request and
// build metrics, `version`, and /readyz noticing the object store gone.
func TestServe_Operations(t *testing.T) {
	notices := mustGenerate(t, noticegen.Options{Seed: 12, Count: 1, Formats: []noticegen.Format{noticegen.FormatPDFDigital}})
	s := MustStartServer(t, ServerOptions{Workers: 1})
	key := s.MustCreateKey(t, "acme")
	_, d := upload(t, s.URL, key, notices[0].Path, time.Minute)
	getJSON(t, s.URL+"/v1/documents/"+d.ID, key, &document{})
	do(t, http.MethodGet, s.URL+"/v1/documents/doc_doesnotexist00000000", key, nil, "")

	t.Run("Metrics", func(t *testing.T) {
		r := do(t, http.MethodGet, s.URL+"/metrics", key, nil, "")
		if r.Status != http.StatusOK {
			t.Fatalf("GET /metrics: %d", r.Status)
		}
		text := string(r.Body)
		for _, want := range []string{
			`noticescan_http_requests_total{method="GET",route="/v1/documents/:id",status="200"} 1`,
			`noticescan_http_requests_total{method="GET",route="/v1/documents/:id",status="404"} 1`,
			`noticescan_http_request_duration_seconds_count{method="POST",route="/v1/documents",status="200"} 1`,
		} {
			if !strings.Contains(text, want) {
				t.Errorf("metrics lack %s", want)
			}
		}
		if strings.Contains(text, d.ID) || strings.Contains(text, "doesnotexist") {
			t.Error("metrics carry a raw path with a document id")
		}
		version := runCLI(t, nil, "version")
		m := regexp.MustCompile(`(?m)^noticescan (\S+)\nrevision (\S+)\ngo (\S+)$`).FindStringSubmatch(version)
		if m == nil {
			t.Fatalf("version printed %q", version)
		}
		info := `noticescan_build_info{goversion="` + m[3] + `",revision="` + m[2] + `",version="` + m[1] + `"} 1`
		if !strings.Contains(text, info) {
			t.Errorf("metrics lack %s", info)
		}
	})

	t.Run("ReadyzWithoutObjects", func(t *testing.T) {
		if r := do(t, http.MethodGet, s.URL+"/readyz", "", nil, ""); r.Status != http.StatusOK {
			t.Fatalf("readyz before: %d", r.Status)
		}
		moved := filepath.Join(t.TempDir(), "objects")
		if err := os.Rename(filepath.Join(s.DataDir, "objects"), moved); err != nil {
			t.Fatal(err)
		}
		waitReadyz(t, s.URL, http.StatusServiceUnavailable)
		if r := do(t, http.MethodGet, s.URL+"/healthz", "", nil, ""); r.Status != http.StatusOK {
			t.Errorf("healthz while not ready: %d", r.Status)
		}
		// Put back, the store is ready again.
		if err := os.Rename(moved, filepath.Join(s.DataDir, "objects")); err != nil {
			t.Fatal(err)
		}
		waitReadyz(t, s.URL, http.StatusOK)
	})
}

// TestServe_S3CredentialsAndReadiness runs the server on S3 with keys from
// the AWS environment only, then stops the S3 server under it.
func TestServe_S3CredentialsAndReadiness(t *testing.T) {
	notices := mustGenerate(t, noticegen.Options{Seed: 13, Count: 1, Formats: []noticegen.Format{noticegen.FormatPDFDigital}})
	s3 := mustStartS3(t)
	s := MustStartServer(t, ServerOptions{
		Workers: 1,
		Args:    []string{"--s3-endpoint", s3.Endpoint, "--s3-tls=false", "--s3-bucket", "aws-env", "--s3-region", s3.Region},
		Env: []string{
			"AWS_ACCESS_KEY_ID=" + s3.AccessKey, "AWS_SECRET_ACCESS_KEY=" + s3.SecretKey,
			"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(t.TempDir(), "missing"),
			// No request may leave loopback: no instance-metadata step.
			"AWS_EC2_METADATA_DISABLED=true",
		},
	})
	key := s.MustCreateKey(t, "acme")
	_, d := upload(t, s.URL, key, notices[0].Path, 2*time.Minute)
	if d.Status != "complete" {
		t.Fatalf("upload: status %s", d.Status)
	}
	if _, err := os.Stat(filepath.Join(s3.Dir, "aws-env")); err != nil {
		t.Fatalf("bucket not on the S3 server: %v", err)
	}
	waitReadyz(t, s.URL, http.StatusOK)
	s3.Stop()
	waitReadyz(t, s.URL, http.StatusServiceUnavailable)
}

// waitReadyz polls /readyz, whose answer is cached for a few seconds,
// until it answers want.
func waitReadyz(t *testing.T, baseURL string, want int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r := do(t, http.MethodGet, baseURL+"/readyz", "", nil, "")
		if r.Status == want {
			if want != http.StatusOK {
				assertProblem(t, r, want)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("readyz still %d, want %d", r.Status, want)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
