// Exits at once while children live on. argv[1]: "finite" (children sleep 1.5 s, write a file,
// exit) or "forever" (children sleep 120 s, so only the timeout ends the run).
#include "probe.h"
#include <fcntl.h>
#include <time.h>
int main(int argc, char **argv) {
    require_sandbox();
    int forever = argc > 1 && strcmp(argv[1], "forever") == 0;
    for (int i = 0; i < 3; i++) {
        pid_t c = fork();
        if (c == 0) {
            setsid();
            if (forever) { for (int k = 0; k < 120; k++) sleep(1); _exit(0); }
            struct timespec ts = { 1, 500000000 };
            nanosleep(&ts, NULL);
            char p[64];
            snprintf(p, sizeof p, "/tmp/orphan-%d", i);
            int fd = open(p, O_CREAT | O_WRONLY, 0644);
            if (fd >= 0) close(fd);
            _exit(0);
        }
    }
    printf("parent_exit\n");
    return 0;
}
