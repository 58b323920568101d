// Symlink tricks at the overlay: links to host secrets and host directories, named like scripts, a
// hard link attempt, then exit. petri must report links as links and copy nothing they point to.
#include "probe.h"
#include <fcntl.h>
#include <sys/stat.h>
int main(void) {
    require_sandbox();
    const char *home = getenv("HOME");
    char p[256];
    snprintf(p, sizeof p, "%s/evil", home); result("symlink_shadow", symlink("/etc/shadow", p), 0);
    snprintf(p, sizeof p, "%s/evildir", home); result("symlink_dir", symlink("/etc", p), 0);
    snprintf(p, sizeof p, "%s/evil.sh", home); result("symlink_script", symlink("/bin/sh", p), 0);
    result("symlink_root", symlink("/root/.ssh/id_rsa", "/tmp/id_rsa"), 0);
    result("symlink_proc", symlink("/proc/1/root/etc/passwd", "/tmp/procroot"), 0);
    snprintf(p, sizeof p, "%s/hardlink", home); result("hardlink_passwd", link("/etc/passwd", p), 0);
    // a directory swapped for a link after files were written into it
    mkdir("/tmp/d", 0755);
    int fd = open("/tmp/d/x.sh", O_CREAT | O_WRONLY, 0755);
    if (fd >= 0) { write(fd, "#!/bin/sh\necho hi\n", 18); close(fd); }
    return 0;
}
