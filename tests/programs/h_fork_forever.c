// Forks continually until it is killed (issue 19): eight chains where every process forks, the parent exits and the
// child carries on, so at the timeout the tree is being replaced faster than a pid list can be
// read; a few processes also sit stopped (SIGSTOP) or asleep. Bounded by the run's pids limit and
// timeout; prints one line and never exits on its own.
#include "probe.h"
#include <signal.h>
#include <sys/wait.h>

int main(void) {
    require_sandbox();
    printf("forking\n");
    fflush(stdout);
    for (int i = 0; i < 4; i++) {
        pid_t p = fork();
        if (p == 0) { if (i % 2) raise(SIGSTOP); for (;;) pause(); }
    }
    for (int i = 0; i < 7; i++) if (fork() == 0) break;   // eight chains
    for (;;) {
        pid_t p = fork();
        if (p > 0) _exit(0);        // the child carries on as a new pid
        if (p < 0) usleep(1000);     // at the pids limit: try again
    }
}
