// argv[1] notified syscalls (uname, each a supervisor round trip), then exit.
#include "probe.h"
#include <sys/utsname.h>
#include <sys/syscall.h>
int main(int argc, char **argv) {
    require_sandbox();
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    struct utsname u;
    long ok = 0;
    for (long i = 0; i < n; i++) if (syscall(SYS_uname, &u) == 0) ok++;
    printf("calls=%ld\nok=%ld\n", n, ok);
    return 0;
}
