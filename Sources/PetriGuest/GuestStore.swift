import Crypto
import Foundation

/// What the build writes next to the root file system: the entry is used only when this stamp is
/// present, names the entry's id and matches the root it describes.
public struct GuestStamp: Codable, Sendable, Equatable {
    public var id: String
    public var spec: GuestSpec
    /// SHA-256 of the package version lines (`PackageInventory.digest`), reported as run.guest.packages_digest.
    public var packagesDigest: String
    /// SHA-256 of the root's dpkg status file at build time (a changed or missing file invalidates the entry).
    public var statusDigest: String
    public var packages: [String]
    public var builtAt: String
    public var buildSeconds: Double
    public var sizeBytes: UInt64
    public var files: Int

    enum CodingKeys: String, CodingKey {
        case id, spec, packagesDigest = "packages_digest", statusDigest = "status_digest", packages
        case builtAt = "built_at", buildSeconds = "build_seconds", sizeBytes = "size_bytes", files
    }
}

/// A validated image in the store.
public struct GuestEntry: Sendable {
    public var id: String
    /// The entry folder (stamp.json, root/).
    public var path: String
    public var stamp: GuestStamp
    /// The guest's root file system, mounted read-only under every sandbox.
    public var root: String { path + "/root" }
}

/// The cache of built images: `<root>/<id>/{stamp.json,root/}`. Folders starting with `.` are build
/// temporaries, locks or trash, never entries.
public struct GuestStore: Sendable {
    public var directory: String

    public init(directory: String = GuestStore.defaultDirectory()) { self.directory = directory }

    /// $PETRI_GUEST_CACHE, else `guest/` under petri's cache ($PETRI_CACHE, /var/cache/petri as root).
    public static func defaultDirectory() -> String {
        let env = ProcessInfo.processInfo.environment
        if let g = env["PETRI_GUEST_CACHE"], !g.isEmpty { return g }
        if let c = env["PETRI_CACHE"], !c.isEmpty { return c + "/guest" }
        if getuid() == 0 { return "/var/cache/petri/guest" }
        if let x = env["XDG_CACHE_HOME"], !x.isEmpty { return x + "/petri/guest" }
        return (env["HOME"] ?? "/tmp") + "/.cache/petri/guest"
    }

    public enum Status: Sendable {
        case missing
        case valid(GuestEntry)
        /// Present but not usable (no stamp, a stamp of another id, files gone): rebuilt, never used.
        case invalid(String)
    }

    func entryPath(_ id: String) -> String { directory + "/" + id }

    /// `thorough` also checks that every file dpkg installed is still there (tens of thousands of
    /// lstat calls: `guest prepare` and `guest show`); without it, the stamp, the dpkg status digest
    /// and the files every run needs (a run's set-up must stay cheap).
    public func status(id: String, thorough: Bool = false) -> Status {
        let path = entryPath(id)
        var st = stat()
        guard lstat(path, &st) == 0 else { return .missing }
        guard st.st_mode & S_IFMT == S_IFDIR else { return .invalid("\(path) is not a folder") }
        guard let data = FileManager.default.contents(atPath: path + "/stamp.json") else { return .invalid("no stamp file") }
        guard let stamp = try? JSONDecoder().decode(GuestStamp.self, from: data) else { return .invalid("stamp file does not parse") }
        guard stamp.id == id, stamp.spec.id == id else { return .invalid("stamp names guest \(stamp.id), not \(id)") }
        let root = path + "/root"
        guard let status = FileManager.default.contents(atPath: root + "/var/lib/dpkg/status") else { return .invalid("dpkg status file missing") }
        guard Self.sha256(status) == stamp.statusDigest else { return .invalid("dpkg status file changed since the build") }
        for f in Self.essentialFiles + (stamp.spec.wine ? Self.wineFiles : []) where lstat(root + "/" + f, &st) != 0 {
            return .invalid("\(f) missing")
        }
        if thorough, let missing = Self.firstMissingPackageFile(root: root) { return .invalid("\(missing) missing") }
        return .valid(GuestEntry(id: id, path: path, stamp: stamp))
    }

