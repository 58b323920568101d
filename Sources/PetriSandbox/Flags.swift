#if os(Linux)
import Glibc

/// Symbolic rendering of flag words, as an analyst reads them in strace.
enum Flags {
    static func render(_ value: UInt64, _ table: [(UInt64, String)], zero: String = "0") -> String {
        var rest = value
        var parts: [String] = []
        for (bit, name) in table where bit != 0 && rest & bit == bit {
            parts.append(name)
            rest &= ~bit
        }
        if rest != 0 { parts.append("0x" + String(rest, radix: 16)) }
        return parts.isEmpty ? zero : parts.joined(separator: "|")
    }

    // Tables are static: built once, not per rendered event.
    static let openTable: [(UInt64, String)] = [
        (0o100, "O_CREAT"), (0o200, "O_EXCL"), (0o400, "O_NOCTTY"), (0o1000, "O_TRUNC"), (0o2000, "O_APPEND"),
        (0o4000, "O_NONBLOCK"), (0o10000, "O_DSYNC"), (0o20000, "O_ASYNC"), (0o40000, "O_DIRECT"),
        (0o200000, "O_DIRECTORY"), (0o400000, "O_NOFOLLOW"), (0o1000000, "O_NOATIME"), (0o2000000, "O_CLOEXEC"),
        (0o20200000, "O_TMPFILE"), (0o4010000, "O_SYNC"), (0o10000000, "O_PATH"), (0o100000, "O_LARGEFILE"),
    ]

    static func openFlags(_ v: UInt64) -> String {
        let acc: String
        switch v & 3 {
        case 0: acc = "O_RDONLY"
        case 1: acc = "O_WRONLY"
        case 2: acc = "O_RDWR"
        default: acc = "O_ACCMODE"
        }
        let rest = render(v & ~3, openTable, zero: "")
        return rest.isEmpty ? acc : acc + "|" + rest
    }

    static let protTable: [(UInt64, String)] = [(1, "PROT_READ"), (2, "PROT_WRITE"), (4, "PROT_EXEC"), (0x01000000, "PROT_GROWSDOWN"), (0x02000000, "PROT_GROWSUP")]

    static func prot(_ v: UInt64) -> String { render(v, protTable, zero: "PROT_NONE") }

    static let mmapTable: [(UInt64, String)] = [
        (0x01, "MAP_SHARED"), (0x02, "MAP_PRIVATE"), (0x10, "MAP_FIXED"), (0x20, "MAP_ANONYMOUS"),
        (0x100, "MAP_GROWSDOWN"), (0x800, "MAP_DENYWRITE"), (0x1000, "MAP_EXECUTABLE"), (0x2000, "MAP_LOCKED"),
        (0x4000, "MAP_NORESERVE"), (0x8000, "MAP_POPULATE"), (0x10000, "MAP_NONBLOCK"), (0x20000, "MAP_STACK"),
        (0x40000, "MAP_HUGETLB"), (0x100000, "MAP_FIXED_NOREPLACE"),
    ]

    static func mmapFlags(_ v: UInt64) -> String { render(v, mmapTable) }

    static let cloneTable: [(UInt64, String)] = [
        (0x100, "CLONE_VM"), (0x200, "CLONE_FS"), (0x400, "CLONE_FILES"), (0x800, "CLONE_SIGHAND"), (0x1000, "CLONE_PIDFD"),
        (0x2000, "CLONE_PTRACE"), (0x4000, "CLONE_VFORK"), (0x8000, "CLONE_PARENT"), (0x10000, "CLONE_THREAD"),
        (0x20000, "CLONE_NEWNS"), (0x40000, "CLONE_SYSVSEM"), (0x80000, "CLONE_SETTLS"), (0x100000, "CLONE_PARENT_SETTID"),
        (0x200000, "CLONE_CHILD_CLEARTID"), (0x800000, "CLONE_UNTRACED"), (0x1000000, "CLONE_CHILD_SETTID"),
        (0x2000000, "CLONE_NEWCGROUP"), (0x4000000, "CLONE_NEWUTS"), (0x8000000, "CLONE_NEWIPC"), (0x10000000, "CLONE_NEWUSER"),
        (0x20000000, "CLONE_NEWPID"), (0x40000000, "CLONE_NEWNET"), (0x80000000, "CLONE_IO"), (0x80, "CLONE_NEWTIME"),
    ]

