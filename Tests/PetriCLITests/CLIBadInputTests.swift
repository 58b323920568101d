import Foundation
import PetriTestSupport
import PetriModel
import Testing

/// Runs the built `petri` binary (the product of this package) as a user would.
enum CLI {
    static let repoRoot: String = Repo.root

    static var binary: String? {
        for c in [".build/debug/petri", ".build/release/petri"] {
            let p = repoRoot + "/" + c
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        Issue.record("the petri binary is not built (swift build)")
        return nil
    }

    struct Result { var code: Int32; var stdout: String; var stderr: String }

    static func run(_ args: [String], cwd: String? = nil, asUser: UInt32? = nil, environment: [String: String] = [:]) throws -> Result? {
        guard let bin = binary else { return nil }
        let p = Process()
        if let uid = asUser {
            p.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            p.arguments = ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", bin] + args
        } else {
            p.executableURL = URL(fileURLWithPath: bin)
            p.arguments = args
        }
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        var env = ProcessInfo.processInfo.environment
        env["PETRI_PROFILES"] = repoRoot + "/profiles"
        env.merge(environment) { $1 }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(code: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func tempDir() -> String {
        let d = NSTemporaryDirectory() + "petri-cli-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        chmod(d, 0o755)
        return d
    }
}

@Suite("Bad input: exit code 2, one clear line, nothing changed")
struct CLIBadInputTests {
    /// Runs `petri analyze` on `sample` and checks the bad-input contract.
    func expectBadInput(_ sample: String, extra: [String] = [], contains: String, asUser: UInt32? = nil,
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        let dir = CLI.tempDir()
        let artifacts = dir + "/artifacts"
        guard let r = try CLI.run(["analyze", sample, "--artifacts", artifacts, "--out", dir + "/report.json"] + extra, asUser: asUser) else { return }
        #expect(r.code == 2, "exit \(r.code): \(r.stderr)", sourceLocation: sourceLocation)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count == 1, "stderr: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.contains(contains), "stderr: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Backtrace"), sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: artifacts), "nothing created for bad input", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: dir + "/report.json"), sourceLocation: sourceLocation)
    }

    @Test func missingPath() throws { try expectBadInput("/nonexistent/petri-sample", contains: "sample not found") }

    @Test func directory() throws { try expectBadInput(CLI.tempDir(), contains: "is a directory") }

    @Test func emptyFile() throws {
        let f = CLI.tempDir() + "/empty.bin"
        FileManager.default.createFile(atPath: f, contents: Data())
        try expectBadInput(f, contains: "sample is empty")
    }

    @Test func dataFile() throws {
        let f = CLI.tempDir() + "/random.dat"
        FileManager.default.createFile(atPath: f, contents: Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }))
        try expectBadInput(f, contains: "unsupported format")
    }

    /// On the host's own folders (`guest: host`) without the host's wine32, a PE32 is refused with the
    /// install hint (the guest image has wine32: WineSandboxTests runs PE32s there).
    @Test func pe32WithoutWine32() throws {
        if ["/usr/lib/wine/wine", "/usr/lib/i386-linux-gnu/wine/wine"].contains(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return }
        let profile = CLI.tempDir() + "/host.yaml"
        try "name: host-wine\nguest: host\n".write(toFile: profile, atomically: true, encoding: .utf8)
        var pe = [UInt8](repeating: 0, count: 512)
        pe[0] = 0x4d; pe[1] = 0x5a; pe[60] = 0x80
        pe[0x80] = 0x50; pe[0x81] = 0x45; pe[0x98] = 0x0b; pe[0x99] = 0x01
        pe[0x84] = 0x4c; pe[0x85] = 0x01; pe[0x98 + 68] = 3   // i386, console
        let f = CLI.tempDir() + "/setup.exe"
        FileManager.default.createFile(atPath: f, contents: Data(pe))
        try expectBadInput(f, extra: ["--profile", profile], contains: "wine32:i386")
    }

    @Test func unreadableFile() throws {
        let dir = CLI.tempDir()
        let f = dir + "/secret.sh"
        FileManager.default.createFile(atPath: f, contents: Data("#!/bin/sh\necho hi\n".utf8))
        chmod(f, 0o000)
        // root reads everything: check as an unprivileged user
        try expectBadInput(f, contains: "not readable", asUser: 65534)
    }

    @Test func overSizeLimit() throws {
        let dir = CLI.tempDir()
        let profile = dir + "/small.yaml"
        try "name: small\nsandbox:\n  max_sample_size: 8B\n".write(toFile: profile, atomically: true, encoding: .utf8)
        let f = dir + "/big.sh"
        FileManager.default.createFile(atPath: f, contents: Data("#!/bin/sh\necho this is more than eight bytes\n".utf8))
        try expectBadInput(f, extra: ["--profile", profile], contains: "over the profile's limit")
    }

    @Test func profileThatDoesNotParse() throws {
        let dir = CLI.tempDir()
        let profile = dir + "/broken.yaml"
        try "name: [unclosed\nsandbox: {\n".write(toFile: profile, atomically: true, encoding: .utf8)
        let f = dir + "/ok.sh"
        FileManager.default.createFile(atPath: f, contents: Data("#!/bin/sh\necho hi\n".utf8))
        try expectBadInput(f, extra: ["--profile", profile], contains: "does not parse")
    }

    @Test func profileWithUnknownKey() throws {
        let dir = CLI.tempDir()
        let profile = dir + "/typo.yaml"
        try "name: typo\nsandbox:\n  timeuot: 5s\n".write(toFile: profile, atomically: true, encoding: .utf8)
        let f = dir + "/ok.sh"
        FileManager.default.createFile(atPath: f, contents: Data("#!/bin/sh\necho hi\n".utf8))
        try expectBadInput(f, extra: ["--profile", profile], contains: "unknown key sandbox.timeuot")
    }

    @Test func badTimeout() throws {
        let f = CLI.tempDir() + "/ok.sh"
        FileManager.default.createFile(atPath: f, contents: Data("#!/bin/sh\necho hi\n".utf8))
        try expectBadInput(f, extra: ["--timeout", "soon"], contains: "not a duration")
    }

    @Test func reportShowOnGarbage() throws {
        let f = CLI.tempDir() + "/garbage.json"
        try "{\"not\": \"a report\"}".write(toFile: f, atomically: true, encoding: .utf8)
        guard let r = try CLI.run(["report", "show", f]) else { return }
        #expect(r.code == 2)
        #expect(r.stderr.contains("not a petri report"))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }
}

@Suite("analyze end to end through the binary", .serialized)
struct CLIAnalyzeTests {
    @Test("a shell script is analysed; --json prints the report; report show summarises it")
    func scriptRoundTrip() throws {
        let dir = CLI.tempDir()
        let sample = dir + "/hello world's \"script\".sh"
        try "#!/bin/sh\n[ $$ -lt 10 ] || exit 0\necho hello > \"$HOME/hello.txt\"\ncat /etc/hostname\n".write(toFile: sample, atomically: true, encoding: .utf8)
        chmod(sample, 0o755)
        guard let r = try CLI.run(["analyze", sample, "--json", "--quiet", "--artifacts", dir + "/art", "--out", dir + "/rep.json", "--html", "--timeout", "10s"]) else { return }
        #expect(r.code == 0, "stderr: \(r.stderr)")
        let report = try ReportJSON.decode(Data(r.stdout.utf8))
        #expect(report.sample.type == .script)
        #expect(report.sample.fileName == "hello world's \"script\".sh")
        #expect(report.run.outcome == .exited(code: 0))
        #expect(report.files.contains { $0.path == "/home/user/hello.txt" && $0.change == .created })
        #expect(report.processes.contains { $0.image == "cat" })
        #expect(report.output.stdoutPreview == "ws-lnx-0417\n")
        let stored = try ReportJSON.decode(try Data(contentsOf: URL(fileURLWithPath: dir + "/rep.json")))
        #expect(stored.sample.sha256 == report.sample.sha256)
        #expect(FileManager.default.fileExists(atPath: dir + "/art/stdout.txt"))
        // --html: the one-file page next to the JSON, the sample's quotes escaped.
        let page = try String(contentsOfFile: dir + "/rep.html", encoding: .utf8)
        #expect(page.contains("<h1 class=\"w\">hello world&#39;s &quot;script&quot;.sh</h1>") && page.contains("/home/user/hello.txt"))
        guard let show = try CLI.run(["report", "show", dir + "/rep.json"]) else { return }
        #expect(show.code == 0)
        #expect(show.stdout.contains("Process tree:"))
        #expect(show.stdout.contains("created  /home/user/hello.txt"))
        #expect(show.stdout.contains("Denied syscalls:"))
        #expect(show.stdout.contains("Top syscalls:"))
    }

    @Test("arguments after -- reach the sample untouched, never through a shell")
    func argumentsPassedVerbatim() throws {
        let dir = CLI.tempDir()
        let sample = dir + "/args.sh"
        try "#!/bin/sh\n[ $$ -lt 10 ] || exit 0\nfor a in \"$@\"; do echo \"[$a]\"; done\n".write(toFile: sample, atomically: true, encoding: .utf8)
        chmod(sample, 0o755)
        guard let r = try CLI.run(["analyze", sample, "--quiet", "--artifacts", dir + "/art", "--out", dir + "/rep.json", "--", "a b", "$(id)", "; rm -rf /"]) else { return }
        #expect(r.code == 0, "stderr: \(r.stderr)")
        let out = try String(contentsOfFile: dir + "/art/stdout.txt", encoding: .utf8)
        #expect(out == "[a b]\n[$(id)]\n[; rm -rf /]\n")
    }
}
