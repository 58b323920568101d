#include "fuzz_driver.h"

// libFuzzer (compiler-rt, LLVM >= 12): runs the fuzzing loop with the command-line flags.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*cb)(const uint8_t *, size_t));

int petri_fuzz_main(int argc, char **argv, int (*test_one_input)(const uint8_t *data, size_t size)) {
    return LLVMFuzzerRunDriver(&argc, &argv, test_one_input);
}
