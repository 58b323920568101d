// Child half of resource limits: setrlimit for each entry of the profile.
#include "internal.h"
#include <sys/resource.h>

int sbx_child_rlimits(const sbx_config_t *cfg, int *failed_index) {
    for (int i = 0; i < cfg->n_rlimits; i++) {
        struct rlimit r = { .rlim_cur = cfg->rlimits[i].soft, .rlim_max = cfg->rlimits[i].hard };
        if (setrlimit(cfg->rlimits[i].resource, &r) < 0) { *failed_index = i; return errno; }
    }
    return 0;
}
