// name_to_handle_at + open_by_handle_at (the "shocker" escape): refused.
#include "probe.h"
#include <fcntl.h>
int main(void) {
    require_sandbox();
    struct { struct file_handle h; unsigned char buf[128]; } fh;
    fh.h.handle_bytes = 128;
    int mnt = -1;
    result("name_to_handle_at", name_to_handle_at(AT_FDCWD, "/etc/passwd", &fh.h, &mnt, 0), 0);
    fh.h.handle_bytes = 8; fh.h.handle_type = 1;
    memset(fh.h.f_handle, 0, 8);
    result("open_by_handle_at", open_by_handle_at(AT_FDCWD, &fh.h, O_RDONLY), 0);
    return 0;
}
