package main

import (
	"runtime/debug"
	"testing"
)

func TestBuildOf(t *testing.T) {
	t.Parallel()
	stamped := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.4.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123abcd"}, {Key: "vcs.modified", Value: "true"},
	}}
	devel := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"}}
	for name, tc := range map[string]struct {
		ldVersion, ldRevision string
		info                  *debug.BuildInfo
		want                  build
	}{
		"FromBuildInfo":     {info: stamped, want: build{"v1.4.0", "0123abcd-dirty", "go1.26.0"}},
		"LdflagsWin":        {ldVersion: "v2.0.0", ldRevision: "feedbeef", info: stamped, want: build{"v2.0.0", "feedbeef", "go1.26.0"}},
		"DevelWithoutVCS":   {info: devel, want: build{"dev", "unknown", "go1.26.0"}},
		"LdflagsWithoutVCS": {ldVersion: "v2.0.0", ldRevision: "feedbeef", info: devel, want: build{"v2.0.0", "feedbeef", "go1.26.0"}},
	} {
		if got := buildOf(tc.ldVersion, tc.ldRevision, tc.info, true); got != tc.want {
			t.Errorf("%s: buildOf = %+v, want %+v", name, got, tc.want)
		}
	}
}
