// File-descriptor exhaustion: open until EMFILE (bounded by RLIMIT_NOFILE), then a few notified
// opens still work after closing some.
#include "probe.h"
#include <fcntl.h>
int main(void) {
    require_sandbox();
    int n = 0, last = 0, e = 0;
    for (int i = 0; i < 100000; i++) {
        int fd = open("/dev/null", O_RDONLY);
        if (fd < 0) { e = errno; break; }
        last = fd; n++;
    }
    printf("opened=%d\nerror=%s\n", n, e == EMFILE ? "EMFILE" : strerror(e));
    for (int fd = 3; fd <= last; fd++) close(fd);
    result("open_after", open("/dev/null", O_RDONLY), 0);
    return 0;
}
