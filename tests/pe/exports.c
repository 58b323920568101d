// A DLL with named exports, for the export table and is_dll.
#include <windows.h>

__declspec(dllexport) int petri_add(int a, int b) { return a + b; }
__declspec(dllexport) int petri_mul(int a, int b) { return a * b; }

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) { (void)h; (void)reason; (void)reserved; return TRUE; }
