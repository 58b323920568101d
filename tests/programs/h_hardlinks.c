// Hard links (issue 19): one 1 MiB file with 64 names in HOME. A copy that follows names writes
// 65 MiB; petri must keep one inode with 65 links.
#include "probe.h"
#include <fcntl.h>
int main(void) {
    require_sandbox();
    const char *home = getenv("HOME");
    char p[512], q[512];
    snprintf(p, sizeof p, "%s/data.bin", home);
    int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) { printf("open=%s\n", strerror(errno)); return 1; }
    char block[65536];
    memset(block, 'B', sizeof block);
    for (int i = 0; i < 16; i++) write(fd, block, sizeof block);
    close(fd);
    int ok = 0;
    for (int i = 0; i < 64; i++) {
        snprintf(q, sizeof q, "%s/link%02d.bin", home, i);
        if (link(p, q) == 0) ok++;
    }
    printf("links=%d\n", ok);
    return 0;
}
