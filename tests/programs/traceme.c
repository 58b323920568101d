// Anti-debugging classic: PTRACE_TRACEME must appear to succeed, and no tracer is attached.
#include "probe.h"
#include <sys/ptrace.h>
int main(void) {
    require_sandbox();
    long r = ptrace(PTRACE_TRACEME, 0, 0, 0);
    printf("traceme=%ld\n", r);
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    while (f && fgets(line, sizeof line, f)) if (strncmp(line, "TracerPid:", 10) == 0) printf("%s", line);
    if (f) fclose(f);
    return 0;
}
