// Entering new or other namespaces: unshare(each flag) and setns into the sandbox init's namespaces.
#include "probe.h"
#include <fcntl.h>
#include <sched.h>
int main(void) {
    require_sandbox();
    result("unshare_user", unshare(CLONE_NEWUSER), 0);
    result("unshare_mnt", unshare(CLONE_NEWNS), 0);
    result("unshare_net", unshare(CLONE_NEWNET), 0);
    result("unshare_pid", unshare(CLONE_NEWPID), 0);
    result("unshare_uts", unshare(CLONE_NEWUTS), 0);
    result("unshare_ipc", unshare(CLONE_NEWIPC), 0);
    result("unshare_cgroup", unshare(CLONE_NEWCGROUP), 0);
    result("unshare_time", unshare(0x80 /* CLONE_NEWTIME */), 0);
    const char *ns[] = { "user", "mnt", "net", "pid" };
    for (int i = 0; i < 4; i++) {
        char p[64], k[32];
        snprintf(p, sizeof p, "/proc/1/ns/%s", ns[i]);
        snprintf(k, sizeof k, "setns_%s", ns[i]);
        int fd = open(p, O_RDONLY);
        if (fd < 0) { printf("%s=OPEN_%s\n", k, strerror(errno)); continue; }
        result(k, setns(fd, 0), 0);
        close(fd);
    }
    return 0;
}
