#if os(Linux)
import CSandbox
import Foundation
import Glibc
import PetriModel

/// cgroup memory and pids limits (v1 controllers or the v2 unified hierarchy), where the host allows,
/// and the kill of the run's whole tree at its end (`killAll`: cgroup.kill on v2, freeze + kill +
/// thaw on a v1 freezer, a kill loop over the pids or memory group otherwise).
final class CgroupLimiter {
    let dirs: [String]
    let v2: Bool
    let memory: UInt64?
    let pids: UInt64?
    /// v1 only: the run's freezer group, used by `killAll` so a fork bomb cannot outrun the kill.
    var freezer: String?

    static func create(name: String, memory: UInt64?, pids: UInt64?) -> CgroupLimiter? {
        if memory == nil && pids == nil { return nil }
        let fm = FileManager.default
        if fm.fileExists(atPath: "/sys/fs/cgroup/cgroup.controllers") {
            let dir = "/sys/fs/cgroup/" + name
            guard (try? fm.createDirectory(atPath: dir, withIntermediateDirectories: false)) != nil else { return nil }
            if let m = memory { try? "\(m)".write(toFile: dir + "/memory.max", atomically: false, encoding: .utf8); try? "0".write(toFile: dir + "/memory.swap.max", atomically: false, encoding: .utf8) }
            if let p = pids { try? "\(p)".write(toFile: dir + "/pids.max", atomically: false, encoding: .utf8) }
            return CgroupLimiter(dirs: [dir], v2: true, memory: memory, pids: pids)
        }
        var dirs: [String] = []
        if let m = memory, fm.fileExists(atPath: "/sys/fs/cgroup/memory/cgroup.procs") {
            let dir = "/sys/fs/cgroup/memory/" + name
            if (try? fm.createDirectory(atPath: dir, withIntermediateDirectories: false)) != nil {
                try? "\(m)".write(toFile: dir + "/memory.limit_in_bytes", atomically: false, encoding: .utf8)
                try? "\(m)".write(toFile: dir + "/memory.memsw.limit_in_bytes", atomically: false, encoding: .utf8)
                dirs.append(dir)
            }
        }
        if let p = pids, fm.fileExists(atPath: "/sys/fs/cgroup/pids/cgroup.procs") {
            let dir = "/sys/fs/cgroup/pids/" + name
            if (try? fm.createDirectory(atPath: dir, withIntermediateDirectories: false)) != nil {
                try? "\(p)".write(toFile: dir + "/pids.max", atomically: false, encoding: .utf8)
                dirs.append(dir)
            }
        }
        if dirs.isEmpty { return nil }
        let limiter = CgroupLimiter(dirs: dirs, v2: false, memory: memory, pids: pids)
        if fm.fileExists(atPath: "/sys/fs/cgroup/freezer/cgroup.procs") {
            let dir = "/sys/fs/cgroup/freezer/" + name
            if (try? fm.createDirectory(atPath: dir, withIntermediateDirectories: false)) != nil { limiter.freezer = dir }
        }
        return limiter
    }

    init(dirs: [String], v2: Bool, memory: UInt64?, pids: UInt64?) {
        self.dirs = dirs; self.v2 = v2; self.memory = memory; self.pids = pids
    }

    /// Moves the sandbox init into every controller before it is released; children inherit.
    func add(pid: Int32) -> String? {
        for d in dirs {
            do { try "\(pid)".write(toFile: d + "/cgroup.procs", atomically: false, encoding: .utf8) }
            catch { return "cgroup \(d): \(error.localizedDescription)" }
        }
        if let f = freezer, !Self.write(f + "/cgroup.procs", "\(pid)") { rmdir(f); freezer = nil }
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
            let left = Self.pids(in: group)
            if left.isEmpty { return true }
            if Sandbox.monotonicNs() >= deadline { return false }
            for pid in left { kill(pid, SIGKILL) }
            usleep(2_000)
        }
    }

    static func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    func limitsHit() -> [LimitHit] {
        var out: [LimitHit] = []
        for d in dirs {
            if d.contains("/pids/") || v2 {
                if let ev = Self.read(d + "/pids.events"),
                   let line = ev.split(separator: "\n").first(where: { $0.hasPrefix("max ") }),
                   let n = Int(line.dropFirst(4).trimmingCharacters(in: .whitespaces)), n > 0 {
                    out.append(LimitHit(limit: "pids", detail: "fork refused \(n) times at the pids limit (\(pids ?? 0))"))
                }
            }
            if d.contains("/memory/") {
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
            } else if v2, let ev = Self.read(d + "/memory.events") {
                var maxHits = 0, oom = 0
                for line in ev.split(separator: "\n") {
                    let f = line.split(separator: " ")
                    if f.count == 2, f[0] == "max" { maxHits = Int(f[1]) ?? 0 }
                    if f.count == 2, f[0] == "oom_kill" { oom = Int(f[1]) ?? 0 }
                }
                if maxHits > 0 || oom > 0 { out.append(LimitHit(limit: "memory", detail: "memory limit (\(memory ?? 0) bytes) reached \(maxHits) times, \(oom) processes OOM-killed")) }
            }
        }
        return out
    }

    func destroy() {
        for d in dirs + (freezer.map { [$0] } ?? []) {
            for _ in 0..<50 {
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
                for pid in pids(in: dir) { kill(pid, SIGKILL) }
                // a frozen group's killed tasks die only once thawed
                if root.hasSuffix("/freezer") { _ = write(dir + "/freezer.state", "THAWED") }
                for _ in 0..<50 { if rmdir(dir) == 0 { break }; usleep(10_000) }
            }
        }
    }
}
#endif
