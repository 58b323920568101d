// Syscalls the sandbox must refuse: each prints NAME=EPERM (or ENOSYS for clone3).
#include "probe.h"
#include <sched.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <linux/bpf.h>
#include <signal.h>
int main(void) {
    require_sandbox();
    result("mount", mount("none", "/tmp", "tmpfs", 0, NULL), errno);
    result("unshare", unshare(CLONE_NEWUSER), errno);
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    result("bpf", syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof attr), errno);
    result("chroot", chroot("/tmp"), errno);
    result("clone3", syscall(SYS_clone3, NULL, 0), errno);
    result("clone_newns", syscall(SYS_clone, CLONE_NEWNS | SIGCHLD, 0, 0, 0, 0), errno);
    result("init_module", syscall(SYS_init_module, NULL, 0, ""), errno);
    result("keyctl", syscall(SYS_keyctl, 0, 0, 0, 0, 0), errno);
    return 0;
}
