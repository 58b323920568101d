// Checks its own name byte for byte, as malware does: prints argv[0] and readlink(/proc/self/exe)
// as hex ("argv0=2f..." / "exe=2f..."), so a name that is not UTF-8 shows exactly.
#include "probe.h"
static void hex(const char *label, const char *s, size_t n) {
    printf("%s=", label);
    for (size_t i = 0; i < n; i++) printf("%02x", (unsigned char)s[i]);
    printf("\n");
}
int main(int argc, char **argv) {
    require_sandbox();
    (void)argc;
    hex("argv0", argv[0], strlen(argv[0]));
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf);
    if (n < 0) printf("exe=%s\n", strerror(errno)); else hex("exe", buf, (size_t)n);
    return 0;
}
