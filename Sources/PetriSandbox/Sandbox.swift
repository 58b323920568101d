#if os(Linux)
import CSandbox
import Foundation
import Glibc
import PetriModel

/// A typed failure with the operation that failed; `description` is the line the user sees.
public enum SandboxError: Error, CustomStringConvertible, Equatable {
    case setup(stage: String, errno: Int32)
    case host(operation: String, errno: Int32)
    case invalid(String)

    public var description: String {
        switch self {
        case .setup(let stage, let e): return "sandbox setup failed at \(stage): \(String(cString: strerror(e)))"
        case .host(let op, let e): return "\(op) failed: \(String(cString: strerror(e)))"
        case .invalid(let m): return m
        }
    }
}

/// What the sandbox is asked to run.
public struct LaunchRequest: Sendable {
    /// Host path of the sample (copied in, never executed in place).
    public var samplePath: String
    /// File name inside the sandbox (the sample's original name).
    public var sampleName: String
    /// The exact bytes of that name when they are not valid UTF-8 (`sampleName` is then only its
    /// decoded form): the in-sandbox copy and argv[0] carry these bytes, so a sample that checks its
    /// own name (argv[0], /proc/self/exe) sees it unchanged. Native and script runs; Wine runs use
    /// `sampleName` (Windows names are UTF-16, and the launch script is text).
    public var rawSampleName: [UInt8]?
    /// argv[0] is the sandbox path of the program to exec; for a script this is the sample itself (the
    /// kernel runs its shebang interpreter).
    public var arguments: [String]
    public var policy: SandboxPolicy
    /// Host folder for stdout.txt, stderr.txt, dropped/ and upper/.
    public var artifactsDirectory: String
    /// Optional host folder whose contents seed the guest home (decoys). Copied, never modified.
    public var homeSeed: String?
    /// Wine runs: optional host folder whose contents seed `drive_c` of the prefix (per-run Windows
    /// decoys with fresh canaries), in the run's own lower layer above the shared template, so the
    /// files are visible at their Windows paths but are not changes of the run. Copied, never modified.
    public var wineSeed: String?
    /// Called after the namespaces exist and before the sample starts, with an fd of the sandbox's
    /// network namespace (the simulated internet binds its services there).
    /// The second argument is the run's clock origin (CLOCK_MONOTONIC ns) so records made there
    /// share the events' time base.
    public var onNetworkNamespace: (@Sendable (Int32, UInt64) throws -> Void)?
    /// Called from the supervision loop about every 100 ms with (elapsed s, processes, events).
    public var onProgress: (@Sendable (Double, Int, UInt64) -> Void)?
    /// Set to true (from any thread) to end the run early, as on Ctrl-C; the record is kept.
    public var cancel: CancelFlag?
    /// Set for Windows samples: the run uses the Wine template as a lower layer (docs/wine.md).
    public var wine: WineLaunch?

    public init(samplePath: String, sampleName: String, arguments: [String] = [], policy: SandboxPolicy, artifactsDirectory: String) {
        self.samplePath = samplePath; self.sampleName = sampleName; self.arguments = arguments
        self.policy = policy; self.artifactsDirectory = artifactsDirectory
    }

    public var insideSamplePath: String {
        wine != nil ? WineLayout.sampleDirectory + "/" + sampleName : policy.workingDirectory + "/" + sampleName
    }

    /// The name's bytes: `rawSampleName` for native and script runs when set, else `sampleName`.
    public var sampleNameBytes: [UInt8] { wine == nil ? rawSampleName ?? Array(sampleName.utf8) : Array(sampleName.utf8) }

    /// `insideSamplePath` byte for byte (what execve gets as path and argv[0]).
    public var insideSamplePathBytes: [UInt8] {
        Array((wine != nil ? WineLayout.sampleDirectory : policy.workingDirectory).utf8) + [UInt8(ascii: "/")] + sampleNameBytes
    }

    /// `insideSamplePath` for the report: bytes that are not UTF-8 as \xNN, as the syscall decoder shows them.
    public var insideSamplePathDisplay: String { ByteText.display(insideSamplePathBytes) }
}

/// What a Wine run needs besides the Linux set-up.
public struct WineLaunch: Sendable {
    public var templatePath: String
    public var installation: WineInstallation
    public var apiTrace: WineRunRecipe.APITrace
    /// Patched builtins (ntdll without the wine_get_* exports) bound read-only over the originals.
    public var hiddenExports: [WineExportPatcher.PatchedFile]
    public init(templatePath: String, installation: WineInstallation, apiTrace: WineRunRecipe.APITrace = .standard,
                hiddenExports: [WineExportPatcher.PatchedFile] = []) {
        self.templatePath = templatePath; self.installation = installation; self.apiTrace = apiTrace
        self.hiddenExports = hiddenExports
    }
}

public final class CancelFlag: @unchecked Sendable {
    private var value = false
    private let lock = NSLock()
    public init() {}
    public func set() { lock.lock(); value = true; lock.unlock() }
    public var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}

/// Everything a run recorded.
public struct SandboxResult: Sendable {
    public var outcome: RunOutcome
    public var timeoutHit: Bool
    public var limitsHit: [LimitHit]
    public var errors: [String]
    public var events: [Event]
    public var eventStats: EventStats
    public var syscallCounts: [String: UInt64]
    public var processes: [ProcessNode]
    public var files: [FileChange]
    public var denied: [DeniedSyscall]
    public var attempts: [NetworkAttempt]
    public var output: OutputCapture
    public var durationMs: Double
    public var setupMs: Double
    public var startedAt: Date
    /// Clock origin of event times (CLOCK_MONOTONIC ns), for records made by other components.
    public var monotonicStartNs: UInt64
    public var upperDirectory: String?
    public var syncWakeup: Bool
    /// Memory the sample made executable after writing it (ExecMemoryCapture), bounded.
    public var execMemory: [CapturedMemory] = []
    /// Host path of each dropped regular file in the kept upper layers, by guest path.
    public var upperFiles: [String: String] = [:]
}

public enum Sandbox {
    /// Runs the request to completion (exit of the whole tree, timeout, or cancel) and returns what
    /// was recorded. Setup failures are returned as `.setupFailed` outcomes, not thrown, so a report
    /// can still be written; only invalid requests throw.
    public static func run(_ request: LaunchRequest) throws -> SandboxResult {
        sweepOnce()
        let run = try Run(request: request)
        return run.execute()
    }

