// 1 GiB (argv[1] MiB) written to stdout as fast as possible, then to stderr a little.
#include "probe.h"
int main(int argc, char **argv) {
    require_sandbox();
    long mib = argc > 1 ? atol(argv[1]) : 1024;
    static char buf[1 << 20];
    memset(buf, 'A', sizeof buf);
    long written = 0;
    for (long i = 0; i < mib; i++) {
        size_t off = 0;
        while (off < sizeof buf) { ssize_t w = write(1, buf + off, sizeof buf - off); if (w <= 0) goto done; off += (size_t)w; written += w; }
    }
done:
    fprintf(stderr, "written=%ld\n", written);
    return 0;
}
