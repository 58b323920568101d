#if os(Linux)
import CSandbox
import Foundation
import Glibc
import PetriModel

extension Run {
    func prepareHost() throws -> (mounts: [MountSpec], upperLayers: [(String, String, String?)]) {
        let fm = FileManager.default
        let hostRoot = policy.hostIdBase
        let hostUser = policy.hostUid
        for d in ["root", "lower", "lower/empty"] {
            try fm.createDirectory(atPath: runDir + "/" + d, withIntermediateDirectories: true)
        }
        mountWritableLayer()
        DebugTiming.mark("writable layer mounted")
        for d in ["upper", "work"] { try fm.createDirectory(atPath: rwDir + "/" + d, withIntermediateDirectories: true) }
        // The guest home and the plan's layers: seeds (decoys) + the sample, owned by the sandbox user.
        let home = runDir + "/lower/home" + policy.home.dropFirst("/home".count)
        try fm.createDirectory(atPath: home, withIntermediateDirectories: true)
        for layer in plan.layers {
            guard Self.isPlainName(layer.name) else { throw SandboxError.host(operation: "plan layer name \(layer.name)", errno: EINVAL) }
            try fm.createDirectory(atPath: runDir + "/lower/" + layer.name, withIntermediateDirectories: true)
            // The mount point, in the layer below.
            if let below = lowerHostPath(layer.mountPoint, excluding: layer.name) { try fm.createDirectory(atPath: below, withIntermediateDirectories: true) }
        }
        for seed in plan.seeds where fm.fileExists(atPath: seed.hostDirectory) {
            guard let dst = lowerHostPath(seed.sandboxDirectory) else { continue }
            try fm.createDirectory(atPath: dst, withIntermediateDirectories: true)
            try copyTree(from: seed.hostDirectory, to: dst)
        }
        for sub in [".config", ".cache", ".local/share", "Documents", "Desktop"] {
            try fm.createDirectory(atPath: home + "/" + sub, withIntermediateDirectories: true)
        }
        let workdir = runDir + "/lower" + policy.workingDirectory
        try fm.createDirectory(atPath: workdir, withIntermediateDirectories: true)
        let sampleDir = lowerHostPath(plan.sampleDirectory) ?? runDir + "/lower" + plan.sampleDirectory
        try fm.createDirectory(atPath: sampleDir, withIntermediateDirectories: true)
        let sampleCopy = Array(sampleDir.utf8) + [UInt8(ascii: "/")] + plan.sampleFileName
        // A decoy with the sample's name is replaced (a name that is not UTF-8 can't be a decoy's).
        if let s = String(validating: sampleCopy, as: UTF8.self), fm.fileExists(atPath: s) { try fm.removeItem(atPath: s) }
        // A symlink as the sample: copy what it points to (copyItem would copy the link itself, a
        // dangling host path inside the sandbox that execve can't find or that names another file).
        // open(2) follows it, and /proc/self/fd/N (a path that is not UTF-8, opened by the CLI) too.
        try Self.copyContents(of: request.samplePath, to: sampleCopy)
        for layer in plan.layers {
            try chownTree(runDir + "/lower/" + layer.name, uid: hostUser, gid: policy.hostGid)
            for part in ["upper", "work"] {
                try fm.createDirectory(atPath: rwDir + "/\(part)/\(layer.name)", withIntermediateDirectories: true)
            }
            // The merged root takes the upper root's owner.
            try SandboxHost.chown(rwDir + "/upper/\(layer.name)", layer.userOwned ? hostUser : hostRoot, layer.userOwned ? policy.hostGid : hostRoot)
            try SandboxHost.chown(rwDir + "/work/\(layer.name)", hostRoot, hostRoot)
            for (rel, data) in layer.upperFiles.sorted(by: { $0.key < $1.key }) where Self.isRelative(rel) {
                let path = rwDir + "/upper/\(layer.name)/" + rel
                try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try data.write(to: URL(fileURLWithPath: path))
                try SandboxHost.chown(path, hostUser, policy.hostGid)
            }
        }
        try chownTree(runDir + "/lower/home", uid: hostUser, gid: policy.hostGid)
        try SandboxHost.chown(runDir + "/lower/home", hostRoot, hostRoot)
        DebugTiming.mark("home and layers copied")

        let etcDir = try EtcCache.directory(for: policy, guestRoot: request.guestRoot) { dir in
            try self.writeEtc(dir)
            // Owned by the namespace's root (the guest's system files are too: GuestBuilder shifts them),
            // so a sample run as root can change /etc in its overlay, and nobody else can.
            try self.chownTree(dir, uid: hostRoot, gid: hostRoot)
        }
        DebugTiming.mark("etc ready")
        // The run's trusted CAs (the simulated internet's per-run CA): the system bundle with them
        // appended, in a folder laid out like /etc.
        var trustLayer: String? = nil
        if !plan.trustedCertificates.isEmpty {
            let dir = runDir + "/lower/etc-trust"
            let bundle = dir + "/" + Self.trustBundleRelative
            try fm.createDirectory(atPath: (bundle as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Self.writeTrustBundle(system: etcDir + "/" + Self.trustBundleRelative, extra: plan.trustedCertificates, to: bundle)
            for p in [dir, dir + "/ssl", dir + "/ssl/certs"] { try SandboxHost.chmod(p, 0o755); try SandboxHost.chown(p, hostRoot, hostRoot) }
            try SandboxHost.chown(bundle, hostRoot, hostRoot)
            trustLayer = dir
        }
        // With a guest image its /usr, /etc and /root are overlays too (read-only below, the run's writes
        // above), mounted before the fixed ones; on the host's folders, read-only binds.
        var overlays = self.overlays
        if let g = request.guestRoot {
            // The user's crontab in the image's cron spool (per identity, like /etc): above the
            // image's /var, so `crontab -l` shows it and an edit is a recorded change.
            let varDir = try EtcCache.directory(for: policy, guestRoot: g, kind: "var", marker: "spool/cron/crontabs/" + policy.userName) { dir in
                try self.writeVar(dir, guestRoot: g)
            }
            if let i = overlays.firstIndex(where: { $0.name == "var" }), let lower = overlays[i].lower {
                overlays[i].lower = varDir + ":" + lower
            }
            // The trust layer above the guest's /etc: an ordinary file of /etc to the sample (no mount
            // of its own in mountinfo), and a change only if the sample changes it.
            let etcLower = trustLayer.map { $0 + ":" + etcDir } ?? etcDir
            let system: [(name: String, mount: String, mode: UInt16, lower: String?)] =
                [("usr", "/usr", 0o755, try SudoShim.layer(hostRoot: hostRoot) + ":" + g + "/usr"), ("etc", "/etc", 0o755, etcLower),
                 ("root", "/root", 0o700, g + "/root")]
            overlays.insert(contentsOf: system, at: 0)
        }
        for o in overlays {
            for part in ["upper", "work"] {
                let p = rwDir + "/\(part)/\(o.name)"
                try fm.createDirectory(atPath: p, withIntermediateDirectories: true)
                try SandboxHost.chown(p, hostRoot, hostRoot)
            }
            try SandboxHost.chmod(rwDir + "/upper/\(o.name)", mode_t(o.mode))
        }
        try SandboxHost.chown(runDir + "/lower/empty", hostRoot, hostRoot)
        // The empty, read-only file bound over masked /proc files.
        if !fm.fileExists(atPath: runDir + "/lower/masked") {
            guard fm.createFile(atPath: runDir + "/lower/masked", contents: nil, attributes: [.posixPermissions: 0o444]) else {
                throw SandboxError.host(operation: "create \(runDir)/lower/masked", errno: errno)
            }
        }
        try SandboxHost.chown(runDir + "/lower/masked", hostRoot, hostRoot)

        var m: [MountSpec] = []
        // No host path in the sandbox's mountinfo (issue 19: tells): the child mounts from the run
        // folder (its working directory then), overlay options name folders relative to it, and a
        // folder elsewhere on the host is reached through a symlink in the run folder (l/N), so the
        // options show `lowerdir=l/0:lower/empty`, never the guest store or the run folder.
        try fm.createDirectory(atPath: runDir + "/l", withIntermediateDirectories: true)
        var aliases: [String: String] = [:]
        func relative(_ host: String) throws -> String {
            if host.hasPrefix(runDir + "/") { return String(host.dropFirst(runDir.count + 1)) }
            if let a = aliases[host] { return a }
            let a = "l/\(aliases.count)"
            try fm.createSymbolicLink(atPath: runDir + "/" + a, withDestinationPath: host)
            aliases[host] = a
            return a
        }
        // A read-only folder from the host (the guest image's system folders, /etc): a read-only
        // overlay (two lower layers, the second empty) instead of a bind mount, whose mountinfo root
        // field would be its host path.
        func readOnly(_ host: String, at dst: String, above: String? = nil) throws {
            let data = "lowerdir=\(try ([above].compactMap { $0 } + [host]).map(relative).joined(separator: ":")):lower/empty,userxattr"
            m.append(MountSpec(kind: SBX_MOUNT_OVERLAY, dst: dst, data: data, flags: UInt(MS_RDONLY), mode: 0o755))
        }
        // The system folders: the guest image's (nothing of the host's software in sight), or the host's.
        let system = request.guestRoot ?? ""
        func bindOrLink(_ p: String) throws {
            var st = stat()
            guard lstat(system + p, &st) == 0 else { return }
            if st.st_mode & S_IFMT == S_IFLNK, let t = try? fm.destinationOfSymbolicLink(atPath: system + p) {
                m.append(MountSpec(kind: SBX_MOUNT_SYMLINK, src: t, dst: p))
            } else if st.st_mode & S_IFMT == S_IFDIR {
                try readOnly(system + p, at: p)
            }
        }
        for p in ["/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32"] where request.guestRoot == nil || p != "/usr" { try bindOrLink(p) }
        // Files bound over system files (Wine's patched builtins): over the host's /usr binds here, over
        // the guest's /usr overlay once it is mounted (below).
        let bindFiles = plan.bindFiles.map { MountSpec(kind: SBX_MOUNT_BIND_RO_FILE, src: $0.hostPath, dst: $0.sandboxPath, flags: preservedFlags($0.hostPath)) }
        if request.guestRoot == nil { m += bindFiles }
        // The run's trusted CAs above the host's /etc too (a lower layer: no mount of its own).
        if request.guestRoot == nil { try readOnly(etcDir, at: "/etc", above: trustLayer) }
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
        if request.guestRoot == nil { m.append(MountSpec(kind: SBX_MOUNT_MKDIR, dst: "/root", mode: 0o700)) }
        var layers: [(String, String, String?)] = []
        for o in overlays {
            let own = o.lower ?? (o.name == "home" ? runDir + "/lower/home" : nil)
            let lowers = (own ?? runDir + "/lower/empty").split(separator: ":").map(String.init)
            let data = "lowerdir=\(try lowers.map(relative).joined(separator: ":")),upperdir=\(try relative(rwDir + "/upper/" + o.name)),workdir=\(try relative(rwDir + "/work/" + o.name)),userxattr"
            m.append(MountSpec(kind: SBX_MOUNT_OVERLAY, dst: o.mount, data: data, mode: UInt32(o.mode)))
            layers.append((rwDir + "/upper/\(o.name)", o.mount, own))
        }
        if request.guestRoot != nil { m += bindFiles }
        for layer in plan.layers.sorted(by: { $0.mountPoint.count < $1.mountPoint.count }) {
            let lowers = [runDir + "/lower/" + layer.name] + layer.lowerDirectories
            let data = "lowerdir=\(try lowers.map(relative).joined(separator: ":")),upperdir=\(try relative(rwDir + "/upper/" + layer.name)),workdir=\(try relative(rwDir + "/work/" + layer.name)),userxattr"
            m.append(MountSpec(kind: SBX_MOUNT_OVERLAY, dst: layer.mountPoint, data: data, mode: 0o755))
            layers.append((rwDir + "/upper/\(layer.name)", layer.mountPoint, lowers.joined(separator: ":")))
        }
        if !plan.binaryFormats.isEmpty {
            // Last, when /usr (an overlay of the guest's) is in place: the interpreters are opened at
            // registration (flag F), before pivot_root, by their path under the new root. Then an
            // empty read-only tmpfs over the instance hides the run's paths from the sample; the
            // shadowed mount keeps the registrations alive.
            var lines: [String] = []
            for f in plan.binaryFormats {
                guard let line = f.registration(interpreterPath: runDir + "/root" + f.interpreter) else {
                    throw SandboxError.host(operation: "binary format \(f.name)", errno: EINVAL)
                }
                lines.append(line)
            }
            m.append(MountSpec(kind: SBX_MOUNT_BINFMT, dst: Self.binfmtMount, data: lines.joined(separator: "\n")))
            m.append(MountSpec(kind: SBX_MOUNT_TMPFS, dst: Self.binfmtMount, data: "mode=0555,size=4k", flags: UInt(MS_RDONLY) | UInt(MS_NOEXEC)))
        }
        return (m, layers)
    }

    /// The system CA bundle under /etc (Debian's; OpenSSL, GnuTLS, curl, wget, Python and Wine's crypt32 read it).
    static let trustBundleRelative = "ssl/certs/ca-certificates.crt"

    /// The guest's bundle with the run's certificates appended (each ending in a newline).
    static func writeTrustBundle(system: String, extra: [String], to path: String) throws {
        var text = (try? String(contentsOfFile: system, encoding: .utf8)) ?? ""
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        for pem in extra { text += pem.hasSuffix("\n") ? pem : pem + "\n" }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o644]) else {
            throw SandboxError.host(operation: "write \(path)", errno: errno)
        }
    }

