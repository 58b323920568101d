// How one Wine run is laid out inside the sandbox: mounts, environment, the launch script and the
// end-of-run rule. Pure data for the sandbox core to execute (docs/wine.md has the measured recipe).

/// One mount the sandbox performs (in this order) inside the run's mount namespace, as inside-root,
/// before dropping to uid 1000.
public struct WineMount: Sendable, Equatable {
    public var type: String      // tmpfs, overlay
    public var source: String
    public var target: String
    public var options: String
}

public struct WineRunRecipe: Sendable {
    /// Cheap channels, on by default (measured near-zero cost, docs/wine.md).
    public static let traceChannels = "+timestamp,+pid,+tid,+process,+file,+reg,+winsock,+wininet,+urlmon,+winhttp,+seh,+loaddll"

    public enum APITrace: String, Sendable, CaseIterable {
        /// WINEDEBUG=-all: no API events.
        case off
        /// The cheap channels above.
        case standard
        /// Plus +relay restricted with RelayFromInclude to the sample's modules.
        case full
    }

    /// Host path of the template prefix (lower layer, read-only).
    public var templatePath: String
    /// Host directory for the overlay's upper and work dirs; must be writable by the sandbox's
    /// inside-root and on the same filesystem for both.
    public var upperDir: String
    public var workDir: String
    /// File name of the sample as copied into C:\users\user\Downloads.
    public var sampleFileName: String
    public var arguments: [String]
    public var apiTrace: APITrace
    /// Wall-clock budget of the sample (the sandbox timeout).
    public var timeoutSeconds: Int
    /// Where the prefix and the sample are inside the sandbox (from the profile's user and home).
    public var layout: WineLayout
    /// The program itself, or a DLL's export through rundll32.
    public var target: WineLaunchTarget

    public init(templatePath: String, upperDir: String, workDir: String, sampleFileName: String, arguments: [String] = [],
                apiTrace: APITrace = .standard, timeoutSeconds: Int = 30, layout: WineLayout = .standard, target: WineLaunchTarget = .executable) {
        self.templatePath = templatePath; self.upperDir = upperDir; self.workDir = workDir
        self.sampleFileName = sampleFileName; self.arguments = arguments; self.apiTrace = apiTrace
        self.timeoutSeconds = timeoutSeconds; self.layout = layout; self.target = target
    }

    /// The loader's argv after its own name: the sample and its arguments, or for a DLL the prefix's
    /// rundll32 (by its Unix path: a bare name would make the loader go through start.exe) with the DLL's
    /// full Windows path (a bare name would be searched in system32 first, so a sample named like a
    /// system DLL would not be the one loaded) and the export, then the arguments.
    public var programArguments: [String] {
        switch target {
        case .executable:
            return ["./" + sampleFileName] + arguments
        case .dll(let entry, let is32Bit):
            let rundll32 = layout.driveC + (is32Bit ? "/windows/syswow64" : "/windows/system32") + "/rundll32.exe"
            // one argv element: Wine's loader quotes it when it has blanks, rundll32 splits at the comma
            return [rundll32, layout.sampleWindowsDirectory + "\\" + sampleFileName + "," + entry] + arguments
        }
    }

    public var winedebug: String {
        switch apiTrace {
        case .off: return "-all"
        case .standard: return Self.traceChannels
        case .full: return Self.traceChannels + ",+relay"
        }
    }

    /// Mounts, in order. The upper dir's root must be owned by inside-1000 (Wine refuses a prefix
    /// that is not owned by the current uid, and the merged root takes the upper root's owner).
    /// `userxattr`: overlay in a user namespace keeps its metadata in user.* xattrs (without it the
    /// kernel warns and falls back to redirect_dir=nofollow). The template path must be reachable by
    /// the sandbox's inside ids (see `WinePrefixTemplate.unreachableAncestor`): an O_PATH fd from
    /// the parent does not work as lowerdir ("failed to clone lowerpath", other mount namespace).
    public var mounts: [WineMount] {
        [
            WineMount(type: "tmpfs", source: "tmpfs", target: "/home", options: "mode=755"),
            WineMount(type: "overlay", source: "overlay", target: layout.prefix,
                      options: "lowerdir=\(templatePath),upperdir=\(upperDir),workdir=\(workDir),userxattr"),
            // Private /tmp: the wineserver's socket dir /tmp/.wine-1000/server-<dev>-<ino>.
            WineMount(type: "tmpfs", source: "tmpfs", target: "/tmp", options: "mode=1777"),
        ]
    }

