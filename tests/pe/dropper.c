/* Drops a copy of a tiny batch-free child (itself, with an argument) into %APPDATA% and starts it
   with CreateProcess; the child writes a marker file and exits. Harmless. */
#include <windows.h>
#include <stdio.h>
int main(int argc, char **argv) {
    char appdata[MAX_PATH], dst[MAX_PATH], self[MAX_PATH], marker[MAX_PATH], cmd[MAX_PATH * 2];
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        GetEnvironmentVariableA("APPDATA", appdata, MAX_PATH);
        snprintf(marker, sizeof marker, "%s\\petri-child.txt", appdata);
        HANDLE h = CreateFileA(marker, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
        DWORD n; WriteFile(h, "child ran\r\n", 11, &n, NULL); CloseHandle(h);
        printf("child done\n");
        return 0;
    }
    GetEnvironmentVariableA("APPDATA", appdata, MAX_PATH);
    GetModuleFileNameA(NULL, self, MAX_PATH);
    snprintf(dst, sizeof dst, "%s\\updater.exe", appdata);
    if (!CopyFileA(self, dst, FALSE)) { printf("copy failed %lu\n", GetLastError()); return 1; }
    snprintf(cmd, sizeof cmd, "\"%s\" child", dst);
    STARTUPINFOA si = { sizeof si }; PROCESS_INFORMATION pi;
    if (!CreateProcessA(dst, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) { printf("CreateProcess failed %lu\n", GetLastError()); return 1; }
    WaitForSingleObject(pi.hProcess, 10000);
    CloseHandle(pi.hProcess); CloseHandle(pi.hThread);
    printf("dropped and started %s\n", dst);
    return 0;
}
