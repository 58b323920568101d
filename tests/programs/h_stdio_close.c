// Closes its stdio, replaces it with a pipe nobody reads and marks it non-blocking, keeps working
// (writes a file), exits 0: the run still ends normally and the file is recorded.
#include "probe.h"
#include <fcntl.h>
int main(void) {
    require_sandbox();
    printf("before\n");
    fflush(stdout);
    close(0); close(1); close(2);
    int p[2];
    if (pipe(p) == 0) { fcntl(p[1], F_SETFL, O_NONBLOCK); dup2(p[1], 1); dup2(p[1], 2); }
    for (int i = 0; i < 200; i++) (void)!write(1, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 80);
    int fd = open("/tmp/after-stdio-closed", O_CREAT | O_WRONLY, 0644);
    if (fd >= 0) { (void)!write(fd, "done\n", 5); close(fd); }
    return 0;
}
