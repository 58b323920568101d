// Overwrites the path given in argv[1] (a host file the test created): inside, it must land in the overlay.
#include "probe.h"
#include <fcntl.h>
int main(int argc, char **argv) {
    require_sandbox();
    if (argc < 2) return 2;
    int fd = -1;
    result("open", (fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644)), 0);
    if (fd >= 0) { (void)!write(fd, "tampered\n", 9); close(fd); }
    return 0;
}
