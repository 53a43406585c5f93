package noticegen_test

import (
	"bytes"
	"image"
	"image/jpeg"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/noticescan/noticescan/noticegen"
)

// photoOpts covers both photo formats; seed 45 draws dark and light
// desks, shadows and upright and turned photos.
var photoOpts = noticegen.Options{
	Seed: 45, Count: 4, Formats: noticegen.PhotoFormats(), MinPages: 1, MaxPages: 2, Turned: true,
	Workers: 2,
}

var photoCorpus = &lazyCorpus{opts: photoOpts}

func mustPhotos(tb testing.TB) (string, []noticegen.Truth) { return photoCorpus.must(tb) }

func TestPhoto_Deterministic(t *testing.T) {
	dir, truths := mustPhotos(t)
	again := t.TempDir()
	o := photoOpts
	o.Workers = 1
	if _, err := noticegen.Generate(again, o); err != nil {
		t.Fatal(err)
	}
	for _, name := range append(files(truths), noticegen.TruthFile) {
		if !bytes.Equal(mustRead(t, filepath.Join(dir, name)), mustRead(t, filepath.Join(again, name))) {
			t.Errorf("%s differs between runs with the same seed", name)
		}
	}
}

func TestPhoto_Truth(t *testing.T) {
	_, truths := mustPhotos(t)
	seen := map[noticegen.Format]bool{}
	for _, tr := range truths {
		seen[tr.Format] = true
		dg := tr.DegradationDetail
		if tr.Degradation != noticegen.LevelPhoto || dg == nil || len(dg.Photo) != tr.Pages {
			t.Fatalf("%s: degradation %s with %v, want photo detail per page", tr.File, tr.Degradation, dg)
		}
		if dg.JPEGQuality < 68 || dg.JPEGQuality > 92 {
			t.Errorf("%s: JPEG quality %d outside 68..92", tr.File, dg.JPEGQuality)
		}
		for i, s := range dg.Photo {
			if long := max(s.Width, s.Height); long < 1600 || long > 3024 {
				t.Errorf("%s page %d: long side %d outside 1600..3024", tr.File, i+1, long)
			}
			if s.Cover < 0.5 || s.Cover > 0.92 {
				t.Errorf("%s page %d: sheet covers %.2f of the frame", tr.File, i+1, s.Cover)
			}
		}
	}
	for _, f := range noticegen.PhotoFormats() {
		if !seen[f] {
			t.Errorf("no %s file", f)
		}
	}
}

// TestPhoto_JPEG decodes every photo: colour, stored turned as its EXIF
// tag says, and with the desk visible around the sheet.
func TestPhoto_JPEG(t *testing.T) {
	dir, truths := mustPhotos(t)
	orientations := map[int]bool{}
	dark := 0
	for _, tr := range truths {
		if tr.Format != noticegen.FormatPhotoJPEG {
			continue
		}
		data := mustRead(t, filepath.Join(dir, tr.File))
		dg := tr.DegradationDetail
		o := dg.EXIFOrientation
		orientations[o] = true
		i := bytes.Index(data, []byte("Exif\x00\x00MM"))
		if i < 0 || int(data[i+25]) != o {
			t.Errorf("%s: no EXIF Orientation %d", tr.File, o)
		}
		img, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", tr.File, err)
		}
		b := img.Bounds()
		if b.Dx() != dg.Photo[0].Width || b.Dy() != dg.Photo[0].Height {
			t.Errorf("%s: %dx%d, truth says %dx%d", tr.File, b.Dx(), b.Dy(), dg.Photo[0].Width, dg.Photo[0].Height)
		}
		if sideways := o == 6 || o == 8; sideways != (b.Dx() > b.Dy()) {
			t.Errorf("%s: stored %dx%d with orientation %d", tr.File, b.Dx(), b.Dy(), o)
		}
		if !colourful(img) {
			t.Errorf("%s: no colour in the photo", tr.File)
		}
		if strings.HasSuffix(dg.Photo[0].Desk, "_dark") {
			dark++
			checkDesk(t, tr.File, img, dg.Photo[0].Cover)
		}
	}
	if len(orientations) < 2 {
		t.Errorf("orientations %v: want upright and turned photos", orientations)
	}
	if dark == 0 {
		t.Error("no photo on a dark desk to check the frame against")
	}
}

// colourful reports whether many pixels are clearly not gray.
func colourful(img image.Image) bool {
	b := img.Bounds()
	n, tinted := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bl, _ := img.At(x, y).RGBA()
			n++
			if max(r, g, bl)-min(r, g, bl) > 12<<8 {
				tinted++
			}
		}
	}
	return tinted > n/20
}

