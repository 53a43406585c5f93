package noticescan_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestMakefile_PixelTestsRun checks that every test the race pass of `make
// test` skips (PIXEL_TESTS) is defined in a package the race-free pass runs
// (PIXEL_PKGS): one that is not would run in neither.
func TestMakefile_PixelTestsRun(t *testing.T) {
	mk, err := os.ReadFile("Makefile")
	if err != nil {
		t.Fatal(err)
	}
	value := func(name string) string {
		m := regexp.MustCompile(`(?m)^` + name + ` := (.*)$`).FindSubmatch(mk)
		if m == nil {
			t.Fatalf("Makefile sets no %s", name)
		}
		return string(m[1])
	}
	list := regexp.MustCompile(`^\^\((.*)\)\$\$$`).FindStringSubmatch(value("PIXEL_TESTS"))
	if list == nil {
		t.Fatalf("PIXEL_TESTS %q is not ^(Name|...)$$", value("PIXEL_TESTS"))
	}
	var pkgs []string
	for _, p := range strings.Fields(value("PIXEL_PKGS")) {
		pkgs = append(pkgs, filepath.Clean(p))
	}
	// Where each test function is defined, by package directory.
	defined := map[string][]string{}
	testFunc := regexp.MustCompile(`(?m)^func (Test\w+)\(`)
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range testFunc.FindAllSubmatch(src, -1) {
			defined[string(m[1])] = append(defined[string(m[1])], filepath.Dir(path))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range strings.Split(list[1], "|") {
		dirs := defined[name]
		if len(dirs) == 0 {
			t.Errorf("PIXEL_TESTS names %s, which no test file defines", name)
		}
		for _, d := range dirs {
			if !slices.Contains(pkgs, d) {
				t.Errorf("%s is defined in %s, which PIXEL_PKGS leaves out: the race pass skips it and the race-free pass does not run it", name, d)
			}
		}
	}
}
