// Private to the shim: child-side halves of each concern, all async-signal-safe.
#ifndef CSANDBOX_INTERNAL_H
#define CSANDBOX_INTERNAL_H
#include "csandbox.h"
#include <errno.h>
#include <unistd.h>
#include <stdint.h>

// A failed step: report {stage, errno, detail} on the status pipe and _exit.
void sbx_child_fail(int status_fd, int stage, int err, int detail) __attribute__((noreturn));

// mount.c
int sbx_child_mounts(const sbx_config_t *cfg, int *failed_stage, int *failed_index);
// caps.c
int sbx_child_drop_privileges(const sbx_config_t *cfg, int *failed_stage);
int sbx_child_drop_privileges_as(const sbx_config_t *cfg, uid_t uid, gid_t gid, int keep_setid, int *failed_stage);
int sbx_child_drop_all_caps(int last_cap);
int sbx_child_caps_zero(void);
// sudo.c
int sbx_sudo_listen(const char *name);
void sbx_sudo_broker(int lsock) __attribute__((noreturn));
int sbx_only_processes(pid_t a, pid_t b);
// limits.c
int sbx_child_rlimits(const sbx_config_t *cfg, int *failed_index);
// net.c
int sbx_child_loopback_up(void);
// seccomp.c
int sbx_child_install_filter(const void *prog, int *listener_fd);

static inline ssize_t sbx_write_all(int fd, const void *buf, size_t len) {
    const char *p = (const char *)buf;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, p + done, len - done);
        if (n < 0) { if (errno == EINTR) continue; return -1; }
        done += (size_t)n;
    }
    return (ssize_t)done;
}
#endif
