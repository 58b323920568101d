/* Benign console program: prints a line and exits 0. Must produce no behaviour. */
#include <stdio.h>
int main(void) { printf("hello from petri benign\n"); return 0; }
