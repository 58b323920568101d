#if os(Linux)
import Glibc
import PetriSys

extension SandboxError: SystemCallFailure {
    public init(operation: String, errno: Int32) { self = .host(operation: operation, errno: errno) }
}

/// The checked host calls (PetriSys.HostCall) as the sandbox's set-up uses them: failures are
/// `SandboxError.host`, printed as `<operation> failed: <reason>`.
public enum SandboxHost {
    public static func chown(_ path: String, _ uid: uid_t, _ gid: gid_t) throws(SandboxError) {
        try HostCall.chown(path, uid, gid, as: SandboxError.self)
    }
    public static func lchown(_ path: String, _ uid: uid_t, _ gid: gid_t) throws(SandboxError) {
        try HostCall.lchown(path, uid, gid, as: SandboxError.self)
    }
    public static func chmod(_ path: String, _ mode: mode_t) throws(SandboxError) {
        try HostCall.chmod(path, mode, as: SandboxError.self)
    }
    public static func fchmod(_ fd: Int32, _ mode: mode_t, path: String) throws(SandboxError) {
        try HostCall.fchmod(fd, mode, path: path, as: SandboxError.self)
    }
}
#endif
