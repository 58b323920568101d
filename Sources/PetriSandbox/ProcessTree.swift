#if os(Linux)
import CSandbox
import Foundation
import Glibc
import PetriModel

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
    /// The plan's loaders, whose processes are named by their comm.
    let loaderImages: Set<String>
    let loaderImagePrefixes: [String]

    init(loaderImages: Set<String> = [], loaderImagePrefixes: [String] = []) {
        self.loaderImages = loaderImages; self.loaderImagePrefixes = loaderImagePrefixes
    }

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
            var node = ProcessNode(pid: insidePid, ppid: ppid, image: exe.isEmpty ? status.name : imageName(exe: exe, hostPid: hostTgid),
                                   path: exe.isEmpty ? nil : exe, startNs: now)
            if let client = adoptedBy[insidePid] { node.ppid = client }
            else if let pp = ppid, ownPids.contains(pp) { node.ppid = nil }
            if let pp = node.ppid, let seq = lastClone[pp] { node.createdBy = seq }
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
            nodes[pid]?.image = imageName(exe: exe, hostPid: hostPid)
            nodes[pid]?.path = exe
        }
    }

    /// A process running a loader (the plan's) is named by its comm: the image the loader runs.
    func imageName(exe: String, hostPid: Int32) -> String {
        let base = Self.basename(exe)
        if loaderImages.contains(base) || loaderImagePrefixes.contains(where: { base.hasPrefix($0) }) {
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
    /// petri's own processes in the sandbox (the sudo broker): never nodes of the tree.
    private(set) var ownPids: Set<Int32> = []
    /// Inside pid → the process that asked for it (a command the sudo broker started for a sudo client).
    private var adoptedBy: [Int32: Int32] = [:]

    func noteOwn(pid: Int32) { ownPids.insert(pid) }

    /// The broker's child `hostTid`, before its execve, names the sudo client it runs for: its node
    /// (made at the execve) is the client's child, not the broker's.
    func noteAdopted(hostTid: Int32, by client: Int32) {
        let inside = Self.readStatus(hostTid).nsTid ?? hostTid
        adoptedBy[inside] = client
    }

    func noteReaped(pid: Int32, status: Int32, now: UInt64) {
        if ownPids.contains(pid) { return }
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
