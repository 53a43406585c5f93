package storagetest

import (
	"os"
	"os/exec"
	"syscall"
)

// setPdeathsig makes the kernel kill the server if the test binary dies
// without running its cleanups (a panic, a -timeout kill), so no orphan
// gateway keeps a port.
func setPdeathsig(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// supportsXattr reports whether files in dir can carry user extended
// attributes, which versitygw's posix backend uses for object metadata.
func supportsXattr(dir string) bool {
	f, err := os.CreateTemp(dir, "xattr-probe-")
	if err != nil {
		return false
	}
	f.Close()
	defer os.Remove(f.Name())
	return syscall.Setxattr(f.Name(), "user.noticescan.probe", []byte("1"), 0) == nil
}
