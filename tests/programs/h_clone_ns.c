// clone() asking for new namespaces (flags in a register, so the supervisor can read them).
#include "probe.h"
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
static void try(const char *name, unsigned long flags) {
    long r = syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
    if (r == 0) _exit(0);
    int e = errno;
    if (r > 0) waitpid((pid_t)r, NULL, 0);
    result_(name, r, e);
}
int main(void) {
    require_sandbox();
    try("clone_newuser", CLONE_NEWUSER);
    try("clone_newpid", CLONE_NEWPID);
    try("clone_newnet", CLONE_NEWNET);
    try("clone_newns", CLONE_NEWNS);
    try("clone_newuts", CLONE_NEWUTS);
    try("clone_newipc", CLONE_NEWIPC);
    try("clone_newcgroup", CLONE_NEWCGROUP);
    try("clone_plain", 0);
    return 0;
}