    /// Namespace-creating clone/unshare flags.
    static let namespaceMask: UInt64 = 0x20000 | 0x2000000 | 0x4000000 | 0x8000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x80

    static func cloneFlags(_ v: UInt64) -> String {
        let sig = v & 0xff
        var s = render(v & ~0xff, cloneTable, zero: "")
        if sig != 0 {
            let sn = signalName(Int32(sig))
            s = s.isEmpty ? sn : s + "|" + sn
        }
        return s.isEmpty ? "0" : s
    }

    static func family(_ v: UInt64) -> String {
        switch v {
        case 0: return "AF_UNSPEC"
        case 1: return "AF_UNIX"
        case 2: return "AF_INET"
        case 10: return "AF_INET6"
        case 16: return "AF_NETLINK"
        case 17: return "AF_PACKET"
        case 4: return "AF_IPX"
        case 5: return "AF_APPLETALK"
        case 38: return "AF_ALG"
        case 40: return "AF_VSOCK"
        case 44: return "AF_XDP"
        default: return "AF_\(v)"
        }
    }

    static func sockType(_ v: UInt64) -> String {
        let base: String
        switch v & 0xf {
        case 1: base = "SOCK_STREAM"
        case 2: base = "SOCK_DGRAM"
        case 3: base = "SOCK_RAW"
        case 4: base = "SOCK_RDM"
        case 5: base = "SOCK_SEQPACKET"
        case 10: base = "SOCK_PACKET"
        default: base = "SOCK_\(v & 0xf)"
        }
        var s = base
        if v & 0o4000 != 0 { s += "|SOCK_NONBLOCK" }
        if v & 0o2000000 != 0 { s += "|SOCK_CLOEXEC" }
        return s
    }

    static let signalNames: [Int: String] = [1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE",
                     9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM",
                     16: "SIGSTKFLT", 17: "SIGCHLD", 18: "SIGCONT", 19: "SIGSTOP", 20: "SIGTSTP", 21: "SIGTTIN", 22: "SIGTTOU",
                     23: "SIGURG", 24: "SIGXCPU", 25: "SIGXFSZ", 26: "SIGVTALRM", 27: "SIGPROF", 28: "SIGWINCH", 29: "SIGIO",
                     30: "SIGPWR", 31: "SIGSYS"]

    static func signalName(_ sig: Int32) -> String {
        if sig == 0 { return "0" }
        return signalNames[Int(sig)] ?? "SIG\(sig)"
    }

    static func ptraceRequest(_ v: UInt64) -> String {
        let names: [UInt64: String] = [0: "PTRACE_TRACEME", 1: "PTRACE_PEEKTEXT", 2: "PTRACE_PEEKDATA", 3: "PTRACE_PEEKUSER",
                                       4: "PTRACE_POKETEXT", 5: "PTRACE_POKEDATA", 6: "PTRACE_POKEUSER", 7: "PTRACE_CONT",
                                       8: "PTRACE_KILL", 9: "PTRACE_SINGLESTEP", 12: "PTRACE_GETREGS", 13: "PTRACE_SETREGS",
                                       16: "PTRACE_ATTACH", 17: "PTRACE_DETACH", 24: "PTRACE_SYSCALL", 0x4200: "PTRACE_SETOPTIONS",
                                       0x4206: "PTRACE_SEIZE", 0x4207: "PTRACE_INTERRUPT"]
        return names[v] ?? "PTRACE_\(v)"
    }

    static func prctlOption(_ v: UInt64) -> String {
        let names: [UInt64: String] = [1: "PR_SET_PDEATHSIG", 2: "PR_GET_PDEATHSIG", 3: "PR_GET_DUMPABLE", 4: "PR_SET_DUMPABLE",
                                       8: "PR_SET_KEEPCAPS", 15: "PR_SET_NAME", 16: "PR_GET_NAME", 21: "PR_GET_SECCOMP",
                                       22: "PR_SET_SECCOMP", 23: "PR_CAPBSET_READ", 24: "PR_CAPBSET_DROP", 36: "PR_SET_CHILD_SUBREAPER",
                                       38: "PR_SET_NO_NEW_PRIVS", 39: "PR_GET_NO_NEW_PRIVS",
                                       35: "PR_SET_MM", 47: "PR_CAP_AMBIENT", 0x59616d61: "PR_SET_PTRACER"]
        return names[v] ?? "PR_\(v)"
    }

    static func mode(_ v: UInt64) -> String { "0" + String(v & 0o7777, radix: 8) }
}
#endif
