// A bounded fork bomb: forks until refused or 4 s have passed; children sleep and die with the sandbox.
#include "probe.h"
#include <time.h>
int main(void) {
    require_sandbox();
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int made = 0, refused = 0;
    for (int i = 0; i < 20000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &t);
        if (t.tv_sec - t0.tv_sec >= 4) break;
        pid_t p = fork();
        if (p == 0) { sleep(6); _exit(0); }
        if (p < 0) { refused++; if (refused > 50) break; } else made++;
    }
    printf("made=%d refused=%d\n", made, refused);
    return 0;
}
