// fork + execve of /bin/true in the child; the parent waits and exits 3.
#include "probe.h"
#include <sys/wait.h>
int main(void) {
    require_sandbox();
    pid_t p = fork();
    if (p == 0) {
        char *args[] = { "/bin/true", "--petri-test", NULL };
        execv("/bin/true", args);
        _exit(127);
    }
    int st = 0;
    waitpid(p, &st, 0);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 3 : 1;
}
