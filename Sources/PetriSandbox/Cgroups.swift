#if os(Linux)
import CSandbox
import Foundation
import Glibc
import PetriModel

/// cgroup memory and pids limits (v1 controllers or the v2 unified hierarchy), where the host allows,
/// and the kill of the run's whole tree at its end (`killAll`: cgroup.kill on v2, freeze + kill +
/// thaw on a v1 freezer, a kill loop over the pids or memory group otherwise).
///
/// The memory limit is on a leaf group the sample's tree stays in, and the sandbox init leaves it
/// (`releaseInit`) once the sample exists and before it exec's (its execve waits for the supervisor).
/// A memory cgroup's OOM killer chooses among the group's members by resident size, and init, a
/// clone of the supervisor that never exec'd, is counted for every resident page of the supervisor:
/// in a large process it outweighed the sample's +1000 score and was killed, taking the record of
/// the sample's exit with it. (Lowering init's own score would need CAP_SYS_RESOURCE in the initial
/// user namespace.) init starts in the leaf so that its cgroup namespace, and so the sample's, is
/// rooted there: the sample sees "/" for every hierarchy.
///   v1: memory/petri-…/session-1.scope  the sample (limit)   memory/petri-…  init after release
///   v2: petri-… (pids.max, +memory)  petri-…/session-1.scope  the sample (memory.max)  petri-…/init.scope  init after release
final class CgroupLimiter {
    /// The groups init joins (v1: the memory parent and the pids group; v2: the run's group).
    let dirs: [String]
    let v2: Bool
    let memory: UInt64?
    let pids: UInt64?
    /// v1 only: the run's freezer group, used by `killAll` so a fork bomb cannot outrun the kill.
    var freezer: String?
    /// The group with the memory limit, which the sample's tree stays in (and init leaves).
    var sampleGroup: String?
    /// v2 only: init's leaf (a v2 group with children under a controller can hold no process).
    var initGroup: String?
    var setupError: String?
    /// A process of the run was still alive at the end of `killAll`'s bound.
    var stuck = false
    static let sampleLeaf = "session-1.scope", initLeaf = "init.scope"

    static func create(name: String, memory: UInt64?, pids: UInt64?) -> CgroupLimiter? {
        if memory == nil && pids == nil { return nil }
        let fm = FileManager.default
        func mkdir(_ d: String) -> Bool { (try? fm.createDirectory(atPath: d, withIntermediateDirectories: false)) != nil }
        if fm.fileExists(atPath: "/sys/fs/cgroup/cgroup.controllers") {
            let dir = "/sys/fs/cgroup/" + name
            guard mkdir(dir) else { return nil }
            if let p = pids { _ = write(dir + "/pids.max", "\(p)") }
            let limiter = CgroupLimiter(dirs: [dir], v2: true, memory: memory, pids: pids)
            if let m = memory {
                let leaf = dir + "/" + sampleLeaf, initLeaf = dir + "/" + initLeaf
                if mkdir(leaf), mkdir(initLeaf) {
                    limiter.sampleGroup = leaf; limiter.initGroup = initLeaf
                    if !write(dir + "/cgroup.subtree_control", "+memory") || !write(leaf + "/memory.max", "\(m)") {
                        limiter.setupError = "cgroup \(dir): memory controller: \(String(cString: strerror(errno))); memory limit not applied"
                    }
                    _ = write(leaf + "/memory.swap.max", "0")
                }
            }
            return limiter
        }
        var dirs: [String] = []
        var sampleGroup: String? = nil
        if let m = memory, fm.fileExists(atPath: "/sys/fs/cgroup/memory/cgroup.procs") {
            let dir = "/sys/fs/cgroup/memory/" + name
            if mkdir(dir) {
                dirs.append(dir)
                let leaf = dir + "/" + sampleLeaf
                if mkdir(leaf) {
                    _ = write(leaf + "/memory.limit_in_bytes", "\(m)")
                    _ = write(leaf + "/memory.memsw.limit_in_bytes", "\(m)")
                    sampleGroup = leaf
                }
            }
        }
        if let p = pids, fm.fileExists(atPath: "/sys/fs/cgroup/pids/cgroup.procs") {
            let dir = "/sys/fs/cgroup/pids/" + name
            if mkdir(dir) {
                _ = write(dir + "/pids.max", "\(p)")
                dirs.append(dir)
            }
        }
        if dirs.isEmpty { return nil }
        let limiter = CgroupLimiter(dirs: dirs, v2: false, memory: memory, pids: pids)
        limiter.sampleGroup = sampleGroup
        if fm.fileExists(atPath: "/sys/fs/cgroup/freezer/cgroup.procs") {
            let dir = "/sys/fs/cgroup/freezer/" + name
            if mkdir(dir) { limiter.freezer = dir }
        }
        return limiter
    }

