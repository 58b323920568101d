// Running a setuid-root binary gives no privilege: su cannot become root (proof file never written),
// and the binary's owner is not mapped (appears as nobody).
#include "probe.h"
#include <sys/stat.h>
#include <sys/wait.h>
int main(void) {
    require_sandbox();
    const char *bins[] = { "/usr/bin/su", "/bin/su", "/usr/bin/passwd", NULL };
    const char *su = NULL;
    struct stat st;
    for (int i = 0; bins[i]; i++) if (stat(bins[i], &st) == 0 && (st.st_mode & S_ISUID)) { su = bins[i]; break; }
    if (!su) { printf("suid_binary=NONE\n"); return 0; }
    printf("suid_binary=%s\nsuid_owner=%u\n", su, st.st_uid);
    pid_t c = fork();
    if (c == 0) {
        execl(su, su, "root", "-c", "id -u > /tmp/suid-proof", (char *)NULL);
        _exit(127);
    }
    int status = 0;
    waitpid(c, &status, 0);
    printf("su_exit=%d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    printf("proof=%s\n", stat("/tmp/suid-proof", &st) == 0 ? "WRITTEN" : "ABSENT");
    printf("euid=%d\n", geteuid());
    return 0;
}
