/* Benchmark only: 100000 cheap kernel32 calls, to measure the cost of +relay per API call. */
#include <windows.h>
#include <stdio.h>
int main(void) {
    DWORD n = 0;
    for (int i = 0; i < 100000; i++) n += GetCurrentProcessId() + (IsDebuggerPresent() ? 1 : 0);
    printf("%lu\n", (unsigned long)n);
    return 0;
}
