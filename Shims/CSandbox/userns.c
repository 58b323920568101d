// Parent half of the user namespace: the id maps. The child waits until they are written.
#include "internal.h"
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    size_t len = strlen(text);
    ssize_t n = write(fd, text, len);
    int err = (n < 0) ? errno : ((size_t)n != len ? EIO : 0);
    close(fd);
    return err;
}

int sbx_write_id_maps(pid_t pid, const char *uid_map, const char *gid_map) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/uid_map", (int)pid);
    int e = write_file(path, uid_map);
    if (e) return e;
    snprintf(path, sizeof path, "/proc/%d/gid_map", (int)pid);
    return write_file(path, gid_map);
}

#include <sys/xattr.h>

int sbx_copy_xattr(const char *src, const char *dst, const char *name) {
    char buf[256];
    ssize_t n = lgetxattr(src, name, buf, sizeof buf);
    if (n < 0) return errno;
    if (lsetxattr(dst, name, buf, (size_t)n, 0) < 0) return errno;
    return 0;
}
