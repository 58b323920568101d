#if os(Linux)
import Foundation
import PetriModel

/// Bounded event store with exact counters. Keeps every event until `maxEvents`; past
/// `maxPerSyscall` of one syscall, further events of that syscall are counted but elided.
/// Process lifecycle and denied events are always kept until twice `maxEvents`.
/// Syscalls are counted by a dense name id (`nameID(_:)`, resolved once per syscall number by the
/// supervisor), so the per-event path hashes no strings.
final class EventRecorder {
    private(set) var events: [Event] = []
    private var names: [String]
    private var ids: [String: Int]
    private var countByID: [UInt64]
    private var keptByID: [Int]
    private(set) var stats = EventStats()
    private let maxEvents: Int
    private let maxPerSyscall: Int
    private(set) var nextSeq: UInt64 = 1

    /// Names every run knows from the start (the supervisor's tables index them), built once.
    private static let knownIDs: [String: Int] = Dictionary(uniqueKeysWithValues: SupervisorLoop.baseNames.enumerated().map { ($1, $0) })

    init(maxEvents: Int, maxPerSyscall: Int) {
        names = SupervisorLoop.baseNames
        ids = Self.knownIDs
        countByID = [UInt64](repeating: 0, count: names.count)
        keptByID = [Int](repeating: 0, count: names.count)
        self.maxEvents = maxEvents
        self.maxPerSyscall = maxPerSyscall
        stats.maxEvents = UInt64(maxEvents)
        stats.maxPerSyscall = UInt64(maxPerSyscall)
        events.reserveCapacity(min(maxEvents, 4096))
    }

    /// Exact count per syscall name (both architectures together).
    var counts: [String: UInt64] {
        var out: [String: UInt64] = [:]
        for (id, n) in countByID.enumerated() where n > 0 { out[names[id]] = n }
        return out
    }

    func nameID(_ name: String) -> Int {
        if let id = ids[name] { return id }
        let id = names.count
        names.append(name); ids[name] = id; countByID.append(0); keptByID.append(0)
        return id
    }

    func takeSeq() -> UInt64 { defer { nextSeq += 1 }; return nextSeq }

    /// Kept even past the per-syscall bound: the process lifecycle and what the record of a run
    /// can't do without. The supervisor copies this into its per-number table.
    static let alwaysKept: Set<String> = ["execve", "execveat", "clone", "fork", "vfork", "exit_group", "memfd_create", "ptrace"]

    /// Whether the next event of this syscall will be kept (asked before its arguments are decoded:
    /// an event that won't be kept is counted without decoding).
    func keeps(nameID id: Int, important: Bool) -> Bool {
        if important { return events.count < 2 * maxEvents }
        return events.count < maxEvents && keptByID[id] < maxPerSyscall
    }

    /// Counts an event and keeps it (the caller asked `keeps` since the last event was recorded).
    func record(_ e: Event, nameID id: Int) {
        count(nameID: id)
        events.append(e)
        keptByID[id] += 1
        stats.recorded += 1
    }

    /// Counts an event that is not kept.
    func countElided(nameID id: Int) {
        count(nameID: id)
        stats.elided += 1
    }

    private func count(nameID id: Int) {
        stats.notified += 1
        countByID[id] += 1
    }

    func noteVanished() { stats.vanished += 1 }
}

/// Process tree built from notifications (host tid → sandbox pid), clone/execve/exit_group and
/// init's reap reports.
final class ProcessTracker {
    struct Task {
        var insideTid: Int32
        var insidePid: Int32
        var hostPid: Int32
    }

    private var tasks: [Int32: Task] = [:]          // host tid → ids
    private(set) var nodes: [Int32: ProcessNode] = [:] // inside pid → node
    private var order: [Int32] = []
    private var imageStale: Set<Int32> = []          // inside pids that exec'd since last image read
    private var lastClone: [Int32: UInt64] = [:]     // inside pid → seq of its latest clone/fork
    private var hostPidOf: [Int32: Int32] = [:]      // inside pid → host pid

    /// Resolves a host tid to (inside tid, inside pid, host pid, inside ppid) by reading /proc once per thread.
    func lookup(hostTid: Int32, now: UInt64) -> (tid: Int32, pid: Int32, ppid: Int32?) {
        if let t = tasks[hostTid] {
            if imageStale.contains(t.insidePid) { refreshImage(pid: t.insidePid, hostPid: t.hostPid) }
            return (t.insideTid, t.insidePid, nodes[t.insidePid]?.ppid)
        }
        let status = Self.readStatus(hostTid)
        let insideTid = status.nsTid ?? hostTid
        let hostTgid = status.tgid ?? hostTid
        var insidePid = insideTid
        if hostTgid != hostTid {
            if let t = tasks[hostTgid] { insidePid = t.insidePid }
            else { insidePid = Self.readStatus(hostTgid).nsTid ?? insideTid }
        }
        tasks[hostTid] = Task(insideTid: insideTid, insidePid: insidePid, hostPid: hostTgid)
        hostPidOf[insidePid] = hostTgid
        if nodes[insidePid] == nil {
            var ppid: Int32? = nil
            if let hp = status.ppidHost {
                if let t = tasks[hp] { ppid = t.insidePid } else { ppid = Self.readStatus(hp).nsTid }
            }
            let exe = SyscallDecoder.readlink("/proc/\(hostTgid)/exe") ?? ""
            var node = ProcessNode(pid: insidePid, ppid: ppid, image: exe.isEmpty ? status.name : Self.imageName(exe: exe, hostPid: hostTgid),
                                   path: exe.isEmpty ? nil : exe, startNs: now)
            if let pp = ppid, let seq = lastClone[pp] { node.createdBy = seq }
            nodes[insidePid] = node
            order.append(insidePid)
        }
        if imageStale.contains(insidePid) { refreshImage(pid: insidePid, hostPid: hostTgid) }
        return (insideTid, insidePid, nodes[insidePid]?.ppid)
    }

