// ptrace attach to the sandbox init (pid 1) and to a sibling process; PTRACE_SEIZE too.
#include "probe.h"
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
int main(void) {
    require_sandbox();
    result("attach_init", ptrace(PTRACE_ATTACH, 1, 0, 0), 0);
    result("seize_init", ptrace(PTRACE_SEIZE, 1, 0, 0), 0);
    pid_t c = fork();
    if (c == 0) { sleep(5); _exit(0); }
    result("attach_sibling", ptrace(PTRACE_ATTACH, c, 0, 0), 0);
    result("peek_sibling", ptrace(PTRACE_PEEKDATA, c, 0, 0), 0);
    kill(c, SIGKILL);
    waitpid(c, NULL, 0);
    return 0;
}