    private static let sweepLock = NSLock()
    nonisolated(unsafe) private static var swept = false
    /// A supervisor killed with SIGKILL leaves its cgroups behind; the next run removes them.
    /// (Processes, mounts and overlays die with their namespaces by construction.)
    static func sweepOnce() {
        sweepLock.lock(); defer { sweepLock.unlock() }
        if swept { return }
        swept = true
        CgroupLimiter.sweepStale()
        WritableLayer.sweepStale()
        Run.sweepStaleRunDirectories()
    }

    public static func monotonicNs() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}

// MARK: - one run

final class Run {
    let request: LaunchRequest
    let policy: SandboxPolicy
    let runDir: String
    /// Where the overlay upper and work dirs live: runDir, or a size-limited tmpfs under it.
    var rwDir: String
    var rwIsTmpfs = false
    let artifacts: String
    var errors: [String] = []
    var limitsHit: [LimitHit] = []
    let recorder: EventRecorder
    let tracker = ProcessTracker()
    var denied: [DeniedSyscall] = []
    var attempts: [NetworkAttempt] = []
    let execMemory = ExecMemoryCapture()
    var start: UInt64 = 0
    let startedAt = Date()
    var cgroup: CgroupLimiter?

    static let overlayNames: [(name: String, mount: String, mode: UInt16)] = [
        ("home", "/home", 0o755), ("tmp", "/tmp", 0o1777), ("var_tmp", "/var/tmp", 0o1777), ("dev_shm", "/dev/shm", 0o1777),
    ]

