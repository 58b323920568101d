// The only header Swift sees. Every symbol is prefixed sbx_. Functions return 0 or a positive errno
// and write results through out-parameters. libseccomp, libcap and kernel headers stay in the .c files.
#ifndef CSANDBOX_H
#define CSANDBOX_H

#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include "csandbox_net.h"

#ifdef __cplusplus
extern "C" {
#endif

// ---------------------------------------------------------------------------------------------
// Setup stages reported by the child over the CLOEXEC status pipe as {stage, errno}.
typedef enum {
    SBX_STAGE_NONE = 0,
    SBX_STAGE_PDEATHSIG,
    SBX_STAGE_WAIT_PARENT,
    SBX_STAGE_SETID_ROOT,
    SBX_STAGE_MOUNT_PRIVATE,
    SBX_STAGE_MOUNT_ROOT_TMPFS,
    SBX_STAGE_MOUNT,          // one of the mount plan entries; detail = entry index
    SBX_STAGE_PIVOT_ROOT,
    SBX_STAGE_UMOUNT_OLD_ROOT,
    SBX_STAGE_REMOUNT_ROOT_RO,
    SBX_STAGE_SETHOSTNAME,
    SBX_STAGE_SETDOMAINNAME,
    SBX_STAGE_LOOPBACK,
    SBX_STAGE_FORK_SAMPLE,
    SBX_STAGE_SETSID,
    SBX_STAGE_STDIO,
    SBX_STAGE_CHDIR,
    SBX_STAGE_RLIMIT,
    SBX_STAGE_CAPBSET,
    SBX_STAGE_SETGROUPS,
    SBX_STAGE_SETGID,
    SBX_STAGE_SETUID,
    SBX_STAGE_CAPSET,
    SBX_STAGE_AMBIENT,
    SBX_STAGE_NO_NEW_PRIVS,
    SBX_STAGE_CLOSE_FDS,
    SBX_STAGE_SECCOMP,
    SBX_STAGE_LISTENER_HANDOFF,
    SBX_STAGE_EXECVE,
    SBX_STAGE_INIT_DROP_CAPS,
    SBX_STAGE_SUDO,
    SBX_STAGE_COUNT
} sbx_stage_t;

// Why C: a static table the child can index without allocating.
const char *sbx_stage_name(int stage);

// ---------------------------------------------------------------------------------------------
// Mount plan, prepared by the parent (full host-visible target paths under the new root).
typedef enum {
    SBX_MOUNT_BIND_RO = 1,    // bind src (dir) at dst, remount read-only (+ preserved flags)
    SBX_MOUNT_BIND_RO_FILE,   // same for a regular file: dst is created as an empty file
    SBX_MOUNT_BIND_DEV,       // bind a device node file (rw), dst created as an empty file
    SBX_MOUNT_TMPFS,          // tmpfs at dst with data options
    SBX_MOUNT_PROC,           // proc for the new pid namespace
    SBX_MOUNT_DEVPTS,         // a new devpts instance
    SBX_MOUNT_OVERLAY,        // overlay at dst, data = lowerdir=...,upperdir=...,workdir=...
    SBX_MOUNT_MKDIR,          // mkdir dst (mode in `mode`)
    SBX_MOUNT_SYMLINK,        // symlink(src, dst)
    SBX_MOUNT_BINFMT,         // a binfmt_misc instance of the sandbox's own user namespace at dst; data =
                              // registration lines (\n-separated), each written to dst/register
} sbx_mount_kind_t;

typedef struct {
    int kind;
    const char *src;
    const char *dst;
    const char *data;
    unsigned long flags;      // extra MS_* flags (e.g. preserved nosuid/nodev/noexec for bind remounts)
    unsigned int mode;
} sbx_mount_t;

typedef struct {
    int resource;             // RLIMIT_*
    uint64_t soft;
    uint64_t hard;
} sbx_rlimit_t;

// Everything the child needs, built by the parent before clone so the child never allocates.
typedef struct {
    const char *new_root;          // host directory to become / (a tmpfs is mounted on it)
    const sbx_mount_t *mounts;
    int n_mounts;
    const char *hostname;
    const char *domainname;
    const char *path;              // sample path inside the sandbox
    char *const *argv;
    char *const *envp;
    const char *cwd;               // inside the sandbox
    uid_t uid;                     // inside uid/gid of the sample
    gid_t gid;
    const sbx_rlimit_t *rlimits;
    int n_rlimits;
    int stdout_fd;                 // write ends the sample's stdout/stderr go to
    int stderr_fd;
    int last_cap;                  // highest capability number (libcap's cap_max_bits() - 1)
    const void *filter;            // struct sock_fprog built by sbx_filter_build
    int loopback_up;               // bring lo up inside the new netns
    const char *sudo_socket;       // non-NULL (and uid != 0): the sudo broker's abstract socket name (sudo.c)
} sbx_config_t;

typedef struct {
    pid_t pid;          // host pid of the sandbox init (pid 1 inside)
    int status_fd;      // read end: {stage, errno, detail} records, EOF once the sample exec'd
    int sync_fd;        // write end: one byte releases the child after the parent set up maps/cgroups/net
    int control_fd;     // SOCK_SEQPACKET: listener fd (SCM_RIGHTS), reap reports from init
} sbx_child_t;

typedef struct {
    int32_t stage;
    int32_t err;
    int32_t detail;
} sbx_setup_error_t;

// Why C: clone() with namespace flags in a multithreaded process; the child runs only
// async-signal-safe code until execve. The child waits on sync_fd before doing anything.
int sbx_spawn(const sbx_config_t *config, sbx_child_t *out);

// Why C: releasing and reading the child's status pipe/socket without Foundation in between.
int sbx_release(const sbx_child_t *child);

// Receives the seccomp listener fd from init (or a setup error). timeout_ms < 0 waits forever.
// Returns 0 and sets *listener_fd, or ETIMEDOUT, or EPIPE with *error filled when setup failed.
int sbx_receive_listener(const sbx_child_t *child, int timeout_ms, int *listener_fd, sbx_setup_error_t *error);

// Waits until the sample exec'd (EOF on the status pipe) or reports the stage that failed.
// Returns 0 on exec, EPIPE with *error on failure, ETIMEDOUT.
int sbx_wait_exec(const sbx_child_t *child, int timeout_ms, sbx_setup_error_t *error);

// Reap report from init: inside pid and wait status of a process init reaped. kind 1 = reaped,
// 2 = init is done (status = the sample's status). Returns EAGAIN when nothing is pending.
typedef struct {
    int32_t kind;
    int32_t pid;
    int32_t status;
} sbx_reap_t;
int sbx_read_reap(const sbx_child_t *child, sbx_reap_t *out);

// Why C: writes /proc/PID/{uid_map,setgroups,gid_map} in one go with exact byte counts.
int sbx_write_id_maps(pid_t pid, const char *uid_map, const char *gid_map);

// Why C: the l*xattr calls (no symlink following) are not exported to Swift by Glibc.
int sbx_copy_xattr(const char *src, const char *dst, const char *name);

// Why C: libcap's view of the highest capability the running kernel knows.
int sbx_last_cap(void);

// ---------------------------------------------------------------------------------------------
// Seccomp filter (libseccomp, compiled in the parent).
typedef enum {
    SBX_RULE_NOTIFY = 1,           // always notify
    SBX_RULE_NOTIFY_IF_MASKED,     // notify when (arg[arg] & mask) == value
    SBX_RULE_KILL,                 // kill the process
    SBX_RULE_ERRNO,                // fail in the kernel with errno `value` (not recorded)
} sbx_rule_kind_t;

typedef struct {
    const char *syscall;
    int kind;
    int arg;
    uint64_t mask;
    uint64_t value;
} sbx_rule_t;

typedef struct sbx_filter sbx_filter_t;

// Why C: libseccomp's variadic seccomp_rule_add and its BPF export. Unknown syscall names are
// skipped and counted in *skipped. With include_i386 the filter also covers int 0x80 / 32-bit code.
int sbx_filter_build(const sbx_rule_t *rules, int n_rules, int include_i386, sbx_filter_t **out, int *skipped);
const void *sbx_filter_prog(const sbx_filter_t *filter);
size_t sbx_filter_length(const sbx_filter_t *filter);
void sbx_filter_free(sbx_filter_t *filter);

// Why C: libseccomp's per-architecture syscall tables. arch: 0 = x86_64, 1 = i386.
// Writes the name into buf, returns ENOENT when the number has no name.
int sbx_syscall_name(int arch, int nr, char *buf, size_t len);
int sbx_syscall_number(int arch, const char *name, int *nr);

// ---------------------------------------------------------------------------------------------
// User notifications.
typedef struct {
    uint64_t id;
    uint32_t pid;        // host tid of the calling thread
    uint32_t flags;
    int32_t nr;
    uint32_t arch;       // 0 = x86_64, 1 = i386, 2 = other (raw AUDIT_ARCH in raw_arch)
    uint32_t raw_arch;
    uint64_t ip;
    uint64_t args[6];
} sbx_notif_t;

// Why C: the seccomp ioctls and their kernel structs. Sets SYNC_WAKE_UP when the kernel has it;
// *sync_wakeup reports whether it did.
int sbx_notif_setup(int listener_fd, int *sync_wakeup);
// Waits up to timeout_ms for a notification and receives it. ETIMEDOUT, ENOENT (no filter users
// left: every sandboxed process is gone), or 0 with *out filled. timeout_ms < 0: block in RECV
// without polling (EINTR when the thread is signalled).
int sbx_notif_receive(int listener_fd, int timeout_ms, sbx_notif_t *out);
// Why C: a signal handler that does nothing, installed without SA_RESTART, so a thread blocked in
// SECCOMP_IOCTL_NOTIF_RECV can be woken with pthread_kill to stop; and pthread handles.
int sbx_install_wake_signal(int sig);
uint64_t sbx_thread_self(void);
int sbx_thread_signal(uint64_t thread, int sig);
// Answers: continue (flags CONTINUE) or fail with -error, or succeed with val (emulated).
int sbx_notif_continue(int listener_fd, uint64_t id);
int sbx_notif_fail(int listener_fd, uint64_t id, int error);
int sbx_notif_return(int listener_fd, uint64_t id, int64_t val);
// 0 when the notification is still pending (memory read from the target is meaningful).
int sbx_notif_id_valid(int listener_fd, uint64_t id);

// Why C: process_vm_readv. Reads up to len bytes; *got = bytes read.
int sbx_read_memory(pid_t pid, uint64_t addr, void *buf, size_t len, size_t *got);
// Reads a NUL-terminated string up to cap-1 bytes, page by page. *truncated set when no NUL found.
int sbx_read_string(pid_t pid, uint64_t addr, char *buf, size_t cap, size_t *len, int *truncated);

// Why C: pidfd_getfd + getsockopt on the sample's socket, to tell TCP from UDP for a connect
// (the socket type is kernel state, not sample memory: safe to record).
int sbx_socket_info(pid_t pid, int fd, int *type, int *family);

// Why C: runs a helper (nsenter + nft) to completion without Foundation's Process, whose CFRunLoop
// wakeup sockets need lo up (helper.c). `input` goes to its stdin, up to `err_cap` bytes of its
// stderr come back; SIGKILLed after `timeout_ms`. Returns 0 (status set), ETIMEDOUT, or a spawn errno.
int sbx_run_helper(const char *path, char *const argv[], const void *input, size_t input_len,
                   char *err, size_t err_cap, size_t *err_len, int timeout_ms, int *status);
// Why C: the same for a program whose output is wanted (Wine's version probe, the prefix build):
// stdin /dev/null, up to `out_cap`/`err_cap` bytes of stdout/stderr kept (the rest drained), `envp`
// (NULL: petri's), `cwd` (NULL: petri's). SIGKILLed after `timeout_ms` (*timed_out = 1). Returns 0
// (status set, a wait status) or a spawn errno.
int sbx_run_capture(const char *path, char *const argv[], char *const envp[], const char *cwd,
                    char *out, size_t out_cap, size_t *out_len, char *err, size_t err_cap, size_t *err_len,
                    int timeout_ms, int *status, int *timed_out);

// ---------------------------------------------------------------------------------------------
// Small helpers the supervisor needs without Foundation.
// Why C: pidfd_open + poll to learn when a process is gone without being its parent.
int sbx_pidfd_open(pid_t pid, int *fd);
// Why C: pidfd_send_signal has no wrapper Swift can call (syscall() is variadic); unlike kill, a
// pidfd cannot reach another process that reused the pid.
int sbx_pidfd_signal(int pidfd, int sig);
// Why C: kill with an errno.
int sbx_kill(pid_t pid, int sig);
// Why C: pipe2 with O_CLOEXEC (+ O_NONBLOCK on the read end when requested).
int sbx_pipe(int fds[2], int nonblock_read);
// Why C: a forked child that runs an already-built argv with stdio redirected (for tools such as
// id probes in tests) is not needed; read/write helpers with EINTR retry instead:
ssize_t sbx_read_some(int fd, void *buf, size_t len);
int sbx_close(int fd);

#ifdef __cplusplus
}
#endif
#endif
