#include "cyara.h"

#include <errno.h>
#include <fuzzy.h>
#include <string.h>

_Static_assert(PYARA_FUZZY_MAX >= FUZZY_MAX_RESULT, "PYARA_FUZZY_MAX must hold a libfuzzy result");

int pyara_ssdeep_buffer(const uint8_t *buffer, size_t length, char *out, size_t out_size) {
    if (out == NULL || out_size < FUZZY_MAX_RESULT) return EINVAL;
    static const unsigned char empty = 0;
    if (fuzzy_hash_buf(buffer ? buffer : &empty, (uint32_t)(length > UINT32_MAX ? UINT32_MAX : length), out) != 0)
        return EIO;
    return 0;
}

int pyara_ssdeep_compare(const char *a, const char *b) { return fuzzy_compare(a, b); }
