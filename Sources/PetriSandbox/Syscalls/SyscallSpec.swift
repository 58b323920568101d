#if os(Linux)
import Glibc
import PetriModel

/// Everything petri knows about one syscall, in one value: what the filter does with it, how its
/// event is categorised, the per-call rule and side effect, whether its events are always kept,
/// what is read from the sample before the answer, how its arguments are decoded and which
/// argument keys that decoder can emit. The specs live by family in this folder (File.swift,
/// Process.swift, ...); `SyscallSpecs` indexes them, and everything else (the BPF filter, the
/// supervisor's per-number tables, the decoder, the capture, the recorder) reads them from there.
struct SyscallSpec: Sendable {
    /// What the seccomp filter does with the syscall.
    enum Disposition: Sendable, Equatable {
        /// Recorded, then let through.
        case notified
        /// Not executed: the sample gets EPERM, and the attempt is recorded.
        case denied
        /// Not executed: ENOSYS (clone3, whose flags are behind a pointer: libc falls back to clone).
        case enosys
        /// Notified and decided per call, from the registers, by `rule`.
        case conditional
        /// Notified only when one of these argument tests holds (a filter rule per test); the
        /// kernel lets every other call through without waking the supervisor.
        case notifiedWhen([ArgTest])
        /// Not in the filter: decoded only when a profile notifies it or socketcall reaches it.
        case allowed
    }

    /// `args[arg] & mask == value`, compiled into the BPF program.
    struct ArgTest: Sendable, Equatable { var arg: Int; var mask: UInt64; var value: UInt64 }

    /// Syscalls whose verdict is decided per call, from their registers.
    enum Rule: Sendable { case none, clone, ptrace, personality, prctl, ioctl, socketcall }
    /// What a recorded syscall changes besides the event list.
    enum Effect: Sendable { case none, exec, fork, prctl, exitGroup, network }

    /// Renders the arguments of a call named `name` (one spec may cover several names: chown,
    /// lchown, chown32) into `args`, reading through the decoder.
    typealias Decode = @Sendable (_ d: SyscallDecoder, _ args: inout [String: ArgValue], _ name: String) -> Void

    var name: String
    var disposition: Disposition
    var category: EventCategory
    var rule: Rule = .none
    var effect: Effect = .none
    /// Kept even past the per-syscall bound: the process lifecycle and what a run's record can't do without.
    var alwaysKept = false
    /// Seen by the executable-memory capture before the answer (ExecMemoryCapture.observe).
    var execMemoryTrigger = false
    /// What is read from the sample before the answer when that is only paths and fd links (then the
    /// record is rendered after it); nil: the record needs more (argv, sockaddrs, structs) and is
    /// decoded in full before the answer.
    var capture: CaptureSpec?
    /// Every argument key `decode` can emit (a test checks the decoder against it, and that a rule
    /// naming each key loads).
    var keys: [String] = []
    var decode: Decode = { _, _, _ in }
}

extension SyscallSpec {
    /// One spec per name, sharing everything else (aliases: the 32-bit uid calls, chown/lchown).
    static func each(_ names: [String], _ disposition: Disposition, _ category: EventCategory, rule: Rule = .none,
                     effect: Effect = .none, alwaysKept: Bool = false, execMemoryTrigger: Bool = false,
                     capture: CaptureSpec?, keys: [String] = [], decode: @escaping Decode = { _, _, _ in }) -> [SyscallSpec] {
        names.map {
            SyscallSpec(name: $0, disposition: disposition, category: category, rule: rule, effect: effect, alwaysKept: alwaysKept,
                        execMemoryTrigger: execMemoryTrigger, capture: capture, keys: keys, decode: decode)
        }
    }

    /// Register-only record: nothing read from the sample's memory or /proc.
    static let registers = CaptureSpec()
    /// The path in argument `i` (resolved against the cwd).
    static func pathAt(_ i: Int) -> CaptureSpec { CaptureSpec(paths: [.init(arg: i, dirfd: nil)]) }
    /// The path in argument `i`, resolved against the directory fd in argument `dirfd`.
    static func pathAt(_ i: Int, dirfd: Int) -> CaptureSpec { CaptureSpec(paths: [.init(arg: i, dirfd: dirfd)]) }
    /// The /proc link of the fd in argument `i`.
    static func fdAt(_ i: Int) -> CaptureSpec { CaptureSpec(fd: i) }
}

/// The spec table: every family's specs, indexed by name.
enum SyscallSpecs {
    static let all: [SyscallSpec] = FileSyscalls.specs + ProcessSyscalls.specs + CredentialSyscalls.specs
        + NetworkSyscalls.specs + MemorySyscalls.specs + SystemSyscalls.specs + KernelSyscalls.specs

    static let byName: [String: SyscallSpec] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    static func named(_ name: String) -> SyscallSpec? { byName[name] }

    /// A syscall without a spec: allowed by the filter, category file, nothing decoded.
    static func unknown(_ name: String) -> SyscallSpec {
        SyscallSpec(name: name, disposition: .allowed, category: .file, capture: nil)
    }

    static func spec(_ name: String) -> SyscallSpec { byName[name] ?? unknown(name) }

    static func names(_ disposition: SyscallSpec.Disposition) -> [String] {
        all.filter { $0.disposition == disposition }.map(\.name)
    }

    /// Every argument key any syscall decoder can emit.
    static var argumentKeys: Set<String> { Set(all.flatMap(\.keys)) }
}

/// What a syscall's record reads from the sample when that is only paths and fd links: the
/// supervisor reads these before answering and renders the record after. Syscalls without one
/// (argv, sockaddrs, structs) are decoded in full before the answer.
struct CaptureSpec: Sendable, Equatable {
    struct PathArg: Sendable, Equatable { var arg: Int; var dirfd: Int? }
    var paths: [PathArg] = []
    /// An fd argument whose /proc link the record shows.
    var fd: Int? = nil

    /// The spec's capture for `name` (a test checks it against what the decoder reads).
    static func of(_ name: String) -> CaptureSpec? { SyscallSpecs.named(name)?.capture }
}
#endif
