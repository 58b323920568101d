// Kernel devices: /dev/kmsg, /dev/mem, /dev/kmem, /dev/port, block devices are absent; mknod refused.
#include "probe.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
int main(void) {
    require_sandbox();
    const char *devs[] = { "kmsg", "mem", "kmem", "port", "sda", "vda", "console", "tty0", "fuse", "net/tun", "kvm", NULL };
    for (int i = 0; devs[i]; i++) {
        char p[64]; struct stat st;
        snprintf(p, sizeof p, "/dev/%s", devs[i]);
        printf("dev_%s=%s\n", devs[i], stat(p, &st) == 0 ? "PRESENT" : "ABSENT");
    }
    result("mknod_mem", mknod("/tmp/mem", S_IFCHR | 0600, makedev(1, 1)), 0);
    result("mknod_kmsg", mknod("/dev/shm/kmsg", S_IFCHR | 0600, makedev(1, 11)), 0);
    result("open_kmsg", open("/dev/kmsg", O_WRONLY), 0);
    return 0;
}
