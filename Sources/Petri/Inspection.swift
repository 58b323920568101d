import Foundation
import PetriAnalysis
import PetriModel

/// `petri inspect`: static triage of a file without running it, with the profile's YARA rules and
/// any extra rule folders.
public enum Inspection {
    /// Throws `PetriError.badInput` (one line) for a missing, unreadable or folder path and for YARA
    /// rules that do not compile.
    public static func inspect(path: String, extraYaraDirectories: [String] = [],
                               profilesDirectory: String = ProfileLoader.profilesDirectory()) throws -> StaticInfo {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw PetriError.badInput("file not found: \(Printable.path(path))") }
        if isDir.boolValue { throw PetriError.badInput("is a directory, not a file: \(Printable.path(path))") }
        guard FileManager.default.isReadableFile(atPath: path) else { throw PetriError.badInput("file is not readable: \(Printable.path(path))") }
        let rules = try yaraRules(directories: [profilesDirectory + "/yara"] + extraYaraDirectories)
        return StaticTriage.inspect(path: path, yaraRules: rules)
    }

    /// The rules of the folders that exist, compiled together; nil when none exists.
    public static func yaraRules(directories: [String]) throws -> YaraRules? {
        let dirs = directories.filter { FileManager.default.fileExists(atPath: $0) }
        if dirs.isEmpty { return nil }
        do { return try YaraRules.compile(directories: dirs) } catch {
            throw PetriError.badInput("YARA rules do not compile: \(error)")
        }
    }

    /// `inspect --json`: the static section, encoded as reports are (sorted keys, pretty, no escaped slashes).
    public static func json(_ info: StaticInfo) throws -> Data { try ReportJSON.encoder().encode(info) }
}
