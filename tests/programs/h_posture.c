// The full posture seen from inside, one stable key=value per line (a golden file compares it):
// credentials, capabilities, no_new_privs, seccomp, namespaces (inode numbers, compared with the
// host's by the test), mounts, fds, rlimits, id maps.
#include "probe.h"
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

static void status_field(const char *key) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[512];
    size_t kl = strlen(key);
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, key, kl) == 0 && line[kl] == ':') {
            char *v = line + kl + 1;
            while (*v == ' ' || *v == '\t') v++;
            v[strcspn(v, "\n")] = 0;
            for (char *p = v; *p; p++) if (*p == '\t') *p = ' ';
            printf("status.%s=%s\n", key, v);
        }
    }
    if (f) fclose(f);
}

static void file_lines(const char *key, const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) { printf("%s=MISSING\n", key); return; }
    char buf[512];
    int i = 0;
    while (fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\n")] = 0;
        // collapse runs of blanks
        char out[512]; int o = 0, sp = 0;
        for (char *p = buf; *p && o < 510; p++) {
            if (*p == ' ' || *p == '\t') { if (!sp && o) out[o++] = ' '; sp = 1; }
            else { out[o++] = *p; sp = 0; }
        }
        out[o] = 0;
        printf("%s.%d=%s\n", key, i++, out);
    }
    fclose(f);
}

int main(void) {
    require_sandbox();
    uid_t r, e, s; gid_t gr, ge, gs;
    getresuid(&r, &e, &s); getresgid(&gr, &ge, &gs);
    printf("cred.uid=%u,%u,%u\ncred.gid=%u,%u,%u\n", r, e, s, gr, ge, gs);
    gid_t groups[64]; int ng = getgroups(64, groups);
    printf("cred.groups=");
    for (int i = 0; i < ng; i++) printf("%s%u", i ? "," : "", groups[i]);
    printf("\n");
    const char *fields[] = { "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp", "Seccomp_filters",
                             "TracerPid", "Speculation_Store_Bypass", "NSpid", "NStgid", NULL };
    for (int i = 0; fields[i]; i++) status_field(fields[i]);
    printf("prctl.no_new_privs=%d\nprctl.dumpable=%d\nprctl.keepcaps=%d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0),
           prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
    file_lines("uid_map", "/proc/self/uid_map");
    file_lines("gid_map", "/proc/self/gid_map");
    file_lines("setgroups", "/proc/self/setgroups");
    const char *ns[] = { "cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time", "time_for_children", "user", "uts", NULL };
    for (int i = 0; ns[i]; i++) {
        char p[64], buf[128] = "";
        snprintf(p, sizeof p, "/proc/self/ns/%s", ns[i]);
        ssize_t n = readlink(p, buf, sizeof buf - 1);
        if (n > 0) buf[n] = 0;
        char *lb = strchr(buf, '['); unsigned long ino = lb ? strtoul(lb + 1, NULL, 10) : 0;
        printf("ns.%s=%lu\n", ns[i], ino);
    }
    // mounts: mount point, fs type, per-mount options (ids, sources and super options vary per run)
    FILE *f = fopen("/proc/self/mountinfo", "r");
    char line[2048];
    int i = 0;
    while (f && fgets(line, sizeof line, f)) {
        char mp[512], opts[512], rest[1024];
        if (sscanf(line, "%*d %*d %*s %*s %511s %511s %1023[^\n]", mp, opts, rest) != 3) continue;
        char *dash = strstr(rest, " - ");
        char fstype[64] = "?";
        if (dash) sscanf(dash + 3, "%63s", fstype);
        // keep only stable per-mount flags
        char keep[256] = "";
        char *save = NULL;
        for (char *t = strtok_r(opts, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            if (!strcmp(t, "ro") || !strcmp(t, "rw") || !strcmp(t, "nosuid") || !strcmp(t, "nodev") || !strcmp(t, "noexec")) {
                if (keep[0]) strcat(keep, ",");
                strcat(keep, t);
            }
        }
        printf("mount.%02d=%s %s %s\n", i++, mp, fstype, keep);
    }
    if (f) fclose(f);
    DIR *d = opendir("/proc/self/fd");
    struct dirent *de;
    int dfd = d ? dirfd(d) : -1;
    while (d && (de = readdir(d))) {
        if (de->d_name[0] == '.' || atoi(de->d_name) == dfd) continue;
        char p[64], t[256] = "";
        snprintf(p, sizeof p, "/proc/self/fd/%s", de->d_name);
        ssize_t n = readlink(p, t, sizeof t - 1);
        if (n > 0) t[n] = 0;
        char *lb = strchr(t, '[');  // pipe:[12345] → pipe
        if (lb && strchr(t, ':')) *strchr(t, ':') = 0;
        printf("fd.%s=%s\n", de->d_name, t);
    }
    if (d) closedir(d);
    const struct { const char *n; int r; } lims[] = {
        { "cpu", RLIMIT_CPU }, { "fsize", RLIMIT_FSIZE }, { "data", RLIMIT_DATA }, { "stack", RLIMIT_STACK },
        { "core", RLIMIT_CORE }, { "rss", RLIMIT_RSS }, { "nproc", RLIMIT_NPROC }, { "nofile", RLIMIT_NOFILE },
        { "memlock", RLIMIT_MEMLOCK }, { "as", RLIMIT_AS }, { "locks", RLIMIT_LOCKS }, { "sigpending", RLIMIT_SIGPENDING },
        { "msgqueue", RLIMIT_MSGQUEUE }, { "nice", RLIMIT_NICE }, { "rtprio", RLIMIT_RTPRIO }, { "rttime", RLIMIT_RTTIME }, { NULL, 0 } };
    for (int k = 0; lims[k].n; k++) {
        struct rlimit rl; getrlimit(lims[k].r, &rl);
        char a[32], b[32];
        if (rl.rlim_cur == RLIM_INFINITY) strcpy(a, "inf"); else snprintf(a, sizeof a, "%llu", (unsigned long long)rl.rlim_cur);
        if (rl.rlim_max == RLIM_INFINITY) strcpy(b, "inf"); else snprintf(b, sizeof b, "%llu", (unsigned long long)rl.rlim_max);
        printf("rlimit.%s=%s/%s\n", lims[k].n, a, b);
    }
    printf("pid=%d\nppid=%d\nsid_is_pid=%d\npgid_is_pid=%d\n", getpid(), getppid(), getsid(0) == getpid(), getpgrp() == getpid());
    int tty = open("/dev/tty", O_RDWR);
    printf("ctty=%s\n", tty >= 0 ? "YES" : "NONE");
    printf("umask=%03o\n", umask(022));
    return 0;
}
