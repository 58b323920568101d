// The template Wine prefix: built once per (Wine version, arch, profile) into a cache directory,
// then used read-only as the lower layer of each run's overlay (docs/wine.md).
#if os(Linux)
import Foundation
import Glibc
import Logging

/// Identifies one template prefix in the cache.
public struct WinePrefixKey: Sendable, Hashable, CustomStringConvertible {
    /// Bump when the way templates are built changes, so stale caches are rebuilt.
    /// 2: templates built inside a guest image are keyed by its id.
    public static let formatVersion = 2
    public var wineVersion: String
    public var arch: String
    public var profile: String
    /// The user and home the prefix is made for (Wine writes C:\users\<user> into it).
    public var layout: WineLayout
    /// The guest image whose Wine builds (and runs) the template; nil: the host's Wine.
    public var guestID: String?

    public init(wineVersion: String, arch: String = "win64", profile: String = "default", layout: WineLayout = .standard, guestID: String? = nil) {
        self.wineVersion = wineVersion; self.arch = arch; self.profile = profile; self.layout = layout; self.guestID = guestID
    }

    /// `wine-8.0-debian-8.0-repack-4_win64_default_t1`; another user or home than the default's adds
    /// them (`..._default_maria-home-maria-1000_t1`).
    public var directoryName: String {
        var parts = [WineInstallation.slug(wineVersion), arch, WineInstallation.slug(profile)]
        if layout != .standard {
            parts.append(WineInstallation.slug("\(layout.user)-\(layout.home)-\(layout.uid)-\(layout.gid)"))
        }
        if let g = guestID { parts.append("g" + WineInstallation.slug(g)) }
        return (parts + ["t\(Self.formatVersion)"]).joined(separator: "_")
    }
    public var description: String { directoryName }
}

/// Builds and caches the template prefix. `prepare` is idempotent, atomic (built in a temporary
/// directory, then renamed) and safe against concurrent builders (an exclusive lock per key).
public struct WinePrefixTemplate: Sendable {
    public struct Configuration: Sendable {
        public var installation: WineInstallation
        /// Cache root: `$PETRI_CACHE/wine`, else `~/.cache/petri/wine`.
        public var cacheRoot: String
        public var key: WinePrefixKey
        /// Host uid/gid that the sandbox maps its inside user (1000) to; files of the template are
        /// owned by it so ownership inside the sandbox matches (Wine refuses a foreign prefix).
        /// Ignored (the current ids are used) when not running as root.
        public var hostUID: UInt32
        public var hostGID: UInt32
        /// A tree mirrored into drive_c when set; the built-in placeholder decoys (WineDecoys) otherwise.
        /// petri passes none: the template is shared by every run, so the profile's `decoys/windows`
        /// tree is seeded per run with fresh canaries instead (WineDecoySeed, above the template).
        public var decoysDirectory: String?
        public var timeoutSeconds: Double

        public init(installation: WineInstallation, cacheRoot: String? = nil, profile: String = "default",
                    hostUID: UInt32 = 101_000, hostGID: UInt32 = 101_000, decoysDirectory: String? = nil,
                    timeoutSeconds: Double = 600, environment: [String: String] = ProcessInfo.processInfo.environment,
                    layout: WineLayout = .standard) {
            self.installation = installation
            self.cacheRoot = cacheRoot ?? WinePrefixTemplate.defaultCacheRoot(environment: environment)
            self.key = WinePrefixKey(wineVersion: installation.version, arch: "win64", profile: profile, layout: layout,
                                     guestID: installation.guestID)
            self.hostUID = hostUID; self.hostGID = hostGID
            self.decoysDirectory = decoysDirectory
            self.timeoutSeconds = timeoutSeconds
        }
    }

    public enum Progress: Sendable, Equatable {
        /// The template exists already.
        case cached(path: String)
        /// Another process is building the same template; waiting for its lock.
        case waitingForLock
        /// A build step started (1-based index of `total`).
        case step(index: Int, total: Int, name: String)
        case finished(path: String, seconds: Double)
    }

