// What a sample reads to tell it is in a sandbox (issue 19: tells): prints /proc/self/mountinfo,
// /proc/self/cgroup, /proc/1/cmdline (NULs as spaces), /proc/1/comm and /etc/machine-id, each
// after a "== name" line, for the test to check against the host's paths. Reads only.
#include "probe.h"
#include <fcntl.h>

static void dump(const char *label, const char *path, int nul_as_space) {
    printf("== %s\n", label);
    int fd = open(path, O_RDONLY);
    if (fd < 0) { printf("(absent: %s)\n", strerror(errno)); return; }
    char buf[8192];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) if (nul_as_space && buf[i] == 0) buf[i] = ' ';
        fwrite(buf, 1, (size_t)n, stdout);
    }
    close(fd);
    printf("\n");
}

int main(void) {
    require_sandbox();
    dump("mountinfo", "/proc/self/mountinfo", 0);
    dump("cgroup", "/proc/self/cgroup", 0);
    dump("cmdline1", "/proc/1/cmdline", 1);
    dump("comm1", "/proc/1/comm", 0);
    dump("machine-id", "/etc/machine-id", 0);
    printf("== end\n");
    return 0;
}
