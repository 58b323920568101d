// CPU spin in many threads (argv[1], default 32) until killed at the timeout.
#include "probe.h"
#include <pthread.h>
static void *spin(void *a) { (void)a; volatile unsigned long x = 0; for (;;) x++; return NULL; }
int main(int argc, char **argv) {
    require_sandbox();
    int n = argc > 1 ? atoi(argv[1]) : 32;
    int made = 0;
    for (int i = 0; i < n && i < 256; i++) { pthread_t t; if (pthread_create(&t, NULL, spin, NULL) == 0) made++; }
    printf("threads=%d\n", made);
    fflush(stdout);
    spin(NULL);
    return 0;
}