    /// Host folder, in the run's own lower layers, of a folder inside the sandbox: the deepest of the
    /// plan's layers holding it, else the guest home's; nil elsewhere (nothing of the run's own there).
    func lowerHostPath(_ sandboxPath: String, excluding: String? = nil) -> String? {
        func inside(_ mount: String) -> Substring? {
            sandboxPath == mount ? "" : sandboxPath.hasPrefix(mount + "/") ? sandboxPath.dropFirst(mount.count) : nil
        }
        let candidates = plan.layers.filter { $0.name != excluding }.sorted { $0.mountPoint.count > $1.mountPoint.count }
        for layer in candidates { if let rest = inside(layer.mountPoint) { return runDir + "/lower/" + layer.name + rest } }
        if let rest = inside("/home") { return runDir + "/lower/home" + rest }
        return nil
    }

    /// A layer name is one path component and none of the run folder's own.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && name != "." && name != ".." && !["home", "empty", "masked", "var", "usr", "etc", "root", "etc-trust"].contains(name)
            && !overlayNames.contains { $0.name == name }
    }

    static func isRelative(_ path: String) -> Bool {
        !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
    }

    /// Kernel knobs and leaks in the sandbox's procfs, masked as runc and bubblewrap do: tunables
    /// read-only (a write fails with EROFS whatever the permissions), kernel memory, keys and timer
    /// internals replaced by an empty file or an empty read-only tmpfs. Only what this kernel has.
    /// Where the sandbox's own binfmt_misc instance is mounted (and then shadowed).
    static let binfmtMount = "/proc/sys/fs/binfmt_misc"

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
        // /dev/null over them, as container runtimes mask them: reads are empty, and mountinfo shows
        // `/null` on devtmpfs, not a file of petri's run folder
        for name in procMaskedFiles where kind(name) == S_IFREG {
            m.append(MountSpec(kind: SBX_MOUNT_BIND_DEV, src: "/dev/null", dst: "/proc/" + name))
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

    /// Copies a seed folder's directories and regular files (no links or devices from a seed) over
    /// `dst`, replacing files of the same name; modes kept, owner the caller's (chownTree follows).
    func copyTree(from src: String, to dst: String) throws {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        try Self.walk(src) { rel, st in
            let s = src + "/" + rel, d = dst + "/" + rel
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                if mkdir(d, st.st_mode & 0o7777) != 0 && errno != EEXIST { throw SandboxError.host(operation: "mkdir \(d)", errno: errno) }
            case S_IFREG:
                let from = open(s, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
                guard from >= 0 else { throw SandboxError.host(operation: "open \(s)", errno: errno) }
                defer { close(from) }
                unlink(d)
                let to = open(d, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, st.st_mode & 0o777)
                guard to >= 0 else { throw SandboxError.host(operation: "create \(d)", errno: errno) }
                defer { close(to) }
                while true {
                    let n = buffer.withUnsafeMutableBytes { read(from, $0.baseAddress, $0.count) }
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else {
                        if n < 0 { throw SandboxError.host(operation: "read \(s)", errno: errno) }
                        break
                    }
                    var off = 0
                    while off < n {
                        let w = buffer.withUnsafeBytes { write(to, $0.baseAddress! + off, n - off) }
                        if w < 0 { if errno == EINTR { continue }; throw SandboxError.host(operation: "write \(d)", errno: errno) }
                        off += w
                    }
                }
                try SandboxHost.fchmod(to, st.st_mode & 0o777, path: d)
            default: break
            }
        }
    }

    /// Every entry under `root` (parents before children, never following a link), by relative path.
    static func walk(_ root: String, _ body: (String, stat) throws -> Void) throws {
        var pending = [""]
        while let rel = pending.popLast() {
            guard let dir = opendir(rel.isEmpty ? root : root + "/" + rel) else { continue }
            defer { closedir(dir) }
            while let e = readdir(dir) {
                let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name == "." || name == ".." { continue }
                let child = rel.isEmpty ? name : rel + "/" + name
                var st = stat()
                guard lstat(root + "/" + child, &st) == 0 else { continue }
                try body(child, st)
                if st.st_mode & S_IFMT == S_IFDIR { pending.append(child) }
            }
        }
    }

    /// `path` and everything under it (links themselves, never what they point to).
    func chownTree(_ path: String, uid: UInt32, gid: UInt32) throws {
        try SandboxHost.lchown(path, uid, gid)
        try Self.walk(path) { rel, _ in try SandboxHost.lchown(path + "/" + rel, uid, gid) }
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
#endif
