// kill(-1, SIGKILL) and kill of pid 1 from inside: only the sandbox's own processes can be hit.
// argv[1] is the host pid of a process the test started; kill it by number too.
#include "probe.h"
#include <signal.h>
#include <sys/wait.h>
int main(int argc, char **argv) {
    require_sandbox();
    pid_t c = fork();
    if (c == 0) { sleep(10); _exit(0); }
    if (argc > 1) result("kill_host_pid", kill(atoi(argv[1]), SIGKILL), 0);
    result("kill_init", kill(1, SIGKILL), 0);
    signal(SIGKILL, SIG_DFL);
    result("kill_minus1", kill(-1, SIGKILL), 0);
    int status = 0;
    waitpid(c, &status, 0);
    printf("sibling=%s\n", WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL ? "KILLED" : "ALIVE");
    return 0;
}
