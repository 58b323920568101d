/* Sets a Run key value pointing at a path in %APPDATA% (persistence), harmless.
   `runkey.exe hang` then blocks forever, as a sample stuck in a MessageBox would (timeout test). */
#include <windows.h>
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
    HKEY k;
    const char *data = "C:\\users\\user\\AppData\\Roaming\\updater.exe /silent";
    if (RegCreateKeyExA(HKEY_CURRENT_USER, "Software\\Microsoft\\Windows\\CurrentVersion\\Run", 0, NULL, 0, KEY_SET_VALUE, NULL, &k, NULL) != ERROR_SUCCESS) return 1;
    if (RegSetValueExA(k, "PetriUpdater", 0, REG_SZ, (const BYTE *)data, (DWORD)strlen(data) + 1) != ERROR_SUCCESS) return 1;
    RegCloseKey(k);
    HKEY k2; DWORD v = 1;
    RegCreateKeyExA(HKEY_CURRENT_USER, "Software\\PetriTest", 0, NULL, 0, KEY_SET_VALUE, NULL, &k2, NULL);
    RegSetValueExA(k2, "Installed", 0, REG_DWORD, (const BYTE *)&v, sizeof v);
    RegCloseKey(k2);
    printf("run key set\n");
    fflush(stdout);
    if (argc > 1 && strcmp(argv[1], "hang") == 0) Sleep(INFINITE);
    return 0;
}
