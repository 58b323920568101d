// Writes to kernel tunables: /proc/sys, /proc/sysrq-trigger, and /sys (absent in the sandbox).
#include "probe.h"
#include <fcntl.h>
#include <sys/stat.h>
static void w(const char *key, const char *path, const char *val) {
    int fd = open(path, O_WRONLY);
    if (fd < 0) { printf("%s=%s\n", key, errno == EPERM ? "EPERM" : strerror(errno)); return; }
    result(key, write(fd, val, strlen(val)), 0);
    close(fd);
}
int main(void) {
    require_sandbox();
    w("proc_sys_hostname", "/proc/sys/kernel/hostname", "pwned");
    w("proc_sys_core_pattern", "/proc/sys/kernel/core_pattern", "|/tmp/x");
    w("proc_sys_drop_caches", "/proc/sys/vm/drop_caches", "3");
    w("proc_sysrq", "/proc/sysrq-trigger", "h");
    w("sys_uevent_helper", "/sys/kernel/uevent_helper", "/tmp/x");
    struct stat st;
    printf("sys=%s\n", stat("/sys", &st) == 0 ? "PRESENT" : "ABSENT");
    printf("sys_class_net=%s\n", stat("/sys/class/net", &st) == 0 ? "PRESENT" : "ABSENT");
    return 0;
}
