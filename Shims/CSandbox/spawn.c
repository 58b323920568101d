// The ordered pipeline from clone to execve. Parent half: sbx_spawn/sbx_release/sbx_receive_listener/
// sbx_wait_exec. Child half: sandbox_init (pid 1 inside) and sample_child; async-signal-safe only.
#include "internal.h"
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/mount.h>
#include <linux/sched.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

static const char *const stage_names[SBX_STAGE_COUNT] = {
    [SBX_STAGE_NONE] = "none",
    [SBX_STAGE_PDEATHSIG] = "prctl(PR_SET_PDEATHSIG)",
    [SBX_STAGE_WAIT_PARENT] = "wait for parent",
    [SBX_STAGE_SETID_ROOT] = "setresuid(0) in user namespace",
    [SBX_STAGE_MOUNT_PRIVATE] = "make mounts private",
    [SBX_STAGE_MOUNT_ROOT_TMPFS] = "mount root tmpfs",
    [SBX_STAGE_MOUNT] = "mount",
    [SBX_STAGE_PIVOT_ROOT] = "pivot_root",
    [SBX_STAGE_UMOUNT_OLD_ROOT] = "detach old root",
    [SBX_STAGE_REMOUNT_ROOT_RO] = "remount root read-only",
    [SBX_STAGE_SETHOSTNAME] = "sethostname",
    [SBX_STAGE_SETDOMAINNAME] = "setdomainname",
    [SBX_STAGE_LOOPBACK] = "bring up lo",
    [SBX_STAGE_FORK_SAMPLE] = "fork sample",
    [SBX_STAGE_SETSID] = "setsid",
    [SBX_STAGE_STDIO] = "stdio",
    [SBX_STAGE_CHDIR] = "chdir",
    [SBX_STAGE_RLIMIT] = "setrlimit",
    [SBX_STAGE_CAPBSET] = "drop bounding set",
    [SBX_STAGE_SETGROUPS] = "setgroups",
    [SBX_STAGE_SETGID] = "setresgid",
    [SBX_STAGE_SETUID] = "setresuid",
    [SBX_STAGE_CAPSET] = "capset",
    [SBX_STAGE_AMBIENT] = "clear ambient capabilities",
    [SBX_STAGE_NO_NEW_PRIVS] = "prctl(PR_SET_NO_NEW_PRIVS)",
    [SBX_STAGE_CLOSE_FDS] = "close inherited fds",
    [SBX_STAGE_SECCOMP] = "seccomp",
    [SBX_STAGE_LISTENER_HANDOFF] = "hand off seccomp listener",
    [SBX_STAGE_EXECVE] = "execve",
    [SBX_STAGE_INIT_DROP_CAPS] = "init drop capabilities",
    [SBX_STAGE_SUDO] = "sudo broker",
};

const char *sbx_stage_name(int stage) {
    if (stage < 0 || stage >= SBX_STAGE_COUNT || stage_names[stage] == NULL) return "unknown";
    return stage_names[stage];
}

void sbx_child_fail(int status_fd, int stage, int err, int detail) {
    sbx_setup_error_t rec = { stage, err, detail };
    sbx_write_all(status_fd, &rec, sizeof rec);
    _exit(127);
}

typedef struct {
    const sbx_config_t *cfg;
    int status_w;      // CLOEXEC status pipe, write end
    int sync_r;        // parent releases us
    int control;       // child end of the control socket
} child_ctx_t;

// Sends one fd over a SOCK_SEQPACKET socket with a small tag.
static int send_fd(int sock, int fd, int32_t tag) {
    char cbuf[CMSG_SPACE(sizeof(int))];
    memset(cbuf, 0, sizeof cbuf);
    int32_t payload[3] = { tag, 0, 0 };
    struct iovec iov = { .iov_base = payload, .iov_len = sizeof payload };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof(int));
    for (;;) {
        ssize_t n = sendmsg(sock, &msg, MSG_NOSIGNAL);
        if (n >= 0) return 0;
        if (errno != EINTR) return errno;
    }
}

