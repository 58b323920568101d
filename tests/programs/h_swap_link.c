// Swaps its own files for symlinks to a host file until it is killed (issue 19): files in HOME,
// /tmp and /var/tmp (and a folder) are replaced over and over, by rename, with a symlink to the path
// given in argv[1] (a file that exists only on the host) or its folder, and back to a regular file,
// so the timeout leaves a mix and a collector that followed a link, or trusted a listing, would read
// the host's file. Prints one line, then swaps until the timeout.
#include "probe.h"
#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>

static void regular(const char *path, int i) {
    char tmp[512], body[64];
    snprintf(tmp, sizeof tmp, "%s.new", path);
    int fd = open(tmp, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0) return;
    int n = snprintf(body, sizeof body, "benign swap file %d\n", i % 4);
    (void)!write(fd, body, n);
    close(fd);
    rename(tmp, path);
}

static void link_to(const char *path, const char *target) {
    char tmp[512];
    snprintf(tmp, sizeof tmp, "%s.lnk", path);
    unlink(tmp);
    if (symlink(target, tmp) == 0) rename(tmp, path);
}

int main(int argc, char **argv) {
    require_sandbox();
    if (argc < 2) { printf("usage: h_swap_link HOST_FILE\n"); return 2; }
    const char *host = argv[1];
    char folder[512];
    snprintf(folder, sizeof folder, "%s", host);
    const char *hostDir = dirname(folder);
    const char *home = getenv("HOME") ? getenv("HOME") : "/home/user";
    const char *dirs[] = { home, "/tmp", "/var/tmp" };
    char paths[3][8][512];
    for (int d = 0; d < 3; d++)
        for (int k = 0; k < 8; k++) {
            snprintf(paths[d][k], sizeof paths[d][k], "%s/swap%d.%s", dirs[d], k, k % 2 ? "sh" : "bin");
            regular(paths[d][k], k);
        }
    char sub[512];
    snprintf(sub, sizeof sub, "%s/swapdir", home);
    printf("swapping\n");
    fflush(stdout);
    for (unsigned long i = 0;; i++) {
        for (int d = 0; d < 3; d++)
            for (int k = 0; k < 8; k++) {
                if ((i + k) % 2) link_to(paths[d][k], host);
                else regular(paths[d][k], k);
            }
        // a folder with a file in it, and the same name as a link to the host's folder
        if (i % 2) link_to(sub, hostDir);
        else {
            unlink(sub);
            mkdir(sub, 0755);
            char f[600];
            snprintf(f, sizeof f, "%s/%s", sub, basename((char *)host));
            regular(f, 0);
        }
    }
}
