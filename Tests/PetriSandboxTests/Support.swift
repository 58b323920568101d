import Foundation
import PetriTestSupport
import PetriModel
import PetriSandbox
import Testing

/// Locates the repository and the compiled test programs (built by `make programs`).
enum TestPrograms {
    static let repoRoot: String = Repo.root

    /// The program's path; records a test failure (never a skip) when it was not built.
    static func path(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        let p = repoRoot + "/tests/programs/bin/" + name
        if FileManager.default.isExecutableFile(atPath: p) { return p }
        Issue.record("test program \(name) is missing: run `make programs` (CI=\(ProcessInfo.processInfo.environment["CI"] ?? "unset"))", sourceLocation: sourceLocation)
        return nil
    }

    static func tempDir(_ tag: String) -> String {
        let d = NSTemporaryDirectory() + "petri-test-\(tag)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    static func policy(timeout: Double = 20, network: String = "none") -> SandboxPolicy {
        var p = SandboxPolicy()
        p.timeoutSeconds = timeout
        p.networkMode = network
        return p
    }

    /// Runs a test program in the real sandbox.
    static func run(_ name: String, args: [String] = [], policy: SandboxPolicy = policy(),
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> (SandboxResult, String)? {
        guard let path = path(name, sourceLocation: sourceLocation) else { return nil }
        let artifacts = tempDir(name)
        var req = LaunchRequest(samplePath: path, sampleName: name, policy: policy, artifactsDirectory: artifacts)
        req.arguments = [req.insideSamplePath] + args
        let result = try Sandbox.run(req)
        let stdout = (try? String(contentsOfFile: artifacts + "/stdout.txt", encoding: .utf8)) ?? ""
        return (result, stdout)
    }

    /// key=value lines printed by a test program.
    static func values(_ stdout: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in stdout.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            out[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return out
    }
}

extension SandboxResult {
    /// Events of the sample's own making: everything but the dynamic loader's library opens.
    func events(named names: Set<String>) -> [Event] { events.filter { names.contains($0.name) } }
    func eventPaths(_ names: Set<String>, under prefix: String) -> [String] {
        events(named: names).compactMap { e in
            guard let p = e.path, p.hasPrefix(prefix) else { return nil }
            return "\(e.name) \(p)" + (e.args[ArgKey.newPath].map { " -> \($0)" } ?? "")
        }
    }
}

/// Validates a stored report against docs/report.schema.json with tests/schema/validate.py
/// (Python jsonschema, Draft 2020-12). A missing validator is a failure, never a skip.
enum SchemaCheck {
    static func validate(_ reportPath: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", TestPrograms.repoRoot + "/tests/schema/validate.py", reportPath]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        do { try p.run() } catch { Issue.record("cannot run the schema validator: \(error)", sourceLocation: sourceLocation); return }
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "report does not match docs/report.schema.json: \(text)", sourceLocation: sourceLocation)
    }
}
