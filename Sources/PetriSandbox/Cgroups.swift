#if os(Linux)
import CSandbox
import Foundation
import Glibc
import PetriModel

/// cgroup memory and pids limits (v1 controllers or the v2 unified hierarchy), where the host allows.
final class CgroupLimiter {
    let dirs: [String]
    let v2: Bool
    let memory: UInt64?
    let pids: UInt64?

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
        return dirs.isEmpty ? nil : CgroupLimiter(dirs: dirs, v2: false, memory: memory, pids: pids)
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
        return nil
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
        for d in dirs {
            for _ in 0..<50 {
                if rmdir(d) == 0 || errno == ENOENT { break }
                usleep(10_000)
            }
        }
    }

    /// Removes cgroups left by a petri supervisor that no longer exists (SIGKILLed mid-run).
    static func sweepStale() {
        let fm = FileManager.default
        for root in ["/sys/fs/cgroup/memory", "/sys/fs/cgroup/pids", "/sys/fs/cgroup"] {
            guard let items = try? fm.contentsOfDirectory(atPath: root) else { continue }
            for item in items where item.hasPrefix("petri-") {
                let parts = item.split(separator: "-")
                guard parts.count >= 3, let owner = Int32(parts[1]) else { continue }
                if owner == getpid() { continue }
                if kill(owner, 0) == 0 || errno == EPERM { continue }  // owner alive
                let dir = root + "/" + item
                if let procs = read(dir + "/cgroup.procs") {
                    for p in procs.split(separator: "\n") { if let pid = Int32(p) { kill(pid, SIGKILL) } }
                }
                for _ in 0..<50 { if rmdir(dir) == 0 { break }; usleep(10_000) }
            }
        }
    }
}
#endif
