// Becoming root inside: setuid(0), setresuid, setgid, setgroups all refused; ids unchanged.
// setgroups: adding group 0 and dropping every group (setgroups(0, NULL)) are both EPERM, and the
// sample has no supplementary groups (the sandbox cleared the supervisor's before exec).
#include "probe.h"
#include <grp.h>
int main(void) {
    require_sandbox();
    result("setuid0", setuid(0), 0);
    result("setresuid0", setresuid(0, 0, 0), 0);
    result("setgid0", setgid(0), 0);
    gid_t g = 0;
    result("setgroups0", setgroups(1, &g), 0);
    result("setgroups_empty", setgroups(0, NULL), 0);
    gid_t groups[64];
    printf("groups=%d\n", getgroups(64, groups));
    result("seteuid0", seteuid(0), 0);
    uid_t r, e, s;
    getresuid(&r, &e, &s);
    printf("ids=%u,%u,%u\n", r, e, s);
    return 0;
}