    /// What every sample and petri's own set-up need from the image.
    static let essentialFiles = ["usr/bin/sh", "usr/bin/bash", "usr/bin/env", "etc/os-release", "usr/lib/os-release",
                                 "etc/ld.so.cache", "usr/bin/python3", "usr/bin/perl"]

    /// What the Wine runner needs when the image has the Wine stage: both loaders and the server.
    public static let wineFiles = ["usr/lib/wine/wine64", "usr/lib/wine/wine", "usr/lib/wine/wineserver64",
                                   "usr/lib/x86_64-linux-gnu/wine/x86_64-windows/ntdll.dll",
                                   "usr/lib/i386-linux-gnu/wine/i386-windows/ntdll.dll"]

    public func entry(for spec: GuestSpec, thorough: Bool = false) -> GuestEntry? {
        if case .valid(let e) = status(id: spec.id, thorough: thorough) { return e }
        return nil
    }

    /// Ids of every folder that looks like an entry (valid or not).
    public func ids() -> [String] {
        let items = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return items.filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Deletes an entry under its lock: renamed out of the way first, so no run finds it half-deleted.
    public func remove(id: String) throws {
        try withLock(id: id) { try discard(entryPath(id), tag: id) }
    }

    /// Moves a folder to a trash name and deletes it (never crossing into a mount below it).
    func discard(_ path: String, tag: String) throws {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        let trash = directory + "/.trash-\(tag)-\(getpid())-\(UUID().uuidString.prefix(8))"
        guard rename(path, trash) == 0 else {
            throw GuestError(step: "remove", message: "rename \(path): \(String(cString: strerror(errno)))")
        }
        try Self.removeTree(trash)
    }

    /// Serializes builders and removers of one id across processes and threads (flock on an open
    /// file description per call).
    public func withLock<T>(id: String, _ body: () throws -> T) throws -> T {
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755]) }
        catch { throw GuestError(step: "cache folder", message: "cannot create \(directory): \(error.localizedDescription)") }
        let fd = open(directory + "/.lock-" + id, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw GuestError(step: "lock", message: "open \(directory)/.lock-\(id): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw GuestError(step: "lock", message: "flock: \(String(cString: strerror(errno)))") }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    /// Temporaries of builds whose process is gone (killed mid-build): deleted under the id's lock.
    func sweepStaleTemporaries(id: String) {
        for item in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            guard item.hasPrefix(".tmp-\(id)-") || item.hasPrefix(".trash-") else { continue }
            let fields = item.split(separator: "-")
            guard fields.count >= 3, let pid = Int32(fields[2]), pid != getpid() else { continue }
            if kill(pid, 0) == 0 || errno == EPERM { continue }
            try? Self.removeTree(directory + "/" + item)
        }
    }

    static func removeTree(_ path: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/rm")
        p.arguments = ["-rf", "--one-file-system", "--", path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { throw GuestError(step: "remove", message: "cannot run rm: \(error.localizedDescription)") }
        p.waitUntilExit()
        if FileManager.default.fileExists(atPath: path) { throw GuestError(step: "remove", message: "\(path) could not be deleted") }
    }

    static func sha256(_ d: Data) -> String { SHA256.hash(data: d).map { String(format: "%02x", $0) }.joined() }

    /// The first path listed in a dpkg `*.list` file that no longer exists under root.
    static func firstMissingPackageFile(root: String) -> String? {
        let info = root + "/var/lib/dpkg/info"
        guard let items = try? FileManager.default.contentsOfDirectory(atPath: info) else { return "var/lib/dpkg/info" }
        var st = stat()
        for item in items where item.hasSuffix(".list") {
            guard let text = try? String(contentsOfFile: info + "/" + item, encoding: .utf8) else { return "var/lib/dpkg/info/" + item }
            for line in text.split(separator: "\n") where line.hasPrefix("/") && line != "/." {
                // Diversions and alternatives may move a listed file; dpkg's own list still names it.
                if lstat(root + line, &st) != 0 && !line.hasPrefix("/etc/") { return String(line.dropFirst()) }
            }
        }
        return nil
    }
}