    init(request: LaunchRequest) throws {
        self.request = request
        self.policy = request.policy
        self.artifacts = request.artifactsDirectory
        SupervisorLoop.prepareTables()
        self.recorder = EventRecorder(maxEvents: policy.maxEvents, maxPerSyscall: policy.maxEventsPerSyscall)
        try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        // The run folder lives under a runtime root every mapped id can traverse (an artifacts folder
        // under a 0700 parent such as /root would make the mounts fail), named by the owner pid so a
        // later run can sweep it if this supervisor is killed.
        let root = Self.runtimeRoot()
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o711])
        chmod(root, 0o711)
        let base = root + "/\(getpid())-\(UUID().uuidString.prefix(12).lowercased())"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o711])
        chmod(base, 0o711)
        self.runDir = base
        self.rwDir = base
    }

    static func runtimeRoot() -> String {
        let env = ProcessInfo.processInfo.environment
        if let r = env["PETRI_RUNTIME_DIR"], !r.isEmpty { return r }
        return getuid() == 0 ? "/var/tmp/petri-runs" : NSTemporaryDirectory() + "petri-runs-\(getuid())"
    }

    /// Run folders of supervisors that no longer exist (mounts under them are swept first).
    static func sweepStaleRunDirectories() {
        let root = runtimeRoot()
        guard let items = try? FileManager.default.contentsOfDirectory(atPath: root) else { return }
        for item in items {
            guard let owner = Int32(item.split(separator: "-").first ?? ""), owner != getpid() else { continue }
            if kill(owner, 0) == 0 || errno == EPERM { continue }
            try? FileManager.default.removeItem(atPath: root + "/" + item)
        }
    }

    // MARK: host preparation

    func prepareHost() throws -> (mounts: [MountSpec], upperLayers: [(String, String, String?)]) {
        let fm = FileManager.default
        let hostRoot = policy.hostIdBase
        let hostUser = policy.hostUid
        for d in ["root", "lower", "lower/empty"] {
            try fm.createDirectory(atPath: runDir + "/" + d, withIntermediateDirectories: true)
        }
        mountWritableLayer()
        for d in ["upper", "work"] { try fm.createDirectory(atPath: rwDir + "/" + d, withIntermediateDirectories: true) }
        // The guest home: seed (decoys) + the sample, owned by the sandbox user.
        let home = runDir + "/lower/home" + policy.home.dropFirst("/home".count)
        try fm.createDirectory(atPath: home, withIntermediateDirectories: true)
        if let seed = request.homeSeed, fm.fileExists(atPath: seed) {
            try copyTree(from: seed, to: home)
        }
        for sub in [".config", ".cache", ".local/share", "Documents", "Desktop"] {
            try fm.createDirectory(atPath: home + "/" + sub, withIntermediateDirectories: true)
        }
        let workdir = runDir + "/lower" + policy.workingDirectory
        try fm.createDirectory(atPath: workdir, withIntermediateDirectories: true)
        let sampleDir = request.wine != nil ? runDir + "/lower/wine/drive_c/users/" + policy.userName + "/Downloads" : workdir
        try fm.createDirectory(atPath: sampleDir, withIntermediateDirectories: true)
        let sampleCopy = Array(sampleDir.utf8) + [UInt8(ascii: "/")] + request.sampleNameBytes
        // A decoy with the sample's name is replaced (a name that is not UTF-8 can't be a decoy's).
        if let s = String(validating: sampleCopy, as: UTF8.self), fm.fileExists(atPath: s) { try fm.removeItem(atPath: s) }
        // A symlink as the sample: copy what it points to (copyItem would copy the link itself, a
        // dangling host path inside the sandbox that execve can't find or that names another file).
        // open(2) follows it, and /proc/self/fd/N (a path that is not UTF-8, opened by the CLI) too.
        try Self.copyContents(of: request.samplePath, to: sampleCopy)
        if request.wine != nil {
            try fm.createDirectory(atPath: home + "/.wine", withIntermediateDirectories: true)
            if let seed = request.wineSeed, fm.fileExists(atPath: seed) {
                try copyTree(from: seed, to: runDir + "/lower/wine/drive_c")
            }
            try chownTree(runDir + "/lower/wine", uid: hostUser, gid: policy.hostGid)
            for part in ["upper", "work"] {
                try fm.createDirectory(atPath: rwDir + "/\(part)/wine", withIntermediateDirectories: true)
            }
            // Wine refuses a prefix its user does not own: the merged root takes the upper root's owner.
            chown(rwDir + "/upper/wine", hostUser, policy.hostGid)
            chown(rwDir + "/work/wine", hostRoot, hostRoot)
            if let w = request.wine, w.apiTrace == .full,
               let text = try? String(contentsOfFile: w.templatePath + "/user.reg", encoding: .utf8) {
                let path = rwDir + "/upper/wine/user.reg"
                try WineRunRecipe.enableRelay(userReg: text, modules: [request.sampleName]).write(toFile: path, atomically: false, encoding: .utf8)
                chown(path, hostUser, policy.hostGid)
            }
        }
        try chownTree(runDir + "/lower/home", uid: hostUser, gid: policy.hostGid)
        chown(runDir + "/lower/home", hostRoot, hostRoot)

        for o in Self.overlayNames {
            for part in ["upper", "work"] {
                let p = rwDir + "/\(part)/\(o.name)"
                try fm.createDirectory(atPath: p, withIntermediateDirectories: true)
                chown(p, hostRoot, hostRoot)
            }
            chmod(rwDir + "/upper/\(o.name)", mode_t(o.mode))
        }
        chown(runDir + "/lower/empty", hostRoot, hostRoot)
        // The empty, read-only file bound over masked /proc files.
        if !fm.fileExists(atPath: runDir + "/lower/masked") {
            guard fm.createFile(atPath: runDir + "/lower/masked", contents: nil, attributes: [.posixPermissions: 0o444]) else {
                throw SandboxError.host(operation: "create \(runDir)/lower/masked", errno: errno)
            }
        }
        chown(runDir + "/lower/masked", hostRoot, hostRoot)
        let etcDir = try EtcCache.directory(for: policy) { try self.writeEtc($0) }
        DebugTiming.mark("etc ready")

        var m: [MountSpec] = []
        func bindOrLink(_ p: String) {
            var st = stat()
            guard lstat(p, &st) == 0 else { return }
            if st.st_mode & S_IFMT == S_IFLNK, let t = try? fm.destinationOfSymbolicLink(atPath: p) {
                m.append(MountSpec(kind: SBX_MOUNT_SYMLINK, src: t, dst: p))
            } else if st.st_mode & S_IFMT == S_IFDIR {
                m.append(MountSpec(kind: SBX_MOUNT_BIND_RO, src: p, dst: p, flags: preservedFlags(p)))
            }
        }
        for p in ["/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32"] { bindOrLink(p) }
        for f in request.wine?.hiddenExports ?? [] {
            m.append(MountSpec(kind: SBX_MOUNT_BIND_RO_FILE, src: f.patched, dst: f.original, flags: preservedFlags(f.patched)))
        }
        m.append(MountSpec(kind: SBX_MOUNT_BIND_RO, src: etcDir, dst: "/etc", flags: preservedFlags(etcDir)))
        m.append(MountSpec(kind: SBX_MOUNT_PROC, dst: "/proc"))
        m += Self.procMasks(newProc: runDir + "/root/proc", emptyFile: runDir + "/lower/masked")
        m.append(MountSpec(kind: SBX_MOUNT_TMPFS, dst: "/dev", data: "mode=0755,size=64k,nr_inodes=64"))
        for dev in ["null", "zero", "full", "random", "urandom", "tty"] {
            m.append(MountSpec(kind: SBX_MOUNT_BIND_DEV, src: "/dev/" + dev, dst: "/dev/" + dev))
        }
        m.append(MountSpec(kind: SBX_MOUNT_DEVPTS, dst: "/dev/pts", data: "newinstance,ptmxmode=0666,mode=0620"))
        m.append(MountSpec(kind: SBX_MOUNT_SYMLINK, src: "pts/ptmx", dst: "/dev/ptmx"))
        m.append(MountSpec(kind: SBX_MOUNT_SYMLINK, src: "/proc/self/fd", dst: "/dev/fd"))
        m.append(MountSpec(kind: SBX_MOUNT_SYMLINK, src: "/proc/self/fd/0", dst: "/dev/stdin"))
        m.append(MountSpec(kind: SBX_MOUNT_SYMLINK, src: "/proc/self/fd/1", dst: "/dev/stdout"))
        m.append(MountSpec(kind: SBX_MOUNT_SYMLINK, src: "/proc/self/fd/2", dst: "/dev/stderr"))
        m.append(MountSpec(kind: SBX_MOUNT_MKDIR, dst: "/var", mode: 0o755))
        m.append(MountSpec(kind: SBX_MOUNT_MKDIR, dst: "/run", mode: 0o755))
        m.append(MountSpec(kind: SBX_MOUNT_MKDIR, dst: "/mnt", mode: 0o755))
        m.append(MountSpec(kind: SBX_MOUNT_MKDIR, dst: "/opt", mode: 0o755))
        m.append(MountSpec(kind: SBX_MOUNT_MKDIR, dst: "/root", mode: 0o700))
        var layers: [(String, String, String?)] = []
        for o in Self.overlayNames {
            let lower = o.name == "home" ? runDir + "/lower/home" : runDir + "/lower/empty"
            let data = "lowerdir=\(lower),upperdir=\(rwDir)/upper/\(o.name),workdir=\(rwDir)/work/\(o.name),userxattr"
            m.append(MountSpec(kind: SBX_MOUNT_OVERLAY, dst: o.mount, data: data, mode: UInt32(o.mode)))
            layers.append((rwDir + "/upper/\(o.name)", o.mount, o.name == "home" ? runDir + "/lower/home" : nil))
        }
        if let w = request.wine {
            let prefix = policy.home + "/.wine"
            let data = "lowerdir=\(runDir)/lower/wine:\(w.templatePath),upperdir=\(rwDir)/upper/wine,workdir=\(rwDir)/work/wine,userxattr"
            m.append(MountSpec(kind: SBX_MOUNT_OVERLAY, dst: prefix, data: data, mode: 0o755))
            layers.append((rwDir + "/upper/wine", prefix, "\(runDir)/lower/wine:\(w.templatePath)"))
        }
        return (m, layers)
    }

    /// Kernel knobs and leaks in the sandbox's procfs, masked as runc and bubblewrap do: tunables
    /// read-only (a write fails with EROFS whatever the permissions), kernel memory, keys and timer
    /// internals replaced by an empty file or an empty read-only tmpfs. Only what this kernel has.
    static let procReadOnly = ["sys", "sysrq-trigger", "irq", "bus", "fs"]
    static let procMaskedFiles = ["kcore", "keys", "timer_list", "sched_debug", "latency_stats", "timer_stats"]
    static let procMaskedDirs = ["acpi", "scsi", "asound"]

    static func procMasks(newProc: String, emptyFile: String) -> [MountSpec] {
        let noexec = UInt(MS_NOEXEC)
        var m: [MountSpec] = []
        func kind(_ name: String) -> mode_t? {
            var st = stat()
            return lstat("/proc/" + name, &st) == 0 ? st.st_mode & S_IFMT : nil
        }
        for name in procReadOnly {
            switch kind(name) {
            case S_IFDIR?: m.append(MountSpec(kind: SBX_MOUNT_BIND_RO, src: newProc + "/" + name, dst: "/proc/" + name, flags: noexec))
            case S_IFREG?: m.append(MountSpec(kind: SBX_MOUNT_BIND_RO_FILE, src: newProc + "/" + name, dst: "/proc/" + name, flags: noexec))
            default: break
            }
        }
        for name in procMaskedFiles where kind(name) == S_IFREG {
            m.append(MountSpec(kind: SBX_MOUNT_BIND_RO_FILE, src: emptyFile, dst: "/proc/" + name, flags: noexec))
        }
        for name in procMaskedDirs where kind(name) == S_IFDIR {
            m.append(MountSpec(kind: SBX_MOUNT_TMPFS, dst: "/proc/" + name, data: "mode=0555,size=4k", flags: UInt(MS_RDONLY) | noexec))
        }
        return m
    }

    func preservedFlags(_ path: String) -> UInt {
        var s = statvfs()
        guard statvfs(path, &s) == 0 else { return 0 }
        var f: UInt = 0
        let flag = UInt(s.f_flag)
        // statvfs ST_* bit → mount MS_* bit (numbers from <sys/statvfs.h> and <sys/mount.h>)
        let map: [(UInt, UInt)] = [(2, 2), (4, 4), (8, 8), (1024, 1024), (2048, 2048), (4096, 1 << 21)]
        for (st, ms) in map where flag & st != 0 { f |= ms }
        return f
    }

    func copyTree(from src: String, to dst: String) throws {
        let fm = FileManager.default
        guard let items = fm.enumerator(atPath: src) else { return }
        while let rel = items.nextObject() as? String {
            let s = src + "/" + rel, d = dst + "/" + rel
            var st = stat()
            guard lstat(s, &st) == 0 else { continue }
            switch st.st_mode & S_IFMT {
            case S_IFDIR: try fm.createDirectory(atPath: d, withIntermediateDirectories: true)
            case S_IFREG:
                if fm.fileExists(atPath: d) { try fm.removeItem(atPath: d) }
                try fm.copyItem(atPath: s, toPath: d)
            default: continue  // no links or devices from a seed
            }
        }
    }

    func chownTree(_ path: String, uid: UInt32, gid: UInt32) throws {
        lchown(path, uid, gid)
        guard let items = FileManager.default.enumerator(atPath: path) else { return }
        while let rel = items.nextObject() as? String { lchown(path + "/" + rel, uid, gid) }
    }

    func writeEtc(_ etc: String) throws {
        let p = policy
        func w(_ name: String, _ text: String, _ mode: Int = 0o644) throws {
            try text.write(toFile: etc + "/" + name, atomically: false, encoding: .utf8)
            chmod(etc + "/" + name, mode_t(mode))
        }
        try w("passwd", """
            root:x:0:0:root:/root:/bin/bash
            daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
            bin:x:2:2:bin:/bin:/usr/sbin/nologin
            sys:x:3:3:sys:/dev:/usr/sbin/nologin
            www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
            nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
            \(p.userName):x:\(p.uid):\(p.gid):\(p.userFullName),,,:\(p.home):/bin/bash

            """)
        try w("group", """
            root:x:0:
            daemon:x:1:
            bin:x:2:
            sys:x:3:
            adm:x:4:
            tty:x:5:
            sudo:x:27:
            audio:x:29:\(p.userName)
            www-data:x:33:
            users:x:100:\(p.userName)
            nogroup:x:65534:
            \(p.userName):x:\(p.gid):

            """)
        try w("hostname", p.hostname + "\n")
        try w("hosts", "127.0.0.1\tlocalhost\n127.0.1.1\t\(p.hostname).\(p.domainname)\t\(p.hostname)\n::1\tlocalhost ip6-localhost ip6-loopback\n")
        try w("resolv.conf", "search \(p.domainname)\nnameserver \(p.resolverAddress)\n")
        try w("nsswitch.conf", "passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nnetworks: files\nprotocols: files\nservices: files\n")
        try w("shells", "/bin/sh\n/bin/bash\n/usr/bin/bash\n/bin/dash\n/usr/bin/dash\n")
        let fm = FileManager.default
        // What ordinary programs read from /etc, copied (never bound) so nothing host-specific leaks.
        for name in ["ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "timezone", "alternatives", "os-release",
                     "debian_version", "profile", "profile.d", "bash.bashrc", "inputrc", "issue", "host.conf", "protocols",
                     "services", "networks", "ssl", "ca-certificates.conf", "mime.types", "login.defs", "environment", "python3",
                     "python3.11", "perl", "magic", "mailcap", "gai.conf", "locale.alias", "manpath.config", "skel", "wgetrc", "xdg"] {
            let src = "/etc/" + name
            var st = stat()
            guard lstat(src, &st) == 0 else { continue }
            let dst = etc + "/" + name
            if st.st_mode & S_IFMT == S_IFLNK {
                if let t = try? fm.destinationOfSymbolicLink(atPath: src) { try? fm.createSymbolicLink(atPath: dst, withDestinationPath: t) }
            } else if st.st_mode & S_IFMT == S_IFDIR {
                try? fm.createDirectory(atPath: dst, withIntermediateDirectories: true)
                if let items = fm.enumerator(atPath: src) {
                    while let rel = items.nextObject() as? String {
                        let s = src + "/" + rel, d = dst + "/" + rel
                        var ist = stat()
                        guard lstat(s, &ist) == 0 else { continue }
                        if ist.st_mode & S_IFMT == S_IFLNK, let t = try? fm.destinationOfSymbolicLink(atPath: s) {
                            try? fm.createSymbolicLink(atPath: d, withDestinationPath: t)
                        } else if ist.st_mode & S_IFMT == S_IFDIR {
                            try? fm.createDirectory(atPath: d, withIntermediateDirectories: true)
                        } else if ist.st_mode & S_IFMT == S_IFREG, ist.st_size < 4 << 20 {
                            try? fm.copyItem(atPath: s, toPath: d)
                        }
                    }
                }
            } else if st.st_mode & S_IFMT == S_IFREG {
                try? fm.copyItem(atPath: src, toPath: dst)
            }
        }
    }

    // MARK: execute

    func execute() -> SandboxResult {
        start = Sandbox.monotonicNs()
        var outcome: RunOutcome = .internalError(message: "not started")
        var timedOut = false
        var setupMs: Double = 0
        var syncWakeup = false
        var upperLayers: [(String, String, String?)] = []
        var stdoutCap = StreamCapture(path: artifacts + "/stdout.txt", cap: policy.maxOutputBytes)
        var stderrCap = StreamCapture(path: artifacts + "/stderr.txt", cap: policy.maxOutputBytes)

        do {
            let prep = try prepareHost()
            DebugTiming.mark("host prepared")
            upperLayers = prep.upperLayers
            let r = try supervise(mounts: prep.mounts, stdout: &stdoutCap, stderr: &stderrCap)
            DebugTiming.mark("sandbox: run ended (\(r.outcome))")
            outcome = r.outcome; timedOut = r.timedOut; setupMs = r.setupMs; syncWakeup = r.syncWakeup
        } catch let e as SandboxError {
            outcome = .internalError(message: e.description)
            errors.append(e.description)
        } catch {
            outcome = .internalError(message: "\(error)")
            errors.append("\(error)")
        }
        let end = Sandbox.monotonicNs()
        stdoutCap.close(); stderrCap.close()
        for e in [stdoutCap.writeError, stderrCap.writeError].compactMap({ $0 }) { errors.append(e) }
        if stdoutCap.truncated { limitsHit.append(LimitHit(limit: "output", detail: "stdout capped at \(policy.maxOutputBytes) bytes of \(stdoutCap.total)")) }
        if stderrCap.truncated { limitsHit.append(LimitHit(limit: "output", detail: "stderr capped at \(policy.maxOutputBytes) bytes of \(stderrCap.total)")) }
        if recorder.stats.elided > 0 {
            limitsHit.append(LimitHit(limit: "events", detail: "\(recorder.stats.elided) events counted but not kept (max \(policy.maxEvents), \(policy.maxEventsPerSyscall) per syscall)"))
        }
        if let cg = cgroup {
            limitsHit.append(contentsOf: cg.limitsHit())
            cg.destroy()
            DebugTiming.mark("sandbox: cgroups removed")
        }

        // The record of every file the run touched.
        var files: [FileChange] = []
        var keptUpper: String? = nil
        if !upperLayers.isEmpty {
            let collector = OverlayCollector(layers: upperLayers.map { ($0.0, $0.1, $0.2) }, artifactsDirectory: artifacts)
            files = collector.collectFileChanges()
            DebugTiming.mark("sandbox: upper layers walked (\(files.count) files)")
            // Keep the upper layers as the run's file record; the rest of the run dir goes.
            let upper = artifacts + "/upper"
            try? FileManager.default.removeItem(atPath: upper)
            if rename(rwDir + "/upper", upper) == 0 { keptUpper = upper }
            else if (try? WritableLayer.copyPreserving(from: rwDir + "/upper", to: upper)) != nil { keptUpper = upper }
            if let kept = keptUpper { WritableLayer.defang(kept) }
            else { errors.append("keeping the upper layer: \(String(cString: strerror(errno)))") }
            DebugTiming.mark("sandbox: upper layer kept")
        }
        if rwIsTmpfs {
            if let hit = WritableLayer.limitHit(rwDir, size: policy.maxWritableBytes ?? 0) { limitsHit.append(hit) }
            umount2(rwDir, Int32(MNT_DETACH))
        }
        try? FileManager.default.removeItem(atPath: runDir)
        var upperFiles: [String: String] = [:]
        if let kept = keptUpper {
            // Longest mount last: the Wine prefix layer sits below /home's.
            for (layer, mount, _) in upperLayers.sorted(by: { $0.1.count < $1.1.count }) {
                let host = kept + "/" + (layer as NSString).lastPathComponent
                for f in files where f.change != .deleted && f.path.hasPrefix(mount + "/") { upperFiles[f.path] = host + f.path.dropFirst(mount.count) }
            }
        }
        DebugTiming.mark("exec memory capture: \(execMemory.workCalls) calls held the sample \(String(format: "%.2f", Double(execMemory.workNs) / 1e6)) ms, \(execMemory.captured.count) regions, \(execMemory.totalBytes) bytes")
        if execMemory.skippedOverCap > 0 {
            limitsHit.append(LimitHit(limit: "exec_memory", detail: "\(execMemory.skippedOverCap) executable regions not captured (max \(ExecMemoryCapture.maxRegions) regions, \(ExecMemoryCapture.maxTotalBytes) bytes)"))
        }
        DebugTiming.mark("sandbox: file record collected, run folder removed")

        var output = OutputCapture()
        output.stdoutBytes = stdoutCap.total; output.stderrBytes = stderrCap.total
        output.stdoutTruncated = stdoutCap.truncated; output.stderrTruncated = stderrCap.truncated
        output.stdoutPreview = stdoutCap.preview; output.stderrPreview = stderrCap.preview
        output.stdoutFile = "stdout.txt"; output.stderrFile = "stderr.txt"

        return SandboxResult(
            outcome: outcome, timeoutHit: timedOut, limitsHit: limitsHit, errors: errors,
            events: recorder.events, eventStats: recorder.stats, syscallCounts: recorder.counts,
            processes: Self.markSeccompKills(tracker.finish(now: end - start, timedOut: timedOut), events: recorder.events),
            files: files, denied: denied,
            attempts: attempts, output: output, durationMs: Double(end - start) / 1e6, setupMs: setupMs,
            startedAt: startedAt, monotonicStartNs: start, upperDirectory: keptUpper, syncWakeup: syncWakeup,
            execMemory: execMemory.captured, upperFiles: upperFiles)
    }

    /// A process that died of SIGSYS was killed by the filter's x32 prologue (petri's filter kills
    /// nothing else), unless a recorded kill/tgkill/tkill sent SIGSYS itself.
    static func markSeccompKills(_ processes: [ProcessNode], events: [Event]) -> [ProcessNode] {
        let sentSIGSYS = events.contains { ["kill", "tgkill", "tkill"].contains($0.name) && $0.args[ArgKey.signal] == .string(Flags.signalName(SIGSYS)) }
        guard !sentSIGSYS else { return processes }
        return processes.map { p in
            var p = p
            if p.exit?.signal == SIGSYS, p.exit?.source == "reaped" { p.exit?.cause = "x32_syscall" }
            return p
        }
    }

    struct Supervised { var outcome: RunOutcome; var timedOut: Bool; var setupMs: Double; var syncWakeup: Bool }

    func supervise(mounts: [MountSpec], stdout: inout StreamCapture, stderr: inout StreamCapture) throws -> Supervised {
        let filter = try FilterCache.shared.filter(extraDenied: policy.extraDenied, extraNotified: policy.extraNotified)

        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard sbx_pipe(&outPipe, 1) == 0, sbx_pipe(&errPipe, 1) == 0 else { throw SandboxError.host(operation: "pipe", errno: errno) }
        defer { for fd in outPipe + errPipe where fd >= 0 { close(fd) } }

        // Everything the child reads is allocated here and freed after it exec'd.
        var arena = CArena()
        defer { arena.free() }
        var cMounts = mounts.map { m -> sbx_mount_t in
            var c = sbx_mount_t()
            c.kind = Int32(m.kind.rawValue)
            c.src = m.src.map { UnsafePointer(arena.str($0)) }
            c.dst = UnsafePointer(arena.str(runDir + "/root" + m.dst))
            c.data = m.data.map { UnsafePointer(arena.str($0)) }
            c.flags = m.flags
            c.mode = m.mode
            return c
        }
        var args = request.arguments.isEmpty ? [request.insideSamplePath] : request.arguments
        if args.isEmpty { args = [request.insideSamplePath] }
        var cwd = policy.workingDirectory
        var wineEnv: [String]? = nil
        if let w = request.wine {
            let recipe = WineRunRecipe(templatePath: w.templatePath, upperDir: "", workDir: "", sampleFileName: request.sampleName,
                                       arguments: Array(args.dropFirst()), apiTrace: w.apiTrace, timeoutSeconds: Int(policy.timeoutSeconds))
            args = ["/bin/sh", "-c", recipe.launchScript(installation: w.installation), "petri-wine"]
            cwd = WineLayout.sampleDirectory
            var e = recipe.environment
            e["USERNAME"] = policy.userName
            e["COMPUTERNAME"] = policy.hostname.uppercased()
            wineEnv = e.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        }
        // argv[0] naming the sample carries the name's exact bytes (rawSampleName), not its decoded form.
        let sampleArg0 = request.wine == nil && args.first == request.insideSamplePath
        let argv = arena.bytesArray(args.enumerated().map { i, a in i == 0 && sampleArg0 ? request.insideSamplePathBytes : Array(a.utf8) })
        var env = [
            "PATH=/usr/local/bin:/usr/bin:/bin", "HOME=\(policy.home)", "USER=\(policy.userName)", "LOGNAME=\(policy.userName)",
            "SHELL=/bin/bash", "LANG=C.UTF-8", "TERM=xterm-256color", "PWD=\(policy.workingDirectory)",
            "HOSTNAME=\(policy.hostname)", "XDG_RUNTIME_DIR=/tmp",
        ]
        for (k, v) in policy.environment.sorted(by: { $0.key < $1.key }) {
            env.removeAll { $0.hasPrefix(k + "=") }
            env.append("\(k)=\(v)")
        }
        if let we = wineEnv { env = we }
        let envp = arena.strArray(env)
        var rl: [sbx_rlimit_t] = []
        func lim(_ r: Int32, _ v: UInt64?) { if let v { rl.append(sbx_rlimit_t(resource: r, soft: v, hard: v)) } }
        lim(6, policy.rlimitNproc)
        lim(9, policy.rlimitAS)
        lim(1, policy.rlimitFsize)
        lim(7, policy.rlimitNofile)
        lim(0, policy.rlimitCPU ?? UInt64(policy.timeoutSeconds.rounded(.up)) + 5)
        lim(4, 0)

        var child = sbx_child_t()
        let spawnErr: Int32 = cMounts.withUnsafeMutableBufferPointer { mb in
            rl.withUnsafeBufferPointer { rb in
                var cfg = sbx_config_t()
                cfg.new_root = UnsafePointer(arena.str(runDir + "/root"))
                cfg.mounts = UnsafePointer(mb.baseAddress)
                cfg.n_mounts = Int32(mb.count)
                cfg.hostname = UnsafePointer(arena.str(policy.hostname))
                cfg.domainname = UnsafePointer(arena.str(policy.domainname))
                cfg.path = UnsafePointer(sampleArg0 || !args[0].hasPrefix("/") ? arena.bytes(request.insideSamplePathBytes) : arena.str(args[0]))
                cfg.argv = argv
                cfg.envp = envp
                cfg.cwd = UnsafePointer(arena.str(cwd))
                cfg.uid = policy.uid
                cfg.gid = policy.gid
                cfg.rlimits = rb.baseAddress
                cfg.n_rlimits = Int32(rb.count)
                cfg.stdout_fd = outPipe[1]
                cfg.stderr_fd = errPipe[1]
                cfg.last_cap = sbx_last_cap()
                cfg.filter = sbx_filter_prog(filter.pointer)
                cfg.loopback_up = 1
                return withUnsafePointer(to: &cfg) { sbx_spawn($0, &child) }
            }
        }
        if spawnErr != 0 { throw SandboxError.host(operation: "clone", errno: spawnErr) }
        let initPid = child.pid
        close(outPipe[1]); outPipe[1] = -1
        close(errPipe[1]); errPipe[1] = -1
        var killed = false
        defer {
            if !killed { kill(initPid, SIGKILL) }
            var st: Int32 = 0
            waitpid(initPid, &st, 0)
            close(child.status_fd); close(child.control_fd)
        }

        // Parent half of each namespace, while the child waits: id maps, cgroup, network.
        let base = policy.hostIdBase
        let e = sbx_write_id_maps(initPid, "0 \(base) 65536\n", "0 \(base) 65536\n")
        if e != 0 {
            sbx_release(&child)
            return Supervised(outcome: .setupFailed(stage: "uid_map", errno: e, message: String(cString: strerror(e))), timedOut: false, setupMs: 0, syncWakeup: false)
        }
        // The sandbox init must never be the OOM killer's victim (it would take the record of the
        // sample's exit with it); its children reset their own score (spawn.c).
        cgroup = CgroupLimiter.create(name: "petri-\(getpid())-\(initPid)", memory: policy.memoryLimitBytes, pids: policy.pidsLimit)
        if let cg = cgroup, let err = cg.add(pid: initPid) { errors.append(err) }
        if let hook = request.onNetworkNamespace {
            let nsfd = open("/proc/\(initPid)/ns/net", O_RDONLY | O_CLOEXEC)
            if nsfd >= 0 {
                defer { close(nsfd) }
                do { try hook(nsfd, start) } catch { errors.append("network services: \(error)") }
            } else {
                errors.append("network namespace: \(String(cString: strerror(errno)))")
            }
        }
        DebugTiming.mark("namespaces set up by parent")
        sbx_release(&child)

        var listener: Int32 = -1
        var serr = sbx_setup_error_t()
        let lr = sbx_receive_listener(&child, Int32(min(max(policy.timeoutSeconds, 5), 60) * 1000), &listener, &serr)
        if lr != 0 {
            let setupMs = Double(Sandbox.monotonicNs() - start) / 1e6
            if lr == EPIPE {
                let stage = String(cString: sbx_stage_name(serr.stage))
                let detail = serr.stage == Int32(SBX_STAGE_MOUNT.rawValue) && Int(serr.detail) < mounts.count ? " \(mounts[Int(serr.detail)].dst)" : ""
                return Supervised(outcome: .setupFailed(stage: stage + detail, errno: serr.err, message: String(cString: strerror(serr.err))),
                                  timedOut: false, setupMs: setupMs, syncWakeup: false)
            }
            return Supervised(outcome: .setupFailed(stage: "hand off seccomp listener", errno: lr, message: String(cString: strerror(lr))),
                              timedOut: false, setupMs: setupMs, syncWakeup: false)
        }
        defer { close(listener) }
        DebugTiming.mark("listener received")
        var sync: Int32 = 0
        sbx_notif_setup(listener, &sync)

        let loop = SupervisorLoop(run: self, listener: listener, child: child, policy: policy)
        DebugTiming.mark("supervisor ready")
        var result = loop.run(stdoutFD: outPipe[0], stderrFD: errPipe[0], stdout: &stdout, stderr: &stderr)
        result.syncWakeup = sync != 0
        killed = true
        kill(initPid, SIGKILL)
        return result
    }
}