    init(dirs: [String], v2: Bool, memory: UInt64?, pids: UInt64?) {
        self.dirs = dirs; self.v2 = v2; self.memory = memory; self.pids = pids
    }

    /// Every group of the run, leaves first.
    var allGroups: [String] { [sampleGroup, initGroup].compactMap { $0 } + dirs }

    /// Where init starts: the memory leaf in place of the memory parent (v1) or the run's group (v2).
    var startGroups: [String] {
        guard let leaf = sampleGroup else { return dirs }
        return v2 ? [leaf] : dirs.map { $0.hasPrefix("/sys/fs/cgroup/memory/") ? leaf : $0 }
    }

    /// Moves the sandbox init into every controller before it is released; children inherit.
    func add(pid: Int32) -> String? {
        if let e = setupError { return e }
        for d in startGroups {
            if !Self.write(d + "/cgroup.procs", "\(pid)") { return "cgroup \(d): \(String(cString: strerror(errno)))" }
        }
        if let f = freezer, !Self.write(f + "/cgroup.procs", "\(pid)") { rmdir(f); freezer = nil }
        return nil
    }

    /// Takes init out of the memory leaf, after the sample was forked there and before it exec's.
    /// What init was charged in the leaf (its setup) stays charged there; the sample's tree and
    /// everything it maps from its execve on is the leaf's alone, and the leaf's OOM killer can only
    /// choose among them. An error means init stayed in the leaf.
    func releaseInit(pid: Int32) -> String? {
        guard sampleGroup != nil, let target = v2 ? initGroup : dirs.first(where: { $0.hasPrefix("/sys/fs/cgroup/memory/") }) else { return nil }
        if !Self.write(target + "/cgroup.procs", "\(pid)") { return "cgroup \(target): moving init out of the memory limit: \(String(cString: strerror(errno)))" }
        return nil
    }

    static func write(_ path: String, _ text: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return text.withCString { Glibc.write(fd, $0, strlen($0)) } >= 0
    }

    static func pids(in dir: String) -> [Int32] {
        (read(dir + "/cgroup.procs") ?? "").split(separator: "\n").compactMap { Int32($0) }
    }

    /// Kills every process of the run, within `seconds`, however fast it forks: v2 writes
    /// cgroup.kill (the kernel kills the group atomically); v1 freezes the freezer group (no fork
    /// can complete while frozen), SIGKILLs what it holds and thaws it; without either, it SIGKILLs
    /// the members of the pids or memory group until none is left. True when the group is empty.
    /// Processes in uninterruptible sleep die when they wake: they are left to the kernel.
    @discardableResult
    func killAll(seconds: Double = 1) -> Bool {
        let deadline = Sandbox.monotonicNs() + UInt64(seconds * 1e9)
        guard let group = dirs.first else { return true }
        if v2, access(group + "/cgroup.kill", W_OK) == 0 { _ = Self.write(group + "/cgroup.kill", "1") }
        if let f = freezer {
            _ = Self.write(f + "/freezer.state", "FROZEN")
            // FREEZING until every task is frozen (a task in uninterruptible sleep can hold it there)
            while Sandbox.monotonicNs() < deadline, Self.read(f + "/freezer.state")?.hasPrefix("FROZEN") != true { usleep(1_000) }
            for pid in Self.pids(in: f) { kill(pid, SIGKILL) }
            _ = Self.write(f + "/freezer.state", "THAWED")
        }
        while true {
            let left = allGroups.flatMap { Self.pids(in: $0) }
            if left.isEmpty { stuck = false; return true }
            if Sandbox.monotonicNs() >= deadline { stuck = true; return false }
            for pid in left { kill(pid, SIGKILL) }
            usleep(2_000)
        }
    }

