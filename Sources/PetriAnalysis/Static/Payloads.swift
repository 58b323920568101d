import Foundation
import PetriModel

/// Unpacked payloads, HTTP bodies and executable memory the run produced: stored once under
/// `ARTIFACTS/payloads/<sha256>` and scanned with the run's YARA rules, so the code a packer hides
/// is what the rules see.
public enum PayloadStore {
    public struct Stored: Sendable, Equatable {
        public var sha256: String
        public var path: String
        public var matches: [YaraMatch]
    }

    /// Saves `data` (idempotent: same bytes, same file) and scans it; scan errors are returned as
    /// the thrown error, the file stays.
    public static func store(_ data: Data, artifactsDirectory: String, rules: YaraRules?) throws -> Stored {
        let sha = FileHashes.sha256(of: data)
        let dir = (artifactsDirectory as NSString).appendingPathComponent("payloads")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = (dir as NSString).appendingPathComponent(sha)
        if !FileManager.default.fileExists(atPath: path) {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        }
        let matches = try rules?.scan(data: data, object: "payload:\(sha)") ?? []
        return Stored(sha256: sha, path: path, matches: matches)
    }
}
