import Foundation
import PetriModel
import Testing

/// Processes of the sandbox user (host uid 101000 by default) whose command name is `comm`.
func sandboxProcesses(named comm: String) -> [Int32] {
    guard let items = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
    var out: [Int32] = []
    for item in items {
        guard let pid = Int32(item),
              let c = try? String(contentsOfFile: "/proc/\(item)/comm", encoding: .utf8) else { continue }
        // a zombie is dead: whoever inherits it (the host's pid 1 here) reaps it in its own time
        let state = (try? String(contentsOfFile: "/proc/\(item)/stat", encoding: .utf8))?
            .split(separator: ")").last?.split(separator: " ").first
        if state == "Z" { continue }
        if c.trimmingCharacters(in: .whitespacesAndNewlines) == comm { out.append(pid) }
    }
    return out
}

func sleeperCopy(named name: String, in dir: String) -> String? {
    let src = CLI.repoRoot + "/tests/programs/bin/sleeper"
    guard FileManager.default.isExecutableFile(atPath: src) else {
        Issue.record("tests/programs/bin/sleeper missing: run `make programs`")
        return nil
    }
    let dst = dir + "/" + name
    try? FileManager.default.copyItem(atPath: src, toPath: dst)
    return dst
}

func startPetri(_ args: [String]) throws -> Process? {
    guard let bin = CLI.binary else { return nil }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: bin)
    p.arguments = args
    var env = ProcessInfo.processInfo.environment
    env["PETRI_PROFILES"] = CLI.repoRoot + "/profiles"
    p.environment = env
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    p.standardInput = FileHandle.nullDevice
    try p.run()
    return p
}

func waitFor(_ seconds: Double, _ cond: () -> Bool) -> Bool {
    let end = Date().addingTimeInterval(seconds)
    while Date() < end {
        if cond() { return true }
        usleep(20_000)
    }
    return cond()
}

@Suite("Faults of petri itself", .serialized)
struct CLIFaultTests {
    @Test("the sample dies with a supervisor killed by SIGKILL")
    func supervisorKilled() throws {
        let dir = CLI.tempDir()
        let name = "orphan-\(UUID().uuidString.prefix(6).lowercased())"
        guard let sample = sleeperCopy(named: name, in: dir), let p = try startPetri(["analyze", sample, "--quiet", "--timeout", "60s", "--artifacts", dir + "/art", "--out", dir + "/rep.json"]) else { return }
        #expect(waitFor(10) { !sandboxProcesses(named: name).isEmpty }, "the sample never started")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(waitFor(3) { sandboxProcesses(named: name).isEmpty }, "the sample outlived its supervisor")
    }

    @Test("Ctrl-C ends the run cleanly and still writes the report")
    func interrupted() throws {
        let dir = CLI.tempDir()
        let name = "intr-\(UUID().uuidString.prefix(6).lowercased())"
        guard let sample = sleeperCopy(named: name, in: dir), let p = try startPetri(["analyze", sample, "--quiet", "--timeout", "60s", "--artifacts", dir + "/art", "--out", dir + "/rep.json"]) else { return }
        #expect(waitFor(10) { !sandboxProcesses(named: name).isEmpty }, "the sample never started")
        let t0 = Date()
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        #expect(Date().timeIntervalSince(t0) < 5)
        #expect(sandboxProcesses(named: name).isEmpty)
        let report = try ReportJSON.decode(try Data(contentsOf: URL(fileURLWithPath: dir + "/rep.json")))
        #expect(report.run.errors.contains { $0.contains("interrupted") })
        #expect(report.processes.contains { $0.image == name })
        #expect(!report.run.timeoutHit)
    }
}
