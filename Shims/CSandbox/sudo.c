// The sudo broker (docs/guest.md, "sudo"): a process of the sample's tree, forked by the sample's
// process after the seccomp filter is on and before it becomes the user, so it is uid 0 of the
// sandbox's user namespace with no capability, no_new_privs, the run's rlimits and the same filter.
// The guest's sudo (a small client bound over /usr/bin/sudo) sends it one request per command on an
// abstract unix socket of the sandbox's own network namespace: the command's path, argv and
// environment, with its stdin, stdout, stderr and working directory as fds. The broker forks, the
// child execs the command (recorded like any execve of the run), and the exit status goes back to
// the client. Nothing here has more privilege than a sample run with --as-root.
// Clone of the supervisor, never exec'd: raw syscalls and stack or mmap memory only.
#include "internal.h"
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <linux/sched.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

#define SUDO_MAX_REQUEST (256 * 1024)
#define SUDO_MAX_ARGS 4096
#define SUDO_SLOTS 32

int sbx_sudo_listen(const char *name) {
    size_t len = strlen(name);
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    if (len == 0 || len + 1 > sizeof a.sun_path) return -EINVAL;
    memcpy(a.sun_path + 1, name, len);  // abstract: sun_path[0] == 0
    int s = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (s < 0) return -errno;
    if (bind(s, (struct sockaddr *)&a, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len)) < 0 || listen(s, 16) < 0) {
        int e = errno;
        close(s);
        return -e;
    }
    return s;
}

// Whether the pid namespace holds no process but `a` and `b` (getdents64 on /proc, no libc dirs).
int sbx_only_processes(pid_t a, pid_t b) {
    int fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return 0;
    char buf[4096];
    int only = 1;
    for (;;) {
        long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (n <= 0) break;
        for (long off = 0; off < n;) {
            unsigned short reclen;
            memcpy(&reclen, buf + off + 16, sizeof reclen);
            const char *name = buf + off + 19;
            off += reclen;
            if (name[0] < '0' || name[0] > '9') continue;
            long pid = 0;
            for (const char *c = name; *c >= '0' && *c <= '9'; c++) pid = pid * 10 + (*c - '0');
            if (pid != a && pid != b) { only = 0; break; }
        }
        if (!only) break;
    }
    close(fd);
    return only;
}

typedef struct { int conn; int pidfd; pid_t pid; } slot_t;

// Reads one request: "PSU1", u32 argc, u32 envc, then path, argv[], envp[] as NUL-terminated strings;
// four fds (stdin, stdout, stderr, working directory). Builds argv/envp in `area`. 0 or an errno.
static int read_request(int conn, char *area, size_t size, int fds[4], char **path, char ***argv, char ***envp) {
    char cbuf[CMSG_SPACE(4 * sizeof(int))];
    memset(cbuf, 0, sizeof cbuf);
    size_t data_max = SUDO_MAX_REQUEST;
    struct iovec iov = { .iov_base = area, .iov_len = data_max };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
    ssize_t n;
    do { n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC); } while (n < 0 && errno == EINTR);
    int got = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        for (int i = 0; i < k; i++) {
            int fd;
            memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
            if (got < 4) fds[got++] = fd; else close(fd);
        }
    }
    if (n < 0) return errno;
    if (got != 4 || (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) || n < 12 || memcmp(area, "PSU1", 4) != 0) return EINVAL;
    uint32_t argc, envc;
    memcpy(&argc, area + 4, 4);
    memcpy(&envc, area + 8, 4);
    if (argc < 1 || argc > SUDO_MAX_ARGS || envc > SUDO_MAX_ARGS) return E2BIG;
    char **ptrs = (char **)(area + data_max);
    if ((argc + envc + 2) * sizeof(char *) > size - data_max) return E2BIG;
    char *p = area + 12, *end = area + n;
    uint32_t want = 1 + argc + envc;
    for (uint32_t i = 0; i < want; i++) {
        char *z = memchr(p, 0, (size_t)(end - p));
        if (!z) return EINVAL;
        if (i == 0) *path = p;
        else if (i <= argc) ptrs[i - 1] = p;
        else ptrs[argc + 1 + (i - 1 - argc)] = p;
        p = z + 1;
    }
    ptrs[argc] = NULL;
    ptrs[argc + 1 + envc] = NULL;
    *argv = ptrs;
    *envp = ptrs + argc + 1;
    return 0;
}

