import Foundation
import PetriModel

/// Did the sample really run? Decided from the record alone (so a stored report is rescored the same
/// way): the sample's own exec happened and was followed by activity of its own (native and script
/// runs), or the Windows process appeared (Wine runs). A run that says nothing about the sample gets
/// the verdict `inconclusive` with this reason instead of `benign` (docs/scoring.md).
public enum RunAssessment {
    /// Nil when the sample ran; otherwise why the record says nothing about it.
    public static func inconclusiveReason(_ r: Report) -> VerdictReason? {
        switch r.run.outcome {
        case .setupFailed(let stage, let errno, let message):
            guard stage == "execve", r.run.runner != "wine" else {
                return VerdictReason(.setupFailed, "sandbox setup failed at \(stage): \(message)")
            }
            // The kernel refused the sample's own execve.
            switch errno {
            case ENOEXEC, EIO: return VerdictReason(.unsupported, "the kernel cannot execute it (format or architecture unsupported): \(message)")
            case ENOENT, ELIBBAD: return VerdictReason(.loaderFailed, "its interpreter or ELF loader is missing or corrupt: \(message)")
            default: return VerdictReason(.notStarted, "the sample's execve failed: \(message)")
            }
        case .internalError(let message):
            return VerdictReason(.notStarted, "the runner could not start it: \(message)")
        case .exited, .signaled, .timedOut:
            break
        }
        return r.run.runner == "wine" ? wineReason(r) : nativeReason(r)
    }

    /// Wine runs: the Windows process of the sample must have appeared (a non-runner Windows process
    /// or API calls of the sample's own).
    static func wineReason(_ r: Report) -> VerdictReason? {
        let appeared = r.processes.contains { $0.windowsImage != nil && $0.runner != true }
            || r.events.contains { $0.kind == .api && $0.runner != true }
        if appeared { return nil }
        if let line = firstLine(r.output.stderrPreview, containing: wineLoaderMarkers) {
            return VerdictReason(.loaderFailed, "Wine did not load it: \(line)")
        }
        return VerdictReason(.notStarted, "Wine never started the Windows process (\(r.run.outcome.summary))")
    }

    static func nativeReason(_ r: Report) -> VerdictReason? {
        let events = r.events.filter { $0.runner != true }
        let execs = events.filter { $0.kind == .syscall && ($0.name == "execve" || $0.name == "execveat") }
        // The sample's launch: the exec of its sandbox path (the first exec when the path is spelled otherwise).
        let launch = execs.first { $0.path == r.run.samplePath } ?? execs.first
        if let launch, EventOutcome.of(launch, in: r) == .failed {
            return VerdictReason(.notStarted, "the sample's execve failed\(launch.error.map { " (\($0))" } ?? "")")
        }
        let after = launch?.seq ?? 0
        let root = launch?.pid ?? r.processes.first { $0.runner != true }?.pid
        let rootExit = r.processes.first { $0.pid == root }?.exit
        if rootExit?.code == 127, let line = firstLine(r.output.stderrPreview, containing: loaderMarkers) {
            return VerdictReason(.loaderFailed, "its loader failed: \(line)")
        }
        let own = events.contains { $0.seq > after && isOwnActivity($0, samplePath: r.run.samplePath) }
        let ran = own || r.output.stdoutBytes > 0 || r.output.stderrBytes > 0 || !r.files.isEmpty
            || !r.network.attempts.isEmpty || !r.network.dns.isEmpty || !r.network.connections.isEmpty
            || !r.run.limitsHit.isEmpty || r.run.timeoutHit || r.processes.filter({ $0.runner != true }).count > 1
        if ran { return nil }
        if launch == nil && events.isEmpty {
            return VerdictReason(.notStarted, "no exec of the sample and no syscall were recorded (\(r.run.outcome.summary))")
        }
        let how: String
        if let e = rootExit, let sig = e.signal { how = "crashed (signal \(sig))" }
        else if let e = rootExit, let code = e.code { how = "exited with code \(code)" }
        else { how = r.run.outcome.summary }
        return VerdictReason(.noOwnActivity, "\(how) before any syscall of its own (only the loader's start-up was recorded)")
    }

    /// A recorded event that is the sample's doing, not its process start-up: the dynamic loader
    /// opening and mapping its libraries, glibc's stack-limit query, an interpreter opening the
    /// script, or the final exit.
    static func isOwnActivity(_ e: Event, samplePath: String) -> Bool {
        switch e.kind {
        case .processExit: return false
        case .syscall: break
        default: return true
        }
        switch e.name {
        case "exit_group", "exit": return false
        case "prlimit64", "getrlimit", "ugetrlimit":
            if e.args["soft"] == nil && e.args["hard"] == nil { return false }  // a query (glibc start-up)
        default: break
        }
        for key in [ArgKey.path, ArgKey.fdPath] {
            guard let p = e.args[key]?.stringValue else { continue }
            if p == samplePath || isLoaderFile(p) { return false }
        }
        return true
    }

    /// Files the dynamic loader reads before the program's own code runs.
    static func isLoaderFile(_ path: String) -> Bool {
        if path.hasPrefix("/etc/ld.so.") { return true }
        let base = path.split(separator: "/").last.map(String.init) ?? path
        if base.hasPrefix("ld-linux") || base.hasPrefix("ld-musl") { return true }
        // lib*.so, lib*.so.6, lib*.so.1.2.3 (and hwcaps/ subfolders of the library directories)
        guard let r = base.range(of: ".so") else { return false }
        let rest = base[r.upperBound...]
        return rest.isEmpty || (rest.first == "." && rest.dropFirst().allSatisfy { $0.isNumber || $0 == "." })
    }

    /// What glibc's and musl's loaders print when a library or symbol version is missing.
    static let loaderMarkers = ["error while loading shared libraries", "Error loading shared library",
                                "Error relocating", "cannot open shared object file", "version `GLIBC"]
    /// What Wine prints when it cannot load a PE.
    static let wineLoaderMarkers = ["Bad EXE format", "not a valid Win32 application", "could not load",
                                    "cannot find", "failed to load"]

    static func firstLine(_ text: String, containing markers: [String]) -> String? {
        for line in text.split(separator: "\n") where markers.contains(where: { line.contains($0) }) {
            return String(line.prefix(200))
        }
        return nil
    }
}
