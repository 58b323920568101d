#if os(Linux)
import Foundation
import Glibc
import PetriModel
import Crypto

/// Turns the overlay upper directories into file changes. Never follows a symlink: every entry is
/// opened relative to its parent directory fd with O_NOFOLLOW, so a link the sample dropped that
/// points at a host path is reported as a symlink and its target is never read.
public struct OverlayCollector {
    /// Upper directory on the host → the sandbox path it is mounted at, and the lower directories
    /// (`:`-separated, top first, as in overlay's lowerdir) that tell a created file from a changed one.
    public var layers: [(upper: String, mountPoint: String, lower: String?)]
    public var artifactsDirectory: String?
    public var maxHashBytes: UInt64 = 256 << 20
    /// Bytes `dropped/` may take (shared with the kept upper layer); nil: unbounded.
    public var budget: ArtifactBudget?
    /// Paths (inside) to leave out, e.g. the sample's own copy.
    public var ignore: Set<String> = []

    public init(layers: [(upper: String, mountPoint: String, lower: String?)], artifactsDirectory: String?) {
        self.layers = layers
        self.artifactsDirectory = artifactsDirectory
    }

    public func collectFileChanges() -> [FileChange] {
        var out: [FileChange] = []
        for layer in layers {
            let fd = open(layer.upper, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if fd < 0 { continue }
            // The lower folders are walked by fd too (a guest image's /var has symlinks such as
            // run -> /run: a path lookup through one would ask the host's folders).
            let lowerPaths: [String] = layer.lower.map { $0.split(separator: ":").map(String.init) } ?? []
            var lowers: [Int32] = []
            for p in lowerPaths {
                let l = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                if l >= 0 { lowers.append(l) }
            }
            walk(dirfd: fd, insidePath: layer.mountPoint, lowerFDs: lowers, depth: 0, into: &out)
            for l in lowers { close(l) }
            close(fd)
        }
        return out.sorted { $0.path < $1.path }
    }

    private func walk(dirfd: Int32, insidePath: String, lowerFDs: [Int32], depth: Int, into out: inout [FileChange]) {
        guard depth < 64, let dir = fdopendir(dup(dirfd)) else { return }
        defer { closedir(dir) }
        var names: [String] = []
        while let ent = readdir(dir) {
            let name = withUnsafeBytes(of: ent.pointee.d_name) { raw -> String in
                let bytes = raw.bindMemory(to: UInt8.self)
                let len = bytes.firstIndex(of: 0) ?? bytes.count
                return String(decoding: bytes[0..<len], as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            names.append(name)
            if names.count > 100_000 { break }
        }
        for name in names.sorted() {
            let inside = insidePath == "/" ? "/" + name : insidePath + "/" + name
            var st = stat()
            if fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 { continue }
            let fmt = st.st_mode & S_IFMT
            let existedBelow = lowerFDs.contains { var ls = stat(); return fstatat($0, name, &ls, AT_SYMLINK_NOFOLLOW) == 0 }
            if fmt == S_IFCHR && st.st_rdev == 0 {
                // overlay whiteout: deleted
                out.append(FileChange(path: inside, change: .deleted, type: .other))
                continue
            }
            if ignore.contains(inside) { continue }
            let mode = "0" + String(st.st_mode & 0o7777, radix: 8)
            if fmt == S_IFDIR {
                if !existedBelow { out.append(FileChange(path: inside, change: .created, type: .directory, mode: mode)) }
                let sub = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                if sub >= 0 {
                    var lowerSubs: [Int32] = []
                    for l in lowerFDs {
                        let c = openat(l, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                        if c >= 0 { lowerSubs.append(c) }
                    }
                    walk(dirfd: sub, insidePath: inside, lowerFDs: lowerSubs, depth: depth + 1, into: &out)
                    for l in lowerSubs { close(l) }
                    close(sub)
                }
            } else if fmt == S_IFLNK {
                var buf = [CChar](repeating: 0, count: 4097)
                let n = readlinkat(dirfd, name, &buf, 4096)
                let target = n > 0 ? String(decoding: buf.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
                out.append(FileChange(path: inside, change: existedBelow ? .modified : .created, type: .symlink, mode: mode, symlinkTarget: target))
            } else if fmt == S_IFREG {
                out.append(regularFile(dirfd: dirfd, name: name, inside: inside, size: UInt64(st.st_size), mode: mode, existedBelow: existedBelow))
            } else {
                out.append(FileChange(path: inside, change: existedBelow ? .modified : .created, type: .other, mode: mode))
            }
        }
    }

    /// Opened beneath its folder with O_NOFOLLOW and checked after the open (fstat): what was named
    /// may have been swapped (for a symlink, a FIFO, a bigger file) since the listing, by a process of
    /// the run the kill has not ended yet. Only a regular file is read, and never past the size
    /// fstat gave, so the record's size is what was hashed.
    private func regularFile(dirfd: Int32, name: String, inside: String, size: UInt64, mode: String, existedBelow: Bool) -> FileChange {
        var change = FileChange(path: inside, change: existedBelow ? .modified : .created, type: .data, size: size, mode: mode)
        let fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return change }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { close(fd); change.type = .other; return change }
        let size = UInt64(st.st_size)
        change.size = size
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        let head = (try? handle.read(upToCount: Int(min(4096, size)))) ?? Data()
        change.type = FileTypeDetector.detect(head: head).type
        if size <= maxHashBytes {
            try? handle.seek(toOffset: 0)
            var hasher = SHA256()
            var kept = Data()
            let keep = artifactsDirectory != nil && (change.type == .elf || change.type == .pe || change.type == .script)
                && (budget?.take(size) ?? true)
            var left = size
            while left > 0, let chunk = try? handle.read(upToCount: Int(min(1 << 20, left))), !chunk.isEmpty {
                left -= UInt64(chunk.count)
                hasher.update(data: chunk)
                if keep { kept.append(chunk) }
            }
            change.size = size - left  // a file cut short meanwhile: what was read
            let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
            change.sha256 = digest
            if keep, let dir = artifactsDirectory {
                let dropped = dir + "/dropped"
                try? FileManager.default.createDirectory(atPath: dropped, withIntermediateDirectories: true)
                let dest = dropped + "/" + digest
                if !FileManager.default.fileExists(atPath: dest) {
                    FileManager.default.createFile(atPath: dest, contents: kept, attributes: [.posixPermissions: 0o600])
                }
                change.artifact = "dropped/" + digest
            }
        }
        return change
    }
}
#endif