/// The sanitized /etc depends only on the policy's identity fields: built once into a cache folder
/// (atomically, by rename) and bound read-only into every run.
enum EtcCache {
    static let version = "1"
    static let lock = NSLock()

    static func directory(for p: SandboxPolicy, build: (String) throws -> Void) throws -> String {
        let key = [version, p.hostname, p.domainname, p.userName, p.userFullName, "\(p.uid)", "\(p.gid)", p.home, p.resolverAddress]
            .joined(separator: "\u{1}")
        var h: UInt64 = 0xcbf29ce484222325
        for b in key.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        let base = cacheRoot() + "/etc"
        let dir = base + "/" + String(h, radix: 16)
        lock.lock(); defer { lock.unlock() }
        if FileManager.default.fileExists(atPath: dir + "/passwd") { return dir }
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let tmp = base + "/.tmp-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        chmod(tmp, 0o755)
        try build(tmp)
        if rename(tmp, dir) != 0 {
            try? FileManager.default.removeItem(atPath: tmp)
            if !FileManager.default.fileExists(atPath: dir + "/passwd") { throw SandboxError.host(operation: "rename \(dir)", errno: errno) }
        }
        return dir
    }

    static func cacheRoot() -> String {
        let env = ProcessInfo.processInfo.environment
        if let c = env["PETRI_CACHE"], !c.isEmpty { return c }
        // The sandbox's own root (an unprivileged host uid) must be able to traverse the path.
        if getuid() == 0 { return "/var/cache/petri" }
        if let x = env["XDG_CACHE_HOME"], !x.isEmpty { return x + "/petri" }
        return (env["HOME"] ?? "/tmp") + "/.cache/petri"
    }
}

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
        fchmod(outFD, 0o755)
        defer { close(outFD) }
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
    /// The kept record must not plant a set-uid file or a world-writable folder on the host: strip
    /// setuid/setgid/sticky and group/other write from every file and folder (links untouched).
    static func defang(_ path: String, depth: Int = 0) {
        var st = stat()
        guard depth < 256, lstat(path, &st) == 0 else { return }
        let fmt = st.st_mode & S_IFMT
        guard fmt == S_IFREG || fmt == S_IFDIR else { return }
        let mode = st.st_mode & 0o7777
        let safe = mode & ~mode_t(0o7000) & ~mode_t(0o022)
        if safe != mode { chmod(path, safe) }
        if fmt == S_IFDIR, let items = try? FileManager.default.contentsOfDirectory(atPath: path) {
            for item in items { defang(path + "/" + item, depth: depth + 1) }
        }
    }

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

    /// Copies an overlay upper dir keeping what makes it a record: modes, owners, symlinks (never
    /// followed), whiteouts (0/0 char devices) and the opaque-dir xattr.
    static func copyPreserving(from src: String, to dst: String) throws {
        var st = stat()
        guard lstat(src, &st) == 0 else { throw SandboxError.host(operation: "lstat \(src)", errno: errno) }
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
            if mkdir(dst, 0o700) != 0 && errno != EEXIST { throw SandboxError.host(operation: "mkdir \(dst)", errno: errno) }
            _ = sbx_copy_xattr(src, dst, "user.overlay.opaque")
            for item in try FileManager.default.contentsOfDirectory(atPath: src) {
                try copyPreserving(from: src + "/" + item, to: dst + "/" + item)
            }
        case S_IFLNK:
            let target = try FileManager.default.destinationOfSymbolicLink(atPath: src)
            if symlink(target, dst) != 0 { throw SandboxError.host(operation: "symlink \(dst)", errno: errno) }
        case S_IFREG:
            try FileManager.default.copyItem(atPath: src, toPath: dst)
        case S_IFCHR where st.st_rdev == 0:
            if mknod(dst, S_IFCHR | 0o000, 0) != 0 { throw SandboxError.host(operation: "mknod \(dst)", errno: errno) }
        default:
            return  // fifos, sockets, devices: not part of the file record
        }
        lchown(dst, st.st_uid, st.st_gid)
        if st.st_mode & S_IFMT != S_IFLNK { chmod(dst, st.st_mode & 0o7777) }
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

