// perf_event_open (kernel attack surface, side channels): refused.
#include "probe.h"
#include <sys/syscall.h>
#include <linux/perf_event.h>
int main(void) {
    require_sandbox();
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.size = sizeof a; a.type = PERF_TYPE_SOFTWARE; a.config = PERF_COUNT_SW_CPU_CLOCK;
    result("perf_event_open", syscall(SYS_perf_event_open, &a, 0, -1, -1, 0), 0);
    return 0;
}
