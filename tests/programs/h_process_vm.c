// Writing into another process's memory with process_vm_writev (and reading with readv).
#include "probe.h"
#include <signal.h>
#include <sys/uio.h>
#include <sys/wait.h>
static volatile char target[16] = "untouched";
int main(void) {
    require_sandbox();
    pid_t c = fork();
    if (c == 0) { sleep(1); printf("child_target=%s\n", (char *)target); fflush(stdout); _exit(0); }
    char data[16] = "overwritten";
    struct iovec local = { data, sizeof data }, remote = { (void *)target, sizeof data };
    result("process_vm_writev", process_vm_writev(c, &local, 1, &remote, 1, 0), 0);
    waitpid(c, NULL, 0);
    return 0;
}