static void send_reap(int sock, int32_t kind, int32_t pid, int32_t status) {
    int32_t payload[3] = { kind, pid, status };
    while (send(sock, payload, sizeof payload, MSG_NOSIGNAL | MSG_DONTWAIT) < 0 && errno == EINTR) {}
}

// Closes every fd >= 3 except two (init keeps only its control socket and the handoff socket).
static void close_all_except(int a, int b) {
    int lo = a < b ? a : b, hi = a < b ? b : a;
    if (lo > 3) syscall(SYS_close_range, 3, lo - 1, 0);
    if (hi - lo > 1) syscall(SYS_close_range, lo + 1, hi - 1, 0);
    syscall(SYS_close_range, hi + 1, ~0U, 0);
}

// The sample: pid 2 inside. Drops everything, installs the filter last, then execve.
static void sample_child(const child_ctx_t *ctx, int handoff_w) __attribute__((noreturn));
static void sample_child(const child_ctx_t *ctx, int handoff_w) {
    const sbx_config_t *cfg = ctx->cfg;
    int sfd = ctx->status_w;
    if (setsid() < 0) sbx_child_fail(sfd, SBX_STAGE_SETSID, errno, 0);

    int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (devnull < 0) sbx_child_fail(sfd, SBX_STAGE_STDIO, errno, 0);
    if (dup2(devnull, 0) < 0) sbx_child_fail(sfd, SBX_STAGE_STDIO, errno, 0);
    if (dup2(cfg->stdout_fd, 1) < 0) sbx_child_fail(sfd, SBX_STAGE_STDIO, errno, 1);
    if (dup2(cfg->stderr_fd, 2) < 0) sbx_child_fail(sfd, SBX_STAGE_STDIO, errno, 2);

    if (chdir(cfg->cwd) < 0) sbx_child_fail(sfd, SBX_STAGE_CHDIR, errno, 0);

    // With the sudo broker: uid 0 with CAP_SETUID/CAP_SETGID only until the broker is forked under
    // the filter, then the user (sudo.c).
    int broker = cfg->sudo_socket != NULL && cfg->uid != 0;
    int stage = 0;
    int err = broker ? sbx_child_drop_privileges_as(cfg, 0, 0, 1, &stage) : sbx_child_drop_privileges(cfg, &stage);
    if (err != 0) sbx_child_fail(sfd, stage, err, 0);

    // (after the uid change made the task dumpable again, so /proc/self is its own to write)
    // The sample and its children are the OOM killer's first choice when the host runs out of
    // memory. (The memory cgroup's OOM killer cannot choose init at all: init is not in the limited
    // group, CgroupLimiter. Lowering init's own score would need CAP_SYS_RESOURCE in the initial
    // user namespace, which petri may not have.)
    int oom = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
    if (oom >= 0) { (void)!write(oom, "1000", 4); close(oom); }

    // No host fd reaches the sample: everything but stdio, the status pipe and the handoff socket is
    // closed now (not merely CLOEXEC), so the listener gets a low number under RLIMIT_NOFILE.
    close_all_except(sfd, handoff_w);
    int lsock = -1;
    if (broker) {
        lsock = sbx_sudo_listen(cfg->sudo_socket);
        if (lsock < 0) sbx_child_fail(sfd, SBX_STAGE_SUDO, -lsock, 0);
    }

    int idx = 0;
    if (sbx_child_rlimits(cfg, &idx) != 0) sbx_child_fail(sfd, SBX_STAGE_RLIMIT, errno, idx);

    // The filter goes on last. From here on only write(), close() and execve() run: write/close are
    // never notified, execve is, and init hands our listener to the supervisor meanwhile.
    int listener = -1;
    err = sbx_child_install_filter(cfg->filter, &listener);
    if (err != 0) sbx_child_fail(sfd, SBX_STAGE_SECCOMP, err, 0);
    int32_t num = listener;
    if (sbx_write_all(handoff_w, &num, sizeof num) < 0) sbx_child_fail(sfd, SBX_STAGE_LISTENER_HANDOFF, errno, 0);
    // Wait until init has duplicated the fd (it closes its end of the handoff pipe), then close ours.
    char ack;
    while (read(handoff_w, &ack, 1) < 0 && errno == EINTR) {}
    close(listener);
    if (broker) {
        // Under the filter now (its calls reach the supervisor, which has the listener): fork the
        // broker, tell init its pid (init ends it when nothing else of the run is left), become the user.
        // CLONE_PARENT: init's child, not the sample's (a sample waiting for all its children must
        // not wait for the broker).
        long b = syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0, 0, 0, 0);
        if (b == 0) {
            close(handoff_w);
            close(sfd);
            for (int fd = 0; fd < 3; fd++) close(fd);
            if (sbx_child_caps_zero() != 0) _exit(1);
            sbx_sudo_broker(lsock);
        }
        if (b < 0) sbx_child_fail(sfd, SBX_STAGE_SUDO, errno, 1);
        close(lsock);
        int32_t bpid = (int32_t)b;
        (void)sbx_write_all(handoff_w, &bpid, sizeof bpid);
        if (syscall(SYS_setresgid, cfg->gid, cfg->gid, cfg->gid) < 0) sbx_child_fail(sfd, SBX_STAGE_SETGID, errno, 1);
        if (syscall(SYS_setresuid, cfg->uid, cfg->uid, cfg->uid) < 0) sbx_child_fail(sfd, SBX_STAGE_SETUID, errno, 1);
        if (sbx_child_caps_zero() != 0) sbx_child_fail(sfd, SBX_STAGE_CAPSET, errno, 1);
        if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0) sbx_child_fail(sfd, SBX_STAGE_SETUID, errno, 2);
        if (prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0) < 0) sbx_child_fail(sfd, SBX_STAGE_PDEATHSIG, errno, 1);
    }
    close(handoff_w);

    execve(cfg->path, cfg->argv, cfg->envp);
    sbx_child_fail(sfd, SBX_STAGE_EXECVE, errno, 0);
}

