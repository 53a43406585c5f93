package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version and revision are set at build time where the source has no VCS
// metadata for the Go toolchain to stamp (the Docker build copies no .git):
//
//	go build -ldflags "-X main.version=v1.2.0 -X main.revision=$(git rev-parse HEAD)"
//
// Left empty, they come from the module's build information.
var (
	version  string
	revision string
)

// build names the binary: module version, VCS revision and Go version.
type build struct {
	Version, Revision, GoVersion string
}

// buildOf reads the build from the values set with -ldflags, falling back
// to the build information the Go toolchain embeds (info, when ok).
func buildOf(ldVersion, ldRevision string, info *debug.BuildInfo, ok bool) build {
	b := build{Version: ldVersion, Revision: ldRevision, GoVersion: runtime.Version()}
	if ok {
		b.GoVersion = info.GoVersion
		if b.Version == "" && info.Main.Version != "(devel)" {
			b.Version = info.Main.Version
		}
		if b.Revision == "" {
			var modified bool
			for _, s := range info.Settings {
				switch s.Key {
				case "vcs.revision":
					b.Revision = s.Value
				case "vcs.modified":
					modified = s.Value == "true"
				}
			}
			if b.Revision != "" && modified {
				b.Revision += "-dirty"
			}
		}
	}
	if b.Version == "" {
		b.Version = "dev"
	}
	if b.Revision == "" {
		b.Revision = "unknown"
	}
	return b
}

// thisBuild is the build of the running binary.
func thisBuild() build {
	info, ok := debug.ReadBuildInfo()
	return buildOf(version, revision, info, ok)
}

// printVersion writes what `noticescan version` prints.
func printVersion(w io.Writer) {
	b := thisBuild()
	fmt.Fprintf(w, "noticescan %s\nrevision %s\ngo %s\n", b.Version, b.Revision, b.GoVersion)
}