    static func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    func limitsHit() -> [LimitHit] {
        var out: [LimitHit] = []
        for d in dirs where d.contains("/pids/") || v2 {
            if let ev = Self.read(d + "/pids.events"),
               let line = ev.split(separator: "\n").first(where: { $0.hasPrefix("max ") }),
               let n = Int(line.dropFirst(4).trimmingCharacters(in: .whitespaces)), n > 0 {
                out.append(LimitHit(limit: "pids", detail: "fork refused \(n) times at the pids limit (\(pids ?? 0))"))
            }
        }
        // The memory limit is the sample's group's (init is outside it).
        guard memory != nil, let d = sampleGroup else { return out }
        if !v2 {
            func num(_ f: String) -> UInt64 { Self.read(d + "/" + f).flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0 }
            let failcnt = num("memory.failcnt"), maxUsage = num("memory.max_usage_in_bytes")
            var kills = 0
            if let oom = Self.read(d + "/memory.oom_control"),
               let line = oom.split(separator: "\n").first(where: { $0.hasPrefix("oom_kill ") }) {
                kills = Int(line.dropFirst(9)) ?? 0
            }
            if kills > 0 || failcnt > 0 || (memory.map { maxUsage >= $0 } ?? false) {
                out.append(LimitHit(limit: "memory", detail: "memory limit (\(memory ?? 0) bytes) reached: peak \(maxUsage) bytes, \(failcnt) failed charges, \(kills) processes OOM-killed"))
            }
        } else if let ev = Self.read(d + "/memory.events") {
            var maxHits = 0, oom = 0
            for line in ev.split(separator: "\n") {
                let f = line.split(separator: " ")
                if f.count == 2, f[0] == "max" { maxHits = Int(f[1]) ?? 0 }
                if f.count == 2, f[0] == "oom_kill" { oom = Int(f[1]) ?? 0 }
            }
            if maxHits > 0 || oom > 0 { out.append(LimitHit(limit: "memory", detail: "memory limit (\(memory ?? 0) bytes) reached \(maxHits) times, \(oom) processes OOM-killed")) }
        }
        return out
    }

    func destroy() {
        for d in allGroups + (freezer.map { [$0] } ?? []) {
            // a group whose task outlived the kill (uninterruptible sleep) cannot go: no waiting for it
            for _ in 0..<(stuck ? 1 : 50) {
                if rmdir(d) == 0 || errno == ENOENT { break }
                usleep(10_000)
            }
        }
    }

    /// Removes cgroups left by a petri supervisor that no longer exists (SIGKILLed mid-run).
    static func sweepStale() {
        let fm = FileManager.default
        for root in ["/sys/fs/cgroup/freezer", "/sys/fs/cgroup/memory", "/sys/fs/cgroup/pids", "/sys/fs/cgroup"] {
            guard let items = try? fm.contentsOfDirectory(atPath: root) else { continue }
            for item in items where item.hasPrefix("petri-") {
                let parts = item.split(separator: "-")
                guard parts.count >= 3, let owner = Int32(parts[1]) else { continue }
                if owner == getpid() { continue }
                if kill(owner, 0) == 0 || errno == EPERM { continue }  // owner alive
                let dir = root + "/" + item
                for sub in [dir + "/" + sampleLeaf, dir + "/" + initLeaf, dir] {
                    for pid in pids(in: sub) { kill(pid, SIGKILL) }
                }
                // a frozen group's killed tasks die only once thawed
                if root.hasSuffix("/freezer") { _ = write(dir + "/freezer.state", "THAWED") }
                for sub in [dir + "/" + sampleLeaf, dir + "/" + initLeaf, dir] where fm.fileExists(atPath: sub) {
                    for _ in 0..<50 { if rmdir(sub) == 0 { break }; usleep(10_000) }
                }
            }
        }
    }
}
#endif