// Parses the unsigned decimal fields of /proc/self/stat after the command name; fields[i] is field
// i + 3 (proc(5) numbering). Returns how many were read. Async-signal-safe (raw open/read).
static int stat_fields(unsigned long *fields, int max) {
    char buf[2048];
    int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return 0;
    buf[n] = 0;
    char *p = NULL;
    for (char *q = buf; *q; q++) if (*q == ')') p = q;
    if (!p) return 0;
    p++;
    int count = 0;
    while (*p && count < max) {
        while (*p == ' ') p++;
        if (!*p) break;
        unsigned long v = 0;
        int digits = 0;
        while (*p >= '0' && *p <= '9') { v = v * 10 + (unsigned long)(*p - '0'); p++; digits++; }
        while (*p && *p != ' ') p++;  // the state letter, or a negative number: not needed
        fields[count++] = digits ? v : 0;
    }
    return count;
}

// init is a clone of the supervisor that never exec'd: its argument area still holds petri's own
// command line (host paths, the sample's host path), which /proc/1/cmdline shows to everyone. It is
// overwritten with an ordinary init's, and the environment area cleared (issue 19: tells).
static void hide_host_command_line(void) {
    unsigned long f[60];
    int n = stat_fields(f, 60);
    if (n < 51 - 2) return;
    char *arg_start = (char *)f[48 - 3], *arg_end = (char *)f[49 - 3];
    char *env_start = (char *)f[50 - 3], *env_end = (char *)f[51 - 3];
    static const char name[] = "/sbin/init";
    if (arg_start && arg_end > arg_start && (size_t)(arg_end - arg_start) >= sizeof name) {
        memset(arg_start, 0, (size_t)(arg_end - arg_start));
        memcpy(arg_start, name, sizeof name);
    }
    if (env_start && env_end > env_start) memset(env_start, 0, (size_t)(env_end - env_start));
}

