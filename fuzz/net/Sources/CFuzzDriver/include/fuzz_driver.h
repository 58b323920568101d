// Why C: SwiftPM links a debug executable with `main` renamed to `<Module>_main` (testable
// executables), which leaves libFuzzer's own main out; each harness defines `<Module>_main` and
// starts libFuzzer through its documented driver entry point instead.
#include <stddef.h>
#include <stdint.h>
int petri_fuzz_main(int argc, char **argv, int (*test_one_input)(const uint8_t *data, size_t size));
