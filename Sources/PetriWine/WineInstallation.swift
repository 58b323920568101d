// Which Wine is installed, and how to run it (Debian layout first, then PATH).
import CSandbox
import Foundation

public struct WineInstallation: Sendable, Equatable {
    /// The 64-bit loader (Debian: /usr/lib/wine/wine64).
    public var loader64: String
    /// The 32-bit loader, when wine32 is installed (Debian: /usr/lib/wine/wine from wine32:i386).
    public var loader32: String?
    public var server: String
    /// `wine-8.0 (Debian 8.0~repack-4)`
    public var version: String
    /// The host folder the paths above are in: "" for the host's own Wine, else a guest image's root
    /// (the paths are then the sandbox's, where the guest's /usr is mounted).
    public var root: String = ""
    /// The guest image's id when `root` is one (the template prefix is cached per guest).
    public var guestID: String?

    /// The line petri prints when a 32-bit PE arrives and wine32 is missing (exit 2, no half-run).
    public static let wine32InstallHint = """
        32-bit Windows programs need the 32-bit Wine: as root run `dpkg --add-architecture i386 && apt-get update && \
        apt-get install wine32:i386` (on Debian 12 this fails while the i386 security index cannot be fetched; see docs/wine.md)
        """

    public enum LookupError: Error, CustomStringConvertible, Equatable {
        case notInstalled
        /// The profile's guest image was built without its Wine stage.
        case notInGuest
        case versionFailed(String)
        /// A 32-bit PE and no wine32: petri exits 2 with this line, never a half-run (wine64 alone
        /// starts it in "experimental wow64 mode", fails to load syswow64\ntdll.dll and crashes).
        case wine32Missing
        case unsupportedMachine(UInt16)
        public var description: String {
            switch self {
            case .notInstalled:
                return "Wine is not installed: as root run `apt-get install wine wine64 wine64-preloader` (see docs/wine.md)"
            case .notInGuest:
                return "the guest image has no Wine (the profile sets guest.wine: false; remove it, or set it to true, and run `petri guest prepare`)"
            case .versionFailed(let s): return "cannot determine the Wine version: \(s)"
            case .wine32Missing: return WineInstallation.wine32InstallHint
            case .unsupportedMachine(let m): return "unsupported PE machine 0x\(String(m, radix: 16)) (petri runs x86-64 and i386 PEs)"
            }
        }
    }

    public init(loader64: String, loader32: String?, server: String, version: String) {
        self.loader64 = loader64; self.loader32 = loader32; self.server = server; self.version = version
    }

    /// Host path of a file of this installation (`root` + the path).
    public func hostPath(_ path: String) -> String { root + path }

    /// The Wine of a guest image (docs/guest.md): Debian's layout under `root`, the version from the
    /// guest's dpkg status (running the guest's loader on the host would need the guest's libraries).
    public static func inGuest(root: String, id: String) throws -> WineInstallation {
        let fm = FileManager.default
        let loader = "/usr/lib/wine/wine64", server = "/usr/lib/wine/wineserver64"
        guard fm.isExecutableFile(atPath: root + loader), fm.isExecutableFile(atPath: root + server) else { throw LookupError.notInGuest }
        let loader32 = ["/usr/lib/wine/wine"].first { fm.isExecutableFile(atPath: root + $0) }
        guard let status = try? String(contentsOfFile: root + "/var/lib/dpkg/status", encoding: .utf8),
              let v = packageVersion("wine64", status: status) else {
            throw LookupError.versionFailed("no wine64 package in the guest's dpkg status")
        }
        let upstream = v.split(whereSeparator: { $0 == "~" || $0 == "-" || $0 == "+" }).first.map(String.init) ?? v
        var inst = WineInstallation(loader64: loader, loader32: loader32, server: server, version: "wine-\(upstream) (Debian \(v))")
        inst.root = root
        inst.guestID = id
        return inst
    }

    /// The installed version of `package` in a dpkg status file's text.
    static func packageVersion(_ package: String, status: String) -> String? {
        for stanza in status.components(separatedBy: "\n\n") {
            var name: String?, version: String?, installed = false
            for line in stanza.split(separator: "\n") {
                if line.hasPrefix("Package: ") { name = String(line.dropFirst(9)) }
                else if line.hasPrefix("Version: ") { version = String(line.dropFirst(9)) }
                else if line.hasPrefix("Status: ") { installed = line.hasSuffix(" installed") }
            }
            if name == package, installed, let v = version { return v }
        }
        return nil
    }

