// Capabilities: the child drops the bounding set, every id, the ambient and inheritable sets; the
// parent asks libcap how many capabilities the kernel has.
#include "internal.h"
#include <grp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <sys/capability.h>

int sbx_last_cap(void) {
    int n = (int)cap_max_bits();
    return n > 0 ? n - 1 : CAP_LAST_CAP;
}

static int capset_zero(void) {
    struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
    struct __user_cap_data_struct data[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
    if (syscall(SYS_capset, &hdr, data) < 0) return errno;
    return 0;
}

static int capset_setid_only(void) {
    struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
    uint32_t bits = (1u << CAP_SETUID) | (1u << CAP_SETGID);
    struct __user_cap_data_struct data[2] = { { bits, bits, 0 }, { 0, 0, 0 } };
    if (syscall(SYS_capset, &hdr, data) < 0) return errno;
    return 0;
}

int sbx_child_caps_zero(void) { return capset_zero(); }

int sbx_child_drop_all_caps(int last_cap) {
    for (int c = 0; c <= last_cap; c++) prctl(PR_CAPBSET_DROP, c, 0, 0, 0);
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    return capset_zero();
}

int sbx_child_drop_privileges(const sbx_config_t *cfg, int *failed_stage) {
    return sbx_child_drop_privileges_as(cfg, cfg->uid, cfg->gid, 0, failed_stage);
}

// keep_setid: CAP_SETUID and CAP_SETGID stay in the permitted and effective sets (and nothing else,
// the bounding set is empty), so the sample's process can fork the sudo broker under the filter as
// uid 0 and then become the user; the change of uid clears them (no SECBIT_KEEP_CAPS).
int sbx_child_drop_privileges_as(const sbx_config_t *cfg, uid_t uid, gid_t gid, int keep_setid, int *failed_stage) {
    *failed_stage = SBX_STAGE_CAPBSET;
    for (int c = 0; c <= cfg->last_cap; c++) {
        if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL) return errno;
    }
    // Raw syscalls, never the glibc wrappers: those broadcast the change to every thread glibc knows
    // of (setxid), and a child cloned from a multi-threaded supervisor inherits that list; when
    // another thread was inside pthread_create at clone time the child waits on it forever.
    *failed_stage = SBX_STAGE_SETGROUPS;
    if (syscall(SYS_setgroups, 0, NULL) < 0) return errno;
    *failed_stage = SBX_STAGE_SETGID;
    if (syscall(SYS_setresgid, gid, gid, gid) < 0) return errno;
    *failed_stage = SBX_STAGE_SETUID;
    if (syscall(SYS_setresuid, uid, uid, uid) < 0) return errno;
    *failed_stage = SBX_STAGE_AMBIENT;
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL) return errno;
    *failed_stage = SBX_STAGE_CAPSET;
    int e = keep_setid ? capset_setid_only() : capset_zero();
    if (e) return e;
    *failed_stage = SBX_STAGE_NO_NEW_PRIVS;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return errno;
    // setresuid made the task non-dumpable, and its mm still belongs to the host user namespace
    // (mm->user_ns changes only at execve), so init could not pidfd_getfd the listener. execve
    // sets dumpability afresh anyway.
    *failed_stage = SBX_STAGE_SETUID;
    if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0) return errno;
    // setresuid cleared the parent-death signal; the sample dies with init.
    *failed_stage = SBX_STAGE_PDEATHSIG;
    if (prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0) < 0) return errno;
    *failed_stage = 0;
    return 0;
}
