// userfaultfd (used to widen kernel race windows): refused.
#include "probe.h"
#include <fcntl.h>
#include <sys/syscall.h>
int main(void) {
    require_sandbox();
    result("userfaultfd", syscall(SYS_userfaultfd, O_CLOEXEC), 0);
    return 0;
}
