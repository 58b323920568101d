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
