import Foundation

/// Builds a guest image: debootstrap into a temporary folder of the store, trim, stamp, rename into
/// place, all under the id's lock (two first runs at once build it once). A failing step throws one
/// `GuestError` line and leaves nothing in the store.
public struct GuestBuilder: Sendable {
    public var store: GuestStore
    /// One line per step (`say`) and, for a live display, every line debootstrap prints.
    public var say: (@Sendable (String) -> Void)?
    public var onOutputLine: (@Sendable (String) -> Void)?
    /// Kills a hung download (a mirror that stops answering) rather than waiting for ever.
    public var timeoutSeconds: Double = 900
    /// debootstrap itself (default: found on PATH, /usr/sbin).
    public var debootstrapPath: String?
    /// A stand-in for the Wine stage (called with the new root as its one argument), for tests.
    public var wineStagePath: String?

    public init(store: GuestStore = GuestStore(), say: (@Sendable (String) -> Void)? = nil) {
        self.store = store; self.say = say
    }

    /// The valid image for `spec`, built first when missing or invalid.
    public func ensure(_ spec: GuestSpec, thorough: Bool = false) throws -> GuestEntry {
        if let e = store.entry(for: spec, thorough: thorough) { return e }
        return try store.withLock(id: spec.id) {
            // Built by another process while this one waited for the lock.
            if let e = store.entry(for: spec, thorough: thorough) { return e }
            store.sweepStaleTemporaries(id: spec.id)
            return try build(spec)
        }
    }

    /// Call with the id's lock held.
    func build(_ spec: GuestSpec) throws -> GuestEntry {
        guard GuestSpec.isValidSuite(spec.suite) else { throw GuestError(step: "spec", message: "'\(spec.suite)' is not a Debian suite name") }
        if let bad = spec.packages.first(where: { !GuestSpec.isValidPackageName($0) }) {
            throw GuestError(step: "spec", message: "'\(bad)' is not a Debian package name")
        }
        guard let debootstrap = debootstrapPath ?? Self.findProgram("debootstrap") else {
            throw GuestError(step: "debootstrap", message: "debootstrap is not installed (apt-get install debootstrap)")
        }
        let started = Date()
        let tmp = store.directory + "/.tmp-\(spec.id)-\(getpid())-\(UUID().uuidString.prefix(8))"
        do {
            try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        } catch {
            throw GuestError(step: "cache folder", message: "cannot create \(tmp): \(error.localizedDescription)")
        }
        chmod(tmp, 0o755)
        do {
            let entry = try buildSteps(spec, debootstrap: debootstrap, tmp: tmp, started: started)
            return entry
        } catch {
            try? GuestStore.removeTree(tmp)
            throw error
        }
    }

