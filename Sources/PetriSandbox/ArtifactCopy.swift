#if os(Linux)
import CSandbox
import Foundation
import Glibc
import PetriSys

/// Bytes a run may write into its artifacts folder from the sample's files (the kept upper layer and
/// `dropped/`), so a bounded writable layer can't become an unbounded copy on the host.
public final class ArtifactBudget: @unchecked Sendable {
    public let limit: UInt64
    public private(set) var used: UInt64 = 0
    /// Bytes (of file data) that were not copied because the budget was spent.
    public private(set) var refused: UInt64 = 0
    public init(limit: UInt64) { self.limit = limit }
    /// Takes `n` bytes if they fit.
    public func take(_ n: UInt64) -> Bool {
        if n <= limit &- used && used <= limit { used += n; return true }
        refused &+= n
        return false
    }
}

/// Copies the overlay upper layer out of the run's tmpfs as what it is, and makes it safe on the host:
/// - iterative (a tree of any depth), every entry opened beneath its parent's fd (O_NOFOLLOW), so
///   no path is ever longer than one name and no symlink is followed;
/// - sparse files keep their holes (only SEEK_DATA extents are copied, the apparent size is set
///   with ftruncate), hard links stay links (each inode's data copied once);
/// - file data counts against the run's `ArtifactBudget`; a file that doesn't fit is kept empty at
///   its apparent size (a hole), never written densely;
/// - no set-uid, set-gid, sticky or group/other-writable mode, and every entry owned by the
///   invoking user (petri's real uid/gid), never by the id the sandbox mapped (the report's
///   `files[].mode` keeps the original mode).
enum ArtifactCopy {
    // Linux values (include/uapi/linux/fs.h); Glibc exports them only under _GNU_SOURCE.
    static let seekData: Int32 = 3
    static let seekHole: Int32 = 4
    /// Directories deeper than this are kept empty and closed (mode 0700), so fds stay bounded.
    static let maxDepth = 256
    /// Directories held open so later hard links to a file in them can be made (fds stay bounded).
    static let maxLinkDirs = 128

    struct Stats {
        var files = 0; var links = 0; var sparseHoles: UInt64 = 0; var truncatedFiles = 0; var tooDeep = 0
        /// Entries whose safe mode or owner could not be set (each left at the 0600/0700 it was created
        /// with, or removed when that was not safe either); reported in the run's errors.
        var unsafeEntries = 0
    }

    /// The mode and owner of a copied entry: both calls checked, a failure counted (never silent).
    static func settle(_ fd: Int32, mode: mode_t, _ uid: uid_t, _ gid: gid_t, _ stats: inout Stats) {
        if HostCall.retrying({ fchmod(fd, mode) }) != 0 || HostCall.retrying({ fchown(fd, uid, gid) }) != 0 { stats.unsafeEntries += 1 }
    }

    static func settleLink(_ dir: Int32, _ name: [CChar], _ uid: uid_t, _ gid: gid_t, _ stats: inout Stats) {
        if HostCall.retrying({ fchownat(dir, name, uid, gid, AT_SYMLINK_NOFOLLOW) }) != 0 { stats.unsafeEntries += 1 }
    }

    static func safeMode(_ m: mode_t, directory: Bool) -> mode_t {
        var safe = m & 0o0777 & ~mode_t(0o022)
        safe |= directory ? 0o700 : 0o600  // the owner (petri's user) can always read and clean up
        return safe
    }

