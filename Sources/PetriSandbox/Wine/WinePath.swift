// Windows <-> Unix path mapping for a Wine prefix (FileChange.windowsPath, API trace paths).

/// Maps paths between the sandbox's Unix view of a Wine prefix and the Windows view of the sample.
/// Only drive C: exists in a petri prefix (Z: is removed), so anything outside drive_c has no
/// Windows path.
public struct WinePathMapper: Sendable, Equatable {
    /// The prefix as seen inside the sandbox, e.g. /home/user/.wine.
    public var prefix: String

    public init(prefix: String = WineLayout.sandboxPrefix) {
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

/// Fixed names of the Wine layout inside the sandbox (see docs/wine.md).
public enum WineLayout {
    public static let sandboxUser = "user"
    public static let sandboxUID: UInt32 = 1000
    public static let sandboxGID: UInt32 = 1000
    public static let sandboxHome = "/home/user"
    public static let sandboxPrefix = "/home/user/.wine"
    /// Where the sample is copied (inside drive C, so it has a Windows path and a working directory).
    public static let sampleDirectory = "/home/user/.wine/drive_c/users/user/Downloads"
    public static let sampleWindowsDirectory = "C:\\users\\user\\Downloads"
    /// Files Wine itself rewrites on every start; not evidence of the sample.
    /// Paths relative to the prefix; the registry files are diffed instead (RegistryDiff).
    public static let volatilePrefixFiles: Set<String> = [
        ".update-timestamp", "wineserver", "system.reg", "user.reg", "userdef.reg", "dosdevices/com1",
    ]
}
