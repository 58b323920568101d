// An x32 syscall number (getpid | 0x40000000): the filter kills the process.
#include "probe.h"
#include <sys/syscall.h>
int main(void) {
    require_sandbox();
    printf("before\n");
    fflush(stdout);
    long r = syscall(0x40000000 | 39);
    printf("x32=%ld errno=%d\n", r, errno);
    return 0;
}
