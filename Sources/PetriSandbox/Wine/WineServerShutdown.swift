#if os(Linux)
import CSandbox
import Foundation
import Glibc

/// The registry of a Wine run lives in the wineserver's memory until the server exits (or its 30 s
/// periodic save): killing the sandbox at the timeout would lose what a sample that then hangs
/// (a Run key, then a MessageBox) wrote. So at the timeout the supervisor asks the run's own
/// wineserver to save and exit, waits a bounded grace, and only then kills the pid namespace.
///
/// How: SIGTERM, sent by the supervisor to each wineserver of the run. Wine's handler for it is
/// `flush_registry(); exit(1)` (server/signal.c), run from the server's main loop, so the hives are
/// written whole (to a temporary file, then renamed). `wineserver -k` would send SIGINT instead,
/// which first kills every Wine process and waits for them before saving. Signalling from outside
/// needs no helper entering the sandbox's namespaces with Wine's uid and environment: the
/// supervisor owns the run's user namespace. The servers are found among the sandbox init's
/// descendants (`/proc/PID/task/TID/children`) by comm, and each one is signalled through a pidfd
/// taken before checking that it is in the run's pid namespace, so a reused pid is never hit.
final class WineServerShutdown {
    /// Upper bound of the wait for the save (Wine 8.0 writes the 1.7 MB system.reg in ~0.1 s).
    static let graceSeconds = 1.0

    private var pidfds: [Int32] = []
    let requestedNs: UInt64
    let deadlineNs: UInt64
    private(set) var finishedNs: UInt64?

    /// Signals the run's wineservers (none found: nothing to wait for).
    init(initPid: Int32, now: UInt64) {
        requestedNs = now
        deadlineNs = now + UInt64(Self.graceSeconds * 1e9)
        var pidNs = stat()
        guard stat("/proc/\(initPid)/ns/pid", &pidNs) == 0 else { return }
        // Without CONFIG_PROC_CHILDREN there is no children file: every process is a candidate
        // (the pid namespace check below keeps the run's own).
        let candidates = access("/proc/\(initPid)/task/\(initPid)/children", R_OK) == 0 ? Self.descendants(of: initPid) : Self.allPids()
        for pid in candidates where Self.comm(pid)?.hasPrefix("wineserver") == true {
            var fd: Int32 = -1
            guard sbx_pidfd_open(pid, &fd) == 0 else { continue }
            var ns = stat()
            // After the pidfd: the pid still names a wineserver of this run, and the signal can
            // only reach that process.
            if stat("/proc/\(pid)/ns/pid", &ns) == 0, ns.st_ino == pidNs.st_ino, ns.st_dev == pidNs.st_dev,
               Self.comm(pid)?.hasPrefix("wineserver") == true, sbx_pidfd_signal(fd, SIGTERM) == 0 {
                pidfds.append(fd)
            } else {
                close(fd)
            }
        }
    }

    deinit { for fd in pidfds { close(fd) } }

    var signalled: Int { pidfds.count }

    /// True while a signalled server is still running and the grace has not run out.
    func pending(now: UInt64) -> Bool {
        if finishedNs != nil || pidfds.isEmpty { return false }
        let running = pidfds.contains { fd in
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            return poll(&p, 1, 0) == 0
        }
        if !running { finishedNs = now; return false }
        return now < deadlineNs
    }

    /// One line for the timeout record.
    var summary: String {
        if pidfds.isEmpty { return "no wineserver was running, nothing to save" }
        if let f = finishedNs { return String(format: "the wineserver saved the registry and exited in %.2f s", Double(f - requestedNs) / 1e9) }
        return String(format: "the wineserver did not exit within %.1f s (registry not saved)", Self.graceSeconds)
    }

    /// Every process below `root`, breadth first (bounded: the pids limit caps a run's tree anyway).
    static func descendants(of root: Int32, limit: Int = 4096) -> [Int32] {
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

    static func comm(_ pid: Int32) -> String? {
        readSmall("/proc/\(pid)/comm")?.trimmingCharacters(in: .newlines)
    }

    /// A /proc file (size 0 in stat) read with read(2).
    static func readSmall(_ path: String, cap: Int = 65536) -> String? {
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
