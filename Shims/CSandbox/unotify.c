// Supervisor side of seccomp user notifications: receive, answer, validate, read target memory.
#include "internal.h"
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <linux/audit.h>
#include <linux/seccomp.h>

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif
#ifndef SECCOMP_USER_NOTIF_FLAG_CONTINUE
#define SECCOMP_USER_NOTIF_FLAG_CONTINUE (1UL << 0)
#endif

_Static_assert(sizeof(struct seccomp_data) == 64, "seccomp_data layout");
_Static_assert(sizeof(struct seccomp_notif) == 80, "seccomp_notif layout");
_Static_assert(sizeof(struct seccomp_notif_resp) == 24, "seccomp_notif_resp layout");

int sbx_notif_setup(int listener_fd, int *sync_wakeup) {
    __u64 flags = SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP;
    *sync_wakeup = ioctl(listener_fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, flags) == 0;
    return 0;
}

int sbx_notif_receive(int listener_fd, int timeout_ms, sbx_notif_t *out) {
    struct pollfd p = { .fd = listener_fd, .events = POLLIN };
    if (timeout_ms < 0) {
        // Blocking receive on a dedicated thread: no poll. EINTR is returned (the owner wakes the
        // thread with a signal to stop it).
        struct seccomp_notif n;
        memset(&n, 0, sizeof n);
        if (ioctl(listener_fd, SECCOMP_IOCTL_NOTIF_RECV, &n) != 0) return errno;
        out->id = n.id; out->pid = n.pid; out->flags = n.flags; out->nr = n.data.nr; out->raw_arch = n.data.arch;
        out->arch = n.data.arch == AUDIT_ARCH_X86_64 ? 0 : (n.data.arch == AUDIT_ARCH_I386 ? 1 : 2);
        out->ip = n.data.instruction_pointer;
        for (int i = 0; i < 6; i++) out->args[i] = n.data.args[i];
        return 0;
    }
    for (;;) {
        int r = poll(&p, 1, timeout_ms);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return errno;
        if (r == 0) return ETIMEDOUT;
        if (p.revents & POLLIN) break;
        if (p.revents & (POLLHUP | POLLERR | POLLNVAL)) return ENOENT;
    }
    struct seccomp_notif n;
    memset(&n, 0, sizeof n);
    for (;;) {
        if (ioctl(listener_fd, SECCOMP_IOCTL_NOTIF_RECV, &n) == 0) break;
        if (errno == EINTR) continue;
        return errno;  // ENOENT: the target died between poll and recv
    }
    out->id = n.id;
    out->pid = n.pid;
    out->flags = n.flags;
    out->nr = n.data.nr;
    out->raw_arch = n.data.arch;
    out->arch = n.data.arch == AUDIT_ARCH_X86_64 ? 0 : (n.data.arch == AUDIT_ARCH_I386 ? 1 : 2);
    out->ip = n.data.instruction_pointer;
    for (int i = 0; i < 6; i++) out->args[i] = n.data.args[i];
    return 0;
}

static int respond(int fd, uint64_t id, int64_t val, int32_t error, uint32_t flags) {
    struct seccomp_notif_resp r = { .id = id, .val = val, .error = error, .flags = flags };
    for (;;) {
        if (ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &r) == 0) return 0;
        if (errno == EINTR) continue;
        return errno;  // ENOENT: target gone
    }
}

int sbx_notif_continue(int fd, uint64_t id) { return respond(fd, id, 0, 0, SECCOMP_USER_NOTIF_FLAG_CONTINUE); }
int sbx_notif_fail(int fd, uint64_t id, int error) { return respond(fd, id, 0, -error, 0); }
int sbx_notif_return(int fd, uint64_t id, int64_t val) { return respond(fd, id, val, 0, 0); }

int sbx_notif_id_valid(int fd, uint64_t id) {
    __u64 v = id;
    return ioctl(fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &v) == 0 ? 0 : errno;
}

int sbx_read_memory(pid_t pid, uint64_t addr, void *buf, size_t len, size_t *got) {
    struct iovec local = { .iov_base = buf, .iov_len = len };
    struct iovec remote = { .iov_base = (void *)(uintptr_t)addr, .iov_len = len };
    ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
    if (n < 0) { *got = 0; return errno; }
    *got = (size_t)n;
    return 0;
}

int sbx_read_string(pid_t pid, uint64_t addr, char *buf, size_t cap, size_t *len, int *truncated) {
    *len = 0;
    *truncated = 0;
    if (cap == 0) return EINVAL;
    if (addr == 0) { buf[0] = 0; return EFAULT; }
    size_t off = 0;
    while (off < cap - 1) {
        // Never read across a page boundary in one go: the next page may be unmapped.
        uint64_t a = addr + off;
        size_t page_left = 4096 - (size_t)(a & 4095);
        size_t want = cap - 1 - off;
        if (want > page_left) want = page_left;
        size_t got = 0;
        int e = sbx_read_memory(pid, a, buf + off, want, &got);
        if (e || got == 0) {
            buf[off] = 0;
            *len = off;
            return off ? 0 : (e ? e : EFAULT);
        }
        void *nul = memchr(buf + off, 0, got);
        if (nul) {
            *len = (size_t)((char *)nul - buf);
            return 0;
        }
        off += got;
    }
    buf[cap - 1] = 0;
    *len = cap - 1;
    *truncated = 1;
    return 0;
}

#include <sys/socket.h>
#include <sys/syscall.h>
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

#include <pthread.h>

static void *sbx_close_thread(void *arg) {
    close((int)(long)arg);
    return NULL;
}

// The supervisor's copy of a sample's socket can be its last reference (another thread of the sample
// closed it meanwhile), and the last close of a socket with SO_LINGER set waits, in the closer, up to
// the linger time for unsent data: never in the notification thread. Such a copy is closed on a
// detached thread (which the kill of the run's peers, or petri's exit, ends); any other inline.
static void sbx_close_copy(int local) {
    struct linger l = { 0, 0 };
    socklen_t len = sizeof l;
    if (getsockopt(local, SOL_SOCKET, SO_LINGER, &l, &len) == 0 && l.l_onoff && l.l_linger > 0) {
        pthread_attr_t a;
        pthread_t t;
        if (pthread_attr_init(&a) == 0) {
            pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
            pthread_attr_setstacksize(&a, 64 << 10);
            int ok = pthread_create(&t, &a, sbx_close_thread, (void *)(long)local) == 0;
            pthread_attr_destroy(&a);
            if (ok) return;
        }
    }
    close(local);
}

int sbx_socket_info(pid_t pid, int fd, int *type, int *family) {
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (pidfd < 0) return errno;
    int local = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
    int err = 0;
    if (local < 0) err = errno;
    else {
        socklen_t len = sizeof(int);
        if (getsockopt(local, SOL_SOCKET, SO_TYPE, type, &len) < 0) err = errno;
        len = sizeof(int);
        if (!err && getsockopt(local, SOL_SOCKET, SO_DOMAIN, family, &len) < 0) err = errno;
        sbx_close_copy(local);
    }
    close(pidfd);
    return err;
}

#include <signal.h>
#include <pthread.h>

static void sbx_noop_handler(int sig) { (void)sig; }

int sbx_install_wake_signal(int sig) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = sbx_noop_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a blocked RECV returns EINTR
    return sigaction(sig, &sa, NULL) < 0 ? errno : 0;
}

uint64_t sbx_thread_self(void) { return (uint64_t)pthread_self(); }

int sbx_thread_signal(uint64_t thread, int sig) { return pthread_kill((pthread_t)thread, sig); }
