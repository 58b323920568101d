// Ignores SIGTERM, SIGINT, SIGHUP and every catchable signal, then sleeps: only SIGKILL at the
// timeout ends it.
#include "probe.h"
#include <signal.h>
int main(void) {
    require_sandbox();
    for (int s = 1; s < 32; s++) if (s != SIGKILL && s != SIGSTOP) signal(s, SIG_IGN);
    printf("ignoring\n");
    fflush(stdout);
    for (int i = 0; i < 120; i++) sleep(1);
    return 0;
}
