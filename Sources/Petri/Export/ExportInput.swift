import Foundation
import PetriModel

/// How every export reads its input: a petri report of a schema version this petri can read. Bad input
/// (missing, not JSON, truncated, not a report, a newer schema) is one `PetriError.badInput` line.
public enum ExportInput {
    public static func read(_ path: String) throws -> Report {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else {
            throw PetriError.badInput("report not found: \(Printable.path(path))")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw PetriError.badInput("report is not readable: \(Printable.path(path))") }
        return try decode(data, name: path)
    }

    public static func decode(_ data: Data, name: String) throws -> Report {
        let shown = Printable.path(name)
        guard let object = try? JSONSerialization.jsonObject(with: data), let top = object as? [String: Any] else {
            throw PetriError.badInput("not a petri report (invalid or truncated JSON): \(shown)")
        }
        guard let version = top["schema_version"] as? String, top["tool"] is [String: Any] else {
            throw PetriError.badInput("not a petri report (no schema_version or tool): \(shown)")
        }
        guard let have = numbers(version), let known = numbers(Report.currentSchemaVersion) else {
            throw PetriError.badInput("not a petri report (schema_version \(Printable.path(String(version.prefix(40))))): \(shown)")
        }
        // A newer minor version may carry fields this petri would silently drop: refuse rather than
        // export a partial picture. Older versions decode (new sections default to empty).
        if have.lexicographicallyPrecedes(known) == false && have != known {
            throw PetriError.badInput("report schema version \(version) is newer than this petri reads (\(Report.currentSchemaVersion)): \(shown)")
        }
        do { return try ReportJSON.decode(data) } catch {
            throw PetriError.badInput("not a petri report (\(Printable.decodingProblem(error))): \(shown)")
        }
    }

    static func numbers(_ v: String) -> [Int]? {
        let parts = v.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard !parts.isEmpty, parts.count <= 3, parts.allSatisfy({ $0 != nil && $0! >= 0 }) else { return nil }
        return parts.map { $0! } + Array(repeating: 0, count: 3 - parts.count)
    }
}
