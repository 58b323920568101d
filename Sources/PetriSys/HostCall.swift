#if os(Linux)
import Glibc

/// An error a checked host call can throw: each layer names its own type (the sandbox's
/// `SandboxError.host`, the simulated internet's `NetworkSetupError`) so the user's line says which
/// stage failed, while the retry and the errno handling live here once.
public protocol SystemCallFailure: Error {
    init(operation: String, errno: Int32)
}

/// Checked host-side calls for petri's set-up (the sandbox's mounts and folders, the simulated
/// internet's sockets): a call interrupted by a signal is retried, and a failure is thrown as the
/// caller's error type naming the operation and the path (e.g. `chown /run/x/upper/home to
/// 100000:100000 failed: No such file or directory`), never ignored.
public enum HostCall {
    /// Runs `call` until it is not interrupted (EINTR); its result.
    @inlinable
    public static func retrying(_ call: () -> Int32) -> Int32 {
        var r: Int32
        repeat { r = call() } while r < 0 && errno == EINTR
        return r
    }

    /// Runs `call` (retrying EINTR) and throws the errno of a negative result as `E` with `operation`.
    public static func check<E: SystemCallFailure>(_ operation: @autoclosure () -> String, as _: E.Type, _ call: () -> Int32) throws(E) {
        if retrying(call) < 0 {
            let e = errno
            throw E(operation: operation(), errno: e)
        }
    }

    /// For calls that return an errno instead of setting it (0 is success; the C shim's style, whose
    /// functions retry what they can themselves and are not assumed repeatable): any code but 0 is thrown as `E`.
    public static func checkCode<E: SystemCallFailure>(_ operation: @autoclosure () -> String, as _: E.Type, _ rc: Int32) throws(E) {
        if rc != 0 { throw E(operation: operation(), errno: rc) }
    }

    /// chown(2): follows a symlink.
    public static func chown<E: SystemCallFailure>(_ path: String, _ uid: uid_t, _ gid: gid_t, as e: E.Type) throws(E) {
        try check("chown \(path) to \(uid):\(gid)", as: e) { Glibc.chown(path, uid, gid) }
    }

    /// lchown(2): a symlink itself, not what it points to.
    public static func lchown<E: SystemCallFailure>(_ path: String, _ uid: uid_t, _ gid: gid_t, as e: E.Type) throws(E) {
        try check("lchown \(path) to \(uid):\(gid)", as: e) { Glibc.lchown(path, uid, gid) }
    }

    public static func chmod<E: SystemCallFailure>(_ path: String, _ mode: mode_t, as e: E.Type) throws(E) {
        try check("chmod \(path) to \(String(mode, radix: 8))", as: e) { Glibc.chmod(path, mode) }
    }

    /// fchmod(2) of an open file; `path` only names it in the error.
    public static func fchmod<E: SystemCallFailure>(_ fd: Int32, _ mode: mode_t, path: String, as e: E.Type) throws(E) {
        try check("chmod \(path) to \(String(mode, radix: 8))", as: e) { Glibc.fchmod(fd, mode) }
    }
}
#endif
