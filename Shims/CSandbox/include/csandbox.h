#ifndef CSANDBOX_H
#define CSANDBOX_H
int sbx_version(void);
#endif
