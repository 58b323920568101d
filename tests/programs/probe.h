/* Shared by the sandbox test programs. Each one first checks that it runs in a fresh pid
 * namespace (its pid is small) and otherwise prints a line and exits 0, so running one by
 * accident on a workstation does nothing. */
#ifndef PETRI_PROBE_H
#define PETRI_PROBE_H
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline void require_sandbox(void) {
    if (getpid() > 64) {
        printf("not in a fresh pid namespace (pid %d): doing nothing\n", (int)getpid());
        exit(0);
    }
}

/* "name=EPERM" style results, one per line, parsed by the tests. RESULT evaluates the call
 * before reading errno (function argument order is unspecified). */
#define result(name, call, unused) do { errno = 0; long rc_ = (long)(call); int e_ = errno; result_((name), rc_, e_); } while (0)
static inline void result_(const char *name, long rc, int err) {
    if (rc < 0) printf("%s=%s\n", name, err == EPERM ? "EPERM" : err == ENOSYS ? "ENOSYS" : strerror(err));
    else printf("%s=OK\n", name);
    fflush(stdout);
}
#endif
