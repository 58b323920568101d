// Reading a string from another process: process_vm_readv (what petri's supervisor does per path)
// against pread on a /proc/PID/mem fd kept open. Reads its own forked child, so nothing else is
// touched. Prints nanoseconds per read, for a read to the end of the page and for 64 bytes.
//
//   gcc -O2 -o /tmp/memread bench/memread.c && taskset -c 1 chrt -f 10 /tmp/memread
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char path[] = "/nonexistent/petri-bench";

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static double per_read_vm(pid_t child, uintptr_t addr, size_t len, int n) {
    char buf[4096];
    long long t0 = now_ns();
    for (int i = 0; i < n; i++) {
        struct iovec local = { buf, len }, remote = { (void *)addr, len };
        if (process_vm_readv(child, &local, 1, &remote, 1, 0) < 0) { perror("process_vm_readv"); return -1; }
    }
    return (double)(now_ns() - t0) / n;
}

static double per_read_mem(int fd, uintptr_t addr, size_t len, int n) {
    char buf[4096];
    long long t0 = now_ns();
    for (int i = 0; i < n; i++) {
        if (pread(fd, buf, len, (off_t)addr) < 0) { perror("pread"); return -1; }
    }
    return (double)(now_ns() - t0) / n;
}

int main(void) {
    pid_t child = fork();
    if (child == 0) { pause(); _exit(0); }
    usleep(10000);
    char mem[64];
    snprintf(mem, sizeof mem, "/proc/%d/mem", (int)child);
    int fd = open(mem, O_RDONLY | O_CLOEXEC);
    if (fd < 0) { perror(mem); kill(child, SIGKILL); return 1; }
    uintptr_t addr = (uintptr_t)path;
    size_t to_page_end = 4096 - (addr & 4095);
    const int n = 200000;
    printf("to the page end (%zu bytes): process_vm_readv %.0f ns, pread /proc/PID/mem %.0f ns\n",
           to_page_end, per_read_vm(child, addr, to_page_end, n), per_read_mem(fd, addr, to_page_end, n));
    printf("64 bytes:                   process_vm_readv %.0f ns, pread /proc/PID/mem %.0f ns\n",
           per_read_vm(child, addr, 64, n), per_read_mem(fd, addr, 64, n));
    close(fd);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    return 0;
}