    private func buildSteps(_ spec: GuestSpec, debootstrap: String, tmp: String, started: Date) throws -> GuestEntry {
        let root = tmp + "/root"
        say?("guest: debootstrap \(spec.suite) (\(spec.architecture), \(spec.packages.count) packages) from \(spec.mirror)")
        // In a mount namespace of its own: the proc and sys mounts debootstrap makes in the target go
        // away with it, even when it fails half-way, so removing the temporary never meets a mount.
        // Two stages: the first downloads (from the store's package cache when a .deb is already
        // there with the index's checksum) and unpacks; the second configures, chrooted, with dpkg's
        // unsafe-io (no fsync per file: the root is renamed into place only when complete), which is
        // most of debootstrap's time on a busy disk.
        let fm = FileManager.default
        let debs = store.directory + "/.debs/\(spec.suite)_\(spec.architecture)"
        var cache: [String] = []
        if (try? fm.createDirectory(atPath: debs, withIntermediateDirectories: true)) != nil { cache = ["--cache-dir=" + debs] }
        var argv = ["--foreign", "--variant=minbase", "--arch=\(spec.architecture)", "--include=" + spec.packages.joined(separator: ",")]
            + cache + [spec.suite, root, spec.mirror]
        let unshare = Self.findProgram("unshare")
        func namespaced(_ program: String, _ args: [String]) -> (String, [String]) {
            guard let unshare else { return (program, args) }
            return (unshare, ["--mount", "--propagation", "private", "--", program] + args)
        }
        var (program, args) = namespaced(debootstrap, argv)
        try runStep("debootstrap", program: program, arguments: args, log: tmp + "/debootstrap.log")
        if fm.fileExists(atPath: root + "/debootstrap/debootstrap") {
            try? fm.createDirectory(atPath: root + "/etc/dpkg/dpkg.cfg.d", withIntermediateDirectories: true)
            _ = fm.createFile(atPath: root + "/etc/dpkg/dpkg.cfg.d/petri-build", contents: Data("force-unsafe-io\n".utf8))
            argv = [root, "/usr/bin/env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C", "DEBIAN_FRONTEND=noninteractive",
                    "/debootstrap/debootstrap", "--second-stage"]
            (program, args) = namespaced(Self.findProgram("chroot") ?? "/usr/sbin/chroot", argv)
            try runStep("debootstrap", program: program, arguments: args, log: tmp + "/debootstrap-second-stage.log")
        }
        // debootstrap's index of the suite, before apt-get replaces the lists.
        stashIndex(spec, lists: root + "/var/lib/apt/lists")

        if spec.wine {
            say?("guest: wine (\(GuestSpec.winePackages.joined(separator: " ")), i386 multiarch, apt-get)")
            if let stage = wineStagePath {
                try runStep("wine", program: stage, arguments: [root], log: tmp + "/wine.log")
            } else {
                try runStep("wine", program: Self.findProgram("unshare") ?? "/usr/bin/unshare",
                            arguments: ["--mount", "--propagation", "private", "--", "/bin/sh", "-c", Self.wineStageScript, "petri-guest-wine", root,
                                        fm.fileExists(atPath: debs) ? debs + "-apt" : ""],
                            log: tmp + "/wine.log")
            }
            if let missing = GuestStore.wineFiles.first(where: { !fm.fileExists(atPath: root + "/" + $0) }) {
                throw GuestError(step: "wine", message: "\(missing) is missing after the install")
            }
        }

        try? fm.removeItem(atPath: root + "/etc/dpkg/dpkg.cfg.d/petri-build")

        say?("guest: trimming caches")
        for dir in ["var/cache/apt/archives", "var/lib/apt/lists"] {
            for item in (try? fm.contentsOfDirectory(atPath: root + "/" + dir)) ?? [] where item != "partial" && item != "lock" {
                try? fm.removeItem(atPath: root + "/" + dir + "/" + item)
            }
        }
        // apt's binary caches (106 MB with the i386 index; `apt-get clean` used to remove them).
        for f in ["pkgcache.bin", "srcpkgcache.bin"] { try? fm.removeItem(atPath: root + "/var/cache/apt/" + f) }
        // A guest-side log of the build is not the sample's business.
        try? fm.removeItem(atPath: root + "/debootstrap")

        if getuid() == 0 {
            say?("guest: shifting ownership to the sandbox's id range")
            try Self.shiftOwnership(root, by: GuestSpec.ownerBase)
        }

        say?("guest: writing the stamp")
        let inventory: PackageInventory
        do { inventory = try PackageInventory.read(root: root) } catch let e as GuestError {
            throw GuestError(step: "stamp", message: e.message)
        }
        guard let status = fm.contents(atPath: root + "/var/lib/dpkg/status") else {
            throw GuestError(step: "stamp", message: "no dpkg status file in the new root")
        }
        let (size, files) = Self.diskUsage(root)
        let stamp = GuestStamp(id: spec.id, spec: spec, packagesDigest: inventory.digest, statusDigest: GuestStore.sha256(status),
                               packages: inventory.lines, builtAt: ISO8601DateFormatter().string(from: Date()),
                               buildSeconds: (Date().timeIntervalSince(started) * 10).rounded() / 10, sizeBytes: size, files: files)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { try enc.encode(stamp).write(to: URL(fileURLWithPath: tmp + "/stamp.json")) } catch {
            throw GuestError(step: "stamp", message: "cannot write \(tmp)/stamp.json: \(error.localizedDescription)")
        }

        let final = store.entryPath(spec.id)
        // An invalid entry (no stamp, files gone) is replaced, never repaired in place.
        try store.discard(final, tag: spec.id)
        guard rename(tmp, final) == 0 else {
            throw GuestError(step: "install", message: "rename into \(final): \(String(cString: strerror(errno)))")
        }
        say?("guest: \(spec.id) ready (\(String(format: "%.0f", stamp.buildSeconds)) s, \(size >> 20) MiB)")
        guard case .valid(let entry) = store.status(id: spec.id) else {
            throw GuestError(step: "install", message: "the new image does not validate")
        }
        return entry
    }

