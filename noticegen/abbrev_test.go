package noticegen_test

import (
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/noticegen"
)

// abbreviated matches the abbreviations only AbbreviatedLabels prints.
var abbreviated = regexp.MustCompile(`(?i)\b(acct|acc\.|rcpt|nbr|num\.|reg\.|a no\.|a-no\.|alien no\.)`)

func TestGenerate_AbbreviatedLabels(t *testing.T) {
	opts := noticegen.Options{Seed: 11, Count: 8, Formats: []noticegen.Format{noticegen.FormatPDFDigital}}
	plainDir, abbrDir := t.TempDir(), t.TempDir()
	plain, err := noticegen.Generate(plainDir, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.AbbreviatedLabels = true
	abbr, err := noticegen.Generate(abbrDir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(plain, abbr) {
		t.Fatal("abbreviated labels changed the documents, values or look-alikes drawn")
	}
	var changed int
	for _, tr := range plain {
		text := func(dir string) string {
			var b strings.Builder
			for _, pg := range mustParsePDF(t, mustRead(t, filepath.Join(dir, tr.File))).pages {
				b.WriteString(strings.Join(pg.text, " ") + "\n")
			}
			return b.String()
		}
		p, a := text(plainDir), text(abbrDir)
		if abbreviated.MatchString(p) {
			t.Errorf("%s: abbreviated label printed without the option", tr.File)
		}
		if abbreviated.MatchString(a) {
			changed++
		}
	}
	if changed < len(plain)/2 {
		t.Errorf("%d of %d documents print an abbreviated label, want most", changed, len(plain))
	}
}
