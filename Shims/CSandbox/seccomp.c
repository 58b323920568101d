// Parent half: compile the profile's rules with libseccomp and export the BPF program.
// Child half: install it with a user-notification listener, right before execve.
#include "internal.h"
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/audit.h>

struct sbx_filter {
    struct sock_fprog prog;
    struct sock_filter *insns;
};

static uint32_t arch_token(int arch) { return arch == 1 ? SCMP_ARCH_X86 : SCMP_ARCH_X86_64; }

int sbx_syscall_name(int arch, int nr, char *buf, size_t len) {
    char *name = seccomp_syscall_resolve_num_arch(arch_token(arch), nr);
    if (!name) return ENOENT;
    strncpy(buf, name, len - 1);
    buf[len - 1] = 0;
    free(name);
    return 0;
}

int sbx_syscall_number(int arch, const char *name, int *nr) {
    int n = seccomp_syscall_resolve_name_arch(arch_token(arch), name);
    if (n == __NR_SCMP_ERROR || n < 0) return ENOENT;
    *nr = n;
    return 0;
}

static int add_rule(scmp_filter_ctx ctx, const sbx_rule_t *r, int nr) {
    switch (r->kind) {
    case SBX_RULE_NOTIFY:
        return seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, nr, 0);
    case SBX_RULE_NOTIFY_IF_MASKED:
        return seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, nr, 1, SCMP_CMP((unsigned)r->arg, SCMP_CMP_MASKED_EQ, r->mask, r->value));
    case SBX_RULE_KILL:
        return seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, nr, 0);
    case SBX_RULE_ERRNO:
        return seccomp_rule_add(ctx, SCMP_ACT_ERRNO((uint16_t)r->value), nr, 0);
    default:
        return -EINVAL;
    }
}

int sbx_filter_build(const sbx_rule_t *rules, int n_rules, int include_i386, sbx_filter_t **out, int *skipped) {
    *skipped = 0;
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx) return ENOMEM;
    int rc = 0;
    // x32 (and any other architecture) is not x86_64 or i386: kill the process.
    if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS)) < 0) goto out;
    if (include_i386 && (rc = seccomp_arch_add(ctx, SCMP_ARCH_X86)) < 0) goto out;

    for (int i = 0; i < n_rules; i++) {
        // Native numbers, or libseccomp's negative pseudo-numbers for syscalls that exist only on
        // i386 (socketcall, mmap2, ...): libseccomp translates either to every architecture added.
        int nr = seccomp_syscall_resolve_name(rules[i].syscall);
        if (nr == __NR_SCMP_ERROR) { (*skipped)++; continue; }
        if (add_rule(ctx, &rules[i], nr) != 0) (*skipped)++;
    }

    int memfd = memfd_create("petri-bpf", MFD_CLOEXEC);
    if (memfd < 0) { rc = -errno; goto out; }
    if ((rc = seccomp_export_bpf(ctx, memfd)) < 0) { close(memfd); goto out; }
    off_t size = lseek(memfd, 0, SEEK_END);
    if (size <= 0 || size % sizeof(struct sock_filter) != 0) { close(memfd); rc = -EINVAL; goto out; }
    // libseccomp lets x32 numbers (x86_64 arch token, bit 30 set) through when x32 is not in the
    // filter; a 5-instruction prologue kills them before libseccomp's program runs.
    const struct sock_filter prologue[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4),                       // seccomp_data.arch
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),                       // seccomp_data.nr
        BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
    };
    const size_t np = sizeof prologue / sizeof prologue[0];
    sbx_filter_t *f = calloc(1, sizeof *f);
    struct sock_filter *insns = malloc((size_t)size + sizeof prologue);
    if (!f || !insns) { free(f); free(insns); close(memfd); rc = -ENOMEM; goto out; }
    memcpy(insns, prologue, sizeof prologue);
    if (pread(memfd, insns + np, (size_t)size, 0) != size) { free(f); free(insns); close(memfd); rc = -EIO; goto out; }
    close(memfd);
    f->insns = insns;
    f->prog.len = (unsigned short)(np + size / sizeof(struct sock_filter));
    f->prog.filter = insns;
    *out = f;
    rc = 0;
out:
    seccomp_release(ctx);
    return rc < 0 ? -rc : rc;
}

const void *sbx_filter_prog(const sbx_filter_t *filter) { return &filter->prog; }
size_t sbx_filter_length(const sbx_filter_t *filter) { return filter->prog.len; }
void sbx_filter_free(sbx_filter_t *filter) {
    if (!filter) return;
    free(filter->insns);
    free(filter);
}

int sbx_child_install_filter(const void *prog, int *listener_fd) {
    long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, prog);
    if (fd < 0) return errno;
    *listener_fd = (int)fd;
    return 0;
}
