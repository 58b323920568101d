// Kernel keyrings (shared across the host's users): keyctl, add_key, request_key refused.
#include "probe.h"
#include <sys/syscall.h>
int main(void) {
    require_sandbox();
    result("keyctl", syscall(SYS_keyctl, 0 /* GET_KEYRING_ID */, -3, 0, 0, 0), 0);
    result("add_key", syscall(SYS_add_key, "user", "petri", "x", 1, -3), 0);
    result("request_key", syscall(SYS_request_key, "user", "petri", NULL, 0), 0);
    return 0;
}