struct MountSpec {
    var kind: sbx_mount_kind_t
    var src: String? = nil
    var dst: String
    var data: String? = nil
    var flags: UInt = 0
    var mode: UInt32 = 0
}

/// C strings that must outlive the spawn call.
struct CArena {
    var ptrs: [UnsafeMutablePointer<CChar>] = []
    var arrays: [UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>] = []

    mutating func str(_ s: String) -> UnsafeMutablePointer<CChar> {
        let p = strdup(s)!
        ptrs.append(p)
        return p
    }

    /// A C string of exactly these bytes (a name that is not UTF-8 can't go through a String).
    mutating func bytes(_ b: [UInt8]) -> UnsafeMutablePointer<CChar> {
        let p = malloc(b.count + 1)!.assumingMemoryBound(to: CChar.self)
        b.withUnsafeBytes { if $0.count > 0 { memcpy(p, $0.baseAddress!, $0.count) } }
        p[b.count] = 0
        ptrs.append(p)
        return p
    }

    mutating func strArray(_ items: [String]) -> UnsafePointer<UnsafeMutablePointer<CChar>?> { bytesArray(items.map { Array($0.utf8) }) }

    mutating func bytesArray(_ items: [[UInt8]]) -> UnsafePointer<UnsafeMutablePointer<CChar>?> {
        let arr = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: items.count + 1)
        for (i, s) in items.enumerated() { arr[i] = bytes(s) }
        arr[items.count] = nil
        arrays.append(arr)
        return UnsafePointer(arr)
    }

    mutating func free() {
        for p in ptrs { Glibc.free(p) }
        for a in arrays { a.deallocate() }
        ptrs = []; arrays = []
    }
}

