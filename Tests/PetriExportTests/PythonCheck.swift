import Foundation
import PetriTestSupport
import Testing

/// Runs a Python check on an export's output (stdin): the importers analysts use (stix2-validator,
/// stix2, pymisp). A missing module is a failure under CI=true (`make deps` installs them).
enum PythonCheck {
    static func modulesPresent(_ modules: [String], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard let py = Prerequisites.which("python3") else { return Prerequisites.require(false, "python3", sourceLocation: sourceLocation) }
        let r = try? PetriBinary.exec(py, ["-c", "import " + modules.joined(separator: ", ")])
        return Prerequisites.require(r?.code == 0, "python modules \(modules.joined(separator: " ")) (pip install)", sourceLocation: sourceLocation)
    }

    /// The script reads the export from stdin and prints one JSON object of facts, or exits non-zero.
    static func run(_ script: String, input: Data) throws -> [String: Any]? {
        guard let py = Prerequisites.which("python3") else { return nil }
        let r = try PetriBinary.exec(py, ["-c", script], stdin: input)
        guard r.code == 0 else { Issue.record("python check failed (\(r.code)): \(r.stderr.suffix(2000))"); return nil }
        return try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any]
    }
}
