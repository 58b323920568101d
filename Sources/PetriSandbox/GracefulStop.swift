#if os(Linux)
import CSandbox
import Foundation
import Glibc

/// What the supervisor does at the timeout before it kills the pid namespace: nothing, or ask some of
/// the run's processes to finish their work (a loader's server saving its state, say) and wait a
/// bounded grace for them. The runner says which processes, which signal and what to call the result.
public enum TimeoutAction: Sendable, Equatable {
    /// Kill the pid namespace at once.
    case kill
    /// Signal the processes first (`GracefulStop`), then kill.
    case stopGracefully(GracefulStop.Request)
}

/// Signals, at the timeout, each process of the run whose name (comm) starts with a prefix, and
/// waits for them a bounded grace before the pid namespace is killed.
///
/// The processes are found among the sandbox init's descendants (`/proc/PID/task/TID/children`) by
/// comm, and each one is signalled through a pidfd taken before checking that it is in the run's pid
/// namespace, so a reused pid is never hit. Signalling from outside needs no helper entering the
/// sandbox's namespaces: the supervisor owns the run's user namespace.
public final class GracefulStop {
    public struct Request: Sendable, Equatable {
        /// Which processes: those whose comm starts with this.
        public var processPrefix: String
        public var signal: Int32
        /// Upper bound of the wait.
        public var graceSeconds: Double
        /// The timeout record's addendum when nothing matched, when all exited (a format with one
        /// `%.2f`: the seconds they took), and when the grace ran out.
        public var nothingRunning: String
        public var exitedFormat: String
        public var gaveUp: String
        public init(processPrefix: String, signal: Int32, graceSeconds: Double, nothingRunning: String, exitedFormat: String, gaveUp: String) {
            self.processPrefix = processPrefix; self.signal = signal; self.graceSeconds = graceSeconds
            self.nothingRunning = nothingRunning; self.exitedFormat = exitedFormat; self.gaveUp = gaveUp
        }
    }

    let request: Request
    private var pidfds: [Int32] = []
    let requestedNs: UInt64
    let deadlineNs: UInt64
    private(set) var finishedNs: UInt64?

    /// Signals the run's matching processes (none found: nothing to wait for).
    public init(initPid: Int32, now: UInt64, request: Request) {
        self.request = request
        requestedNs = now
        deadlineNs = now + UInt64(request.graceSeconds * 1e9)
        var pidNs = stat()
        guard stat("/proc/\(initPid)/ns/pid", &pidNs) == 0 else { return }
        // Without CONFIG_PROC_CHILDREN there is no children file: every process is a candidate
        // (the pid namespace check below keeps the run's own).
        let candidates = access("/proc/\(initPid)/task/\(initPid)/children", R_OK) == 0 ? Self.descendants(of: initPid) : Self.allPids()
        let prefix = request.processPrefix
        for pid in candidates where Self.comm(pid)?.hasPrefix(prefix) == true {
            var fd: Int32 = -1
            guard sbx_pidfd_open(pid, &fd) == 0 else { continue }
            var ns = stat()
            // After the pidfd: the pid still names a matching process of this run, and the signal
            // can only reach that process.
            if stat("/proc/\(pid)/ns/pid", &ns) == 0, ns.st_ino == pidNs.st_ino, ns.st_dev == pidNs.st_dev,
               Self.comm(pid)?.hasPrefix(prefix) == true, sbx_pidfd_signal(fd, request.signal) == 0 {
                pidfds.append(fd)
            } else {
                close(fd)
            }
        }
    }

    deinit { for fd in pidfds { close(fd) } }

    public var signalled: Int { pidfds.count }

    /// True while a signalled process is still running and the grace has not run out.
    public func pending(now: UInt64) -> Bool {
        if finishedNs != nil || pidfds.isEmpty { return false }
        let running = pidfds.contains { fd in
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            return poll(&p, 1, 0) == 0
        }
        if !running { finishedNs = now; return false }
        return now < deadlineNs
    }

    /// One line for the timeout record.
    public var summary: String {
        if pidfds.isEmpty { return request.nothingRunning }
        if let f = finishedNs { return String(format: request.exitedFormat, Double(f - requestedNs) / 1e9) }
        return request.gaveUp
    }

    /// Every process below `root`, breadth first (bounded: the pids limit caps a run's tree anyway).
    public static func descendants(of root: Int32, limit: Int = 4096) -> [Int32] {
        var out: [Int32] = []
        var queue: [Int32] = [root]
        var seen: Set<Int32> = [root]
        while let pid = queue.first, out.count < limit {
            queue.removeFirst()
            guard let tids = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { continue }
            for tid in tids {
                guard let text = readSmall("/proc/\(pid)/task/\(tid)/children") else { continue }
                for field in text.split(separator: " ") {
                    guard let child = Int32(field.trimmingCharacters(in: .whitespacesAndNewlines)), seen.insert(child).inserted else { continue }
                    out.append(child)
                    queue.append(child)
                }
            }
        }
        return out
    }

    static func allPids() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
    }

    public static func comm(_ pid: Int32) -> String? {
        readSmall("/proc/\(pid)/comm")?.trimmingCharacters(in: .newlines)
    }

    /// A /proc file (size 0 in stat) read with read(2).
    public static func readSmall(_ path: String, cap: Int = 65536) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buf = [UInt8](repeating: 0, count: cap)
        var len = 0
        while len < cap {
            let n = buf.withUnsafeMutableBytes { sbx_read_some(fd, $0.baseAddress! + len, cap - len) }
            if n <= 0 { break }
            len += n
        }
        return String(decoding: buf[0..<len], as: UTF8.self)
    }
}
#endif
