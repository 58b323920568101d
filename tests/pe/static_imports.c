// Imports what anti-debugging and injection code imports, without doing any of it: static triage
// must flag the imports. Nothing below runs past the first check unless argv says so.
#include <windows.h>
#include <stdio.h>

int main(int argc, char **argv) {
    BOOL remote = FALSE;
    if (IsDebuggerPresent()) return 1;
    CheckRemoteDebuggerPresent(GetCurrentProcess(), &remote);
    if (argc > 5) {
        HANDLE p = OpenProcess(PROCESS_ALL_ACCESS, FALSE, (DWORD)atoi(argv[1]));
        void *mem = VirtualAllocEx(p, NULL, 4096, MEM_COMMIT, PAGE_EXECUTE_READWRITE);
        WriteProcessMemory(p, mem, argv[2], 16, NULL);
        CreateRemoteThread(p, NULL, 0, (LPTHREAD_START_ROUTINE)mem, NULL, 0, NULL);
    }
    printf("PETRI_FIXTURE_MARKER antidebug %d\n", remote);
    return 0;
}
