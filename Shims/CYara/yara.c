#include "cyara.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yara.h>

struct pyara_rules {
    YR_RULES *rules;
    size_t rule_count;
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_result = 0;

static void init_library(void) { init_result = yr_initialize(); }

// libyara keeps global state (modules, thread keys); initialise once, never finalise.
static int ensure_initialised(void) {
    pthread_once(&init_once, init_library);
    return init_result;
}

static char *dup_or_empty(const char *s) {
    char *d = strdup(s ? s : "");
    return d;
}

static void diagnostics_append(pyara_diagnostics *d, int level, const char *file, int line, const char *message) {
    if (d == NULL) return;
    pyara_diagnostic *grown = realloc(d->items, (d->count + 1) * sizeof *grown);
    if (grown == NULL) return;
    d->items = grown;
    pyara_diagnostic *item = &d->items[d->count++];
    item->file = dup_or_empty(file);
    item->line = line;
    item->is_warning = level == YARA_ERROR_LEVEL_WARNING;
    item->message = dup_or_empty(message);
}

static void compiler_callback(int level, const char *file, int line, const YR_RULE *rule, const char *message, void *user) {
    (void)rule;
    diagnostics_append(user, level, file, line, message);
}

void pyara_diagnostics_free(pyara_diagnostics *d) {
    if (d == NULL) return;
    for (size_t i = 0; i < d->count; i++) { free(d->items[i].file); free(d->items[i].message); }
    free(d->items);
    d->items = NULL; d->count = 0;
}

static int has_errors(const pyara_diagnostics *d, size_t from) {
    for (size_t i = from; i < d->count; i++) if (!d->items[i].is_warning) return 1;
    return 0;
}

static int add_file(YR_COMPILER *compiler, const char *path, pyara_diagnostics *d) {
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        int err = errno;
        char msg[256];
        snprintf(msg, sizeof msg, "cannot open rule file: %s", strerror(err));
        diagnostics_append(d, YARA_ERROR_LEVEL_ERROR, path, 0, msg);
        return err ? err : EIO;
    }
    int errors = yr_compiler_add_file(compiler, f, NULL, path);
    fclose(f);
    return errors;
}

static int finish(YR_COMPILER *compiler, pyara_rules **out) {
    YR_RULES *rules = NULL;
    int rc = yr_compiler_get_rules(compiler, &rules);
    if (rc != ERROR_SUCCESS) return rc;
    pyara_rules *r = calloc(1, sizeof *r);
    if (r == NULL) { yr_rules_destroy(rules); return ENOMEM; }
    r->rules = rules;
    YR_RULE *rule;
    yr_rules_foreach(rules, rule) { r->rule_count++; }
    *out = r;
    return 0;
}

