/* The classic anti-debugging checks; none changes anything. */
#include <windows.h>
#include <winternl.h>
#include <stdio.h>
typedef NTSTATUS (WINAPI *NtQIP)(HANDLE, PROCESSINFOCLASS, PVOID, ULONG, PULONG);
int main(void) {
    BOOL remote = FALSE;
    int dbg = IsDebuggerPresent();
    CheckRemoteDebuggerPresent(GetCurrentProcess(), &remote);
    NtQIP q = (NtQIP)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtQueryInformationProcess");
    DWORD_PTR port = 0;
    if (q) q(GetCurrentProcess(), (PROCESSINFOCLASS)7 /* ProcessDebugPort */, &port, sizeof port, NULL);
    /* Unpacker-like: make a page of our own image writable, then restore. */
    DWORD old;
    HMODULE self = GetModuleHandleA(NULL);
    VirtualProtect((LPVOID)self, 4096, PAGE_READWRITE, &old);
    VirtualProtect((LPVOID)self, 4096, old, &old);
    printf("debugger=%d remote=%d port=%lu\n", dbg, remote, (unsigned long)port);
    return 0;
}
