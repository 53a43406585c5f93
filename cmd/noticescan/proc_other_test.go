//go:build !linux

package main_test

import "os/exec"

// setPdeathsig does nothing where the kernel has no parent-death signal;
// the test's cleanup still stops every server it started.
func setPdeathsig(*exec.Cmd) {}