int pyara_compile_files(const char *const *paths, size_t count, pyara_rules **out_rules, pyara_diagnostics *out_d) {
    *out_rules = NULL;
    out_d->items = NULL; out_d->count = 0;
    int rc = ensure_initialised();
    if (rc != ERROR_SUCCESS) return rc;

    // Fast path, the usual case: all files together in one compiler, with no error. Its warnings are
    // those of the files alone (same files, same order); only when it fails are the two passes
    // below run, so every broken file's errors are reported.
    {
        YR_COMPILER *compiler = NULL;
        if ((rc = yr_compiler_create(&compiler)) != ERROR_SUCCESS) return rc;
        yr_compiler_set_callback(compiler, compiler_callback, out_d);
        int bad = 0;
        for (size_t i = 0; i < count && !bad; i++) {
            if (add_file(compiler, paths[i], out_d) != 0 || has_errors(out_d, 0)) bad = 1;
        }
        if (!bad) {
            rc = finish(compiler, out_rules);
            yr_compiler_destroy(compiler);
            return rc;
        }
        yr_compiler_destroy(compiler);
        pyara_diagnostics_free(out_d);
    }

    // Pass 1: each file alone, so one broken file does not hide the errors of the next.
    int failed = 0;
    for (size_t i = 0; i < count; i++) {
        YR_COMPILER *compiler = NULL;
        if ((rc = yr_compiler_create(&compiler)) != ERROR_SUCCESS) return rc;
        size_t before = out_d->count;
        yr_compiler_set_callback(compiler, compiler_callback, out_d);
        if (add_file(compiler, paths[i], out_d) != 0 || has_errors(out_d, before)) failed = 1;
        yr_compiler_destroy(compiler);
    }
    if (failed) return ERROR_INVALID_FILE;

    // Pass 2: all together (catches duplicate rule names across files). Warnings were already
    // collected in pass 1, so this pass records errors only.
    pyara_diagnostics second = {0};
    YR_COMPILER *compiler = NULL;
    if ((rc = yr_compiler_create(&compiler)) != ERROR_SUCCESS) return rc;
    yr_compiler_set_callback(compiler, compiler_callback, &second);
    for (size_t i = 0; i < count && !failed; i++) {
        if (add_file(compiler, paths[i], &second) != 0) failed = 1;
    }
    for (size_t i = 0; i < second.count; i++) {
        if (!second.items[i].is_warning)
            diagnostics_append(out_d, YARA_ERROR_LEVEL_ERROR, second.items[i].file, second.items[i].line, second.items[i].message);
    }
    pyara_diagnostics_free(&second);
    if (failed) { yr_compiler_destroy(compiler); return ERROR_INVALID_FILE; }
    rc = finish(compiler, out_rules);
    yr_compiler_destroy(compiler);
    return rc;
}

int pyara_compile_string(const char *source, const char *name, pyara_rules **out_rules, pyara_diagnostics *out_d) {
    *out_rules = NULL;
    out_d->items = NULL; out_d->count = 0;
    int rc = ensure_initialised();
    if (rc != ERROR_SUCCESS) return rc;
    YR_COMPILER *compiler = NULL;
    if ((rc = yr_compiler_create(&compiler)) != ERROR_SUCCESS) return rc;
    yr_compiler_set_callback(compiler, compiler_callback, out_d);
    // yr_compiler_add_string has no file name; diagnostics get `name` patched in below.
    size_t before = out_d->count;
    int errors = yr_compiler_add_string(compiler, source, NULL);
    for (size_t i = before; i < out_d->count; i++) {
        free(out_d->items[i].file);
        out_d->items[i].file = dup_or_empty(name);
    }
    if (errors != 0) { yr_compiler_destroy(compiler); return ERROR_INVALID_FILE; }
    rc = finish(compiler, out_rules);
    yr_compiler_destroy(compiler);
    return rc;
}

void pyara_rules_free(pyara_rules *r) {
    if (r == NULL) return;
    if (r->rules) yr_rules_destroy(r->rules);
    free(r);
}

size_t pyara_rules_count(const pyara_rules *r) { return r ? r->rule_count : 0; }

