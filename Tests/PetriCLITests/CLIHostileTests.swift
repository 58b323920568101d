import Foundation
import PetriModel
import Testing

/// Hostile samples against petri's own host side (issue 19), through the binary an analyst runs.
@Suite("Hostile samples against petri", .serialized)
struct CLIHostileTests {
    /// Bytes that must never reach an analyst's terminal from a sample: C0 controls other than the
    /// summary's own line feeds, DEL, C1 controls, bidi overrides and isolates.
    static func terminalHazards(_ text: String) -> [String] {
        var found: [String] = []
        for u in text.unicodeScalars {
            switch u.value {
            case 0x0a: continue
            case 0..<0x20, 0x7f...0x9f, 0x202a...0x202e, 0x2066...0x2069, 0x2028, 0x2029: found.append(String(format: "U+%04X", u.value))
            default: continue
            }
        }
        return found
    }

    /// Lines that start (after the summary's indentation and the stdout gutter) with a text the sample chose.
    static func forgedLines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { l in
            let t = l.drop { $0 == " " || $0 == "|" }
            return t.hasPrefix("FORGED")
        }
    }

    @Test("escape sequences in argv, process name, file names, DNS, HTTP and stdout reach no terminal raw; the JSON keeps them")
    func terminalInjection() throws {
        guard let src = CLIHardeningTests.program("h_term_inject") else { return }
        let dir = CLI.tempDir()
        // the sample's own file name is hostile too: it is printed by analyze and report show
        let name = "inject\u{1b}[2J\u{1b}]0;t\u{07}\rFORGED-name"
        let sample = dir + "/" + name
        try FileManager.default.copyItem(atPath: src, toPath: sample)
        guard let a = try CLI.run(["analyze", sample, "--network", "sinkhole", "--timeout", "20s",
                                   "--artifacts", dir + "/art", "--out", dir + "/rep.json"]) else { return }
        #expect(a.code == 0, "exit \(a.code): \(a.stderr)")
        #expect(Self.terminalHazards(a.stdout + a.stderr).isEmpty, "analyze printed \(Self.terminalHazards(a.stdout + a.stderr)):\n\(a.stdout)\(a.stderr)")
        #expect(Self.forgedLines(a.stdout + a.stderr).isEmpty, "\(a.stdout)\(a.stderr)")
        #expect(a.stdout.contains("inject\\x1b[2J\\x1b]0;t\\x07\\x0dFORGED-name"), "the name is shown, escaped: \(a.stdout)")

        let rep = try CLIHardeningTests.report(dir + "/rep.json")
        #expect(rep.run.outcome == .exited(code: 0), "\(rep.run.outcome)")
        // the record keeps the exact text
        #expect(rep.sample.fileName == name)
        #expect(rep.processes.contains { $0.argv.contains { $0.contains("\u{1b}[2J\u{1b}[H\u{1b}]0;owned\u{07}\rFORGED-argv\nFORGED-argv-line") } },
                "argv kept raw: \(rep.processes.map(\.argv))")
        #expect(rep.files.contains { $0.path.hasSuffix("\u{1b}]0;owned\u{07}\rFORGED-file\nFORGED-file-line") }, "\(rep.files.map(\.path))")
        #expect(rep.files.contains { $0.path.hasSuffix("report\u{202e}exe.txt") })
        #expect(rep.network.http.contains { $0.url.contains("\u{1b}[2J") }, "\(rep.network.http.map(\.url))")
        #expect(rep.output.stdoutPreview.contains("\u{1b}[2J") && rep.output.stdoutPreview.contains("\u{9b}31m"), "\(rep.output.stdoutPreview)")
        #expect(rep.output.stdoutPreview.contains("dns=answered") && rep.output.stdoutPreview.contains("http=answered"), "\(rep.output.stdoutPreview)")

        guard let show = try CLI.run(["report", "show", dir + "/rep.json"]) else { return }
        #expect(show.code == 0, "\(show.stderr)")
        let text = show.stdout
        #expect(Self.terminalHazards(text).isEmpty, "report show printed \(Self.terminalHazards(text)):\n\(text)")
        #expect(Self.forgedLines(text).isEmpty, "a line start the sample chose: \(Self.forgedLines(text))")
        #expect(!text.contains("\u{1b}") && !text.contains("\r"))
        // each field is printed, escaped (so the checks above saw it)
        #expect(text.contains("\\x1b[2J\\x1b[H\\x1b]0;owned\\x07\\x0dFORGED-argv"), "process tree:\n\(text)")
        #expect(text.contains("FORGED-file\\x0aFORGED-file-line"), "file activity:\n\(text)")
        #expect(text.contains("report\\u{202e}exe.txt"), "bidi override escaped:\n\(text)")
        #expect(text.contains("http GET http://term-inject.example/\\x1b[2J"), "http:\n\(text)")
        #expect(text.contains("| out=\\x1b[2J") && text.contains("\\x9b31m"), "stdout:\n\(text)")
        #expect(text.contains("inject\\x1b[2J\\x1b]0;t\\x07\\x0dFORGED-name"), "sample name:\n\(text)")
    }

    @Test("an error message quoting a hostile path stays one escaped line")
    func errorMessage() throws {
        let dir = CLI.tempDir()
        guard let r = try CLI.run(["report", "show", dir + "/missing\u{1b}[2J\r\nFORGED.json"]) else { return }
        #expect(r.code == 2)
        #expect(r.stderr == "petri: report not found: \(dir)/missing\\x1b[2J\\x0d\\x0aFORGED.json\n", "\(r.stderr)")
    }

    @Test("a 10 000-generation process chain (and a parent cycle) renders and rescores without recursion")
    func deepProcessChain() throws {
        guard let src = CLIHardeningTests.program("h_marker") else { return }
        let dir = CLI.tempDir()
        guard let a = try CLI.run(["analyze", src, "--quiet", "--timeout", "10s", "--artifacts", dir + "/art", "--out", dir + "/rep.json", "--", "deep"]) else { return }
        #expect(a.code == 0, "\(a.stderr)")
        var rep = try CLIHardeningTests.report(dir + "/rep.json")
        let depth: Int32 = 10_000
        var procs: [ProcessNode] = []
        for pid in Int32(2)...(depth + 1) {
            procs.append(ProcessNode(pid: pid, ppid: pid - 1, image: "sh", path: "/bin/sh", argv: ["sh", "-c", "gen \(pid)"], startNs: UInt64(pid)))
        }
        // two processes that claim each other as parent (a forged report): printed once each, no loop
        procs.append(ProcessNode(pid: 50_001, ppid: 50_002, image: "a", startNs: 1))
        procs.append(ProcessNode(pid: 50_002, ppid: 50_001, image: "b", startNs: 1))
        rep.processes = procs
        // an event in the deepest process and one at the top, for the `tree` scope of the rules
        if var e = rep.events.first {
            e.pid = depth + 1; e.ppid = depth
            rep.events.append(e)
        }
        try ReportJSON.encode(rep).write(to: URL(fileURLWithPath: dir + "/deep.json"))

        guard let show = try CLI.run(["report", "show", dir + "/deep.json"]) else { return }
        #expect(show.code == 0, "exit \(show.code): \(show.stderr.prefix(500))")
        let lines = show.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("  2 sh  sh -c gen 2") }, "the root at depth 0")
        #expect(lines.contains { $0.contains("[depth 40] 42 sh") }, "deep lines carry their depth")
        #expect(lines.contains { $0.contains("more processes") }, "the tree is cut at a bound")
        #expect(lines.map(\.count).max() ?? 0 < 400, "indentation is capped: \(lines.map(\.count).max() ?? 0)")

        guard let rescore = try CLI.run(["report", "rescore", dir + "/deep.json", "--out", dir + "/deep2.json"]) else { return }
        #expect(rescore.code == 0, "exit \(rescore.code): \(rescore.stderr.prefix(500))")
        let again = try CLIHardeningTests.report(dir + "/deep2.json")
        #expect(again.processes.count == Int(depth) + 2)
    }

    @Test("an installed petri (PREFIX/bin/petri, PREFIX/share/petri/profiles as make install lays them out) finds its data from any folder")
    func installedFindsData() throws {
        guard let bin = CLI.binary else { return }
        let prefix = CLI.tempDir()
        try FileManager.default.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: prefix + "/share/petri", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: bin, toPath: prefix + "/bin/petri")
        try FileManager.default.copyItem(atPath: CLI.repoRoot + "/profiles", toPath: prefix + "/share/petri/profiles")
        let elsewhere = CLI.tempDir()
        let code = CLIHardeningTests.sh("cd '\(elsewhere)' && env -u PETRI_PROFILES '\(prefix)/bin/petri' profiles check >'\(elsewhere)/out' 2>&1")
        let out = (try? String(contentsOfFile: elsewhere + "/out", encoding: .utf8)) ?? ""
        #expect(code == 0, "exit \(code): \(out)")
    }

    @Test("analyze without root: one line saying petri needs root, exit 2, nothing created")
    func needsRoot() throws {
        guard let src = CLIHardeningTests.program("h_marker") else { return }
        let dir = CLI.tempDir()
        chmod(dir, 0o777)
        let sample = dir + "/marker"
        try FileManager.default.copyItem(atPath: src, toPath: sample)
        chmod(sample, 0o755)
        guard let r = try CLI.run(["analyze", sample, "--artifacts", dir + "/art", "--out", dir + "/rep.json"], asUser: 65534) else { return }
        #expect(r.code == 2, "exit \(r.code): \(r.stderr)")
        #expect(r.stderr.hasPrefix("petri: petri needs root") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/art") && !FileManager.default.fileExists(atPath: dir + "/rep.json"))
    }

    @Test("petri itself in a network namespace whose lo is down (a container, a CI runner): no CFSocket error, any-port interception installed, no 5 s stall")
    func hostWithoutLoopback() throws {
        guard let sample = CLIHardeningTests.program("netclient"), let bin = CLI.binary else { return }
        let dir = CLI.tempDir()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        // a fresh network namespace for petri: only lo, and lo down
        p.arguments = ["-n", "--", bin, "analyze", sample, "--network", "sinkhole", "--timeout", "20s",
                       "--artifacts", dir + "/art", "--out", dir + "/rep.json"]
        var env = ProcessInfo.processInfo.environment
        env["PETRI_PROFILES"] = CLI.repoRoot + "/profiles"
        p.environment = env
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "exit \(p.terminationStatus): \(e)")
        #expect(!e.contains("CFSocket") && !e.contains("did not finish"), "\(e)")
        let rep = try CLIHardeningTests.report(dir + "/rep.json")
        #expect(rep.network.notes.contains { $0.hasPrefix("any-port: nftables tproxy") }, "\(rep.network.notes)")
        #expect(!rep.network.notes.contains { $0.contains("unavailable") }, "\(rep.network.notes)")
        #expect(rep.network.http.contains { $0.response != "none" }, "the simulated internet answered: \(rep.network.http.map(\.url))")
        // set-up no longer waits out the helper's 5 s bound (5.6 s measured before, lo down)
        #expect((rep.run.setupMs ?? 0) < 5000, "set-up \(rep.run.setupMs ?? 0) ms")
    }

    @Test("Wine's version probe and prefix template in a network namespace whose lo is down: no Foundation Process, no CFSocket wait")
    func wineWithoutLoopback() throws {
        guard let bin = CLI.binary else { return }
        let dir = CLI.tempDir()
        // the default profile with the host's own Wine (guest: host): the probe runs wine64 --version on the host
        var lines: [String] = [], inGuest = false
        for line in try String(contentsOfFile: CLI.repoRoot + "/profiles/default.yaml", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("guest:") { lines.append("guest: host"); inGuest = true; continue }
            if inGuest, line.hasPrefix(" ") { continue }
            inGuest = false
            lines.append(String(line))
        }
        let profile = dir + "/host-wine.yaml"
        try lines.joined(separator: "\n").write(toFile: profile, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        p.arguments = ["-s", "KILL", "300", "/usr/bin/unshare", "-n", "--", bin, "wine", "prepare", "--profile", profile]
        var env = ProcessInfo.processInfo.environment
        env["PETRI_PROFILES"] = CLI.repoRoot + "/profiles"
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "exit \(p.terminationStatus): \(e)")
        #expect(!e.contains("CFSocket"), "\(e)")
        #expect(o.hasPrefix("Wine template: ") && o.contains("wine-"), "stdout: \(o) stderr: \(e)")
    }
}
