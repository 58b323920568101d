// Creates, writes, renames and unlinks files in its cwd, then deletes its own image.
#include "probe.h"
#include <fcntl.h>
int main(int argc, char **argv) {
    require_sandbox();
    int fd = open("a.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return 1;
    if (write(fd, "hello\n", 6) != 6) return 1;
    close(fd);
    if (rename("a.txt", "b.txt") != 0) return 1;
    fd = open("c.txt", O_WRONLY | O_CREAT, 0600);
    if (fd < 0) return 1;
    close(fd);
    if (unlink("c.txt") != 0) return 1;
    if (unlink(argv[0]) != 0) return 1;
    return 0;
}
