import Foundation

/// The repository this test binary was built from: the one way every test target finds `profiles/`,
/// `fixtures/`, `tests/programs/bin/`, recorded reports and the built `petri`.
public enum Repo {
    /// The folder holding Package.swift (this file is `Tests/PetriTestSupport/Repo.swift`).
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }()

    /// `root + "/" + relative`.
    public static func path(_ relative: String) -> String { root + "/" + relative }

    /// A report recorded by petri's own sandbox, kept as a JSON file under `tests/reports/`.
    public static func recordedReport(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path("tests/reports/\(name).json")))
    }
}
