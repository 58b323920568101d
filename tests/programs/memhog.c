// Touches memory in 16 MiB steps up to 2 GiB (bounded); the memory limit must stop it first.
#include "probe.h"
int main(void) {
    require_sandbox();
    size_t step = 16 << 20, total = 0;
    for (int i = 0; i < 128; i++) {
        char *p = malloc(step);
        if (!p) { printf("malloc failed at %zu MiB\n", total >> 20); return 0; }
        memset(p, 0xA5, step);
        total += step;
    }
    printf("touched %zu MiB\n", total >> 20);
    return 0;
}