// checkDesk measures how much of a photo on a dark desk is paper: the
// frame's outer ring must be mostly desk, and the bright share of the
// frame must match the cover the truth records.
func checkDesk(t *testing.T, name string, img image.Image, cover float64) {
	t.Helper()
	b := img.Bounds()
	luma := func(x, y int) uint32 {
		r, g, bl, _ := img.At(x, y).RGBA()
		return (299*r + 587*g + 114*bl) / 1000 >> 8
	}
	var all []uint32
	ring, ringDesk := 0, 0
	cx, cy := b.Min.X+b.Dx()/2, b.Min.Y+b.Dy()/2
	paper := luma(cx, cy)
	for _, d := range [][2]int{{-40, 0}, {40, 0}, {0, -40}, {0, 40}} {
		paper = max(paper, luma(cx+d[0], cy+d[1]))
	}
	edge := max(b.Dx(), b.Dy()) / 100
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			v := luma(x, y)
			all = append(all, v)
			if x-b.Min.X < edge || b.Max.X-x <= edge || y-b.Min.Y < edge || b.Max.Y-y <= edge {
				ring++
				if v < paper*7/10 {
					ringDesk++
				}
			}
		}
	}
	if ringDesk < ring*8/10 {
		t.Errorf("%s: only %d of %d pixels on the frame's edge are desk", name, ringDesk, ring)
	}
	// Text is a small share of the sheet, so paper is nearly everything
	// brighter than halfway between desk and paper.
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	desk := all[len(all)/50]
	bright := len(all) - sort.Search(len(all), func(i int) bool { return all[i] > (desk+paper)/2 })
	if got := float64(bright) / float64(len(all)); got < cover-0.12 || got > cover+0.05 {
		t.Errorf("%s: %.2f of the frame is paper, truth says the sheet covers %.2f", name, got, cover)
	}
}

func TestPhoto_PDF(t *testing.T) {
	dir, truths := mustPhotos(t)
	n, dark := 0, 0
	for _, tr := range truths {
		if tr.Format != noticegen.FormatPhotoPDF {
			continue
		}
		n++
		doc := mustParsePDF(t, mustRead(t, filepath.Join(dir, tr.File)))
		if len(doc.pages) != tr.Pages {
			t.Errorf("%s: %d pages, truth says %d", tr.File, len(doc.pages), tr.Pages)
		}
		for i, pg := range doc.pages {
			if !pg.image || !pg.colour || len(pg.text) > 0 {
				t.Errorf("%s page %d: image %v, colour %v, text %q; want a colour photo alone", tr.File, i+1, pg.image, pg.colour, pg.text)
				continue
			}
			if shot := tr.DegradationDetail.Photo[i]; strings.HasSuffix(shot.Desk, "_dark") {
				img, err := jpeg.Decode(bytes.NewReader(pg.jpeg))
				if err != nil {
					t.Fatalf("%s page %d: %v", tr.File, i+1, err)
				}
				checkDesk(t, tr.File, img, shot.Cover)
				dark++
			}
		}
	}
	if n == 0 || dark == 0 {
		t.Errorf("%d photo_pdf files, %d pages on a dark desk; want both", n, dark)
	}
}

// TestPhoto_SameNotice checks that a photo shows the notice its truth
// describes: with the same seed, a born-digital PDF lays out the same
// notices, and its text layer holds every identifier of the photo's truth.
func TestPhoto_SameNotice(t *testing.T) {
	o := noticegen.Options{Seed: 31, Count: 3, Formats: []noticegen.Format{noticegen.FormatPhotoPDF}, MaxPages: 1, Workers: 1}
	photos, err := noticegen.Generate(t.TempDir(), o)
	if err != nil {
		t.Fatal(err)
	}
	o.Formats = []noticegen.Format{noticegen.FormatPDFDigital}
	dir := t.TempDir()
	digital, err := noticegen.Generate(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	for i, tr := range photos {
		d := digital[i]
		if !slices.Equal(tr.Findings, d.Findings) || tr.DocType != d.DocType || tr.Pages != d.Pages {
			t.Fatalf("%s: photo %s %v, born-digital %s %v", tr.File, tr.DocType, tr.Findings, d.DocType, d.Findings)
		}
		doc := mustParsePDF(t, mustRead(t, filepath.Join(dir, d.File)))
		var text strings.Builder
		for _, pg := range doc.pages {
			text.WriteString(strings.Join(pg.text, "\n"))
		}
		for _, f := range tr.Findings {
			if !strings.Contains(squash(text.String()), core(f)) {
				t.Errorf("%s: %s %s is not printed on the notice", tr.File, f.Kind, f.Value)
			}
		}
	}
}

// BenchmarkPhoto measures one phone photo of one page per notice.
func BenchmarkPhoto(b *testing.B) {
	for b.Loop() {
		o := noticegen.Options{Seed: 1, Count: 2, Formats: []noticegen.Format{noticegen.FormatPhotoJPEG}, Workers: 1}
		if _, err := noticegen.Generate(b.TempDir(), o); err != nil {
			b.Fatal(err)
		}
	}
}
