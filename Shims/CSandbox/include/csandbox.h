#ifndef CSANDBOX_H
#define CSANDBOX_H
#include "csandbox_net.h"
int sbx_version(void);
#endif