// pid 1 inside: sets up the mount namespace, forks the sample, reaps until nothing is left.
static int sandbox_init(void *arg) {
    const child_ctx_t *ctx = (const child_ctx_t *)arg;
    const sbx_config_t *cfg = ctx->cfg;
    int sfd = ctx->status_w;

    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) sbx_child_fail(sfd, SBX_STAGE_PDEATHSIG, errno, 0);
    prctl(PR_SET_NAME, "init", 0, 0, 0);

    char go = 0;
    ssize_t n;
    do { n = read(ctx->sync_r, &go, 1); } while (n < 0 && errno == EINTR);
    if (n != 1) _exit(126);  // parent gone or gave up: nothing to report to
    close(ctx->sync_r);

    // Raw syscalls: glibc's wrappers would wait on threads of the parent that don't exist here (caps.c).
    if (syscall(SYS_setresgid, 0, 0, 0) < 0 || syscall(SYS_setresuid, 0, 0, 0) < 0) sbx_child_fail(sfd, SBX_STAGE_SETID_ROOT, errno, 0);
    // The uid change cleared the parent-death signal (the kernel does so on any euid change): re-arm
    // it, then check the supervisor did not die in between (its end of the control socket closed).
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) sbx_child_fail(sfd, SBX_STAGE_PDEATHSIG, errno, 0);
    struct pollfd alive = { .fd = ctx->control, .events = POLLIN };
    if (poll(&alive, 1, 0) > 0 && (alive.revents & (POLLHUP | POLLERR))) _exit(126);
    hide_host_command_line();
    // The parent moved init into the run's cgroups after the clone, outside the cgroup namespace the
    // clone made: /proc/self/cgroup would name them (/petri-PID-PID, /../../petri-...). A second
    // cgroup namespace rooted where init is now shows every hierarchy as "/", as in a container.
    (void)unshare(CLONE_NEWCGROUP);

    int failed_stage = 0, failed_index = 0;
    int err = sbx_child_mounts(cfg, &failed_stage, &failed_index);
    if (err != 0) sbx_child_fail(sfd, failed_stage, err, failed_index);

    if (cfg->hostname && sethostname(cfg->hostname, strlen(cfg->hostname)) < 0)
        sbx_child_fail(sfd, SBX_STAGE_SETHOSTNAME, errno, 0);
    if (cfg->domainname && setdomainname(cfg->domainname, strlen(cfg->domainname)) < 0)
        sbx_child_fail(sfd, SBX_STAGE_SETDOMAINNAME, errno, 0);
    if (cfg->loopback_up) {
        err = sbx_child_loopback_up();
        if (err != 0) sbx_child_fail(sfd, SBX_STAGE_LOOPBACK, err, 0);
    }

    // A socketpair (not a pipe) so the sample can block on read until init has taken the listener.
    int handoff[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, handoff) < 0) sbx_child_fail(sfd, SBX_STAGE_FORK_SAMPLE, errno, 0);

    // Not fork(): glibc's fork runs atfork handlers and takes locks another thread of the
    // supervisor may have held at clone time. A raw clone is async-signal-safe.
    pid_t sample = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
    if (sample < 0) sbx_child_fail(sfd, SBX_STAGE_FORK_SAMPLE, errno, 0);
    if (sample == 0) {
        close(handoff[0]);
        close(ctx->control);
        sample_child(ctx, handoff[1]);
    }
    close(handoff[1]);
    close(sfd);  // from now on only the sample holds the status pipe: EOF there means it exec'd
    close_all_except(ctx->control, handoff[0]);

    // Take the sample's listener with pidfd_getfd and pass it to the supervisor.
    int32_t num = -1;
    ssize_t got;
    do { got = read(handoff[0], &num, sizeof num); } while (got < 0 && errno == EINTR);
    if (got == (ssize_t)sizeof num) {
        int pidfd = (int)syscall(SYS_pidfd_open, sample, 0);
        int lfd = pidfd >= 0 ? (int)syscall(SYS_pidfd_getfd, pidfd, num, 0) : -1;
        if (lfd >= 0) {
            send_fd(ctx->control, lfd, 3);
            close(lfd);
        } else {
            send_reap(ctx->control, 4, SBX_STAGE_LISTENER_HANDOFF, errno);
        }
        if (pidfd >= 0) close(pidfd);
    }
    char ack = 1;
    (void)!write(handoff[0], &ack, 1);
    // The sudo broker's pid, when the sample's process forked one (EOF otherwise).
    pid_t broker = 0;
    if (cfg->sudo_socket != NULL && cfg->uid != 0) {
        int32_t b = 0;
        do { got = read(handoff[0], &b, sizeof b); } while (got < 0 && errno == EINTR);
        if (got == (ssize_t)sizeof b && b > 1) { broker = b; send_reap(ctx->control, 5, broker, 0); }
    }
    close(handoff[0]);

    // init keeps nothing it does not need: no capabilities, no new privileges.
    sbx_child_drop_all_caps(cfg->last_cap);
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);

    int sample_status = 0;
    for (;;) {
        int status = 0;
        pid_t p = waitpid(-1, &status, __WALL);
        if (p < 0) {
            if (errno == EINTR) continue;
            break;  // ECHILD: the whole tree is gone
        }
        send_reap(ctx->control, 1, p, status);
        if (p == sample) sample_status = status;
        if (p == broker) broker = 0;
        // Nothing of the run left but the idle broker: end it (its own commands it waits for itself).
        if (broker > 0 && sbx_only_processes(1, broker)) kill(broker, SIGKILL);
    }
    send_reap(ctx->control, 2, sample, sample_status);
    if (WIFEXITED(sample_status)) _exit(WEXITSTATUS(sample_status));
    _exit(128 + (WIFSIGNALED(sample_status) ? WTERMSIG(sample_status) : 0));
}

