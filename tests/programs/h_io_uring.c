// io_uring (syscalls that bypass seccomp once a ring exists): refused at setup.
#include "probe.h"
#include <sys/syscall.h>
int main(void) {
    require_sandbox();
    unsigned char params[120];
    memset(params, 0, sizeof params);
    result("io_uring_setup", syscall(SYS_io_uring_setup, 8, params), 0);
    result("io_uring_enter", syscall(SYS_io_uring_enter, -1, 0, 0, 0, NULL, 0), 0);
    result("io_uring_register", syscall(SYS_io_uring_register, -1, 0, NULL, 0), 0);
    return 0;
}
