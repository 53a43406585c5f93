package main_test

import (
	"bytes"
	"encoding/csv"
	"image/jpeg"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/extractor"
	"github.com/noticescan/noticescan/noticegen"
)

// reviewedDocument is a document as the review and document routes answer
// it, with the fields those routes add.
type reviewedDocument struct {
	ID    string `json:"id"`
	Pages []struct {
		Number int     `json:"number"`
		Width  float64 `json:"width"`
		Height float64 `json:"height"`
	} `json:"pages"`
	Findings []reviewedFinding `json:"findings"`
}

type reviewedFinding struct {
	Kind          string `json:"kind"`
	Value         string `json:"value"`
	OriginalValue string `json:"original_value"`
	Review        string `json:"review"`
	ReviewedBy    string `json:"reviewed_by"`
	History       []struct {
		Action, Value, Reviewer string
	} `json:"history"`
}

// TestServe_ReviewAndPageImage runs the review, page image and CSV routes
// on a real upload, and checks that deleting the document takes its page
// images with it.
func TestServe_ReviewAndPageImage(t *testing.T) {
	t.Parallel()
	notices := mustGenerate(t, noticegen.Options{
		Seed: 33, Count: 1, MaxPages: 1, DPIs: []int{150},
		Formats:      []noticegen.Format{noticegen.FormatPDFScan},
		Degradations: []noticegen.Level{noticegen.LevelNone},
		DocTypes:     []noticegen.DocType{noticegen.DocReceipt},
	})
	s := MustStartServer(t, ServerOptions{Workers: 1})
	key := s.MustCreateKey(t, "acme")
	_, up := upload(t, s.URL, key, notices[0].Path, uploadWait)
	if up.Status != "complete" {
		t.Fatalf("status %s (%s)", up.Status, up.Error)
	}
	var d reviewedDocument
	getJSON(t, s.URL+"/v1/documents/"+up.ID, key, &d)
	n := slices.IndexFunc(d.Findings, func(f reviewedFinding) bool { return f.Kind == string(extractor.KindReceiptNumber) })
	if n < 0 || len(d.Pages) != 1 || d.Pages[0].Width <= 0 {
		t.Fatalf("no receipt number (%d findings) or no page size %+v", len(d.Findings), d.Pages)
	}
	read := d.Findings[n].Value
	base := s.URL + "/v1/documents/" + up.ID

	t.Run("PageImage", func(t *testing.T) {
		r := do(t, http.MethodGet, base+"/pages/1/image", key, nil, "")
		if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "image/jpeg" {
			t.Fatalf("%d %s", r.Status, r.Header.Get("Content-Type"))
		}
		img, err := jpeg.Decode(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		b := img.Bounds()
		if got, want := float64(b.Dx())/float64(b.Dy()), d.Pages[0].Width/d.Pages[0].Height; b.Dx() > 1400 || got < want*0.98 || got > want*1.02 {
			t.Errorf("image %dx%d (aspect %.3f); want at most 1400 wide with the page's aspect %.3f", b.Dx(), b.Dy(), got, want)
		}
		assertProblem(t, do(t, http.MethodGet, base+"/pages/2/image", key, nil, ""), http.StatusNotFound)
		assertProblem(t, do(t, http.MethodGet, base+"/pages/1/image", "", nil, ""), http.StatusUnauthorized)
	})

	corrected := "IOE0912345678"
	if read == corrected {
		corrected = "IOE0912345679"
	}
	t.Run("Review", func(t *testing.T) {
		review := func(finding, body string) response {
			return do(t, http.MethodPost, base+"/findings/"+finding+"/review", key, strings.NewReader(body), "application/json")
		}
		assertProblem(t, review("0", `{"action":"correct","value":"A123"}`), http.StatusBadRequest)
		assertProblem(t, review("99", `{"action":"confirm"}`), http.StatusNotFound)
		r := review(strconv.Itoa(n), `{"action":"correct","value":"`+strings.ToLower(hyphenated(corrected))+`"}`)
		if r.Status != http.StatusOK {
			t.Fatalf("correct: %d %s", r.Status, r.Body)
		}
		var got reviewedDocument
		mustDecode(t, r, &got)
		f := got.Findings[n]
		if f.Value != corrected || f.OriginalValue != read || f.Review != "corrected" || f.ReviewedBy != key[:12] ||
			len(f.History) != 1 || f.History[0].Value != corrected {
			t.Errorf("after correcting: value %s, original %s, review %q by %q, %d in history; want the correction by this key over what was read",
				extractor.Mask(extractor.KindReceiptNumber, f.Value), extractor.Mask(extractor.KindReceiptNumber, f.OriginalValue), f.Review, f.ReviewedBy, len(f.History))
		}
		for _, v := range []string{corrected, read} {
			if ids := findingDocs(t, s, key, v); !slices.Equal(ids, []string{up.ID}) {
				t.Errorf("searching a receipt number (%s) finds %v; want the document", extractor.Mask(extractor.KindReceiptNumber, v), ids)
			}
		}
	})

	t.Run("CSV", func(t *testing.T) {
		r := do(t, http.MethodGet, s.URL+"/v1/export.csv?q="+url.QueryEscape(corrected), key, nil, "")
		if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("%d %s", r.Status, r.Header.Get("Content-Type"))
		}
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.Body, []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := func(name string) int { return slices.Index(batchResultColumns, name) }
		if len(rows) != 2 || !slices.Equal(rows[0], batchResultColumns) {
			t.Fatalf("CSV rows %d, header %q; want the results table with one row for the document", len(rows), rows[0])
		}
		row := rows[1]
		if row[col("document_id")] != up.ID || !slices.Contains(strings.Split(row[col("receipt_number")], ";"), corrected) ||
			slices.Contains(strings.Split(row[col("receipt_number")], ";"), read) ||
			row[col("review")] != "receipt_number corrected by "+key[:12] {
			t.Errorf("CSV row: document %s, review %q; want the corrected receipt number in place of the one read, and who corrected it",
				row[col("document_id")], row[col("review")])
		}
	})

	t.Run("DeleteTakesPreviews", func(t *testing.T) {
		previews := filepath.Join(s.DataDir, "objects", "objects", "tenants", "acme", "previews")
		if countFiles(t, previews) != 1 {
			t.Fatalf("%d preview files before delete; want 1", countFiles(t, previews))
		}
		if r := do(t, http.MethodDelete, base, key, nil, ""); r.Status != http.StatusNoContent {
			t.Fatalf("delete: %d", r.Status)
		}
		if n := countFiles(t, previews); n != 0 {
			t.Errorf("%d preview files left after delete", n)
		}
		assertProblem(t, do(t, http.MethodGet, base+"/pages/1/image", key, nil, ""), http.StatusNotFound)
	})
}

// countFiles counts the regular files under dir (0 if it does not exist).
func countFiles(tb testing.TB, dir string) int {
	tb.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(_ string, e fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) {
				return nil
			}
			return err
		}
		if e.Type().IsRegular() {
			n++
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}