int sbx_spawn(const sbx_config_t *cfg, sbx_child_t *out) {
    int status_p[2] = { -1, -1 }, sync_p[2] = { -1, -1 }, ctl[2] = { -1, -1 };
    int err = 0;
    if (pipe2(status_p, O_CLOEXEC) < 0) return errno;
    if (pipe2(sync_p, O_CLOEXEC) < 0) { err = errno; goto fail; }
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ctl) < 0) { err = errno; goto fail; }

    // The child's context lives on this stack frame; clone() without CLONE_VM copies it.
    child_ctx_t ctx = { .cfg = cfg, .status_w = status_p[1], .sync_r = sync_p[0], .control = ctl[1] };

    struct clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP;
    args.exit_signal = SIGCHLD;
    // fork-like clone: the child runs on a copy of this stack, then never returns here.
    long pid = syscall(SYS_clone3, &args, sizeof args);
    if (pid < 0 && errno == ENOSYS) {
        pid = syscall(SYS_clone, args.flags | SIGCHLD, 0, 0, 0, 0);
    }
    if (pid < 0) { err = errno; goto fail; }
    if (pid == 0) {
        close(status_p[0]);
        close(sync_p[1]);
        close(ctl[0]);
        _exit(sandbox_init(&ctx));
    }
    close(status_p[1]);
    close(sync_p[0]);
    close(ctl[1]);
    out->pid = (pid_t)pid;
    out->status_fd = status_p[0];
    out->sync_fd = sync_p[1];
    out->control_fd = ctl[0];
    return 0;
fail:
    if (status_p[0] >= 0) { close(status_p[0]); close(status_p[1]); }
    if (sync_p[0] >= 0) { close(sync_p[0]); close(sync_p[1]); }
    if (ctl[0] >= 0) { close(ctl[0]); close(ctl[1]); }
    return err;
}

int sbx_release(const sbx_child_t *child) {
    char go = 1;
    if (sbx_write_all(child->sync_fd, &go, 1) < 0) return errno;
    close(child->sync_fd);
    return 0;
}

static int poll_fd(int fd, int timeout_ms) {
    struct pollfd p = { .fd = fd, .events = POLLIN };
    for (;;) {
        int r = poll(&p, 1, timeout_ms);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return errno;
        if (r == 0) return ETIMEDOUT;
        return 0;
    }
}

