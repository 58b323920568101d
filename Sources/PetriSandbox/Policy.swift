import Foundation

/// The sandbox half of a profile: identity, limits, network mode, bounds. Built by the Petri layer
/// from profiles/*.yaml; every field has the default documented in docs/profiles.md.
public struct SandboxPolicy: Sendable, Equatable {
    public var name: String = "default"
    public var hostname: String = "ws-lnx-0417"
    public var domainname: String = "corp.example"
    public var userName: String = "user"
    public var userFullName: String = "Alex Morgan"
    public var uid: UInt32 = 1000
    public var gid: UInt32 = 1000
    public var home: String = "/home/user"
    /// Runs the sample as uid 0 inside the user namespace (`--as-root`): still no capability over the
    /// host and every capability dropped, but the owner of the guest image's system files, so its
    /// writes to /etc, /usr, /var and /root land in the run's overlay and are recorded.
    public var asRoot: Bool = false
    public var workingDirectory: String = "/home/user/Downloads"
    public var timeoutSeconds: Double = 30
    /// Grace between SIGTERM-less kill of the pid namespace and giving up on it.
    public var killGraceSeconds: Double = 1
    public var maxSampleBytes: UInt64 = 256 << 20

    // rlimits (nil = leave the host's)
    public var rlimitNproc: UInt64? = 1024
    public var rlimitAS: UInt64? = 8 << 30
    public var rlimitFsize: UInt64? = 512 << 20
    public var rlimitNofile: UInt64? = 1024
    public var rlimitCPU: UInt64? = nil      // defaults to timeout + 5 s
    // cgroup limits (applied where the host allows: v1 memory/pids or v2)
    public var memoryLimitBytes: UInt64? = 1 << 30
    public var pidsLimit: UInt64? = 256
    /// Size of the writable layer (the overlay upper dirs of /home, /tmp, /var/tmp, /dev/shm together):
    /// they live on a tmpfs of this size, so a disk-filling sample gets ENOSPC instead of filling the
    /// host disk. nil = upper dirs on the artifacts filesystem, unbounded. Applied when petri runs as root.
    public var maxWritableBytes: UInt64? = 512 << 20
    /// Bytes of the sample's files copied into the artifacts folder per run (the kept upper layer and
    /// dropped/); past it files are listed (size, hash) but kept empty, with `limits_hit: artifacts`.
    public var maxArtifactsBytes: UInt64 = 1 << 30

    /// none | sinkhole
    public var networkMode: String = "sinkhole"
    public var resolverAddress: String = "127.0.0.1"

    // Event store bounds (exact counts are always kept).
    public var maxEvents: Int = 50_000
    public var maxEventsPerSyscall: Int = 5_000
    /// Captured stdout/stderr kept per stream.
    public var maxOutputBytes: UInt64 = 8 << 20

    /// Inside ids 0..65535 map to hostIdBase..hostIdBase+65535 (never host root).
    public var hostIdBase: UInt32 = 100_000

    public var environment: [String: String] = [:]
    /// Extra syscalls to deny (EPERM, recorded) or notify (recorded, allowed), on top of the built-ins.
    public var extraDenied: [String] = []
    public var extraNotified: [String] = []

    public init() {}

    public var hostUid: UInt32 { hostIdBase + uid }
    /// The ids the sample runs under inside the namespace.
    public var runUid: UInt32 { asRoot ? 0 : uid }
    public var runGid: UInt32 { asRoot ? 0 : gid }
    /// The user the sample's environment names.
    public var runUserName: String { asRoot ? "root" : userName }
    public var runHome: String { asRoot ? "/root" : home }
    public var hostGid: UInt32 { hostIdBase + gid }
}