static void close_fds(int fds[4]) { for (int i = 0; i < 4; i++) if (fds[i] >= 0) { close(fds[i]); fds[i] = -1; } }

static void reply(int conn, int32_t status) {
    while (send(conn, &status, sizeof status, MSG_NOSIGNAL | MSG_DONTWAIT) < 0 && errno == EINTR) {}
}

void sbx_sudo_broker(int lsock) {
    pid_t self = (pid_t)syscall(SYS_getpid);
    size_t size = SUDO_MAX_REQUEST + (2 * SUDO_MAX_ARGS + 4) * sizeof(char *);
    char *area = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED) _exit(1);
    // Nothing of the supervisor's signal handling applies here: default dispositions, nothing blocked.
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < 32; sig++) if (sig != SIGKILL && sig != SIGSTOP) sigaction(sig, &dfl, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    slot_t slots[SUDO_SLOTS];
    for (int i = 0; i < SUDO_SLOTS; i++) slots[i] = (slot_t){ -1, -1, 0 };
    for (;;) {
        struct pollfd p[1 + SUDO_SLOTS];
        int map[1 + SUDO_SLOTS];
        int np = 0;
        p[np] = (struct pollfd){ .fd = lsock, .events = POLLIN }; map[np++] = -1;
        for (int i = 0; i < SUDO_SLOTS; i++) if (slots[i].pidfd >= 0) {
            p[np] = (struct pollfd){ .fd = slots[i].pidfd, .events = POLLIN }; map[np++] = i;
        }
        int r = poll(p, (nfds_t)np, -1);
        if (r < 0 && errno != EINTR) _exit(1);
        for (int k = 1; k < np; k++) {
            if (!(p[k].revents & (POLLIN | POLLHUP))) continue;
            slot_t *s = &slots[map[k]];
            siginfo_t info;
            memset(&info, 0, sizeof info);
            if (syscall(SYS_waitid, P_PIDFD, s->pidfd, &info, WEXITED, NULL) < 0) continue;
            int32_t status = info.si_code == CLD_EXITED ? (info.si_status & 0xff) << 8 : (info.si_status & 0x7f);
            reply(s->conn, status);
            close(s->conn); close(s->pidfd);
            *s = (slot_t){ -1, -1, 0 };
            // The last process of the run was a command of ours: nothing left but init and the broker.
            // (When the last one is init's child, init ends the broker.)
            int busy_now = 0;
            for (int i = 0; i < SUDO_SLOTS; i++) if (slots[i].pidfd >= 0) busy_now++;
            if (busy_now == 0 && sbx_only_processes(1, self)) _exit(0);
        }
        if (!(p[0].revents & POLLIN)) continue;
        int conn = accept4(lsock, NULL, NULL, SOCK_CLOEXEC);
        if (conn < 0) continue;
        struct timeval tv = { 5, 0 };
        setsockopt(conn, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        int free_slot = -1;
        for (int i = 0; i < SUDO_SLOTS; i++) if (slots[i].pidfd < 0) { free_slot = i; break; }
        int fds[4] = { -1, -1, -1, -1 };
        char *path = NULL, **argv = NULL, **envp = NULL;
        int e = free_slot < 0 ? EAGAIN : read_request(conn, area, size, fds, &path, &argv, &envp);
        if (e != 0) { close_fds(fds); reply(conn, -e); close(conn); continue; }
        struct ucred cred = { 0, 0, 0 };
        socklen_t cl = sizeof cred;
        (void)getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &cred, &cl);
        int pidfd = -1;
        long pid = syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, &pidfd, 0, 0);
        if (pid == 0) {
            // Names the client to the supervisor (its process tree shows the command under sudo).
            if (cred.pid > 0) kill(cred.pid, 0);
            for (int i = 0; i < 3; i++) if (dup2(fds[i], i) < 0) _exit(126);
            if (fchdir(fds[3]) < 0) _exit(126);
            setsid();
            execve(path, argv, envp);
            _exit(errno == ENOENT ? 127 : 126);
        }
        close_fds(fds);
        if (pid < 0) { reply(conn, -errno); close(conn); continue; }
        slots[free_slot] = (slot_t){ conn, pidfd, (pid_t)pid };
    }
}