/// The compiled BPF program, built once per process and set of extras.
final class FilterCache: @unchecked Sendable {
    static let shared = FilterCache()
    private let lock = NSLock()
    private var cache: [String: CompiledFilter] = [:]

    final class CompiledFilter: @unchecked Sendable {
        let pointer: OpaquePointer
        let skipped: Int
        init(pointer: OpaquePointer, skipped: Int) { self.pointer = pointer; self.skipped = skipped }
    }

    func filter(extraDenied: [String], extraNotified: [String]) throws -> CompiledFilter {
        let key = (extraDenied + ["|"] + extraNotified).joined(separator: ",")
        lock.lock(); defer { lock.unlock() }
        if let f = cache[key] { return f }
        let names = SyscallCatalog.notified + SyscallCatalog.denied + SyscallCatalog.conditional + SyscallCatalog.enosys + extraDenied + extraNotified
        var arena = CArena()
        defer { arena.free() }
        var rules: [sbx_rule_t] = []
        for n in Set(names).sorted() {
            rules.append(sbx_rule_t(syscall: UnsafePointer(arena.str(n)), kind: Int32(SBX_RULE_NOTIFY.rawValue), arg: 0, mask: 0, value: 0))
        }
        for n in SyscallCatalog.execMemory {
            rules.append(sbx_rule_t(syscall: UnsafePointer(arena.str(n)), kind: Int32(SBX_RULE_NOTIFY_IF_MASKED.rawValue), arg: 2, mask: 4, value: 4))
        }
        for (request, _) in SyscallCatalog.deniedIoctls {
            rules.append(sbx_rule_t(syscall: UnsafePointer(arena.str("ioctl")), kind: Int32(SBX_RULE_NOTIFY_IF_MASKED.rawValue), arg: 1, mask: 0xffff_ffff, value: request))
        }
        var out: OpaquePointer? = nil
        var skipped: Int32 = 0
        let e = sbx_filter_build(rules, Int32(rules.count), 1, &out, &skipped)
        guard e == 0, let p = out else { throw SandboxError.host(operation: "seccomp filter build", errno: e) }
        let f = CompiledFilter(pointer: p, skipped: Int(skipped))
        cache[key] = f
        return f
    }
}

