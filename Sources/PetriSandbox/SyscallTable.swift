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

/// The spec table's lists, by disposition (the seccomp filter, the supervisor and tests read them;
/// each syscall's own entry is in Syscalls/<family>.swift).
public enum SyscallCatalog {
    public static func category(of name: String) -> EventCategory { SyscallSpecs.spec(name).category }

    /// Denied with EPERM and recorded (sandbox escape, kernel attack surface, tamper).
    public static let denied: [String] = SyscallSpecs.names(.denied)

    /// Decided by the supervisor per call (flags, request).
    public static let conditional: [String] = SyscallSpecs.names(.conditional)

    /// Answered ENOSYS (clone3).
    public static let enosys: [String] = SyscallSpecs.names(.enosys)

    /// Recorded, then let through.
    public static let notified: [String] = SyscallSpecs.names(.notified)

    /// ioctl requests that inject input into a terminal, denied (SystemSyscalls.deniedIoctls).
    public static let deniedIoctls: [(request: UInt64, name: String)] = SystemSyscalls.deniedIoctls

    /// Notified only when PROT_EXEC is asked for (argument 2).
    public static let execMemory: [String] = SyscallSpecs.all.filter {
        if case .notifiedWhen(let tests) = $0.disposition { return tests.contains { $0.arg == 2 } }
        return false
    }.map(\.name)
}
#endif
