#ifndef CYARA_H
#define CYARA_H
// The only header Swift sees for libyara and libfuzzy (ssdeep). Every symbol is `pyara_`; the
// yr_ types, variadic-free callbacks and function-like macros (yr_rule_strings_foreach, ...) stay
// in the .c files. Functions return 0 or a positive error code (YARA's ERROR_* or an errno) and
// write results through out-parameters; everything they allocate is freed by a pyara_*_free.

#include <stddef.h>
#include <stdint.h>

typedef struct pyara_rules pyara_rules;

/// One compiler message. Owned by the pyara_diagnostics that holds it.
typedef struct {
    char *file;       // rule file as given, or "" for rules compiled from a string
    int line;
    int is_warning;   // 0 = error, 1 = warning
    char *message;
} pyara_diagnostic;

typedef struct {
    pyara_diagnostic *items;
    size_t count;
} pyara_diagnostics;

typedef struct {
    char *identifier; // "$a"
    uint64_t offset;
    uint32_t length;
} pyara_string_match;

typedef struct {
    char *key;
    char *value;      // integers and booleans rendered as text
    int kind;         // 1 integer, 2 string, 3 boolean (YARA's META_TYPE_*)
} pyara_meta;

typedef struct {
    char *rule;
    char *ns;
    char **tags; size_t tag_count;
    pyara_meta *meta; size_t meta_count;
    pyara_string_match *strings; size_t string_count;
    int strings_truncated;  // 1 when more matches existed than PYARA_MAX_OFFSETS_PER_STRING
} pyara_match;

typedef struct {
    pyara_match *items;
    size_t count;
} pyara_matches;

/// Offsets reported per string and rule; YARA itself may find up to a million.
#define PYARA_MAX_OFFSETS_PER_STRING 32

// C because yr_compiler_set_callback needs a C function pointer and yr_compiler_add_file asserts
// on reuse after an error: every file is first compiled alone (so every file's errors are
// reported, not only the first file's) and then all together.
int pyara_compile_files(const char *const *paths, size_t count, pyara_rules **out_rules,
                        pyara_diagnostics *out_diagnostics);

// C for the same compiler callback; `name` is what diagnostics carry as their file.
int pyara_compile_string(const char *source, const char *name, pyara_rules **out_rules,
                         pyara_diagnostics *out_diagnostics);

void pyara_rules_free(pyara_rules *rules);
void pyara_diagnostics_free(pyara_diagnostics *diagnostics);

/// Number of rules compiled in.
size_t pyara_rules_count(const pyara_rules *rules);

// C because matches are walked with YARA's macros inside the scan callback.
int pyara_scan_memory(const pyara_rules *rules, const uint8_t *buffer, size_t length,
                      int timeout_seconds, pyara_matches *out_matches);
int pyara_scan_file(const pyara_rules *rules, const char *path, int timeout_seconds,
                    pyara_matches *out_matches);
void pyara_matches_free(pyara_matches *matches);

/// Human text for a YARA error code (ERROR_SCAN_TIMEOUT, ...).
const char *pyara_error_text(int code);

/// ssdeep (context-triggered piecewise hash) of a buffer; `out` holds at least PYARA_FUZZY_MAX bytes.
#define PYARA_FUZZY_MAX 148
// C because libfuzzy's header uses FUZZY_MAX_RESULT macros and /*@out@*/ annotations.
int pyara_ssdeep_buffer(const uint8_t *buffer, size_t length, char *out, size_t out_size);
/// 0..100 similarity of two ssdeep hashes; -1 when either is malformed.
int pyara_ssdeep_compare(const char *a, const char *b);

#endif
