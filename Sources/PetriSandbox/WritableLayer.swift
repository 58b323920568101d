#if os(Linux)
import CSandbox
import Foundation
import Glibc
import PetriModel

extension Run {
    /// The bytes of `src` (symlinks followed by the kernel) into a new file `dst`.
    /// `dst` is bytes: the sample's name need not be UTF-8. The copy is made executable.
    static func copyContents(of src: String, to dstBytes: [UInt8]) throws {
        let dst = ByteText.display(dstBytes)
        let inFD = open(src, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard inFD >= 0 else { throw SandboxError.host(operation: "open sample \(src)", errno: errno) }
        defer { close(inFD) }
        let outFD = (dstBytes + [0]).withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600) }
        }
        guard outFD >= 0 else { throw SandboxError.host(operation: "create sample copy \(dst)", errno: errno) }
        defer { close(outFD) }
        try SandboxHost.fchmod(outFD, 0o755, path: dst)
        let buf = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buf.deallocate() }
        while true {
            let n = read(inFD, buf, 1 << 20)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw SandboxError.host(operation: "read sample \(src)", errno: errno) }
            if n == 0 { return }
            var done = 0
            while done < n {
                let w = write(outFD, buf + done, n - done)
                if w < 0 && errno == EINTR { continue }
                guard w > 0 else { throw SandboxError.host(operation: "write sample copy \(dst)", errno: w < 0 ? errno : ENOSPC) }
                done += w
            }
        }
    }

    /// Puts the overlay upper/work dirs on a tmpfs of policy.maxWritableBytes (source name
    /// petri-<pid> so a later run can sweep it if this supervisor is killed). Without root, or when
    /// the mount fails, the layers stay on the artifacts filesystem and the run notes it.
    func mountWritableLayer() {
        guard let size = policy.maxWritableBytes, getuid() == 0 else { return }
        let dir = runDir + "/rw"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        if mount("petri-\(getpid())", dir, "tmpfs", UInt(MS_NOSUID | MS_NODEV), "size=\(size),mode=0755") == 0 {
            rwDir = dir
            rwIsTmpfs = true
        } else {
            errors.append("writable layer not size-limited: mount tmpfs: \(String(cString: strerror(errno)))")
        }
    }
}

/// The size-limited writable layer: limit detection, copy-out, and the sweep of stale mounts.
enum WritableLayer {
    static func limitHit(_ dir: String, size: UInt64) -> LimitHit? {
        var s = statvfs()
        guard statvfs(dir, &s) == 0 else { return nil }
        let free = UInt64(s.f_bavail) * UInt64(s.f_frsize)
        let total = UInt64(s.f_blocks) * UInt64(s.f_frsize)
        // Full (less than 1 MiB or 1 % left) or out of inodes.
        if free < max(1 << 20, total / 100) || (s.f_files > 0 && s.f_favail == 0) {
            return LimitHit(limit: "disk", detail: "writable layer full: \(total - free) of \(size) bytes used (ENOSPC inside)")
        }
        return nil
    }

    /// Detaches tmpfs layers (source petri-<pid>) whose supervisor no longer exists.
    static func sweepStale() {
        guard let info = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return }
        for line in info.split(separator: "\n") {
            let parts = line.components(separatedBy: " - ")
            guard parts.count == 2 else { continue }
            let tail = parts[1].split(separator: " ")
            guard tail.count >= 2, tail[0] == "tmpfs", tail[1].hasPrefix("petri-"), let owner = Int32(tail[1].dropFirst(6)) else { continue }
            if owner == getpid() || kill(owner, 0) == 0 || errno == EPERM { continue }
            let fields = parts[0].split(separator: " ")
            guard fields.count >= 5 else { continue }
            let mountPoint = String(fields[4]).replacingOccurrences(of: "\\040", with: " ")
            umount2(mountPoint, Int32(MNT_DETACH))
        }
    }
}
#endif
