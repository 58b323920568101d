// TIOCSTI terminal injection: the sample has no controlling tty (setsid), stdin is /dev/null; try
// fds 0-2, /dev/tty, and a pty of its own (made its controlling tty), and TIOCLINUX.
#include "probe.h"
#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
int main(void) {
    require_sandbox();
    char c = 'x';
    result("tiocsti_fd0", ioctl(0, TIOCSTI, &c), 0);
    result("tiocsti_fd1", ioctl(1, TIOCSTI, &c), 0);
    result("tiocsti_fd2", ioctl(2, TIOCSTI, &c), 0);
    int t = open("/dev/tty", O_RDWR);
    if (t < 0) printf("open_dev_tty=%s\n", strerror(errno));
    else result("tiocsti_dev_tty", ioctl(t, TIOCSTI, &c), 0);
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m >= 0 && grantpt(m) == 0 && unlockpt(m) == 0) {
        int s = open(ptsname(m), O_RDWR);
        if (s >= 0) {
            result("tiocsctty_own_pty", ioctl(s, TIOCSCTTY, 0), 0);
            result("tiocsti_own_pty", ioctl(s, TIOCSTI, &c), 0);
        } else printf("open_pts=%s\n", strerror(errno));
    } else printf("openpt=%s\n", strerror(errno));
    char lin[2] = { 6 /* TIOCL_SETSEL-ish paste */, 0 };
    result("tioclinux_fd0", ioctl(0, TIOCLINUX, lin), 0);
    return 0;
}