    /// Finds Wine: Debian's /usr/lib/wine first, then `wine64`/`wineserver` on PATH.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> WineInstallation {
        let fm = FileManager.default
        let path = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        func find(_ candidates: [String], _ names: [String]) -> String? {
            for c in candidates where fm.isExecutableFile(atPath: c) { return c }
            for dir in path { for n in names where fm.isExecutableFile(atPath: dir + "/" + n) { return dir + "/" + n } }
            return nil
        }
        guard let loader = find(["/usr/lib/wine/wine64", "/usr/lib64/wine/wine64"], ["wine64"]),
              let server = find(["/usr/lib/wine/wineserver64", "/usr/lib/wine/wineserver"], ["wineserver"]) else {
            throw LookupError.notInstalled
        }
        let loader32 = ["/usr/lib/wine/wine", "/usr/lib/i386-linux-gnu/wine/wine"].first { fm.isExecutableFile(atPath: $0) }
        let out = try runCapturing(loader, ["--version"], environment: ["PATH": "/usr/bin:/bin", "WINEDEBUG": "-all"])
        guard out.status == 0, let line = out.stdout.split(separator: "\n").first, line.hasPrefix("wine-") else {
            throw LookupError.versionFailed(out.stderr.isEmpty ? out.stdout : out.stderr)
        }
        return WineInstallation(loader64: loader, loader32: loader32, server: server, version: String(line))
    }

    /// The loader for a PE image's machine, or why it cannot run here.
    public func loader(forMachine machine: UInt16) throws -> String {
        switch machine {
        case 0x8664: return loader64
        case 0x14c:
            guard let l = loader32 else { throw LookupError.wine32Missing }
            return l
        default: throw LookupError.unsupportedMachine(machine)
        }
    }

    /// `wine-8.0 (Debian 8.0~repack-4)` -> `wine-8.0-debian-8.0-repack-4`, usable in a path.
    public var versionSlug: String { Self.slug(version) }

    static func slug(_ s: String) -> String {
        var out = ""
        var lastDash = false
        for ch in s.lowercased() {
            if ch.isASCII && (ch.isLetter || ch.isNumber || ch == ".") { out.append(ch); lastDash = false }
            else if !lastDash && !out.isEmpty { out.append("-"); lastDash = true }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out
    }
}

/// Output of a finished child process.
struct ProcessOutput: Sendable { var status: Int32; var stdout: String; var stderr: String; var timedOut: Bool }

/// Runs a program to completion with a clean environment; kills it after `timeout` seconds. Through
/// posix_spawn, pipes and poll (sbx_run_capture), not Foundation's Process, whose wait goes through
/// CFRunLoop wakeup sockets on 127.0.0.1 and so never ends in a network namespace whose lo is down
/// (issue 19). Up to `maxOutput` bytes of stdout and of stderr are kept, the rest drained.
func runCapturing(_ executable: String, _ arguments: [String], environment: [String: String],
                  currentDirectory: String? = nil, timeout: Double = 600, maxOutput: Int = 1 << 20) throws -> ProcessOutput {
    var argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    var envp: [UnsafeMutablePointer<CChar>?] = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for p in argv + envp { free(p) } }
    var out = [CChar](repeating: 0, count: maxOutput), err = [CChar](repeating: 0, count: maxOutput)
    var outLen = 0, errLen = 0
    var status: Int32 = 0, timedOut: Int32 = 0
    let ms = Int32(max(0, min(timeout, Double(Int32.max) / 1000)) * 1000)
    let rc: Int32
    if let cwd = currentDirectory {
        rc = sbx_run_capture(executable, &argv, &envp, cwd, &out, out.count, &outLen, &err, err.count, &errLen, ms, &status, &timedOut)
    } else {
        rc = sbx_run_capture(executable, &argv, &envp, nil, &out, out.count, &outLen, &err, err.count, &errLen, ms, &status, &timedOut)
    }
    if rc != 0 { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
    // an exit code, or the signal that ended it (as Process.terminationStatus)
    let code = status & 0x7f == 0 ? (status >> 8) & 0xff : status & 0x7f
    func text(_ b: [CChar], _ n: Int) -> String { String(decoding: b.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self) }
    return ProcessOutput(status: code, stdout: text(out, outLen), stderr: text(err, errLen), timedOut: timedOut != 0)
}