    func image(of pid: Int32) -> String? { nodes[pid]?.image }
    func hostPid(of pid: Int32) -> Int32? { hostPidOf[pid] }

    private func refreshImage(pid: Int32, hostPid: Int32) {
        imageStale.remove(pid)
        if let exe = SyscallDecoder.readlink("/proc/\(hostPid)/exe") {
            nodes[pid]?.image = Self.imageName(exe: exe, hostPid: hostPid)
            nodes[pid]?.path = exe
        }
    }

    /// Under Wine every Windows process runs the preloader; its comm is the Windows image name.
    static func imageName(exe: String, hostPid: Int32) -> String {
        let base = basename(exe)
        if base.hasPrefix("wine64-preloader") || base.hasPrefix("wine-preloader") || base == "wine64" {
            if let comm = try? String(contentsOfFile: "/proc/\(hostPid)/comm", encoding: .utf8) {
                let c = comm.trimmingCharacters(in: .whitespacesAndNewlines)
                if !c.isEmpty { return c }
            }
        }
        return base
    }

    func noteExec(pid: Int32, path: String?, argv: [String]) {
        imageStale.insert(pid)
        if let p = path { nodes[pid]?.execs.append(p) }
        if !argv.isEmpty { nodes[pid]?.argv = argv }
        // A thread that execs becomes the leader: forget cached threads of this process.
    }

    func noteRename(pid: Int32) { imageStale.insert(pid) }

    func noteClone(pid: Int32, seq: UInt64) { lastClone[pid] = seq }

    func noteExit(pid: Int32, code: Int32, now: UInt64) {
        guard nodes[pid] != nil else { return }
        if nodes[pid]?.exit == nil { nodes[pid]?.exit = ProcessExit(code: code, source: "exit_group") }
        nodes[pid]?.endNs = now
    }

    /// Init reaped `pid` (an orphan or the sample itself) with a wait status.
    func noteReaped(pid: Int32, status: Int32, now: UInt64) {
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        let sig = status & 0x7f
        if nodes[pid] == nil {
            nodes[pid] = ProcessNode(pid: pid, ppid: 1, image: "?", startNs: now)
            order.append(pid)
        }
        nodes[pid]?.exit = exited ? ProcessExit(code: code, source: "reaped") : ProcessExit(signal: sig, source: "reaped")
        if nodes[pid]?.endNs == nil { nodes[pid]?.endNs = now }
    }

    /// Processes still without an exit when the run ended were killed with the namespace.
    func finish(now: UInt64, timedOut: Bool) -> [ProcessNode] {
        var out: [ProcessNode] = []
        for pid in order {
            guard var n = nodes[pid] else { continue }
            // exec'd but never seen again: name it after what it exec'd
            if imageStale.contains(pid), let last = n.execs.last {
                n.image = Self.basename(last)
                n.path = last
            }
            if n.exit == nil {
                n.exit = ProcessExit(signal: 9, source: timedOut ? "timeout" : "teardown")
                n.endNs = now
            }
            out.append(n)
        }
        return out
    }

    static func basename(_ p: String) -> String {
        let s = p.hasSuffix(" (deleted)") ? String(p.dropLast(10)) : p
        return s.split(separator: "/").last.map(String.init) ?? s
    }

    struct Status { var name = ""; var tgid: Int32?; var nsTid: Int32?; var ppidHost: Int32? }

    static func readStatus(_ hostTid: Int32) -> Status {
        var st = Status()
        guard let text = try? String(contentsOfFile: "/proc/\(hostTid)/status", encoding: .utf8) else { return st }
        for line in text.split(separator: "\n") {
            if line.hasPrefix("Name:") { st.name = line.dropFirst(5).trimmingCharacters(in: .whitespaces) }
            else if line.hasPrefix("Tgid:") { st.tgid = Int32(line.dropFirst(5).trimmingCharacters(in: .whitespaces)) }
            else if line.hasPrefix("PPid:") { st.ppidHost = Int32(line.dropFirst(5).trimmingCharacters(in: .whitespaces)) }
            else if line.hasPrefix("NSpid:") {
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                if let last = fields.last { st.nsTid = Int32(last) }
            }
        }
        return st
    }
}
#endif
