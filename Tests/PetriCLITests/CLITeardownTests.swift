import Foundation
import PetriModel
import Testing

/// Bounded teardown (issue 19): whatever the sample does to its sockets and processes at the timeout,
/// `petri analyze` ends within the timeout plus a fixed grace, writes its report, and leaves none of
/// the run's mounts, cgroups, run folders or processes on the host. Each test runs the real binary
/// (its own pid names everything the run makes on the host, so parallel tests do not blur the check).
@Suite("Hostile samples: bounded teardown", .serialized)
struct CLITeardownTests {
    /// The issue's grace after the timeout, plus room for a loaded CI machine (rules, YARA and the
    /// report around the run are not the run's teardown but count in the wall time measured here).
    static let grace = 10.0, loadSlack = 8.0

    struct Run { var code: Int32; var stderr: String; var seconds: Double; var pid: Int32; var report: Report? }

    /// Runs `petri analyze` on a copy of `program` named `name` (the comm the leftover check looks for).
    static func analyze(_ program: String, name: String, timeout: Int, dir: String) throws -> Run? {
        guard let src = CLIHardeningTests.program(program), let bin = CLI.binary else { return nil }
        let sample = dir + "/" + name
        try FileManager.default.copyItem(atPath: src, toPath: sample)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bin)
        p.arguments = ["analyze", sample, "--quiet", "--network", "sinkhole", "--timeout", "\(timeout)s",
                       "--artifacts", dir + "/art", "--out", dir + "/rep.json"]
        var env = ProcessInfo.processInfo.environment
        env["PETRI_PROFILES"] = CLI.repoRoot + "/profiles"
        p.environment = env
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        let t0 = Date()
        try p.run()
        // Never wait past a hang: the test fails on the bound instead of blocking the suite.
        let hardStop = Double(timeout) + grace + loadSlack + 60
        var killed = false
        while p.isRunning {
            if Date().timeIntervalSince(t0) > hardStop { kill(p.processIdentifier, SIGKILL); killed = true; break }
            usleep(20_000)
        }
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let seconds = Date().timeIntervalSince(t0)
        #expect(!killed, "petri still running \(Int(hardStop)) s after it started: killed")
        let rep = try? CLIHardeningTests.report(dir + "/rep.json")
        return Run(code: p.terminationStatus, stderr: String(decoding: e, as: UTF8.self), seconds: seconds, pid: p.processIdentifier, report: rep)
    }

    /// What the run with supervisor `pid` could have left on the host: its tmpfs layer (source
    /// petri-PID), its cgroups (petri-PID-*), its run folder (PID-* under the runtime root) and any
    /// process with the sample's comm.
    static func leftovers(pid: Int32, comm: String) -> [String] {
        var out: [String] = []
        let mounts = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        out += mounts.split(separator: "\n").filter { $0.contains(" petri-\(pid) ") }.map { "mount: \($0)" }
        for root in ["/sys/fs/cgroup/memory", "/sys/fs/cgroup/pids", "/sys/fs/cgroup/freezer", "/sys/fs/cgroup"] {
            let items = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            out += items.filter { $0.hasPrefix("petri-\(pid)-") }.map { "cgroup: \(root)/\($0)" }
        }
        let runRoot = ProcessInfo.processInfo.environment["PETRI_RUNTIME_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/var/tmp/petri-runs"
        let runs = (try? FileManager.default.contentsOfDirectory(atPath: runRoot)) ?? []
        out += runs.filter { $0.hasPrefix("\(pid)-") }.map { "run folder: \(runRoot)/\($0)" }
        out += sandboxProcesses(named: comm).map { "process \($0) (\(comm))" }
        return out
    }

    /// The bounds every test here asserts: the report says timeout, the run (after set-up) ends within
    /// the timeout plus the kill grace, the whole of petri within the timeout plus the issue's grace,
    /// and nothing of the run is left.
    static func expectBounded(_ r: Run, timeout: Int, comm: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.code == 0, "exit \(r.code): \(r.stderr)", sourceLocation: sourceLocation)
        guard let rep = r.report else { Issue.record("no report written: \(r.stderr)", sourceLocation: sourceLocation); return }
        #expect(rep.run.timeoutHit && rep.run.outcome == .timedOut, "\(rep.run.outcome)", sourceLocation: sourceLocation)
        let setup = (rep.run.setupMs ?? 0) / 1000
        let afterSetup = rep.run.durationMs / 1000 - setup
        #expect(afterSetup < Double(timeout) + 4, "sandbox run \(rep.run.durationMs) ms, set-up \(setup * 1000) ms", sourceLocation: sourceLocation)
        #expect(r.seconds - setup < Double(timeout) + grace + loadSlack,
                "petri took \(String(format: "%.1f", r.seconds)) s on a \(timeout) s timeout (set-up \(String(format: "%.1f", setup)) s)", sourceLocation: sourceLocation)
        #expect(!rep.run.errors.contains { $0.hasPrefix("teardown:") }, "\(rep.run.errors)", sourceLocation: sourceLocation)
        let left = waitFor(2) { leftovers(pid: r.pid, comm: comm).isEmpty } ? [] : leftovers(pid: r.pid, comm: comm)
        #expect(left.isEmpty, "left on the host: \(left)", sourceLocation: sourceLocation)
    }

    @Test("TCP connections with SO_LINGER, full send queues and a blocked send at the timeout: petri ends within the grace, leaves nothing")
    func lingeringConnections() throws {
        let dir = CLI.tempDir()
        let name = "lg-\(UUID().uuidString.prefix(6).lowercased())"
        let timeout = 4
        guard let r = try Self.analyze("h_linger", name: name, timeout: timeout, dir: dir) else { return }
        Self.expectBounded(r, timeout: timeout, comm: name)
        guard let rep = r.report else { return }
        // the sample did what the test is about before the timeout
        let out = rep.output.stdoutPreview
        #expect(out.contains("listener=OK") && out.contains("resolve=OK") && out.contains("blocked_send=START"), "stdout: \(out)")
        #expect(!out.contains("sinkhole_connections=0") && !out.contains("own_connections=0"), "stdout: \(out)")
        #expect(rep.network.connections.count >= 3, "the simulated internet kept its records: \(rep.network.connections.count)")
        #expect(!rep.network.notes.contains { $0.contains("did not") }, "\(rep.network.notes)")
    }

    @Test("eight fork chains replacing themselves at the timeout (and stopped processes): petri ends within the grace, leaves nothing")
    func forkingAtTheTimeout() throws {
        let dir = CLI.tempDir()
        let name = "ff-\(UUID().uuidString.prefix(6).lowercased())"
        let timeout = 4
        guard let r = try Self.analyze("h_fork_forever", name: name, timeout: timeout, dir: dir) else { return }
        Self.expectBounded(r, timeout: timeout, comm: name)
        guard let rep = r.report else { return }
        #expect(rep.output.stdoutPreview.contains("forking"))
        #expect(rep.processes.count > 100, "the sample forked continually: \(rep.processes.count) processes")
    }
}
