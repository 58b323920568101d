// What a seccomp filter costs a syscall it lets through, without petri: 1M getppid in forked
// children with (0) no filter, (1) an empty allow-all filter, (2) petri-like rules for x86_64,
// (3) the same for x86_64 + i386. Rules use ERRNO instead of NOTIFY so no supervisor is needed; the
// kernel's action cache treats both the same for syscalls outside the lists. Runs only on the host.
//
//   gcc -O2 -o filter_cost bench/filter_cost.c -lseccomp && ./filter_cost
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *const listed[] = {
    "execve", "execveat", "open", "openat", "openat2", "creat", "unlink", "unlinkat", "rename", "renameat", "renameat2",
    "mkdir", "mkdirat", "rmdir", "link", "linkat", "symlink", "symlinkat", "chmod", "fchmod", "fchmodat", "chown",
    "fchown", "lchown", "fchownat", "truncate", "ftruncate", "chdir", "fchdir", "socket", "connect", "bind", "listen",
    "sendto", "sendmsg", "sendmmsg", "socketcall", "fork", "vfork", "kill", "tgkill", "tkill", "memfd_create",
    "nanosleep", "clock_nanosleep", "uname", "sethostname", "setuid", "setgid", "setreuid", "setregid", "setresuid",
    "setresgid", "setfsuid", "setfsgid", "setgroups", "exit_group", "process_vm_readv", "setrlimit", "prlimit64",
    "mount", "umount2", "pivot_root", "chroot", "unshare", "setns", "bpf", "perf_event_open", "userfaultfd", "keyctl",
    "add_key", "request_key", "io_uring_setup", "io_uring_enter", "io_uring_register", "reboot", "seccomp", "clone",
    "ptrace", "personality", "prctl", "clone3", NULL,
};

static double ns_per_getppid(long n) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < n; i++) syscall(SYS_getppid);
    clock_gettime(CLOCK_MONOTONIC, &b);
    return ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    int rounds = argc > 2 ? atoi(argv[2]) : 6;
    static const char *const label[] = { "no filter", "empty allow filter", "rules, x86_64", "rules, x86_64+i386" };
    for (int r = 0; r < rounds; r++) {
        for (int variant = 0; variant < 4; variant++) {
            pid_t p = fork();
            if (p == 0) {
                if (variant > 0) {
                    scmp_filter_ctx c = seccomp_init(SCMP_ACT_ALLOW);
                    seccomp_attr_set(c, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
                    if (variant == 3) seccomp_arch_add(c, SCMP_ARCH_X86);
                    if (variant >= 2) {
                        for (int i = 0; listed[i]; i++) {
                            int nr = seccomp_syscall_resolve_name(listed[i]);
                            if (nr != __NR_SCMP_ERROR) seccomp_rule_add(c, SCMP_ACT_ERRNO(38), nr, 0);
                        }
                        seccomp_rule_add(c, SCMP_ACT_ERRNO(38), SCMP_SYS(mprotect), 1, SCMP_A2(SCMP_CMP_MASKED_EQ, 4, 4));
                    }
                    if (seccomp_load(c)) { perror("seccomp_load"); _exit(1); }
                }
                printf("%-20s %6.1f ns per getppid\n", label[variant], ns_per_getppid(n));
                fflush(stdout);
                _exit(0);
            }
            waitpid(p, NULL, 0);
        }
    }
    return 0;
}
