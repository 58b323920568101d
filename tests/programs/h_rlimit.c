// Raising rlimits above the hard limit, and changing pid 1's limits, are refused.
#include "probe.h"
#include <sys/resource.h>
int main(void) {
    require_sandbox();
    struct rlimit r;
    getrlimit(RLIMIT_NOFILE, &r);
    printf("nofile_hard=%llu\n", (unsigned long long)r.rlim_max);
    struct rlimit up = { r.rlim_max + 1, r.rlim_max + 1 };
    result("raise_nofile", setrlimit(RLIMIT_NOFILE, &up), 0);
    getrlimit(RLIMIT_NPROC, &r);
    struct rlimit inf = { RLIM_INFINITY, RLIM_INFINITY };
    result("raise_nproc", setrlimit(RLIMIT_NPROC, &inf), 0);
    result("raise_fsize", setrlimit(RLIMIT_FSIZE, &inf), 0);
    result("raise_core", setrlimit(RLIMIT_CORE, &inf), 0);
    result("prlimit_init", prlimit(1, RLIMIT_NOFILE, &inf, NULL), 0);
    getrlimit(RLIMIT_NOFILE, &r);
    printf("nofile_after=%llu\n", (unsigned long long)r.rlim_max);
    return 0;
}