    public enum BuildError: Error, CustomStringConvertible {
        case io(operation: String, path: String, errno: Int32)
        case wineFailed(step: String, status: Int32, output: String)
        case timedOut(step: String)
        public var description: String {
            switch self {
            case .io(let op, let path, let e): return "wine template: \(op) \(path): \(String(cString: strerror(e)))"
            case .wineFailed(let step, let status, let output):
                return "wine template: \(step) failed with status \(status): \(output.suffix(400))"
            case .timedOut(let step): return "wine template: \(step) timed out"
            }
        }
    }

    /// Name of the marker written last inside a finished template.
    public static let markerName = ".petri-template"

    public var configuration: Configuration
    public var logger: Logger

    public init(configuration: Configuration, logger: Logger = Logger(label: "petri.wine.template")) {
        self.configuration = configuration
        self.logger = logger
    }

    /// `$PETRI_CACHE/wine`; as root `/var/cache/petri/wine` (root's home is 0700, which the
    /// sandbox's mapped ids cannot traverse to reach the overlay's lower layer); otherwise
    /// `$XDG_CACHE_HOME/petri/wine` or `~/.cache/petri/wine`.
    public static func defaultCacheRoot(environment: [String: String], isRoot: Bool = geteuid() == 0) -> String {
        if let c = environment["PETRI_CACHE"], !c.isEmpty { return c + "/wine" }
        if isRoot { return "/var/cache/petri/wine" }
        if let x = environment["XDG_CACHE_HOME"], !x.isEmpty { return x + "/petri/wine" }
        return (environment["HOME"] ?? "/tmp") + "/.cache/petri/wine"
    }

    /// The first directory on the way to `path` that others cannot search (no o+x), or nil. The
    /// sandbox mounts the template from inside its user namespace, where host-owned directories
    /// are only reachable through their "other" permission bits.
    public static func unreachableAncestor(of path: String) -> String? {
        var current = ""
        for part in path.split(separator: "/") {
            current += "/" + part
            var st = stat()
            guard stat(current, &st) == 0 else { return nil }
            if st.st_mode & S_IXOTH == 0 { return current }
        }
        return nil
    }

    /// Final location of the template prefix.
    public var path: String { configuration.cacheRoot + "/" + configuration.key.directoryName }

    public var isReady: Bool { FileManager.default.fileExists(atPath: path + "/" + Self.markerName) }