    /// The Wine stage, in a mount namespace of its own (its /proc, /dev and /sys mounts in the new root
    /// vanish with it): i386 as a foreign architecture, apt-get install of `GuestSpec.winePackages`
    /// from the mirror debootstrap wrote to the root's sources.list, without recommends. dpkg's
    /// unsafe-io (no fsync per file: the root is renamed into place only when complete). `$1` is the
    /// new root; `$2` (optional) the store's apt archive cache, bound over the root's
    /// /var/cache/apt/archives so the next build downloads only what changed (apt checks each cached
    /// .deb against the signed index); the root's own archive folder is emptied by the trimming.
    static let wineStageScript = """
        set -e
        r="$1"
        mount -t proc proc "$r/proc"
        mount --rbind /dev "$r/dev"
        mount -t sysfs sysfs "$r/sys" 2>/dev/null || true
        [ -e "$r/etc/resolv.conf" ] || { cp /etc/resolv.conf "$r/etc/resolv.conf" && touch "$r/.petri-resolv"; }
        echo force-unsafe-io > "$r/etc/dpkg/dpkg.cfg.d/petri-build"
        if [ -n "$2" ] && mkdir -p "$2/partial"; then mount --bind "$2" "$r/var/cache/apt/archives"; fi
        chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LC_ALL=C /bin/sh -c '
          set -e
          dpkg --add-architecture \(GuestSpec.wineForeignArchitecture)
          apt-get -q -o Acquire::Languages=none update
          apt-get -q -y --no-install-recommends install \(GuestSpec.winePackages.joined(separator: " "))'
        rm -f "$r/etc/dpkg/dpkg.cfg.d/petri-build"
        [ ! -e "$r/.petri-resolv" ] || rm -f "$r/etc/resolv.conf" "$r/.petri-resolv"
        """

    /// The suite's signed index of this build, kept as a file:// mirror layout under the store
    /// (`.index/<suite>_<arch>`): a package list can be resolved against it offline (`guest:` with
    /// `mirror: file:///...`), which is how the tests run debootstrap without a network. Best effort.
    func stashIndex(_ spec: GuestSpec, lists: String) {
        let fm = FileManager.default
        guard let items = try? fm.contentsOfDirectory(atPath: lists) else { return }
        let dest = store.directory + "/.index/\(spec.suite)_\(spec.architecture)"
        let tmp = dest + ".tmp-\(getpid())"
        let dists = tmp + "/dists/" + spec.suite
        try? fm.createDirectory(atPath: dists + "/main/binary-" + spec.architecture, withIntermediateDirectories: true)
        var found = 0
        for item in items {
            let target: String
            if item.hasSuffix("_dists_\(spec.suite)_Release") { target = "Release" }
            else if item.hasSuffix("_dists_\(spec.suite)_Release.gpg") { target = "Release.gpg" }
            else if item.hasSuffix("_dists_\(spec.suite)_InRelease") { target = "InRelease" }
            else if item.hasSuffix("_dists_\(spec.suite)_main_binary-\(spec.architecture)_Packages") { target = "main/binary-\(spec.architecture)/Packages" }
            else { continue }
            if (try? fm.moveItem(atPath: lists + "/" + item, toPath: dists + "/" + target)) != nil { found += 1 }
        }
        guard found == 4 else { try? GuestStore.removeTree(tmp); return }
        try? GuestStore.removeTree(dest)
        rename(tmp, dest)
    }

