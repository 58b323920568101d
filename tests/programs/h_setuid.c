// Becoming root inside: setuid(0), setresuid, setgid, setgroups all refused; ids unchanged.
#include "probe.h"
#include <grp.h>
int main(void) {
    require_sandbox();
    result("setuid0", setuid(0), 0);
    result("setresuid0", setresuid(0, 0, 0), 0);
    result("setgid0", setgid(0), 0);
    gid_t g = 0;
    result("setgroups0", setgroups(1, &g), 0);
    result("seteuid0", seteuid(0), 0);
    uid_t r, e, s;
    getresuid(&r, &e, &s);
    printf("ids=%u,%u,%u\n", r, e, s);
    return 0;
}
