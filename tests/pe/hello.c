// Harmless console program: the plain PE fixture for static triage and the cross-check.
#include <stdio.h>

static const char marker[] = "PETRI_FIXTURE_MARKER hello";

int main(void) {
    printf("%s\n", marker);
    return 0;
}
