// Prints the isolation posture as seen from inside, one key=value per line.
#include "probe.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/utsname.h>

static void status_field(const char *key) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[512];
    size_t kl = strlen(key);
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, key, kl) == 0 && line[kl] == ':') {
            char *v = line + kl + 1;
            while (*v == ' ' || *v == '\t') v++;
            v[strcspn(v, "\n")] = 0;
            printf("%s=%s\n", key, v);
        }
    }
    if (f) fclose(f);
}

static void file_line(const char *key, const char *path) {
    FILE *f = fopen(path, "r");
    char buf[256] = "";
    if (f) { if (!fgets(buf, sizeof buf, f)) buf[0] = 0; fclose(f); }
    buf[strcspn(buf, "\n")] = 0;
    for (char *p = buf; *p; p++) if (*p == '\t') *p = ' ';
    printf("%s=%s\n", key, f ? buf : "MISSING");
}

int main(void) {
    require_sandbox();
    printf("pid=%d\nppid=%d\nuid=%d\ngid=%d\neuid=%d\n", getpid(), getppid(), getuid(), getgid(), geteuid());
    status_field("CapEff"); status_field("CapPrm"); status_field("CapBnd"); status_field("CapAmb"); status_field("CapInh");
    status_field("NoNewPrivs"); status_field("Seccomp"); status_field("Seccomp_filters"); status_field("TracerPid");
    file_line("uid_map", "/proc/self/uid_map");
    file_line("gid_map", "/proc/self/gid_map");
    // processes visible
    int procs = 0;
    DIR *d = opendir("/proc");
    struct dirent *e;
    while (d && (e = readdir(d))) if (e->d_name[0] >= '0' && e->d_name[0] <= '9') procs++;
    if (d) closedir(d);
    printf("visible_processes=%d\n", procs);
    file_line("init_comm", "/proc/1/comm");
    // interfaces
    FILE *f = fopen("/proc/net/dev", "r");
    char line[512];
    printf("interfaces=");
    int n = 0;
    while (f && fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (!colon) continue;
        *colon = 0;
        char *name = line;
        while (*name == ' ') name++;
        printf("%s%s", n++ ? "," : "", name);
    }
    printf("\n");
    if (f) fclose(f);
    result("setuid0", setuid(0), 0);
    struct stat st;
    printf("shadow=%s\n", stat("/etc/shadow", &st) == 0 ? "PRESENT" : "ABSENT");
    struct utsname u;
    uname(&u);
    printf("hostname=%s\n", u.nodename);
    printf("home=%s\n", getenv("HOME") ? getenv("HOME") : "");
    char cwd[256];
    printf("cwd=%s\n", getcwd(cwd, sizeof cwd) ? cwd : "?");
    // fds other than stdio
    int extra = 0;
    d = opendir("/proc/self/fd");
    while (d && (e = readdir(d))) { int fd = atoi(e->d_name); if (e->d_name[0] != '.' && fd > 2 && fd != dirfd(d)) extra++; }
    if (d) closedir(d);
    printf("extra_fds=%d\n", extra);
    result("write_etc_passwd", open("/etc/passwd", O_WRONLY), 0);
    result("create_in_usr", open("/usr/bin/petri-should-not-exist", O_WRONLY | O_CREAT, 0644), 0);
    return 0;
}
