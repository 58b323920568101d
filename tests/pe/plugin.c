/* plugin.dll: a harmless DLL for petri's DLL runs (tests/pe).
   - PluginRun: what dllloader.exe calls after LoadLibrary + GetProcAddress; writes %TEMP%\plugin-ran.txt
     and returns 0x504C5547 ("PLUG").
   - RunDllEntry: a rundll32 entry (petri analyze --dll-export RunDllEntry); writes %TEMP%\rundll-ran.txt
     with the command-line tail rundll32 passed.
   Safety: file writes only under %TEMP%; no network, no registry. */
#include <windows.h>
#include <stdio.h>

static void note(const char *file, const char *text) {
    char path[MAX_PATH];
    DWORD n = GetTempPathA(MAX_PATH, path);
    if (n == 0 || n + strlen(file) >= MAX_PATH) return;
    strcat(path, file);
    HANDLE h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) { printf("[plugin] cannot write %s: %lu\n", path, GetLastError()); return; }
    DWORD w = 0;
    WriteFile(h, text, (DWORD)strlen(text), &w, NULL);
    CloseHandle(h);
    printf("[plugin] wrote %lu bytes to %s\n", w, path);
    fflush(stdout);
}

__declspec(dllexport) unsigned int PluginRun(void) {
    note("plugin-ran.txt", "petri plugin ran\n");
    return 0x504C5547;
}

__declspec(dllexport) void CALLBACK RunDllEntry(HWND hwnd, HINSTANCE inst, LPSTR cmdline, int show) {
    (void)hwnd; (void)inst; (void)show;
    char text[256];
    snprintf(text, sizeof text, "petri rundll32 entry ran: %s\n", cmdline ? cmdline : "");
    note("rundll-ran.txt", text);
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved) {
    (void)inst; (void)reserved;
    if (reason == DLL_PROCESS_ATTACH) { printf("[plugin] attached\n"); fflush(stdout); }
    return TRUE;
}
