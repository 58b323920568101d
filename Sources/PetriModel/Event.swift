// The vocabulary of a run: what the sample attempted, as recorded by the supervisor.
// Pure value types (Codable, Sendable), no I/O.

/// One decoded argument value. Encodes as a plain JSON string, number, bool or array of strings.
public enum ArgValue: Codable, Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case list([String])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let v = try? c.decode(Int64.self) { self = .int(v); return }
        if let v = try? c.decode(Bool.self) { self = .bool(v); return }
        if let v = try? c.decode(String.self) { self = .string(v); return }
        if let v = try? c.decode([String].self) { self = .list(v); return }
        throw DecodingError.dataCorruptedError(in: c, debugDescription: "argument value must be a string, integer, bool or list of strings")
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .int(let i): try c.encode(i)
        case .bool(let b): try c.encode(b)
        case .list(let l): try c.encode(l)
        }
    }

    public var description: String {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return String(b)
        case .list(let l): return l.joined(separator: " ")
        }
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var intValue: Int64? { if case .int(let i) = self { return i }; return nil }
    public var listValue: [String]? { if case .list(let l) = self { return l }; return nil }
}

/// What kind of record an event is. Syscall events come from seccomp notifications; the others are
/// produced by the supervisor (process exit, limits) or by runners (Wine API trace, registry diff).
public enum EventKind: String, Codable, Sendable, CaseIterable {
    case syscall
    case processExit = "process_exit"
    case limit
    case api
    case registry
    case file
    case network
}

public enum EventCategory: String, Codable, Sendable, CaseIterable {
    case file, process, network, memory, ipc, system, evasion
}

/// The supervisor's answer to a notified syscall.
public enum EventAction: String, Codable, Sendable {
    /// Recorded, then executed by the kernel unchanged.
    case allowed
    /// Not executed; the sample got an error (EPERM, or ENOSYS for clone3).
    case denied
    /// Not executed; petri answered in its place (PTRACE_TRACEME returns 0).
    case emulated
    /// Seen but not a syscall decision (exit, limit, API trace, registry change).
    case observed
}

/// One recorded attempt.
public struct Event: Codable, Sendable, Hashable {
    /// Monotonic sequence number within the run, starting at 1.
    public var seq: UInt64
    /// Nanoseconds since the sandbox was started.
    public var timeNs: UInt64
    /// Thread-group id and thread id as seen inside the sandbox's pid namespace.
    public var pid: Int32
    public var tid: Int32
    public var ppid: Int32?
    /// Executable image of the process at the time (basename of its path, or Windows image under Wine).
    public var image: String?
    public var kind: EventKind
    /// Syscall name (for syscall events) or API/record name for others.
    public var name: String
    /// "x86_64" or "i386" for syscall events.
    public var arch: String?
    public var category: EventCategory
    public var args: [String: ArgValue]
    public var action: EventAction
    /// Errno name returned to the sample when denied (EPERM, ENOSYS).
    public var error: String?
    /// Set for events produced by a runner's own machinery (e.g. Wine start-up), not by the sample.
    public var runner: Bool?

    public init(seq: UInt64, timeNs: UInt64, pid: Int32, tid: Int32, ppid: Int32? = nil, image: String? = nil,
                kind: EventKind = .syscall, name: String, arch: String? = nil, category: EventCategory,
                args: [String: ArgValue] = [:], action: EventAction = .allowed, error: String? = nil, runner: Bool? = nil) {
        self.seq = seq; self.timeNs = timeNs; self.pid = pid; self.tid = tid; self.ppid = ppid; self.image = image
        self.kind = kind; self.name = name; self.arch = arch; self.category = category; self.args = args
        self.action = action; self.error = error; self.runner = runner
    }

    enum CodingKeys: String, CodingKey {
        case seq, timeNs = "time_ns", pid, tid, ppid, image, kind, name, arch, category, args, action, error, runner
    }

    public subscript(key: String) -> ArgValue? { args[key] }
    public var path: String? { args[ArgKey.path]?.stringValue }
}
