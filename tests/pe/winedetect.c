/* Wine detection: looks up ntdll's wine_get_version export. Exit 1 when Wine is detected. */
#include <windows.h>
#include <stdio.h>
int main(void) {
    HMODULE nt = GetModuleHandleA("ntdll.dll");
    FARPROC v = GetProcAddress(nt, "wine_get_version");
    FARPROC h = GetProcAddress(nt, "wine_get_host_version");
    FARPROC b = GetProcAddress(nt, "wine_get_build_id");
    if (v) {
        const char *(*get)(void) = (const char *(*)(void))v;
        printf("wine detected: %s\n", get());
    } else {
        printf("no wine_get_version\n");
    }
    printf("host_version=%s build_id=%s\n", h ? "present" : "absent", b ? "present" : "absent");
    /* Wine puts its own variables into the Windows environment. */
    char loader[MAX_PATH];
    DWORD env = GetEnvironmentVariableA("WINELOADER", loader, sizeof loader);
    printf("WINELOADER=%s\n", env ? "set" : "unset");
    /* ...and its configuration into the registry. */
    HKEY k;
    LONG r = RegOpenKeyExA(HKEY_CURRENT_USER, "Software\\Wine", 0, KEY_READ, &k);
    if (r == ERROR_SUCCESS) RegCloseKey(k);
    printf("HKCU\\Software\\Wine=%s\n", r == ERROR_SUCCESS ? "present" : "absent");
    return (v || h || b) ? 1 : 0;
}
