// Dangerous modes for the host (issue 19): leaves a set-uid and a set-gid script, a world-writable
// sticky folder, a world-writable file and a mode-0000 file in HOME, then exits. petri must keep
// them in the artifacts with none of those modes (the report records the original ones).
#include "probe.h"
#include <fcntl.h>
#include <sys/stat.h>
static void make(const char *home, const char *name, mode_t mode) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s", home, name);
    int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0700);
    if (fd >= 0) { write(fd, "#!/bin/sh\nid\n", 13); close(fd); }
    result(name, chmod(p, mode), 0);
}
int main(void) {
    require_sandbox();
    const char *home = getenv("HOME");
    make(home, "suid.sh", 04755);
    make(home, "sgid.sh", 02755);
    make(home, "shared.txt", 0666);
    make(home, "locked.txt", 0);
    char p[512];
    snprintf(p, sizeof p, "%s/drop", home);
    mkdir(p, 0700);
    result("drop", chmod(p, 01777), 0);
    snprintf(p, sizeof p, "%s/drop/inner.sh", home);
    int fd = open(p, O_CREAT | O_WRONLY | O_CLOEXEC, 0700);
    if (fd >= 0) { write(fd, "#!/bin/sh\n", 10); close(fd); }
    result("inner", chmod(p, 06777), 0);
    return 0;
}
