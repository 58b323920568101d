import Foundation
import PetriModel

/// Whether a recorded attempt succeeded. seccomp user notification lets an allowed call through
/// without its result, so the outcome is what the record shows (docs/profiles.md, "Attempts"):
/// - denied by petri: failed (the sample got the errno); emulated: succeeded;
/// - execve/execveat: the same thread's next event shows a new image or the dynamic loader's
///   start-up (succeeded), or the old image going on (failed); the process exiting 126/127 right
///   after (failed);
/// - a write open: the file record has a change of that path (succeeded); none, on a path outside
///   the sandbox user's writable areas (failed: the kernel refused it);
/// - everything else: unknown. Records that are not syscalls (exits, limits, registry) succeeded.
public enum EventOutcome: String, Sendable, CaseIterable {
    case succeeded, failed, unknown

    /// The outcome of one event (a scan of the record; use `all` for many).
    public static func of(_ e: Event, in r: Report) -> EventOutcome {
        all(r)[e.seq] ?? .unknown
    }

    /// Outcomes of every event of the report, by seq.
    public static func all(_ r: Report) -> [UInt64: EventOutcome] {
        var out: [UInt64: EventOutcome] = [:]
        out.reserveCapacity(r.events.count)
        let changed = Set(r.files.map(\.path))
        let writable = writableAreas(r)
        var pendingExec: [Int32: Event] = [:]   // pid → exec waiting for the thread's next event
        for e in r.events {
            if let x = pendingExec[e.pid], e.tid == x.tid || e.tid == e.pid {
                out[x.seq] = execOutcome(x, next: e)
                pendingExec[e.pid] = nil
            }
            switch e.action {
            case .denied: out[e.seq] = .failed; continue
            case .emulated: out[e.seq] = .succeeded; continue
            case .observed, .allowed: break
            }
            guard e.kind == .syscall else { out[e.seq] = e.kind == .api ? .unknown : .succeeded; continue }
            switch e.name {
            case "execve", "execveat":
                out[e.seq] = .unknown
                pendingExec[e.pid] = e
            case "open", "openat", "openat2", "creat":
                out[e.seq] = writeOpenOutcome(e, changed: changed, writable: writable)
            default:
                out[e.seq] = .unknown
            }
        }
        // Execs with no later event of their thread: a 126/127 exit is the shell's or libc's "could not exec".
        for (pid, x) in pendingExec {
            let code = r.processes.first { $0.pid == pid }?.exit?.code
            if code == 126 || code == 127, let img = x.image, img != basename(x.path ?? "") { out[x.seq] = .failed }
        }
        return out
    }

    static func execOutcome(_ x: Event, next: Event) -> EventOutcome {
        if next.kind == .syscall, next.name == "exit_group" || next.name == "exit" {
            // Nothing ran in between; the image tells (an exit with the old image is a failed exec).
            if let a = x.image, let b = next.image, a != b { return .succeeded }
            if let code = next.args["code"]?.intValue, code == 126 || code == 127 { return .failed }
            return .unknown
        }
        if let a = x.image, let b = next.image, a != b { return .succeeded }
        for key in [ArgKey.path, ArgKey.fdPath] {
            if let p = next.args[key]?.stringValue, RunAssessment.isLoaderFile(p) { return .succeeded }
        }
        // Same image and no loader start-up: the exec failed, unless it exec'd the same program again.
        if let img = x.image, let p = x.path, basename(p) != img { return .failed }
        return .unknown
    }

    static func writeOpenOutcome(_ e: Event, changed: Set<String>, writable: [String]) -> EventOutcome {
        guard let path = e.path else { return .unknown }
        let flags = Set((e.args[ArgKey.flags]?.stringValue ?? "").split(separator: "|").map(String.init))
        let writes = e.name == "creat" || !flags.isDisjoint(with: ["O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND"])
        guard writes else { return .unknown }
        if changed.contains(path) { return .succeeded }
        if writable.contains(where: { path == $0 || path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }) { return .unknown }
        return .failed
    }

    /// Where the sandbox user can create files, and the pseudo-filesystems whose writes leave no file
    /// record: outside these a write open that changed nothing was refused.
    static func writableAreas(_ r: Report) -> [String] {
        var areas = ["/tmp", "/var/tmp", "/dev", "/proc", "/sys", "/run", r.run.workingDirectory]
        if !r.run.user.isEmpty { areas.append("/home/\(r.run.user)") }
        return areas
    }

    static func basename(_ p: String) -> String { p.split(separator: "/").last.map(String.init) ?? p }
}
