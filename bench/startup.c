// petri benchmark: the sample's first instruction. Prints CLOCK_REALTIME ns taken at the top of
// main() ("start_realtime_ns=N"); bench/syscalls.sh compares it with the time it invoked petri.
// Static build, so no dynamic loader work comes before main().
//
// Like every Linux program petri runs, it checks that it is inside a fresh pid namespace first and
// otherwise prints a line and does nothing.
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (getpid() >= 10) {
        printf("bench startup: not in a fresh pid namespace (pid %d), doing nothing\n", (int)getpid());
        return 0;
    }
    printf("start_realtime_ns=%lld\n", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
    return 0;
}
