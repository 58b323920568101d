import PetriModel

/// Windows pid → sandbox pid for one Wine run. The API trace names processes by Windows pid (the
/// wineserver's ids, 0x20, 0x24, ...), the process tree by sandbox pid; the two number spaces overlap.
///
/// Join: every Windows process Wine starts is a sandbox process that exec'd the Wine loader with the
/// Windows image as its first argument after the loader (`wine64-preloader wine64 C:\x\y.exe args`,
/// or `./y.exe` for the sample itself). Windows processes, in creation order, take the earliest-started
/// unused sandbox process whose image argument has the same file name (case-insensitive). A Windows
/// process whose image is unknown, or that has no such sandbox process, stays unmapped.
public struct WinePidMap: Sendable, Equatable {
    public private(set) var sandboxPid: [UInt32: Int32] = [:]

    static let loaderNames: Set<String> = ["wine64-preloader", "wine-preloader", "wine64", "wine"]

    public init(windows: [UInt32: WineProcess], sandbox: [ProcessNode]) {
        var candidates: [(pid: Int32, image: String)] = []
        for p in sandbox.sorted(by: { ($0.startNs, $0.pid) < ($1.startNs, $1.pid) }) {
            guard let target = Self.imageArgument(p.argv) else { continue }
            candidates.append((p.pid, Self.baseName(target)))
        }
        var used = Set<Int32>()
        for w in windows.values.sorted(by: { ($0.startNs, $0.pid) < ($1.startNs, $1.pid) }) {
            guard let image = w.image.map(Self.baseName),
                  let c = candidates.first(where: { !used.contains($0.pid) && $0.image == image }) else { continue }
            used.insert(c.pid)
            sandboxPid[w.pid] = c.pid
        }
    }

    public subscript(windowsPid: UInt32) -> Int32? { sandboxPid[windowsPid] }

    /// The first argument after the Wine loader(s), or nil when argv is not a Wine launch.
    static func imageArgument(_ argv: [String]) -> String? {
        var i = 0
        while i < argv.count, loaderNames.contains(baseName(argv[i])) { i += 1 }
        return i > 0 && i < argv.count ? argv[i] : nil
    }

    static func baseName(_ path: String) -> String {
        String(path.split(whereSeparator: { $0 == "\\" || $0 == "/" }).last ?? Substring(path)).lowercased()
    }

    /// Gives each `api` event the sandbox pid of the process that ran it (`ppid`: its Windows parent's),
    /// the Windows ids staying in `win_pid`/`win_tid`. An event whose Windows pid is not mapped keeps
    /// it and is marked `unmapped: true`; rules never relate it by pid to a sandbox process.
    public func attribute(_ events: inout [Event], processes: [UInt32: WineProcess]) {
        for i in events.indices where events[i].kind == .api {
            let wpid = UInt32(bitPattern: events[i].pid)
            if let pid = sandboxPid[wpid] {
                events[i].pid = pid
                events[i].ppid = processes[wpid]?.parentPid.flatMap { sandboxPid[$0] }
            } else {
                events[i].args["unmapped"] = .bool(true)
                events[i].ppid = nil
            }
        }
    }
}
