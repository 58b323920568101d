#if os(Linux)
import CSandbox
import PetriModel

public enum SyscallArch: Int, Sendable {
    case x86_64 = 0
    case i386 = 1

    public var name: String { self == .x86_64 ? "x86_64" : "i386" }
}

/// Syscall numbers ↔ names per architecture, taken from libseccomp's tables (one per arch, so
/// int 0x80 and 32-bit processes are decoded with the i386 numbering).
public struct SyscallTable: Sendable {
    public let arch: SyscallArch
    private let names: [String?]

    public static let x86_64 = SyscallTable(arch: .x86_64)
    public static let i386 = SyscallTable(arch: .i386)

    public static func table(for arch: SyscallArch) -> SyscallTable { arch == .x86_64 ? .x86_64 : .i386 }

    init(arch: SyscallArch) {
        self.arch = arch
        var names = [String?](repeating: nil, count: 512)
        var buf = [CChar](repeating: 0, count: 64)
        for nr in 0..<names.count {
            if sbx_syscall_name(Int32(arch.rawValue), Int32(nr), &buf, buf.count) == 0 {
                names[nr] = String(cString: buf)
            }
        }
        self.names = names
    }

    public func name(_ nr: Int32) -> String {
        if nr >= 0, Int(nr) < names.count, let n = names[Int(nr)] { return n }
        return "syscall_\(nr)"
    }

    public func number(_ name: String) -> Int32? {
        var nr: Int32 = 0
        return sbx_syscall_number(Int32(arch.rawValue), name, &nr) == 0 ? nr : nil
    }
}

/// What petri does with each syscall class, and how each is categorised in events.
public enum SyscallCatalog {
    public static func category(of name: String) -> EventCategory {
        switch name {
        case "execve", "execveat", "clone", "clone3", "fork", "vfork", "kill", "tgkill", "tkill", "exit_group",
             "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "setfsuid", "setfsgid",
             "setuid32", "setgid32", "setreuid32", "setregid32", "setresuid32", "setresgid32", "setgroups", "unshare", "setns",
             "prctl", "personality":
            return .process
        case "ptrace", "seccomp", "process_vm_writev", "process_vm_readv":
            return .evasion
        case "socket", "socketpair", "connect", "bind", "listen", "accept", "accept4", "sendto", "sendmsg", "sendmmsg", "socketcall":
            return .network
        case "mmap", "mmap2", "mprotect", "pkey_mprotect", "memfd_create", "userfaultfd", "modify_ldt":
            return .memory
        case "nanosleep", "clock_nanosleep", "uname", "sethostname", "setdomainname", "mount", "umount", "umount2",
             "pivot_root", "chroot", "reboot", "swapon", "swapoff", "acct", "syslog", "kexec_load", "kexec_file_load",
             "init_module", "finit_module", "delete_module", "bpf", "perf_event_open", "iopl", "ioperm",
             "clock_settime", "settimeofday", "adjtimex", "clock_adjtime", "fsopen", "fsmount", "fsconfig",
             "fspick", "move_mount", "open_tree", "mount_setattr", "keyctl", "add_key", "request_key",
             "io_uring_setup", "io_uring_enter", "io_uring_register", "_sysctl", "quotactl", "ioctl":
            return .system
        default:
            return .file
        }
    }

    /// Denied with EPERM and recorded (sandbox escape, kernel attack surface, tamper).
    public static let denied: [String] = [
        "mount", "umount", "umount2", "pivot_root", "chroot",
        "fsopen", "fsmount", "fsconfig", "fspick", "move_mount", "open_tree", "mount_setattr",
        "unshare", "setns",
        "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
        "bpf", "perf_event_open", "userfaultfd",
        "keyctl", "add_key", "request_key",
        "io_uring_setup", "io_uring_enter", "io_uring_register",
        "open_by_handle_at", "name_to_handle_at", "process_vm_writev",
        "reboot", "swapon", "swapoff", "acct", "syslog", "iopl", "ioperm", "modify_ldt",
        "clock_settime", "settimeofday", "adjtimex", "clock_adjtime", "setdomainname", "seccomp",
        "quotactl", "lookup_dcookie", "vhangup", "nfsservctl", "_sysctl", "uselib",
    ]

    /// Decided by the supervisor per call (flags, request).
    public static let conditional: [String] = ["clone", "ptrace", "personality", "prctl"]

    /// clone3's flags live behind a pointer the supervisor must not trust: ENOSYS, as Docker does,
    /// so libc falls back to clone(), whose flags are in a register.
    public static let enosys: [String] = ["clone3"]

    /// Recorded, then let through.
    public static let notified: [String] = [
        "execve", "execveat", "open", "openat", "openat2", "creat",
        "unlink", "unlinkat", "rename", "renameat", "renameat2", "mkdir", "mkdirat", "rmdir",
        "link", "linkat", "symlink", "symlinkat", "chmod", "fchmod", "fchmodat", "chown", "fchown", "lchown",
        "fchownat", "chown32", "fchown32", "lchown32", "truncate", "truncate64", "ftruncate", "chdir", "fchdir",
        "socket", "connect", "bind", "listen", "sendto", "sendmsg", "sendmmsg", "socketcall",
        "fork", "vfork", "kill", "tgkill", "tkill", "memfd_create",
        "nanosleep", "clock_nanosleep", "clock_nanosleep_time64", "uname", "sethostname",
        "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "setfsuid", "setfsgid", "setgroups",
        "setuid32", "setgid32", "setreuid32", "setregid32", "setresuid32", "setresgid32", "setgroups32",
        "exit_group", "process_vm_readv", "setrlimit", "prlimit64",
    ]

    /// ioctl requests that inject input into a terminal (TIOCSTI, TIOCLINUX): notified only for these
    /// request numbers (argument 1) and denied, so even a pty the sample owns can't be driven.
    public static let deniedIoctls: [(request: UInt64, name: String)] = [(0x5412, "TIOCSTI"), (0x541C, "TIOCLINUX")]

    /// Notified only when PROT_EXEC is asked for (argument 2).
    public static let execMemory: [String] = ["mmap", "mmap2", "mprotect", "pkey_mprotect"]
}
#endif