/// Captured stdout/stderr: written to a file up to a cap, with a short preview for the report.
struct StreamCapture {
    let path: String
    let cap: UInt64
    var total: UInt64 = 0
    var written: UInt64 = 0
    var truncated = false
    var previewBytes: [UInt8] = []
    var handle: FileHandle?

    init(path: String, cap: UInt64) {
        self.path = path
        self.cap = cap
        FileManager.default.createFile(atPath: path, contents: nil)
        handle = FileHandle(forWritingAtPath: path)
    }

    /// The first failed write (e.g. the artifacts disk is full); capture stops writing after it.
    var writeError: String?

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        total += UInt64(bytes.count)
        if previewBytes.count < 2048 { previewBytes.append(contentsOf: bytes.prefix(2048 - previewBytes.count)) }
        if written < cap, writeError == nil, let h = handle {
            let n = Int(min(UInt64(bytes.count), cap - written))
            // write(2), not FileHandle.write(_:), which traps on ENOSPC.
            var off = 0
            while off < n {
                let w = Glibc.write(h.fileDescriptor, bytes.baseAddress! + off, n - off)
                if w < 0 && errno == EINTR { continue }
                if w <= 0 { writeError = "writing \(path): \(String(cString: strerror(w < 0 ? errno : EIO)))"; break }
                off += w
            }
            written += UInt64(off)
        }
        if total > cap { truncated = true }
    }

    mutating func close() { try? handle?.close(); handle = nil }

    var preview: String { String(decoding: previewBytes, as: UTF8.self) }
}
#endif
