// Sleeps far past any test timeout.
#include "probe.h"
int main(void) { require_sandbox(); sleep(300); return 0; }