    /// Copies `src` (a directory) to `dst` (created). Returns what it did; throws only when `dst` can't be made.
    static func copyTree(from src: String, to dst: String, budget: ArtifactBudget) throws -> Stats {
        var stats = Stats()
        let srcRoot = open(src, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard srcRoot >= 0 else { throw SandboxError.host(operation: "open \(src)", errno: errno) }
        guard mkdir(dst, 0o700) == 0 || errno == EEXIST else { let e = errno; close(srcRoot); throw SandboxError.host(operation: "mkdir \(dst)", errno: e) }
        let dstRoot = open(dst, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard dstRoot >= 0 else { let e = errno; close(srcRoot); throw SandboxError.host(operation: "open \(dst)", errno: e) }
        _ = sbx_copy_xattr(src, dst, "user.overlay.opaque")
        let uid = getuid(), gid = getgid()
        var inodes: [String: (dir: Int32, name: [CChar])] = [:]  // "dev:ino" of a multiply-linked file → its first copy
        // A directory being copied: its fds, its remaining names, and its mode to set when done.
        struct Frame { var src: Int32; var dst: Int32; var names: [[CChar]]; var mode: mode_t }
        var stack = [Frame(src: srcRoot, dst: dstRoot, names: names(srcRoot), mode: 0o700)]
        var keptDirFDs: [Int32] = []  // a hard link's first copy is named relative to its directory
        while !stack.isEmpty {
            guard let name = stack[stack.count - 1].names.popLast() else {
                let f = stack.removeLast()
                settle(f.dst, mode: f.mode, uid, gid, &stats)
                close(f.src)
                if !keptDirFDs.contains(f.dst) { close(f.dst) }
                continue
            }
            let s = stack[stack.count - 1].src, d = stack[stack.count - 1].dst
            var st = stat()
            guard fstatat(s, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                guard stack.count < maxDepth else {
                    stats.tooDeep += 1
                    if mkdirat(d, name, 0o700) == 0 { settleLink(d, name, uid, gid, &stats) }
                    continue
                }
                guard mkdirat(d, name, 0o700) == 0 || errno == EEXIST else { continue }
                let cs = openat(s, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                let cd = openat(d, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard cs >= 0, cd >= 0 else { if cs >= 0 { close(cs) }; if cd >= 0 { close(cd) }; continue }
                copyOpaque(cs, cd)
                stack.append(Frame(src: cs, dst: cd, names: names(cs), mode: safeMode(st.st_mode, directory: true)))
            case S_IFLNK:
                var buf = [CChar](repeating: 0, count: 4097)
                let n = readlinkat(s, name, &buf, 4096)
                guard n >= 0 else { continue }
                buf[n] = 0
                if symlinkat(buf, d, name) == 0 { settleLink(d, name, uid, gid, &stats) }
            case S_IFREG:
                let key = "\(st.st_dev):\(st.st_ino)"
                if st.st_nlink > 1, let first = inodes[key], linkat(first.dir, first.name, d, name, 0) == 0 {
                    stats.links += 1
                    continue
                }
                if copyFile(s, name, d, st: st, budget: budget, stats: &stats), st.st_nlink > 1,
                   keptDirFDs.contains(d) || keptDirFDs.count < maxLinkDirs {
                    inodes[key] = (d, name)
                    if !keptDirFDs.contains(d) { keptDirFDs.append(d) }
                }
            case S_IFCHR where st.st_rdev == 0:
                // an overlay whiteout: part of the record
                if mknodat(d, name, S_IFCHR | 0o000, 0) == 0 { settleLink(d, name, uid, gid, &stats) }
            default:
                continue  // fifos, sockets, devices: not part of the file record
            }
        }
        for fd in keptDirFDs { close(fd) }
        return stats
    }

    /// Data extents only; a file over the budget stays empty at its apparent size.
    /// The size and mode are the open file's (fstat after the open, which must be a regular file):
    /// the listing's may describe what the name held before a swap.
    static func copyFile(_ s: Int32, _ name: [CChar], _ d: Int32, st listed: stat, budget: ArtifactBudget, stats: inout Stats) -> Bool {
        let inFD = openat(s, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard inFD >= 0 else { return false }
        defer { close(inFD) }
        var st = stat()
        guard fstat(inFD, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_dev == listed.st_dev, st.st_ino == listed.st_ino else { return false }
        let outFD = openat(d, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard outFD >= 0 else { return false }
        defer { close(outFD) }
        stats.files += 1
        let size = off_t(st.st_size)
        // What would be written: the data extents (a sparse file's holes are not data).
        var extents: [(off_t, off_t)] = []
        var pos: off_t = 0
        while pos < size {
            let data = lseek(inFD, pos, seekData)
            if data < 0 { if errno == ENXIO { break }; extents = [(0, size)]; break }  // no SEEK_DATA: all data
            var hole = lseek(inFD, data, seekHole)
            if hole < 0 { hole = size }
            extents.append((data, off_t(hole - data)))
            pos = hole
        }
        let dataBytes = extents.reduce(UInt64(0)) { $0 + UInt64($1.1) }
        stats.sparseHoles += UInt64(size) - min(UInt64(size), dataBytes)
        if budget.take(dataBytes) {
            let buf = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 16)
            defer { buf.deallocate() }
            for (start, length) in extents {
                var off = start
                let end = start + length
                while off < end {
                    let n = pread(inFD, buf, min(1 << 20, Int(end - off)), off)
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { break }
                    var done = 0
                    while done < n {
                        let w = pwrite(outFD, buf + done, n - done, off + off_t(done))
                        if w < 0 && errno == EINTR { continue }
                        guard w > 0 else { break }
                        done += w
                    }
                    if done < n { break }
                    off += off_t(n)
                }
            }
        } else {
            stats.truncatedFiles += 1
        }
        ftruncate(outFD, size)
        settle(outFD, mode: safeMode(st.st_mode, directory: false), getuid(), getgid(), &stats)
        return true
    }

    static func names(_ dirfd: Int32) -> [[CChar]] {
        guard let dir = fdopendir(dup(dirfd)) else { return [] }
        defer { closedir(dir) }
        var out: [[CChar]] = []
        while let ent = readdir(dir) {
            let name = withUnsafeBytes(of: ent.pointee.d_name) { raw -> [CChar] in
                let b = raw.bindMemory(to: CChar.self)
                let len = b.firstIndex(of: 0) ?? b.count
                return Array(b[0..<len]) + [0]
            }
            if name == [0x2e, 0] || name == [0x2e, 0x2e, 0] { continue }
            out.append(name)
        }
        return out.reversed()
    }

    static func copyOpaque(_ s: Int32, _ d: Int32) {
        _ = sbx_copy_xattr("/proc/self/fd/\(s)", "/proc/self/fd/\(d)", "user.overlay.opaque")
    }

    /// For an upper layer kept by rename (same filesystem): the same modes and owners, in place.
    /// Returns how many entries could not be made safe; a regular file among them is removed (its
    /// mode could still carry set-id bits), a folder is left closed to everyone else (0700) when
    /// that works.
    @discardableResult
    static func sanitizeInPlace(_ root: String) -> Int {
        var unsafe = 0
        let uid = getuid(), gid = getgid()
        let top = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard top >= 0 else { return 1 }
        struct Frame { var fd: Int32; var names: [[CChar]]; var mode: mode_t }
        var stack = [Frame(fd: top, names: names(top), mode: 0o700)]
        while !stack.isEmpty {
            guard let name = stack[stack.count - 1].names.popLast() else {
                let f = stack.removeLast()
                if HostCall.retrying({ fchmod(f.fd, f.mode) }) != 0 || HostCall.retrying({ fchown(f.fd, uid, gid) }) != 0 { unsafe += 1 }
                close(f.fd)
                continue
            }
            let d = stack[stack.count - 1].fd
            var st = stat()
            guard fstatat(d, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            if HostCall.retrying({ fchownat(d, name, uid, gid, AT_SYMLINK_NOFOLLOW) }) != 0 {
                unsafe += 1
                if st.st_mode & S_IFMT != S_IFDIR { unlinkat(d, name, 0); continue }
            }
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                let c = openat(d, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard c >= 0 else { continue }
                if stack.count >= maxDepth {  // closed to everyone else
                    if HostCall.retrying({ fchmod(c, 0o700) }) != 0 { unsafe += 1 }
                    close(c)
                    continue
                }
                stack.append(Frame(fd: c, names: names(c), mode: safeMode(st.st_mode, directory: true)))
            case S_IFREG:
                // by fd, checked after the open: fchmodat follows a symlink swapped in meanwhile
                let f = openat(d, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
                guard f >= 0 else { continue }
                var fs = stat()
                if fstat(f, &fs) == 0, fs.st_mode & S_IFMT == S_IFREG,
                   HostCall.retrying({ fchmod(f, safeMode(fs.st_mode, directory: false)) }) != 0 {
                    unsafe += 1
                    unlinkat(d, name, 0)
                }
                close(f)
            default:
                continue
            }
        }
        return unsafe
    }
}
#endif
