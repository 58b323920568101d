// Tries to stack its own seccomp filter (which could hide its syscalls): both ways must be refused.
#include "probe.h"
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
int main(void) {
    require_sandbox();
    struct sock_filter f[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
    struct sock_fprog prog = { .len = 1, .filter = f };
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    result("seccomp", syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog), errno);
    result("prctl_seccomp", prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0), errno);
    // The kernel reads the option as an int: high bits set must not slip past the check.
    result("prctl_seccomp_highbits", syscall(SYS_prctl, 0x100000000UL | PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0), errno);
    printf("filters=");
    fflush(stdout);
    FILE *st = fopen("/proc/self/status", "r");
    char line[256];
    while (st && fgets(line, sizeof line, st)) if (strncmp(line, "Seccomp_filters:", 16) == 0) printf("%d", atoi(line + 16));
    printf("\n");
    return 0;
}
