#if os(Linux)
import PetriModel

/// The host as the sample sees it: sleeping (sandbox-aware timing), host name, limits, terminals,
/// the clock and the kernel log.
enum SystemSyscalls {
    typealias Spec = SyscallSpec

    /// ioctl requests that inject input into a terminal (TIOCSTI, TIOCLINUX): notified only for these
    /// request numbers (argument 1) and denied, so even a pty the sample owns can't be driven.
    static let deniedIoctls: [(request: UInt64, name: String)] = [(0x5412, "TIOCSTI"), (0x541C, "TIOCLINUX")]

    static let specs: [SyscallSpec] = [
        Spec.each(["nanosleep"], .notified, .system, capture: nil, keys: [ArgKey.durationNs]) { d, a, _ in
            if let ns = d.timespec(at: d.arg(0)) { a[ArgKey.durationNs] = .int(ns) }
        },
        Spec.each(["clock_nanosleep"], .notified, .system, capture: nil, keys: [ArgKey.clock, ArgKey.flags, ArgKey.durationNs], decode: clockNanosleep),
        // Categorised as before the spec table (file): kept so reports stay the same.
        Spec.each(["clock_nanosleep_time64"], .notified, .file, capture: nil, keys: [ArgKey.clock, ArgKey.flags, ArgKey.durationNs],
                  decode: clockNanosleep),
        Spec.each(["uname"], .notified, .system, capture: Spec.registers),
        Spec.each(["sethostname"], .notified, .system, capture: nil, keys: [ArgKey.hostname], decode: hostname),
        Spec.each(["setdomainname"], .denied, .system, capture: nil, keys: [ArgKey.hostname], decode: hostname),
        // Raising or lowering a limit (anti-analysis: no core dumps, a CPU limit). Category as before: file.
        Spec.each(["setrlimit", "prlimit64"], .notified, .file, capture: nil,
                  keys: [ArgKey.resource, ArgKey.targetPid, ArgKey.soft, ArgKey.hard]) { d, a, name in
            let setrlimit = name == "setrlimit"
            a[ArgKey.resource] = .string(SyscallDecoder.rlimitName(setrlimit ? d.arg(0) : d.arg(1)))
            if !setrlimit { a[ArgKey.targetPid] = .int(Int64(d.int32Arg(0))) }
            let ptr = setrlimit ? d.arg(1) : d.arg(2)
            if ptr != 0, let b = d.bytes(at: ptr, count: 16), b.count == 16 {
                let cur = SyscallDecoder.le64(b, 0), max = SyscallDecoder.le64(b, 8)
                a[ArgKey.soft] = .string(cur == UInt64.max ? "unlimited" : String(cur))
                a[ArgKey.hard] = .string(max == UInt64.max ? "unlimited" : String(max))
            }
        },
        Spec.each(["ioctl"], .notifiedWhen(deniedIoctls.map { .init(arg: 1, mask: 0xffff_ffff, value: $0.request) }), .system,
                  rule: .ioctl, capture: Spec.registers, keys: [ArgKey.fd, ArgKey.request]) { d, a, _ in
            a[ArgKey.fd] = .int(Int64(d.int32Arg(0)))
            let req = d.arg(1) & 0xffff_ffff
            a[ArgKey.request] = .string(deniedIoctls.first { $0.request == req }?.name ?? "0x" + String(req, radix: 16))
        },
        Spec.each(["clock_settime", "settimeofday", "adjtimex", "clock_adjtime", "syslog", "reboot"], .denied, .system, capture: nil),
        Spec.each(["vhangup"], .denied, .file, capture: nil),
    ].flatMap { $0 }

    static let clockNanosleep: SyscallSpec.Decode = { d, a, name in
        a[ArgKey.clock] = .int(Int64(d.int32Arg(0)))
        if d.arg(1) & 1 != 0 { a[ArgKey.flags] = .string("TIMER_ABSTIME") }
        if let ns = d.timespec(at: d.arg(2), time64: name.hasSuffix("time64")) { a[ArgKey.durationNs] = .int(ns) }
    }

    static let hostname: SyscallSpec.Decode = { d, a, _ in
        if let b = d.bytes(at: d.arg(0), count: Int(min(d.arg(1), 256))) { a[ArgKey.hostname] = .string(String(decoding: b, as: UTF8.self)) }
    }
}
#endif
