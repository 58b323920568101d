// Loading a new kernel: kexec_load and kexec_file_load refused.
#include "probe.h"
#include <sys/syscall.h>
int main(void) {
    require_sandbox();
    result("kexec_load", syscall(SYS_kexec_load, 0, 0, NULL, 0), 0);
    result("kexec_file_load", syscall(SYS_kexec_file_load, -1, -1, 0, "", 0), 0);
    return 0;
}
