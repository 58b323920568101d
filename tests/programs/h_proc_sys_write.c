// Writes to kernel tunables the way a shell redirection does (O_WRONLY|O_CREAT|O_TRUNC): /proc/sys,
// /proc/sysrq-trigger, and /sys (absent in the sandbox). Reads of masked /proc files.
#include "probe.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
static void w(const char *key, const char *path, const char *val) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) { printf("%s=%s\n", key, errno == EPERM ? "EPERM" : errno == EROFS ? "EROFS" : strerror(errno)); return; }
    result(key, write(fd, val, strlen(val)), 0);
    close(fd);
}
// "N bytes" read, or the error.
static void r(const char *key, const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) { printf("%s=%s\n", key, strerror(errno)); return; }
    char buf[4096];
    long total = 0, n;
    while ((n = read(fd, buf, sizeof buf)) > 0 && total < (1 << 20)) total += n;
    if (n < 0) printf("%s=%s\n", key, strerror(errno)); else printf("%s=%ld bytes\n", key, total);
    close(fd);
}
int main(void) {
    require_sandbox();
    w("proc_sys_hostname", "/proc/sys/kernel/hostname", "pwned");
    w("proc_sys_core_pattern", "/proc/sys/kernel/core_pattern", "|/tmp/x");
    w("proc_sys_drop_caches", "/proc/sys/vm/drop_caches", "3");
    w("proc_sys_ip_forward", "/proc/sys/net/ipv4/ip_forward", "1");
    w("proc_sysrq", "/proc/sysrq-trigger", "h");
    w("sys_uevent_helper", "/sys/kernel/uevent_helper", "/tmp/x");
    struct stat st;
    printf("sys=%s\n", stat("/sys", &st) == 0 ? "PRESENT" : "ABSENT");
    printf("sys_class_net=%s\n", stat("/sys/class/net", &st) == 0 ? "PRESENT" : "ABSENT");
    r("read_kcore", "/proc/kcore");
    r("read_timer_list", "/proc/timer_list");
    r("read_keys", "/proc/keys");
    r("read_hostname", "/proc/sys/kernel/hostname");  // read-only, still readable
    struct statfs fs;
    if (statfs("/proc/acpi", &fs) == 0) printf("acpi_fs=%s\n", fs.f_type == 0x01021994 ? "tmpfs" : fs.f_type == 0x9fa0 ? "proc" : "other");
    else printf("acpi_fs=%s\n", strerror(errno));
    return 0;
}