    /// Runs one step's program with its output in `log`; on failure the error line is the last `E:`
    /// line it printed (debootstrap's own diagnosis), else its last line.
    private func runStep(_ step: String, program: String, arguments: [String], log: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["DEBIAN_FRONTEND"] = "noninteractive"
        env["LC_ALL"] = "C"
        p.environment = env
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        p.standardInput = FileHandle.nullDevice
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let logHandle = FileHandle(forWritingAtPath: log)
        defer { try? logHandle?.close() }
        do { try p.run() } catch { throw GuestError(step: step, message: "cannot run \(program): \(error.localizedDescription)") }
        let timer = DispatchSource.makeTimerSource()
        let timedOut = TimeoutFlag()
        timer.schedule(deadline: .now() + timeoutSeconds)
        timer.setEventHandler { [pid = p.processIdentifier] in timedOut.set(); kill(pid, SIGKILL) }
        timer.resume()
        defer { timer.cancel() }
        var lastError: String?, lastLine: String?
        var pending = Data()
        let reader = pipe.fileHandleForReading
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            logHandle?.write(chunk)
            pending.append(chunk)
            while let nl = pending.firstIndex(of: 0x0a) {
                let line = String(decoding: pending[pending.startIndex..<nl], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                pending.removeSubrange(pending.startIndex...nl)
                guard !line.isEmpty else { continue }
                lastLine = line
                if line.hasPrefix("E: ") { lastError = String(line.dropFirst(3)) }
                onOutputLine?(line)
            }
        }
        p.waitUntilExit()
        if timedOut.isSet { throw GuestError(step: step, message: "timed out after \(Int(timeoutSeconds)) s (log: \(log))") }
        guard p.terminationReason == .exit, p.terminationStatus == 0 else {
            let why = Self.oneLine(lastError ?? lastLine ?? "exit status \(p.terminationStatus)")
            throw GuestError(step: step, message: why)
        }
    }

    /// Adds `base` to the owner and group of every file under `root` (never following a symlink), so
    /// the guest's root is the sandbox namespace's root; set-id bits, which chown clears, are restored.
    static func shiftOwnership(_ root: String, by base: UInt32) throws {
        var failed: String? = nil
        func visit(_ path: String) {
            var st = stat()
            guard lstat(path, &st) == 0 else { return }
            if st.st_uid < base || st.st_gid < base {
                let uid = st.st_uid < 65536 ? st.st_uid + base : st.st_uid
                let gid = st.st_gid < 65536 ? st.st_gid + base : st.st_gid
                if lchown(path, uid, gid) != 0, failed == nil { failed = "\(path): \(String(cString: strerror(errno)))" }
                let mode = st.st_mode & S_IFMT
                if mode == S_IFREG || mode == S_IFDIR, st.st_mode & (S_ISUID | S_ISGID) != 0 { chmod(path, st.st_mode & 0o7777) }
            }
            guard st.st_mode & S_IFMT == S_IFDIR, let items = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
            for item in items { visit(path + "/" + item) }
        }
        visit(root)
        if let f = failed { throw GuestError(step: "ownership", message: f) }
    }

    public static func oneLine(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars.prefix(300) {
            if u.value < 0x20 || u.value == 0x7f { out += "\\x" + String(format: "%02x", u.value) } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    static func findProgram(_ name: String) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/sbin:/sbin:/usr/bin:/bin"
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let p = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: p) { return String(p) }
        }
        return nil
    }

    /// Allocated bytes and file count under a folder (links not followed, hard links counted once).
    static func diskUsage(_ path: String) -> (UInt64, Int) {
        var total: UInt64 = 0, count = 0
        var seen = Set<UInt64>()
        func walk(_ p: String, _ depth: Int) {
            var st = stat()
            guard depth < 128, lstat(p, &st) == 0 else { return }
            if st.st_nlink > 1 && st.st_mode & S_IFMT != S_IFDIR { guard seen.insert(UInt64(st.st_ino)).inserted else { return } }
            total += UInt64(st.st_blocks) * 512
            count += 1
            if st.st_mode & S_IFMT == S_IFDIR, let items = try? FileManager.default.contentsOfDirectory(atPath: p) {
                for i in items { walk(p + "/" + i, depth + 1) }
            }
        }
        walk(path, 0)
        return (total, count)
    }
}

final class TimeoutFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
