// The floor of a seccomp user-notification round trip on this machine, without petri: a child loops
// on uname under a filter that notifies uname; the parent answers every notification with CONTINUE
// from a minimal C loop. Runs only on the host (it is not a sample); nothing but uname is filtered.
//
//   gcc -O2 -o notify_floor bench/notify_floor.c -lseccomp
//   ./notify_floor [sync 0|1] [poll 0|1] [count]
//   taskset -c 1 ./notify_floor 1 1     # supervisor and child on the same CPU
//
// sync=1 sets SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP; poll=1 polls the listener before each RECV, as
// petri's supervisor does.
#define _GNU_SOURCE
#include <poll.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/seccomp.h>

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void send_fd(int sock, int fd) {
    char c[CMSG_SPACE(sizeof(int))], b = 0;
    memset(c, 0, sizeof c);
    struct iovec io = { &b, 1 };
    struct msghdr m = { .msg_iov = &io, .msg_iovlen = 1, .msg_control = c, .msg_controllen = sizeof c };
    struct cmsghdr *h = CMSG_FIRSTHDR(&m);
    h->cmsg_level = SOL_SOCKET; h->cmsg_type = SCM_RIGHTS; h->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(h), &fd, sizeof fd);
    if (sendmsg(sock, &m, 0) < 0) { perror("sendmsg"); _exit(1); }
}

static int recv_fd(int sock) {
    char c[CMSG_SPACE(sizeof(int))], b;
    struct iovec io = { &b, 1 };
    struct msghdr m = { .msg_iov = &io, .msg_iovlen = 1, .msg_control = c, .msg_controllen = sizeof c };
    if (recvmsg(sock, &m, 0) <= 0) return -1;
    int fd;
    memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof fd);
    return fd;
}

int main(int argc, char **argv) {
    int sync = argc > 1 && atoi(argv[1]);
    int use_poll = argc > 2 && atoi(argv[2]);
    long n = argc > 3 ? atol(argv[3]) : 100000;
    int sp[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sp) < 0) { perror("socketpair"); return 1; }
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
        if (!ctx || seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(uname), 0) || seccomp_load(ctx)) _exit(1);
        int fd = seccomp_notify_fd(ctx);
        send_fd(sp[1], fd);
        close(fd);
        char go;
        if (read(sp[1], &go, 1) != 1) _exit(1);
        struct utsname u;
        long long t0 = now_ns();
        for (long i = 0; i < n; i++) uname(&u);
        long long dt = now_ns() - t0;
        printf("sync=%d poll=%d: %.2f us per notified uname (%ld calls)\n", sync, use_poll, dt / 1000.0 / n, n);
        fflush(stdout);
        _exit(0);
    }
    int fd = recv_fd(sp[0]);
    if (fd < 0) { fprintf(stderr, "no listener\n"); return 1; }
    if (sync) {
        __u64 flags = 1;  // SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
        if (ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, flags) < 0) perror("SECCOMP_IOCTL_NOTIF_SET_FLAGS");
    }
    if (write(sp[0], "g", 1) != 1) return 1;
    struct seccomp_notif *req;
    struct seccomp_notif_resp *resp;
    if (seccomp_notify_alloc(&req, &resp)) return 1;
    for (;;) {
        if (use_poll) {
            struct pollfd p = { fd, POLLIN, 0 };
            if (poll(&p, 1, -1) < 0 || !(p.revents & POLLIN)) break;
        }
        memset(req, 0, sizeof *req);
        if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, req) < 0) break;  // ENOENT once the child is gone
        memset(resp, 0, sizeof *resp);
        resp->id = req->id;
        resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
        (void)ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, resp);
    }
    waitpid(pid, NULL, 0);
    return 0;
}
