package main_test

import (
	"os/exec"
	"syscall"
)

// setPdeathsig has the kernel kill the server if the test process dies
// first, so that an interrupted run leaves no server behind.
func setPdeathsig(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
