/* Shows a MessageBox and waits for a click that never comes: the run must end at its timeout. */
#include <windows.h>
int main(void) {
    MessageBoxA(NULL, "Your files are fine.", "petri", MB_OK | MB_ICONINFORMATION);
    return 0;
}
