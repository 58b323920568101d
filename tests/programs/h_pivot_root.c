// pivot_root from inside (the classic way to swap the root back): refused.
#include "probe.h"
#include <sys/syscall.h>
int main(void) {
    require_sandbox();
    result("pivot_root", syscall(SYS_pivot_root, ".", "."), 0);
    result("pivot_root_tmp", syscall(SYS_pivot_root, "/tmp", "/tmp"), 0);
    return 0;
}
