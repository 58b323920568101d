#include "csandbox.h"
int sbx_version(void) { return 1; }
