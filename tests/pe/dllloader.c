/* dllloader.exe: a harmless program that starts a child and loads a DLL it dropped, the way a loader
   stage brings in its plugin (tests/pe).
   1. starts itself again with the argument "child" (CreateProcess) and waits for it;
   2. writes the plugin DLL it carries (plugin.dll, built from plugin.c and included at build time) to
      %TEMP%\plugin.dll;
   3. LoadLibraryA on it, GetProcAddress("PluginRun"), calls it and prints the value it returns.
   Safety: file writes only under %TEMP%; no network, no registry. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

#ifndef PLUGIN_DLL
#error "build with -DPLUGIN_DLL=\"path/to/plugin.dll\" (tests/pe/Makefile)"
#endif
__asm__(".section .rdata,\"dr\"\n"
        "plugin_dll_start:\n.incbin \"" PLUGIN_DLL "\"\n"
        "plugin_dll_end:\n.text\n");
extern const unsigned char plugin_start[] __asm__("plugin_dll_start");
extern const unsigned char plugin_end[] __asm__("plugin_dll_end");

typedef unsigned int (*plugin_fn)(void);

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        printf("[child] pid %lu running\n", GetCurrentProcessId());
        return 7;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    char self[MAX_PATH], cmd[MAX_PATH + 16];
    GetModuleFileNameA(NULL, self, MAX_PATH);
    snprintf(cmd, sizeof cmd, "\"%s\" child", self);
    STARTUPINFOA si = {sizeof si};
    PROCESS_INFORMATION pi;
    if (CreateProcessA(self, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
        WaitForSingleObject(pi.hProcess, 10000);
        DWORD code = 0;
        GetExitCodeProcess(pi.hProcess, &code);
        printf("[loader] child exited %lu\n", code);
        CloseHandle(pi.hThread); CloseHandle(pi.hProcess);
    } else {
        printf("[loader] CreateProcess failed %lu\n", GetLastError());
    }

    char path[MAX_PATH];
    GetTempPathA(MAX_PATH, path);
    strcat(path, "plugin.dll");
    HANDLE h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) { printf("[loader] cannot write %s: %lu\n", path, GetLastError()); return 1; }
    DWORD size = (DWORD)(plugin_end - plugin_start), w = 0;
    WriteFile(h, plugin_start, size, &w, NULL);
    CloseHandle(h);
    printf("[loader] dropped %lu bytes to %s\n", w, path);

    HMODULE m = LoadLibraryA(path);
    if (!m) { printf("[loader] LoadLibrary failed %lu\n", GetLastError()); return 1; }
    plugin_fn run = (plugin_fn)(void *)GetProcAddress(m, "PluginRun");
    if (!run) { printf("[loader] GetProcAddress failed %lu\n", GetLastError()); return 1; }
    printf("[loader] PluginRun returned 0x%08x\n", run());
    FreeLibrary(m);
    return 0;
}
