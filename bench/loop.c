// petri benchmark: a tight loop of one syscall, timed inside the program so sandbox set-up is
// excluded. Prints "loop_ns=N" on stdout.
//
//   loop [--native] openat|uname|getppid COUNT [PATH]
//
// openat opens a nonexistent absolute path (ENOENT, no side effect; PATH, default /nonexistent/petri-bench) and uname fills a local struct:
// both are on petri's notify list. getppid is not: the kernel's filter lets it through.
//
// Like every Linux program petri runs, it first checks that it is inside a fresh pid namespace and
// otherwise does nothing. --native skips that check so the same harmless loop can be timed on the host.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
    int arg = 1;
    int native = 0;
    if (arg < argc && strcmp(argv[arg], "--native") == 0) { native = 1; arg++; }
    if (!native && getpid() >= 10) {
        printf("bench loop: not in a fresh pid namespace (pid %d), doing nothing\n", (int)getpid());
        return 0;
    }
    if (argc - arg != 2 && argc - arg != 3) {
        fprintf(stderr, "usage: loop [--native] openat|uname|getppid COUNT [PATH]\n");
        return 2;
    }
    const char *mode = argv[arg];
    long count = strtol(argv[arg + 1], NULL, 10);
    const char *path = argc - arg == 3 ? argv[arg + 2] : "/nonexistent/petri-bench";
    if (count <= 0) { fprintf(stderr, "loop: COUNT must be positive\n"); return 2; }

    long long t0, t1;
    if (strcmp(mode, "openat") == 0) {
        t0 = now_ns();
        for (long i = 0; i < count; i++) {
            long fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
            if (fd >= 0) close((int)fd);
        }
        t1 = now_ns();
    } else if (strcmp(mode, "uname") == 0) {
        struct utsname u;
        t0 = now_ns();
        for (long i = 0; i < count; i++) syscall(SYS_uname, &u);
        t1 = now_ns();
    } else if (strcmp(mode, "getppid") == 0) {
        t0 = now_ns();
        for (long i = 0; i < count; i++) syscall(SYS_getppid);
        t1 = now_ns();
    } else {
        fprintf(stderr, "loop: unknown mode %s\n", mode);
        return 2;
    }
    printf("loop_ns=%lld\n", t1 - t0);
    return 0;
}
