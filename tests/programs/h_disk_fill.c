// Disk fill of the writable layer: files of up to 64 MiB in /tmp until a write fails, bounded by
// argv[1] MiB in total (default 1024) so the program stops by itself.
#include "probe.h"
#include <fcntl.h>
#include <signal.h>
int main(int argc, char **argv) {
    require_sandbox();
    signal(SIGXFSZ, SIG_IGN);
    long limit = argc > 1 ? atol(argv[1]) : 1024;
    static char buf[1 << 20];
    memset(buf, 'F', sizeof buf);
    long total = 0;
    int e = 0;
    for (int f = 0; total < limit && !e; f++) {
        char p[64];
        snprintf(p, sizeof p, "/tmp/fill-%d", f);
        int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0644);
        if (fd < 0) { e = errno; break; }
        for (int i = 0; i < 64 && total < limit; i++) {
            ssize_t w = write(fd, buf, sizeof buf);
            if (w < (ssize_t)sizeof buf) { e = w < 0 ? errno : ENOSPC; break; }
            total++;
        }
        close(fd);
    }
    printf("written_mib=%ld\nerror=%s\n", total, e == ENOSPC ? "ENOSPC" : e == EFBIG ? "EFBIG" : e ? strerror(e) : "none");
    return 0;
}
