// eBPF: map creation and program load refused.
#include "probe.h"
#include <sys/syscall.h>
#include <linux/bpf.h>
int main(void) {
    require_sandbox();
    union bpf_attr a;
    memset(&a, 0, sizeof a);
    a.map_type = BPF_MAP_TYPE_ARRAY; a.key_size = 4; a.value_size = 4; a.max_entries = 1;
    result("bpf_map_create", syscall(SYS_bpf, BPF_MAP_CREATE, &a, sizeof a), 0);
    memset(&a, 0, sizeof a);
    result("bpf_prog_load", syscall(SYS_bpf, BPF_PROG_LOAD, &a, sizeof a), 0);
    return 0;
}
