#if os(Linux)
import CSandbox
import Crypto
import Foundation
import Glibc
import PetriModel

/// Memory the sample made executable after writing it, read before the kernel applies the change:
/// the body a packer decodes into RW memory and then mprotects R+X is what YARA should see.
public struct CapturedMemory: Sendable {
    /// Sandbox pid of the process.
    public var pid: Int32
    public var timeNs: UInt64
    /// "mprotect", "pkey_mprotect", or "exit_group" / "execve" for an anonymous RWX mapping read
    /// when its process ended or replaced its image (the bytes it held then).
    public var trigger: String
    public var address: UInt64
    /// Length of the region as asked for (or as mapped); `bytes` may be shorter (cap, unreadable tail).
    public var length: UInt64
    public var prot: String
    public var bytes: Data
    public var truncated: Bool
    /// Why nothing (or less) could be read; the run goes on either way.
    public var error: String?
}

/// Called from the notification handler before it answers (the task is blocked, so the bytes are the
/// ones that become executable). Only PROT_EXEC mmap/mprotect calls reach the supervisor (a seccomp
/// argument filter keeps the rest in the kernel), and of those only anonymous or memfd regions are
/// read: ld.so's and a loader's file mappings are skipped after one look at /proc/PID/maps.
/// Evidence only: nothing is granted on what is read; a read failure is recorded, never fatal.
final class ExecMemoryCapture {
    static let maxRegionBytes = 16 << 20
    static let maxTotalBytes = 64 << 20
    static let maxRegions = 64
    /// Anonymous RWX regions read per process at its exit (a process of a PE loader has dozens, mostly empty).
    static let maxRegionsAtExit = 16

    private(set) var captured: [CapturedMemory] = []
    private(set) var totalBytes = 0
    /// Regions not read because a cap was reached.
    private(set) var skippedOverCap = 0
    /// Sandbox pids that mapped anonymous memory writable and executable at once: their RWX regions
    /// are read when they exit or exec (the fill comes after the mmap, and no syscall marks it).
    private var rwxMappers: Set<Int32> = []
    /// sha256 of content already captured (a packer may protect the same bytes twice).
    private var seen: Set<SHA256.Digest> = []

    private static let protWrite: UInt64 = 2, protExec: UInt64 = 4, mapAnonymous: UInt64 = 0x20
    /// PETRI_NO_EXEC_MEMORY=1 turns the capture off, only to measure what it costs (bench/).
    static let enabled = ProcessInfo.processInfo.environment["PETRI_NO_EXEC_MEMORY"] == nil

    /// Calls that did work (a maps read, a memory read) and the time they held the sample, for
    /// PETRI_DEBUG_TIMING.
    private(set) var workCalls = 0
    private(set) var workNs: UInt64 = 0

    /// `observe` is called for the syscalls whose spec sets `execMemoryTrigger` (mprotect,
    /// pkey_mprotect, mmap, mmap2, exit_group, execve, execveat): a bit of the supervisor's
    /// per-number table, so the handler copies registers only for these.
    func observe(name: String, hostTid: pid_t, pid: Int32, args: [UInt64], now: UInt64) {
        guard Self.enabled else { return }
        switch name {
        case "exit_group", "execve", "execveat":
            // Only processes that mapped anonymous RWX memory are read when they exit or exec.
            guard rwxMappers.contains(pid) else { return }
        case "mprotect", "pkey_mprotect": break
        case "mmap", "mmap2":
            work(name: name, hostTid: hostTid, pid: pid, args: args, now: now)  // notes the mapper only: not timed
            return
        default: return
        }
        let t0 = Sandbox.monotonicNs()
        defer { workCalls += 1; workNs += Sandbox.monotonicNs() - t0 }
        work(name: name, hostTid: hostTid, pid: pid, args: args, now: now)
    }

    private func work(name: String, hostTid: pid_t, pid: Int32, args: [UInt64], now: UInt64) {
        switch name {
        case "mprotect", "pkey_mprotect":
            guard args[2] & Self.protExec != 0, args[1] > 0 else { return }
            let start = args[0], length = args[1]
            guard let overlapping = Self.maps(hostTid, keep: { $0 < start &+ length && $1 > start }) else {
                record(CapturedMemory(pid: pid, timeNs: now, trigger: name, address: start, length: length, prot: Flags.prot(args[2]),
                                      bytes: Data(), truncated: false, error: "cannot read /proc/\(hostTid)/maps"))
                return
            }
            guard overlapping.contains(where: \.capturable) else { return }
            read(hostTid: hostTid, pid: pid, now: now, trigger: name, address: start, length: length, prot: Flags.prot(args[2]))
        case "mmap", "mmap2":
            if args[2] & (Self.protWrite | Self.protExec) == Self.protWrite | Self.protExec, args[3] & Self.mapAnonymous != 0 {
                rwxMappers.insert(pid)
            }
        case "exit_group", "execve", "execveat":
            guard rwxMappers.remove(pid) != nil, let maps = Self.maps(hostTid, keep: { _, _ in true }) else { return }
            var n = 0
            for m in maps where m.capturable && m.rwx && n < Self.maxRegionsAtExit {
                if read(hostTid: hostTid, pid: pid, now: now, trigger: name, address: m.start, length: m.end - m.start, prot: "PROT_READ|PROT_WRITE|PROT_EXEC") { n += 1 }
            }
        default: return
        }
    }

