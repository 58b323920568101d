import Foundation
import Testing

/// The CI rule for prerequisites: under `CI=true` a missing prerequisite is a test failure, never a
/// skip; elsewhere the test notes what it skipped.
public enum Prerequisites {
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// true when `ok`; otherwise records a failure under CI=true, or prints a skip note.
    @discardableResult
    public static func require(_ ok: Bool, _ what: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        if ok { return true }
        if isCI { Issue.record("missing prerequisite (CI=true): \(what())", sourceLocation: sourceLocation) }
        else { print("note: skipped, missing \(what())") }
        return false
    }

    /// The first executable named `tool` on PATH.
    public static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// A built file under the repository (a test program, a fixture), or a recorded failure naming the
    /// make target that builds it. Never a skip: these are built by `make test` itself.
    public static func built(_ relative: String, by target: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        let p = Repo.path(relative)
        if FileManager.default.isExecutableFile(atPath: p) { return p }
        Issue.record("\(relative) is missing: run `make \(target)` (CI=\(ProcessInfo.processInfo.environment["CI"] ?? "unset"))", sourceLocation: sourceLocation)
        return nil
    }
}
