// Kernel modules: init_module, finit_module, delete_module refused.
#include "probe.h"
#include <fcntl.h>
#include <sys/syscall.h>
int main(void) {
    require_sandbox();
    result("init_module", syscall(SYS_init_module, NULL, 0, ""), 0);
    int fd = open("/dev/null", O_RDONLY);
    result("finit_module", syscall(SYS_finit_module, fd, "", 0), 0);
    result("delete_module", syscall(SYS_delete_module, "loop", 0), 0);
    return 0;
}