static int append_match(pyara_matches *m, YR_SCAN_CONTEXT *context, YR_RULE *rule) {
    pyara_match *grown = realloc(m->items, (m->count + 1) * sizeof *grown);
    if (grown == NULL) return ENOMEM;
    m->items = grown;
    pyara_match *out = &m->items[m->count++];
    memset(out, 0, sizeof *out);
    out->rule = dup_or_empty(rule->identifier);
    out->ns = dup_or_empty(rule->ns ? rule->ns->name : "");

    const char *tag;
    size_t tags = 0;
    yr_rule_tags_foreach(rule, tag) { tags++; }
    if (tags) {
        out->tags = calloc(tags, sizeof(char *));
        if (out->tags == NULL) return ENOMEM;
        yr_rule_tags_foreach(rule, tag) { out->tags[out->tag_count++] = dup_or_empty(tag); }
    }

    YR_META *meta;
    size_t metas = 0;
    yr_rule_metas_foreach(rule, meta) { metas++; }
    if (metas) {
        out->meta = calloc(metas, sizeof(pyara_meta));
        if (out->meta == NULL) return ENOMEM;
        yr_rule_metas_foreach(rule, meta) {
            pyara_meta *pm = &out->meta[out->meta_count++];
            pm->key = dup_or_empty(meta->identifier);
            pm->kind = meta->type;
            char number[32];
            if (meta->type == META_TYPE_STRING) {
                pm->value = dup_or_empty(meta->string);
            } else if (meta->type == META_TYPE_BOOLEAN) {
                pm->value = dup_or_empty(meta->integer ? "true" : "false");
            } else {
                snprintf(number, sizeof number, "%lld", (long long)meta->integer);
                pm->value = dup_or_empty(number);
            }
        }
    }

    YR_STRING *string;
    size_t capacity = 0;
    yr_rule_strings_foreach(rule, string) {
        size_t per_string = 0;
        YR_MATCH *match;
        yr_string_matches_foreach(context, string, match) {
            if (per_string == PYARA_MAX_OFFSETS_PER_STRING) { out->strings_truncated = 1; break; }
            if (out->string_count == capacity) {
                size_t next = capacity ? capacity * 2 : 8;
                pyara_string_match *g = realloc(out->strings, next * sizeof *g);
                if (g == NULL) return ENOMEM;
                out->strings = g; capacity = next;
            }
            pyara_string_match *sm = &out->strings[out->string_count++];
            sm->identifier = dup_or_empty(string->identifier);
            sm->offset = (uint64_t)(match->base + match->offset);
            sm->length = (uint32_t)match->match_length;
            per_string++;
        }
    }
    return 0;
}

static int scan_callback(YR_SCAN_CONTEXT *context, int message, void *data, void *user) {
    if (message != CALLBACK_MSG_RULE_MATCHING) return CALLBACK_CONTINUE;
    return append_match(user, context, data) == 0 ? CALLBACK_CONTINUE : CALLBACK_ERROR;
}

int pyara_scan_memory(const pyara_rules *r, const uint8_t *buffer, size_t length, int timeout, pyara_matches *out) {
    out->items = NULL; out->count = 0;
    if (r == NULL) return EINVAL;
    static const uint8_t empty = 0;
    int rc = yr_rules_scan_mem(r->rules, buffer ? buffer : &empty, length, 0, scan_callback, out, timeout);
    return rc;
}

int pyara_scan_file(const pyara_rules *r, const char *path, int timeout, pyara_matches *out) {
    out->items = NULL; out->count = 0;
    if (r == NULL) return EINVAL;
    return yr_rules_scan_file(r->rules, path, 0, scan_callback, out, timeout);
}

void pyara_matches_free(pyara_matches *m) {
    if (m == NULL) return;
    for (size_t i = 0; i < m->count; i++) {
        pyara_match *x = &m->items[i];
        free(x->rule); free(x->ns);
        for (size_t j = 0; j < x->tag_count; j++) free(x->tags[j]);
        free(x->tags);
        for (size_t j = 0; j < x->meta_count; j++) { free(x->meta[j].key); free(x->meta[j].value); }
        free(x->meta);
        for (size_t j = 0; j < x->string_count; j++) free(x->strings[j].identifier);
        free(x->strings);
    }
    free(m->items);
    m->items = NULL; m->count = 0;
}

const char *pyara_error_text(int code) {
    switch (code) {
    case ERROR_SUCCESS: return "success";
    case ERROR_INSUFFICIENT_MEMORY: return "insufficient memory";
    case ERROR_COULD_NOT_OPEN_FILE: return "could not open file";
    case ERROR_COULD_NOT_MAP_FILE: return "could not map file";
    case ERROR_INVALID_FILE: return "invalid rule file";
    case ERROR_SCAN_TIMEOUT: return "scan timed out";
    case ERROR_TOO_MANY_MATCHES: return "too many matches";
    case ERROR_TOO_MANY_SCAN_THREADS: return "too many scan threads";
    case ERROR_CALLBACK_ERROR: return "callback error";
    case ERROR_CORRUPT_FILE: return "corrupt compiled rules";
    default: return "yara error";
    }
}
