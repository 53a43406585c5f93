package storage_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImports enforces the dependency rules in the package docs: storage
// stays importable by anything, and only storage/s3 pulls in minio.
func TestImports(t *testing.T) {
	nonStandardDeps := func(t *testing.T, pkg string) []string {
		t.Helper()
		out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		return strings.Fields(string(out))
	}

	t.Run("StorageIsStdlibOnly", func(t *testing.T) {
		for _, dep := range nonStandardDeps(t, ".") {
			if dep != "github.com/noticescan/noticescan/storage" {
				t.Errorf("storage depends on %s", dep)
			}
		}
	})

	t.Run("NoVendorSDKOutsideS3", func(t *testing.T) {
		for _, pkg := range []string{"./disk", "./storagetest"} {
			for _, dep := range nonStandardDeps(t, pkg) {
				if !strings.HasPrefix(dep, "github.com/noticescan/noticescan/storage") {
					t.Errorf("%s depends on %s", pkg, dep)
				}
			}
		}
	})
}