    /// Environment of the Wine processes (uid 1000 inside). No DISPLAY/WAYLAND_DISPLAY: with the
    /// null graphics driver in the template Wine never looks for X.
    public static func environment(debug: String, layout: WineLayout = .standard) -> [String: String] {
        [
            "PATH": "/usr/bin:/bin",
            "HOME": layout.home,
            "USER": layout.user,
            "LOGNAME": layout.user,
            "LANG": "C.UTF-8",
            "WINEPREFIX": layout.prefix,
            "WINEARCH": "win64",
            "WINEDLLOVERRIDES": "mscoree,mshtml=;winemenubuilder.exe=d",
            "WINEDEBUG": debug,
        ]
    }

    public var environment: [String: String] { Self.environment(debug: winedebug, layout: layout) }

    /// The command the sandbox runs as the layout's uid with cwd = `layout.sampleDirectory`, stdout and
    /// stderr captured (Wine's debug output is on stderr; point it at a file with `2>`).
    /// - `wineserver -p0`: the server exits as soon as the last Windows user process has exited
    ///   (system processes are told to shut down), so `wineserver -w` returning is the end-of-run
    ///   signal for the sample's whole Windows process tree, detached children included.
    /// - The sample's exit code is the script's exit code; `wineserver -w` flushes the registry to
    ///   user.reg/system.reg before it returns.
    /// - On timeout the supervisor sends the run's wineserver SIGTERM (save the registry, exit),
    ///   waits for it at most `WineServerShutdown.graceSeconds`, then kills the pid namespace.
    /// `loader`: the loader for the sample's machine (`WineInstallation.loader(forMachine:)`), the
    /// 64-bit one by default. A PE32 is started by the 32-bit loader itself (WoW64 in the win64
    /// prefix): through wine64 it would be a second Windows process of a 64-bit starter. A PE32 DLL's
    /// rundll32 is the 32-bit one for the same reason (system32 is syswow64 to a 32-bit process).
    public func launchScript(installation: WineInstallation, loader: String? = nil) -> String {
        let args = programArguments.map(Self.shellQuote).joined(separator: " ")
        return """
            \(Self.shellQuote(installation.server)) -p0 || exit 125
            \(Self.shellQuote(loader ?? installation.loader64)) \(args)
            rc=$?
            \(Self.shellQuote(installation.server)) -w
            exit $rc
            """
    }

    /// `wineserver -k`, for a shell around the launch script (the test prototype); the sandbox
    /// signals the server itself (`WineServerShutdown`).
    public func killCommand(installation: WineInstallation) -> [String] { [installation.server, "-k"] }

    /// For `full` traces: restrict +relay to calls made from the sample's own modules by rewriting
    /// HKCU\Software\Wine\Debug in the run's user.reg (before Wine starts). Wine's default
    /// RelayFromExclude must go: an exclude list takes precedence over RelayFromInclude.
    public static func enableRelay(userReg text: String, modules: [String]) -> String {
        let include = "\"RelayFromInclude\"=\"" + modules.joined(separator: ";").replacingOccurrences(of: "\"", with: "") + "\""
        var out: [Substring] = []
        var inDebug = false, wrote = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("[") {
                if inDebug && !wrote { out.append(Substring(include)); wrote = true }
                inDebug = line.hasPrefix("[Software\\\\Wine\\\\Debug]")
            } else if inDebug, line.hasPrefix("\"RelayFromExclude\"=") || line.hasPrefix("\"RelayFromInclude\"=") {
                continue
            }
            if inDebug, line.isEmpty, !wrote { out.append(Substring(include)); wrote = true }
            out.append(line)
        }
        var result = out.joined(separator: "\n")
        if !wrote {
            result += (result.hasSuffix("\n") ? "" : "\n") + "\n[Software\\\\Wine\\\\Debug] 0\n" + include + "\n"
        }
        return result
    }

    static func shellQuote(_ s: String) -> String {
        s.allSatisfy({ $0.isLetter || $0.isNumber || "/._-=,+:".contains($0) }) ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
