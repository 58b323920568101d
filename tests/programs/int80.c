// A 64-bit process making an i386 syscall through int 0x80: mkdir("/tmp/int80-dir") with i386 number 39.
#include "probe.h"
static char path[] = "/tmp/int80-dir";
int main(void) {
    require_sandbox();
    long ret;
    __asm__ volatile ("int $0x80" : "=a"(ret) : "a"(39), "b"(path), "c"(0755) : "memory");
    printf("int80_mkdir=%ld\n", ret);
    return 0;
}
