// Zombie storm: forks children that exit at once and are never waited for, until fork fails or
// argv[1] (default 2000) children; then sleeps briefly and exits (init reaps the orphans).
#include "probe.h"
#include <signal.h>
#include <time.h>
int main(int argc, char **argv) {
    require_sandbox();
    int n = argc > 1 ? atoi(argv[1]) : 2000;
    int made = 0, refused = 0;
    for (int i = 0; i < n; i++) {
        pid_t c = fork();
        if (c == 0) _exit(0);
        if (c > 0) made++; else { refused++; if (refused > 50) break; }
    }
    printf("made=%d\nrefused=%d\n", made, refused);
    fflush(stdout);
    struct timespec ts = { 0, 300000000 };
    nanosleep(&ts, NULL);
    return 0;
}