    /// Reads one region (capped); returns true when bytes were kept.
    @discardableResult
    private func read(hostTid: pid_t, pid: Int32, now: UInt64, trigger: String, address: UInt64, length: UInt64, prot: String) -> Bool {
        guard captured.count < Self.maxRegions, totalBytes < Self.maxTotalBytes else { skippedOverCap += 1; return false }
        let want = Int(min(length, UInt64(min(Self.maxRegionBytes, Self.maxTotalBytes - totalBytes))))
        var data = Data(count: want)
        var got = 0
        let rc = data.withUnsafeMutableBytes { sbx_read_memory(hostTid, address, $0.baseAddress, want, &got) }
        if rc != 0 && got == 0 {
            // EFAULT: nothing readable there (PROT_NONE reservations a loader commits later); not evidence.
            if rc != EFAULT {
                record(CapturedMemory(pid: pid, timeNs: now, trigger: trigger, address: address, length: length, prot: prot,
                                      bytes: Data(), truncated: false, error: "process_vm_readv: \(String(cString: strerror(rc)))"))
            }
            return false
        }
        data.count = got
        // A region never written holds zeros: nothing was unpacked there.
        if Self.allZero(data) { return false }
        if !seen.insert(SHA256.hash(data: data)).inserted { return false }
        totalBytes += got
        record(CapturedMemory(pid: pid, timeNs: now, trigger: trigger, address: address, length: length, prot: prot,
                              bytes: data, truncated: UInt64(got) < length, error: nil))
        return true
    }

    private func record(_ c: CapturedMemory) {
        guard captured.count < Self.maxRegions else { skippedOverCap += 1; return }
        captured.append(c)
    }

    static func allZero(_ d: Data) -> Bool {
        d.withUnsafeBytes { raw in
            let words = raw.count / 8
            let p = raw.baseAddress!
            for i in 0..<words where p.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self) != 0 { return false }
            for i in (words * 8)..<raw.count where raw[i] != 0 { return false }
            return true
        }
    }

    struct Mapping {
        var start: UInt64, end: UInt64
        var rwx: Bool
        /// Anonymous (no file: heap, stack, MAP_ANONYMOUS) or a memfd (fileless code): regions whose
        /// content the process itself wrote. File mappings are what ld.so and a PE loader map from disk.
        var capturable: Bool
    }

    /// The mappings of /proc/TID/maps that `keep` accepts (by start and end), parsed as bytes: a PE loader
    /// process has ~1000 lines and this runs while the sample waits. nil when the task is gone.
    static func maps(_ hostTid: pid_t, keep: (UInt64, UInt64) -> Bool) -> [Mapping]? {
        let fd = open("/proc/\(hostTid)/maps", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buf = [UInt8](repeating: 0, count: 256 << 10)
        var len = 0
        while true {
            if len == buf.count { buf += [UInt8](repeating: 0, count: buf.count) }
            let n = buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + len, $0.count - len) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            len += n
        }
        var out: [Mapping] = []
        buf.withUnsafeBufferPointer { b in
            var i = 0
            func hex() -> UInt64 {
                var v: UInt64 = 0
                while i < len {
                    let c = b[i]
                    let d: UInt8
                    switch c {
                    case 0x30...0x39: d = c - 0x30
                    case 0x61...0x66: d = c - 0x61 + 10
                    default: return v
                    }
                    v = v << 4 | UInt64(d); i += 1
                }
                return v
            }
            func skipField() { while i < len && b[i] != 0x20 && b[i] != 0x0a { i += 1 }; while i < len && b[i] == 0x20 { i += 1 } }
            func endOfLine() { while i < len && b[i] != 0x0a { i += 1 }; i += 1 }
            while i < len {
                let start = hex(); i += 1
                let end = hex(); i += 1
                guard keep(start, end), i + 4 <= len else { endOfLine(); continue }
                let rwx = b[i] == 0x72 && b[i + 1] == 0x77 && b[i + 2] == 0x78
                skipField()          // perms
                skipField()          // offset
                skipField()          // dev
                let inodeZero = i < len && b[i] == 0x30 && (i + 1 >= len || b[i + 1] == 0x20 || b[i + 1] == 0x0a)
                skipField()          // inode
                let memfd = i + 7 <= len && b[i] == 0x2f && b[i + 1] == 0x6d && b[i + 2] == 0x65 && b[i + 3] == 0x6d
                    && b[i + 4] == 0x66 && b[i + 5] == 0x64 && b[i + 6] == 0x3a   // "/memfd:"
                out.append(Mapping(start: start, end: end, rwx: rwx, capturable: inodeZero || memfd))
                endOfLine()
            }
        }
        return out
    }
}
#endif
