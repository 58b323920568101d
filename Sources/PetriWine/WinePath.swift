// Windows <-> Unix path mapping for a Wine prefix (FileChange.windowsPath, API trace paths).

/// Maps paths between the sandbox's Unix view of a Wine prefix and the Windows view of the sample.
/// Only drive C: exists in a petri prefix (Z: is removed), so anything outside drive_c has no
/// Windows path.
public struct WinePathMapper: Sendable, Equatable {
    /// The prefix as seen inside the sandbox, e.g. /home/user/.wine.
    public var prefix: String

    public init(prefix: String = WineLayout.standard.prefix) {
        self.prefix = prefix.count > 1 && prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
    }

    private var driveC: String { prefix + "/drive_c" }
    private var dosdevicesC: String { prefix + "/dosdevices/c:" }

    /// `/home/user/.wine/drive_c/users/user/AppData/x` -> `C:\users\user\AppData\x`; nil outside drive C.
    public func windowsPath(forUnixPath path: String) -> String? {
        for root in [driveC, dosdevicesC] {
            if path == root { return "C:\\" }
            if path.hasPrefix(root + "/") {
                let rest = path.dropFirst(root.count + 1)
                return "C:\\" + rest.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "\\")
            }
        }
        return nil
    }

    /// Same for a path relative to the prefix (as found in the overlay's upper directory:
    /// `drive_c/users/user/x`).
    public func windowsPath(forPrefixRelativePath rel: String) -> String? {
        windowsPath(forUnixPath: prefix + "/" + (rel.hasPrefix("/") ? String(rel.dropFirst()) : rel))
    }

    /// `C:\users\user\x`, `c:/users/user/x`, `\??\C:\x` or `\\?\C:\x` -> `/home/user/.wine/drive_c/users/user/x`.
    /// Case is kept as given (Wine resolves case-insensitively; the file on disk may differ in case).
    public func unixPath(forWindowsPath path: String) -> String? {
        var p = Substring(path)
        for ntPrefix in ["\\??\\", "\\\\?\\", "\\\\.\\"] where p.hasPrefix(ntPrefix) { p = p.dropFirst(ntPrefix.count) }
        guard p.count >= 2, let drive = p.first, drive == "C" || drive == "c", p.dropFirst().first == ":" else { return nil }
        let rest = p.dropFirst(2).split(whereSeparator: { $0 == "\\" || $0 == "/" }).filter { $0 != "." }
        var parts: [Substring] = []
        for part in rest { if part == ".." { _ = parts.popLast() } else { parts.append(part) } }
        return parts.isEmpty ? driveC : driveC + "/" + parts.joined(separator: "/")
    }
}

/// Where a Wine run lives inside the sandbox, derived from the profile's user and home (docs/wine.md):
/// the prefix at HOME/.wine, the sample in the user's Downloads inside drive C.
public struct WineLayout: Sendable, Hashable {
    public var user: String
    public var home: String
    /// The ids Wine runs as inside the sandbox (the prefix must be theirs).
    public var uid: UInt32
    public var gid: UInt32

    public init(user: String, home: String, uid: UInt32 = 1000, gid: UInt32 = 1000) {
        self.user = user; self.home = home.count > 1 && home.hasSuffix("/") ? String(home.dropLast()) : home
        self.uid = uid; self.gid = gid
    }

    /// The default profile's layout (user `user`, home /home/user).
    public static let standard = WineLayout(user: "user", home: "/home/user")

    public var prefix: String { home + "/.wine" }
    public var driveC: String { prefix + "/drive_c" }
    /// Where the sample is copied (inside drive C, so it has a Windows path and a working directory).
    public var sampleDirectory: String { driveC + "/users/" + user + "/Downloads" }
    public var sampleWindowsDirectory: String { "C:\\users\\" + user + "\\Downloads" }
    public var pathMapper: WinePathMapper { WinePathMapper(prefix: prefix) }

    /// Files Wine itself rewrites on every start; not evidence of the sample.
    /// Paths relative to the prefix; the registry files are diffed instead (RegistryDiff).
    public static let volatilePrefixFiles: Set<String> = [
        ".update-timestamp", "wineserver", "system.reg", "user.reg", "userdef.reg", "dosdevices/com1",
    ]

    /// Images of Wine's own machinery: their processes and syscalls are runner activity, not the
    /// sample's. The one list of Wine's process names.
    public static let runnerImages: Set<String> = [
        "sh", "dash", "wineserver", "wineserver64", "wine", "wine64", "wine64-preloader", "wine-preloader", "wineboot.exe",
        "services.exe", "winedevice.exe", "plugplay.exe", "svchost.exe", "rpcss.exe", "explorer.exe", "start.exe",
        "conhost.exe", "winemenubuilder.exe", "tabtip.exe",
    ]
    /// Wine's loader executables, whose processes are named by their comm (the Windows image name):
    /// exact names, and name prefixes.
    public static let loaderImages: Set<String> = ["wine64", "wine"]
    public static let loaderImagePrefixes: [String] = ["wine64-preloader", "wine-preloader"]
}
