// Mount-table tampering from inside: mount, umount2, remount, the new mount API. All must be refused.
#include "probe.h"
#include <sys/mount.h>
#include <sys/syscall.h>
int main(void) {
    require_sandbox();
    result("mount_tmpfs", mount("none", "/tmp", "tmpfs", 0, NULL), 0);
    result("mount_bind", mount("/proc", "/tmp", NULL, MS_BIND, NULL), 0);
    result("remount_rw", mount(NULL, "/usr", NULL, MS_REMOUNT | MS_BIND, NULL), 0);
    result("umount_proc", umount2("/proc", MNT_DETACH), 0);
    result("fsopen", syscall(SYS_fsopen, "tmpfs", 0), 0);
    result("open_tree", syscall(SYS_open_tree, -100, "/", 1), 0);
    result("move_mount", syscall(SYS_move_mount, -1, "", -100, "/tmp", 4), 0);
    return 0;
}
