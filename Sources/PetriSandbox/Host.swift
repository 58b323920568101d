#if os(Linux)
import Foundation
import Glibc

/// Checked host-side calls for the sandbox's set-up: a call interrupted by a signal is retried, and a
/// failure is thrown as `SandboxError.host` naming the operation and the path (e.g.
/// `chown /run/x/upper/home to 100000:100000 failed: No such file or directory`), never ignored.
public enum Host {
    /// Runs `call` until it is not interrupted (EINTR); its result.
    @inlinable
    public static func retrying(_ call: () -> Int32) -> Int32 {
        var r: Int32
        repeat { r = call() } while r < 0 && errno == EINTR
        return r
    }

    /// Runs `call` (retrying EINTR) and throws the errno of a negative result with `operation`.
    public static func check(_ operation: @autoclosure () -> String, _ call: () -> Int32) throws {
        if retrying(call) < 0 {
            let e = errno
            throw SandboxError.host(operation: operation(), errno: e)
        }
    }

    /// chown(2): follows a symlink.
    public static func chown(_ path: String, _ uid: uid_t, _ gid: gid_t) throws {
        try check("chown \(path) to \(uid):\(gid)") { Glibc.chown(path, uid, gid) }
    }

    /// lchown(2): a symlink itself, not what it points to.
    public static func lchown(_ path: String, _ uid: uid_t, _ gid: gid_t) throws {
        try check("lchown \(path) to \(uid):\(gid)") { Glibc.lchown(path, uid, gid) }
    }

    public static func chmod(_ path: String, _ mode: mode_t) throws {
        try check("chmod \(path) to \(String(mode, radix: 8))") { Glibc.chmod(path, mode) }
    }

    /// fchmod(2) of an open file; `path` only names it in the error.
    public static func fchmod(_ fd: Int32, _ mode: mode_t, path: String) throws {
        try check("chmod \(path) to \(String(mode, radix: 8))") { Glibc.fchmod(fd, mode) }
    }
}
#endif
