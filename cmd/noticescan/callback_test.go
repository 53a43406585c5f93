package main_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/noticescan/noticescan/noticegen"
)

// callbackView is a document as GET /v1/documents/{id} shows its callback.
type callbackView struct {
	ID       string `json:"id"`
	Status   string `json:"status"`
	Callback *struct {
		Receiver  string `json:"receiver"`
		State     string `json:"state"`
		Attempts  int    `json:"attempts"`
		LastError string `json:"last_error"`
	} `json:"callback"`
}

// TestServe_CallbackState uploads a notice, then the same notice again
// with a callback, and checks that the callback is still delivered and
// that the document shows how delivery went, to a good receiver and to
// a failing one, without the URL's secret.
func TestServe_CallbackState(t *testing.T) {
	t.Parallel()
	notices := mustGenerate(t, noticegen.Options{Seed: 63, Count: 2, Formats: []noticegen.Format{noticegen.FormatPDFDigital}})
	good := &hitCounter{}
	goodSrv := httptest.NewServer(good)
	defer goodSrv.Close()
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "receiver down", http.StatusServiceUnavailable)
	}))
	defer failing.Close()
	s := MustStartServer(t, ServerOptions{Workers: 1, Args: []string{"--webhook-allow", "127.0.0.1/32"}})
	key := s.MustCreateKey(t, "acme")

	post := func(data []byte, callback string) callbackView {
		t.Helper()
		target := s.URL + "/v1/documents?filename=n.pdf&wait=60s"
		if callback != "" {
			target += "&callback_url=" + url.QueryEscape(callback)
		}
		r := do(t, http.MethodPost, target, key, bytes.NewReader(data), "application/pdf")
		if r.Status != http.StatusOK && r.Status != http.StatusAccepted {
			t.Fatalf("upload: status %d: %s", r.Status, r.Body)
		}
		var v callbackView
		mustDecode(t, r, &v)
		return v
	}
	waitState := func(id, want string) callbackView {
		t.Helper()
		var v callbackView
		deadline := time.Now().Add(90 * time.Second)
		for time.Now().Before(deadline) {
			getJSON(t, s.URL+"/v1/documents/"+id, key, &v)
			if v.Callback != nil && v.Callback.State == want {
				return v
			}
			time.Sleep(200 * time.Millisecond)
		}
		t.Fatalf("document %s: callback %+v, want state %s", id, v.Callback, want)
		return v
	}

	t.Run("ReuploadWithNewCallbackDelivered", func(t *testing.T) {
		first := post(notices[0].Data, "")
		if first.Callback != nil {
			t.Errorf("a document without a callback shows one: %+v", first.Callback)
		}
		again := post(notices[0].Data, goodSrv.URL+"/hook?token=s3cret")
		if again.ID != first.ID {
			t.Fatalf("the re-upload made document %s, want the known %s", again.ID, first.ID)
		}
		v := waitState(first.ID, "delivered")
		if good.count() != 1 || v.Callback.Attempts != 1 || v.Callback.Receiver != goodSrv.URL {
			t.Errorf("receiver got %d calls; callback %+v, want one delivery to %s", good.count(), v.Callback, goodSrv.URL)
		}
		r := do(t, http.MethodGet, s.URL+"/v1/documents/"+first.ID, key, nil, "")
		if strings.Contains(string(r.Body), "s3cret") || strings.Contains(string(r.Body), "/hook") {
			t.Errorf("the document shows the callback URL's path or secret: %s", r.Body)
		}
	})

	t.Run("FailingReceiverShown", func(t *testing.T) {
		d := post(notices[1].Data, failing.URL+"/hook")
		v := waitState(d.ID, "retrying")
		if v.Callback.Attempts < 1 || v.Callback.LastError != "http_503" {
			t.Errorf("failing receiver: %+v, want attempts and last_error http_503", v.Callback)
		}
	})
}
