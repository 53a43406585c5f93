//go:build !linux

package storagetest

import "os/exec"

// setPdeathsig is Linux-only; elsewhere test cleanups stop the server.
func setPdeathsig(*exec.Cmd) {}

// supportsXattr is only probed on Linux; elsewhere the server uses sidecar
// metadata, which works on any file system.
func supportsXattr(string) bool { return false }