// Reads a setup error record from the status pipe if one is there (non-blocking check).
static int read_status_record(int fd, sbx_setup_error_t *error, int *eof) {
    sbx_setup_error_t rec;
    ssize_t n;
    do { n = read(fd, &rec, sizeof rec); } while (n < 0 && errno == EINTR);
    if (n == 0) { *eof = 1; return 0; }
    if (n < 0) return errno;
    if (n == (ssize_t)sizeof rec) { *error = rec; return EPIPE; }
    error->stage = SBX_STAGE_NONE; error->err = EIO; error->detail = 0;
    return EPIPE;
}

int sbx_receive_listener(const sbx_child_t *child, int timeout_ms, int *listener_fd, sbx_setup_error_t *error) {
    struct pollfd p[2] = { { .fd = child->control_fd, .events = POLLIN }, { .fd = child->status_fd, .events = POLLIN } };
    for (;;) {
        int r = poll(p, 2, timeout_ms);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return errno;
        if (r == 0) return ETIMEDOUT;
        if (p[0].revents & POLLIN) {
            int32_t payload[3] = { 0, 0, 0 };
            char cbuf[CMSG_SPACE(sizeof(int))];
            struct iovec iov = { .iov_base = payload, .iov_len = sizeof payload };
            struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf };
            ssize_t n;
            do { n = recvmsg(child->control_fd, &msg, MSG_CMSG_CLOEXEC); } while (n < 0 && errno == EINTR);
            if (n < 0) return errno;
            if (n == 0) { error->stage = SBX_STAGE_LISTENER_HANDOFF; error->err = EPIPE; error->detail = 0; return EPIPE; }
            if (payload[0] == 3) {
                struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
                if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
                    memcpy(listener_fd, CMSG_DATA(c), sizeof(int));
                    return 0;
                }
            }
            if (payload[0] == 4) { error->stage = payload[1]; error->err = payload[2]; error->detail = 0; return EPIPE; }
            continue;  // an early reap report: ignore here, the status pipe tells the failure
        }
        if (p[1].revents & (POLLIN | POLLHUP)) {
            int eof = 0;
            int e = read_status_record(child->status_fd, error, &eof);
            if (e) return e;
            if (eof) { error->stage = SBX_STAGE_NONE; error->err = ECHILD; error->detail = 0; return EPIPE; }
        }
    }
}

int sbx_wait_exec(const sbx_child_t *child, int timeout_ms, sbx_setup_error_t *error) {
    int e = poll_fd(child->status_fd, timeout_ms);
    if (e) return e;
    int eof = 0;
    e = read_status_record(child->status_fd, error, &eof);
    if (e) return e;
    return 0;
}

int sbx_read_reap(const sbx_child_t *child, sbx_reap_t *out) {
    int32_t payload[3];
    ssize_t n;
    do { n = recv(child->control_fd, payload, sizeof payload, MSG_DONTWAIT); } while (n < 0 && errno == EINTR);
    if (n < 0) return errno == EWOULDBLOCK ? EAGAIN : errno;
    if (n == 0) return EPIPE;
    if (n != (ssize_t)sizeof payload) return EIO;
    out->kind = payload[0]; out->pid = payload[1]; out->status = payload[2];
    return 0;
}

int sbx_pidfd_open(pid_t pid, int *fd) {
    long r = syscall(SYS_pidfd_open, pid, 0);
    if (r < 0) return errno;
    *fd = (int)r;
    return 0;
}

int sbx_pidfd_signal(int pidfd, int sig) {
    return syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0 ? errno : 0;
}

int sbx_kill(pid_t pid, int sig) { return kill(pid, sig) < 0 ? errno : 0; }

int sbx_pipe(int fds[2], int nonblock_read) {
    if (pipe2(fds, O_CLOEXEC) < 0) return errno;
    if (nonblock_read) {
        int fl = fcntl(fds[0], F_GETFL);
        fcntl(fds[0], F_SETFL, fl | O_NONBLOCK);
    }
    return 0;
}

ssize_t sbx_read_some(int fd, void *buf, size_t len) {
    for (;;) {
        ssize_t n = read(fd, buf, len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -errno;
        return n;
    }
}

int sbx_close(int fd) { return close(fd) < 0 ? errno : 0; }
