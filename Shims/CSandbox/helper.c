// A helper program run to completion without Foundation's Process: Process waits for the child
// through CFRunLoop, whose wakeup sockets are UDP sockets on 127.0.0.1, so in a network namespace
// whose lo is down (containers, CI runners) it printed "Could not create wakeup socket pair for
// CFSocket" and never saw the exit (issue 19). posix_spawn, pipes and poll need no network.
#include "internal.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int sbx_run_helper(const char *path, char *const argv[], const void *input, size_t input_len,
                   char *err, size_t err_cap, size_t *err_len, int timeout_ms, int *status) {
    int in[2] = { -1, -1 }, er[2] = { -1, -1 };
    *err_len = 0;
    *status = -1;
    if (pipe2(in, O_CLOEXEC) < 0) return errno;
    if (pipe2(er, O_CLOEXEC) < 0) { int e = errno; close(in[0]); close(in[1]); return e; }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, er[1], 2);
    pid_t pid = -1;
    int rc = posix_spawn(&pid, path, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(er[1]);
    if (rc != 0) { close(in[1]); close(er[0]); return rc; }
    // The input is small (a ruleset): written whole, then EOF. A child that does not read it fails.
    const char *p = input;
    size_t left = input_len;
    signal(SIGPIPE, SIG_IGN);
    while (left > 0) {
        ssize_t w = write(in[1], p, left);
        if (w < 0) { if (errno == EINTR) continue; break; }
        p += w; left -= (size_t)w;
    }
    close(in[1]);
    long long deadline = now_ms() + timeout_ms;
    int open_err = 1, result = 0;
    for (;;) {
        int st = 0;
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid) { *status = st; break; }
        long long left_ms = deadline - now_ms();
        if (left_ms <= 0) {
            kill(pid, SIGKILL);
            while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
            result = ETIMEDOUT;
            break;
        }
        if (open_err) {
            struct pollfd pf = { .fd = er[0], .events = POLLIN };
            int n = poll(&pf, 1, left_ms < 20 ? (int)left_ms : 20);
            if (n > 0) {
                char tmp[4096];
                ssize_t got = read(er[0], tmp, sizeof tmp);
                if (got <= 0) open_err = 0;
                else if (*err_len < err_cap) {
                    size_t take = (size_t)got < err_cap - *err_len ? (size_t)got : err_cap - *err_len;
                    memcpy(err + *err_len, tmp, take);
                    *err_len += take;
                }
            }
        } else {
            struct timespec ts = { 0, 5 * 1000 * 1000 };
            nanosleep(&ts, NULL);
        }
    }
    close(er[0]);
    return result;
}

// Appends what `fd` has to `buf` (up to `cap`, the rest read and dropped). 0 at EOF or error.
static int drain_into(int fd, char *buf, size_t cap, size_t *len) {
    char tmp[16384];
    ssize_t got = read(fd, tmp, sizeof tmp);
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) return 1;
    if (got <= 0) return 0;
    if (*len < cap) {
        size_t take = (size_t)got < cap - *len ? (size_t)got : cap - *len;
        memcpy(buf + *len, tmp, take);
        *len += take;
    }
    return 1;
}

int sbx_run_capture(const char *path, char *const argv[], char *const envp[], const char *cwd,
                    char *out, size_t out_cap, size_t *out_len, char *err, size_t err_cap, size_t *err_len,
                    int timeout_ms, int *status, int *timed_out) {
    int o[2] = { -1, -1 }, e[2] = { -1, -1 };
    *out_len = 0; *err_len = 0; *status = -1; *timed_out = 0;
    if (pipe2(o, O_CLOEXEC) < 0) return errno;
    if (pipe2(e, O_CLOEXEC) < 0) { int x = errno; close(o[0]); close(o[1]); return x; }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, o[1], 1);
    posix_spawn_file_actions_adddup2(&fa, e[1], 2);
    if (cwd) posix_spawn_file_actions_addchdir_np(&fa, cwd);
    pid_t pid = -1;
    int rc = posix_spawn(&pid, path, &fa, NULL, argv, envp ? envp : environ);
    posix_spawn_file_actions_destroy(&fa);
    close(o[1]); close(e[1]);
    if (rc != 0) { close(o[0]); close(e[0]); return rc; }
    long long deadline = now_ms() + timeout_ms, drain_until = -1;
    int open_out = 1, open_err = 1, exited = 0;
    for (;;) {
        if (!exited) {
            int st = 0;
            pid_t r = waitpid(pid, &st, WNOHANG);
            if (r == pid) {
                exited = 1; *status = st;
                // what the child wrote is read to EOF; a grandchild holding the pipes open gets 2 s
                drain_until = now_ms() + 2000;
            }
        }
        if (exited && (!(open_out || open_err) || now_ms() >= drain_until)) break;
        long long left_ms = deadline - now_ms();
        if (!exited && left_ms <= 0) {
            kill(pid, SIGKILL);
            int st = 0;
            while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
            *status = st; *timed_out = 1;
            break;
        }
        struct pollfd pf[2] = { { .fd = open_out ? o[0] : -1, .events = POLLIN }, { .fd = open_err ? e[0] : -1, .events = POLLIN } };
        if (!(open_out || open_err)) {
            struct timespec ts = { 0, 2 * 1000 * 1000 };
            nanosleep(&ts, NULL);
            continue;
        }
        // short waits: the exit is noticed by waitpid, not by a signal
        int n = poll(pf, 2, 10);
        if (n <= 0) continue;
        if (pf[0].revents) open_out = drain_into(o[0], out, out_cap, out_len);
        if (pf[1].revents) open_err = drain_into(e[0], err, err_cap, err_len);
    }
    close(o[0]); close(e[0]);
    return 0;
}