    /// Builds the template unless it is cached; returns its path.
    @discardableResult
    public func prepare(progress: (Progress) -> Void = { _ in }) throws -> String {
        if isReady { progress(.cached(path: path)); return path }
        try makeDirectories(configuration.cacheRoot)
        let lockPath = configuration.cacheRoot + "/" + configuration.key.directoryName + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BuildError.io(operation: "open", path: lockPath, errno: errno) }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            progress(.waitingForLock)
            while flock(fd, LOCK_EX) != 0 { guard errno == EINTR else { throw BuildError.io(operation: "flock", path: lockPath, errno: errno) } }
        }
        defer { flock(fd, LOCK_UN) }
        if isReady { progress(.cached(path: path)); return path }

        let started = Date()
        let tmp = configuration.cacheRoot + "/.\(configuration.key.directoryName).tmp-\(getpid())"
        try? FileManager.default.removeItem(atPath: tmp)
        try makeDirectories(tmp)
        do {
            try build(into: tmp, progress: progress)
            try? FileManager.default.removeItem(atPath: path)  // a half-built leftover without marker
            guard rename(tmp, path) == 0 else { throw BuildError.io(operation: "rename", path: path, errno: errno) }
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            throw error
        }
        let seconds = Date().timeIntervalSince(started)
        if let blocked = Self.unreachableAncestor(of: path) {
            logger.warning("wine template is not reachable from the sandbox's user namespace", metadata: ["directory": "\(blocked)", "hint": "set PETRI_CACHE to a world-searchable directory"])
        }
        logger.info("wine template ready", metadata: ["path": "\(path)", "seconds": "\(seconds)"])
        progress(.finished(path: path, seconds: seconds))
        return path
    }

    // MARK: build steps

    static let stepNames = ["wineboot --init", "headless settings", "detach from the host home", "settle run", "seed decoys", "ownership"]

    func build(into prefix: String, progress: (Progress) -> Void) throws {
        let total = Self.stepNames.count
        func step(_ i: Int) { progress(.step(index: i + 1, total: total, name: Self.stepNames[i])) }
        let root = geteuid() == 0
        if root { try chownTree(prefix) }

        step(0)
        try runWine(prefix: prefix, step: Self.stepNames[0], commands: ["\"$LOADER\" wineboot --init"])
        step(1)
        // Graphics=null is what makes Wine 8 headless (no X, no window, MessageBox returns at once
        // or blocks without a display, see docs/wine.md). Written through Wine's own `reg`, which
        // keeps user.reg consistent.
        try runWine(prefix: prefix, step: Self.stepNames[1], commands: [
            "\"$LOADER\" reg add 'HKCU\\Software\\Wine\\Drivers' /v Graphics /d null /f",
            "\"$LOADER\" reg add 'HKCU\\Software\\Wine\\WineDbg' /v ShowCrashDialog /t REG_DWORD /d 0 /f",
        ])
        step(2)
        try detachFromHost(prefix)
        step(3)
        // One more session so Wine settles the changes above (font list without Z:, devices):
        // afterwards a trivial run leaves the registry unchanged except for documented noise.
        try runWine(prefix: prefix, step: Self.stepNames[3], commands: ["\"$LOADER\" wineboot --init"])
        try detachFromHost(prefix)
        step(4)
        try seedDecoys(prefix)
        step(5)
        try writeFile(prefix + "/.update-timestamp", "disable\n")
        try writeFile(prefix + "/" + Self.markerName,
                      "key=\(configuration.key.directoryName)\nwine=\(configuration.installation.version)\nbuilt=\(Int(Date().timeIntervalSince1970))\n")
        if root { try chownTree(prefix) }
    }

    /// What a default prefix links to the real home, and what Wine re-creates on every start.
    func detachFromHost(_ prefix: String) throws {
        let fm = FileManager.default
        for name in ["wineserver", "dosdevices/z:"] {
            let p = prefix + "/" + name
            if (try? fm.attributesOfItem(atPath: p)) != nil || isSymlink(p) { unlink(p) }
        }
        let users = prefix + "/drive_c/users"
        for user in (try? fm.contentsOfDirectory(atPath: users)) ?? [] {
            let home = users + "/" + user
            for entry in (try? fm.contentsOfDirectory(atPath: home)) ?? [] where isSymlink(home + "/" + entry) {
                unlink(home + "/" + entry)
                try makeDirectories(home + "/" + entry)
            }
        }
        try writeFile(prefix + "/.update-timestamp", "disable\n")
    }

    /// Runs Wine as the sandbox user would: inside a private mount namespace where the prefix is
    /// at HOME/.wine, with the layout's HOME, USER and uid in a user namespace mapped to the
    /// sandbox's host uid, with a private /tmp (the wineserver socket dir /tmp/.wine-1000).
    func runWine(prefix: String, step: String, commands: [String]) throws {
        let inst = configuration.installation
        let root = geteuid() == 0
        let owner = root ? "\(configuration.hostUID):\(configuration.hostGID)" : "0:0"
        let drop = root ? "setpriv --reuid=\(configuration.hostUID) --regid=\(configuration.hostGID) --clear-groups" : ""
        let wineCommands = (commands + ["\"$SERVER\" -w"]).joined(separator: " && ")
        let layout = configuration.key.layout
        let q = WineRunRecipe.shellQuote
        // With a guest image: the same, chrooted into the guest (its /usr, /etc, Wine) with this
        // namespace's own /home, /tmp, /proc and /dev mounted over the image's (nothing of the image
        // changes: the mounts vanish with the namespace). The user namespace is made before the
        // chroot (a chrooted process cannot make one).
        let g = q(inst.root)
        let guestScript = """
            set -e
            mount -t tmpfs -o mode=755 tmpfs \(g)/home
            mkdir -p \(g)\(q(layout.prefix))
            chown \(owner) \(g)\(q(layout.home)) \(g)\(q(layout.prefix))
            mount --bind "$1" \(g)\(q(layout.prefix))
            mount -t tmpfs -o mode=1777 tmpfs \(g)/tmp
            mount -t proc proc \(g)/proc
            mount --rbind /dev \(g)/dev
            exec \(drop) /usr/bin/unshare --user --map-user=\(layout.uid) --map-group=\(layout.gid) --mount --root=\(g) --wd=\(q(layout.home)) \
              /bin/sh -c '\(wineCommands.replacingOccurrences(of: "'", with: "'\\''"))'
            """
        let script = !inst.root.isEmpty ? guestScript : """
            set -e
            mount -t tmpfs -o mode=755 tmpfs /home
            mkdir -p \(WineRunRecipe.shellQuote(layout.prefix))
            chown \(owner) \(WineRunRecipe.shellQuote(layout.home)) \(WineRunRecipe.shellQuote(layout.prefix))
            mount --bind "$1" \(WineRunRecipe.shellQuote(layout.prefix))
            mount -t tmpfs -o mode=1777 tmpfs /tmp
            cd \(WineRunRecipe.shellQuote(layout.home))
            exec \(drop) unshare --user --map-user=\(layout.uid) --map-group=\(layout.gid) \
              /bin/sh -c '\(wineCommands.replacingOccurrences(of: "'", with: "'\\''"))'
            """
        var env = WineRunRecipe.environment(debug: "-all", layout: layout)
        env["LOADER"] = inst.loader64
        env["SERVER"] = inst.server
        env["WINEARCH"] = configuration.key.arch
        var outer = root ? ["--mount", "--propagation", "private"] : ["--user", "--map-root-user", "--mount", "--propagation", "private"]
        // A proc of its own for the guest (and the namespace's Wine processes end with it).
        if !inst.root.isEmpty { outer += ["--pid", "--fork"] }
        let out = try runCapturing("/usr/bin/unshare", outer + ["--", "/bin/sh", "-c", script, "sh", prefix],
                                   environment: env, timeout: configuration.timeoutSeconds)
        if out.timedOut { throw BuildError.timedOut(step: step) }
        guard out.status == 0 else { throw BuildError.wineFailed(step: step, status: out.status, output: out.stderr + out.stdout) }
        logger.debug("wine step done", metadata: ["step": "\(step)", "stderr": "\(out.stderr.suffix(300))"])
    }

    func seedDecoys(_ prefix: String) throws {
        let driveC = prefix + "/drive_c"
        if let src = configuration.decoysDirectory, FileManager.default.fileExists(atPath: src) {
            try copyTree(from: src, to: driveC)
            return
        }
        for (rel, content) in WineDecoys.defaults(user: configuration.key.layout.user) {
            let p = driveC + "/" + rel
            try makeDirectories((p as NSString).deletingLastPathComponent)
            guard FileManager.default.createFile(atPath: p, contents: content) else { throw BuildError.io(operation: "create", path: p, errno: errno) }
        }
    }

    // MARK: file helpers

    func isSymlink(_ p: String) -> Bool {
        var st = stat()
        return lstat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
    }

    func makeDirectories(_ p: String) throws {
        do { try FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755]) }
        catch { throw BuildError.io(operation: "mkdir", path: p, errno: EIO) }
    }

    func writeFile(_ p: String, _ s: String) throws {
        unlink(p)
        guard FileManager.default.createFile(atPath: p, contents: Data(s.utf8)) else { throw BuildError.io(operation: "write", path: p, errno: errno) }
    }

    func copyTree(from src: String, to dst: String) throws {
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: src) else { return }
        while let rel = e.nextObject() as? String {
            let s = src + "/" + rel, d = dst + "/" + rel
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: s, isDirectory: &isDir) else { continue }
            if isDir.boolValue { try makeDirectories(d); continue }
            try makeDirectories((d as NSString).deletingLastPathComponent)
            try? fm.removeItem(atPath: d)
            do { try fm.copyItem(atPath: s, toPath: d) } catch { throw BuildError.io(operation: "copy", path: s, errno: EIO) }
        }
    }

    /// lchown the whole tree to the sandbox's host ids (symlinks themselves, never their targets).
    func chownTree(_ top: String) throws {
        let uid = configuration.hostUID, gid = configuration.hostGID
        guard lchown(top, uid, gid) == 0 else { throw BuildError.io(operation: "lchown", path: top, errno: errno) }
        guard let e = FileManager.default.enumerator(atPath: top) else { return }
        while let rel = e.nextObject() as? String {
            let p = top + "/" + rel
            guard lchown(p, uid, gid) == 0 else { throw BuildError.io(operation: "lchown", path: p, errno: errno) }
        }
    }
}
#endif
