// clone3 with a well-formed struct asking for a new user namespace: ENOSYS (flags behind a pointer).
#include "probe.h"
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/sched.h>
int main(void) {
    require_sandbox();
    struct clone_args a;
    memset(&a, 0, sizeof a);
    a.flags = CLONE_NEWUSER | CLONE_NEWNS;
    a.exit_signal = SIGCHLD;
    long r = syscall(SYS_clone3, &a, sizeof a);
    if (r == 0) _exit(0);
    int e = errno;
    if (r > 0) waitpid((pid_t)r, NULL, 0);
    result_("clone3_newuser", r, e);
    memset(&a, 0, sizeof a);
    a.exit_signal = SIGCHLD;
    r = syscall(SYS_clone3, &a, sizeof a);
    if (r == 0) _exit(0);
    e = errno;
    if (r > 0) waitpid((pid_t)r, NULL, 0);
    result_("clone3_plain", r, e);
    return 0;
}
