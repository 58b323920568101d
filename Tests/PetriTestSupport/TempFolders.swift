import Foundation

/// Temporary folders for tests: unique per call, under the system temporary directory.
public enum TempFolders {
    /// Creates and returns a fresh folder `petri-test-<tag>-<random>`.
    public static func make(_ tag: String) -> String {
        let d = NSTemporaryDirectory() + "petri-test-\(tag)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }
}
