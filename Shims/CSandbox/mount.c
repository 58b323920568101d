// Child half of the mount namespace: private propagation, a tmpfs root, the mount plan, pivot_root,
// old root detached, root remounted read-only. The parent builds the plan (full target paths).
#include "internal.h"
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static int make_file(const char *path) {
    struct stat st;
    if (lstat(path, &st) == 0) return 0;  // an existing file (e.g. in a read-only bind) is the target
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) return errno == EEXIST ? 0 : errno;
    close(fd);
    return 0;
}

static int bind_readonly(const char *src, const char *dst, unsigned long extra) {
    if (mount(src, dst, NULL, MS_BIND | MS_REC, NULL) < 0) return errno;
    // Flags the kernel locked on the source (nosuid, nodev, noexec, atime) must be kept; the parent
    // passed them in `extra`.
    if (mount(NULL, dst, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | extra, NULL) < 0) return errno;
    return 0;
}

static int one_mount(const sbx_mount_t *m) {
    switch (m->kind) {
    case SBX_MOUNT_MKDIR:
        if (mkdir(m->dst, m->mode ? m->mode : 0755) < 0 && errno != EEXIST) return errno;
        return 0;
    case SBX_MOUNT_SYMLINK:
        if (symlink(m->src, m->dst) < 0 && errno != EEXIST) return errno;
        return 0;
    case SBX_MOUNT_BIND_RO:
        if (mkdir(m->dst, 0755) < 0 && errno != EEXIST) return errno;
        return bind_readonly(m->src, m->dst, m->flags);
    case SBX_MOUNT_BIND_RO_FILE: {
        int e = make_file(m->dst);
        if (e) return e;
        return bind_readonly(m->src, m->dst, m->flags);
    }
    case SBX_MOUNT_BIND_DEV: {
        int e = make_file(m->dst);
        if (e) return e;
        if (mount(m->src, m->dst, NULL, MS_BIND, NULL) < 0) return errno;
        return 0;
    }
    case SBX_MOUNT_TMPFS:
        if (mkdir(m->dst, 0755) < 0 && errno != EEXIST) return errno;
        if (mount("tmpfs", m->dst, "tmpfs", MS_NOSUID | MS_NODEV | m->flags, m->data) < 0) return errno;
        return 0;
    case SBX_MOUNT_PROC:
        if (mkdir(m->dst, 0555) < 0 && errno != EEXIST) return errno;
        if (mount("proc", m->dst, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, m->data) < 0) return errno;
        return 0;
    case SBX_MOUNT_DEVPTS:
        if (mkdir(m->dst, 0755) < 0 && errno != EEXIST) return errno;
        if (mount("devpts", m->dst, "devpts", MS_NOSUID | MS_NOEXEC, m->data) < 0) return errno;
        return 0;
    case SBX_MOUNT_OVERLAY:
        if (mkdir(m->dst, m->mode ? m->mode : 0755) < 0 && errno != EEXIST) return errno;
        if (mount("overlay", m->dst, "overlay", MS_NOSUID | MS_NODEV | m->flags, m->data) < 0) return errno;
        return 0;
    case SBX_MOUNT_BINFMT: {
        // Linux 6.7+: binfmt_misc mounted in a user namespace is that namespace's own instance; the
        // host's registrations are neither seen nor changed. It lives as long as this mount does.
        if (mount("binfmt_misc", m->dst, "binfmt_misc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) return errno;
        char reg[4096];
        size_t dl = strlen(m->dst);
        if (dl + sizeof "/register" > sizeof reg) return ENAMETOOLONG;
        memcpy(reg, m->dst, dl);
        memcpy(reg + dl, "/register", sizeof "/register");
        const char *line = m->data ? m->data : "";
        while (*line) {
            const char *end = strchr(line, '\n');
            size_t len = end ? (size_t)(end - line) : strlen(line);
            if (len > 0) {
                int fd = open(reg, O_WRONLY | O_CLOEXEC);
                if (fd < 0) return errno;
                ssize_t w = write(fd, line, len);
                int e = w < 0 ? errno : ((size_t)w != len ? EIO : 0);
                close(fd);
                if (e) return e;
            }
            if (!end) break;
            line = end + 1;
        }
        return 0;
    }
    default:
        return EINVAL;
    }
}

int sbx_child_mounts(const sbx_config_t *cfg, int *failed_stage, int *failed_index) {
    *failed_stage = SBX_STAGE_MOUNT_PRIVATE;
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) return errno;
    *failed_stage = SBX_STAGE_MOUNT_ROOT_TMPFS;
    if (mount("tmpfs", cfg->new_root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=16m") < 0) return errno;
    *failed_stage = SBX_STAGE_MOUNT;
    // Overlay options name folders relative to the run folder (new_root's parent), so mountinfo
    // inside shows no host path: mount from there.
    char parent[4096];
    size_t len = strlen(cfg->new_root);
    if (len >= sizeof parent) return ENAMETOOLONG;
    memcpy(parent, cfg->new_root, len + 1);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) *slash = 0;
    if (chdir(parent) < 0) return errno;
    for (int i = 0; i < cfg->n_mounts; i++) {
        int e = one_mount(&cfg->mounts[i]);
        if (e) { *failed_index = i; return e; }
    }
    *failed_stage = SBX_STAGE_PIVOT_ROOT;
    if (chdir(cfg->new_root) < 0) return errno;
    // pivot_root(".", "."): the old root ends up stacked on the new one and is detached right away.
    if (syscall(SYS_pivot_root, ".", ".") < 0) return errno;
    *failed_stage = SBX_STAGE_UMOUNT_OLD_ROOT;
    if (umount2(".", MNT_DETACH) < 0) return errno;
    if (chdir("/") < 0) return errno;
    *failed_stage = SBX_STAGE_REMOUNT_ROOT_RO;
    if (mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) < 0) return errno;
    *failed_stage = 0;
    return 0;
}
