// A 32-bit (i386) program: its syscalls arrive with AUDIT_ARCH_I386 and are decoded with that table.
#include "probe.h"
#include <fcntl.h>
int main(void) {
    require_sandbox();
    int fd = open("/tmp/hello32.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) { (void)!write(fd, "hi\n", 3); close(fd); }
    printf("hello32\n");
    return 0;
}
