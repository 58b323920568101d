// For concurrent runs: prints argv[1] on stdout, writes it to /tmp/marker and $HOME/marker-<argv[1]>,
// sleeps 200 ms, exits.
#include "probe.h"
#include <fcntl.h>
#include <time.h>
int main(int argc, char **argv) {
    require_sandbox();
    const char *m = argc > 1 ? argv[1] : "none";
    printf("marker=%s\n", m);
    char p[256];
    snprintf(p, sizeof p, "%s/marker-%s", getenv("HOME"), m);
    int fd = open(p, O_CREAT | O_WRONLY, 0644);
    if (fd >= 0) { (void)!write(fd, m, strlen(m)); close(fd); }
    fd = open("/tmp/marker", O_CREAT | O_WRONLY, 0644);
    if (fd >= 0) { (void)!write(fd, m, strlen(m)); close(fd); }
    struct timespec ts = { 0, 200000000 };
    nanosleep(&ts, NULL);
    return 0;
}
