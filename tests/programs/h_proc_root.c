// /proc/1/root and /proc/self/root traversal: must end at the sandbox root, never the host's.
// argv[1] is a marker file that exists only on the host.
#include "probe.h"
#include <sys/stat.h>
static void look(const char *key, const char *prefix, const char *marker) {
    char p[512];
    struct stat st;
    snprintf(p, sizeof p, "%s%s", prefix, marker);
    printf("%s=%s\n", key, stat(p, &st) == 0 ? "VISIBLE" : "ABSENT");
}
int main(int argc, char **argv) {
    require_sandbox();
    const char *m = argc > 1 ? argv[1] : "/nonexistent";
    look("proc1_root", "/proc/1/root", m);
    look("procself_root", "/proc/self/root", m);
    look("proc1_root_dotdot", "/proc/1/root/../../..", m);
    look("proc1_cwd_dotdot", "/proc/1/cwd/../../../..", m);
    look("proc1_shadow", "/proc/1/root", "/etc/shadow");
    const char *links[] = { "/proc/1/root", "/proc/self/root", NULL };
    const char *keys[] = { "proc1_root_link", "procself_root_link" };
    for (int i = 0; links[i]; i++) {
        char buf[256] = "";
        ssize_t n = readlink(links[i], buf, sizeof buf - 1);
        if (n > 0) buf[n] = 0;
        printf("%s=%s\n", keys[i], n > 0 ? buf : strerror(errno));
    }
    return 0;
}
