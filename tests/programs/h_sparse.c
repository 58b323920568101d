// A sparse file (issue 19): 400 MiB apparent, 8 KiB of data (at 0 and at 200 MiB), which a dense
// copy would turn into 400 MiB on the host. petri must keep it sparse, at its apparent size.
#include "probe.h"
#include <fcntl.h>
int main(void) {
    require_sandbox();
    char p[512];
    snprintf(p, sizeof p, "%s/sparse.img", getenv("HOME"));
    int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) { printf("open=%s\n", strerror(errno)); return 1; }
    char block[4096];
    memset(block, 'A', sizeof block);
    result("head", pwrite(fd, block, sizeof block, 0), 0);
    result("middle", pwrite(fd, block, sizeof block, 200L << 20), 0);
    result("size", ftruncate(fd, 400L << 20), 0);
    close(fd);
    return 0;
}
