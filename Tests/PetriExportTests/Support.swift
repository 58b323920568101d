import Foundation
import PetriModel
import PetriTestSupport
import Testing

/// Recorded reports (tests/reports/, real `petri analyze` runs of fixtures) and the built `petri` binary.
enum ExportFixtures {
    /// sp-sim (fixtures/sp-sim.c) with the simulated internet: downloads, steals decoys, spreads a link.
    static var spSimPath: String { Repo.path("tests/reports/sp-sim.json") }
    /// The same sample with `--network none`: the fetch fails, the second stage never runs.
    static var spSimNonePath: String { Repo.path("tests/reports/sp-sim-network-none.json") }

    static func load(_ path: String) throws -> Report { try ReportJSON.decode(Data(contentsOf: URL(fileURLWithPath: path))) }
    static func spSim() throws -> Report { try load(spSimPath) }

    static func tempDir() -> String { TempFolders.make("export") }

    static func write(_ r: Report, _ name: String) throws -> String {
        let p = tempDir() + "/" + name
        try ReportJSON.encode(r).write(to: URL(fileURLWithPath: p))
        return p
    }
}

enum PetriBinary {
    struct Result { var code: Int32; var stdout: Data; var stderr: String; var text: String { String(decoding: stdout, as: UTF8.self) } }

    static func run(_ args: [String]) throws -> Result? {
        guard let bin = [".build/debug/petri", ".build/release/petri"].map(Repo.path)
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            Issue.record("the petri binary is not built (swift build)")
            return nil
        }
        return try exec(bin, args)
    }

    static func exec(_ path: String, _ args: [String], stdin: Data? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        // stderr goes to a file so that a full stderr pipe cannot stall the child while stdout is read.
        let errPath = NSTemporaryDirectory() + "petri-export-err-\(UUID().uuidString.prefix(8))"
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errPath) }
        let out = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        p.standardInput = stdin == nil ? FileHandle.nullDevice : inp
        try p.run()
        if let stdin { inp.fileHandleForWriting.write(stdin); try? inp.fileHandleForWriting.close() }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let e = FileManager.default.contents(atPath: errPath) ?? Data()
        return Result(code: p.terminationStatus, stdout: o, stderr: String(decoding: e, as: UTF8.self))
    }
}

/// A report whose every sample-controlled string is hostile: markup that closes the script element,
/// an event-handler image, a `javascript:` URL, terminal escapes, U+2028, and spreadsheet formulas.
enum InjectionReport {
    static let script = "</script><script>document.title='pwned'</script>"
    static let img = "<img src=x onerror=alert(1)>"
    static let js = "javascript:alert(document.domain)"
    static let esc = "\u{1b}]0;owned\u{07}\u{1b}[31mred"
    static let sep = "line\u{2028}sep\u{2029}para"

    static func make() -> Report {
        var s = SampleInfo(path: "/tmp/\(img).sh", fileName: "\(script)\(img).sh", size: 10, md5: "0cc175b9c0f1b6a831c399e269772661",
                           sha1: "86f7e437faa5a7fce15d1ddcb9eaeaea377667b8",
                           sha256: "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb", type: .script, typeDetail: "script (\(img))")
        s.staticInfo = nil
        var run = RunInfo(profile: "default\(img)", runner: "script", startedAt: "2026-12-03T15:00:00Z", timeoutSeconds: 10, hostname: "h",
                          user: "user", workingDirectory: "/home/user", samplePath: "/home/user/Downloads/\(img)", arguments: [js, script, esc], networkMode: "sinkhole")
        run.outcome = .exited(code: 0); run.durationMs = 12
        var r = Report(sample: s, run: run)
        var p = ProcessNode(pid: 2, ppid: 1, image: "\(img)", path: "/home/user/Downloads/\(script)", argv: ["\(script)", js, esc, sep], startNs: 1000)
        p.exit = ProcessExit(code: 0, source: "exit_group")
        r.processes = [p]
        r.events = [Event(seq: 1, timeNs: 2000, pid: 2, tid: 2, image: img, name: "openat", arch: "x86_64", category: .file,
                          args: ["path": .string("/tmp/\(script)\(esc)"), "argv": .list([img, js])])]
        r.eventStats.notified = 1; r.eventStats.recorded = 1
        r.files = [FileChange(path: "/tmp/\(script)\(img)\(esc)", change: .created, type: .data, size: 3,
                              sha256: "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")]
        r.network.mode = "sinkhole"
        r.network.dns = [DNSRecord(name: "\(img).evil.example", type: "A", answers: ["198.18.0.1"], rcode: "NOERROR", transport: "udp", timeNs: 3000, pid: 2, seqs: [1]),
                         DNSRecord(name: "=cmd|' /C calc'!A0.evil.example", type: "A", answers: ["198.18.0.2"], rcode: "NOERROR", transport: "udp", timeNs: 3100, pid: 2),
                         DNSRecord(name: "x\(esc).evil.example", type: "A", answers: ["198.18.0.3"], rcode: "NOERROR", transport: "udp", timeNs: 3200, pid: 2)]
        var h = HTTPRecord(connection: "c1", method: "GET", url: "http://c2.evil.example/\(script)?\(img)", host: "c2.evil.example", path: "/\(script)", timeNs: 4000)
        h.headers = ["user-agent": script + img, "x-link": js, "x-esc": esc, "x-sep": sep]
        h.bodyPreview = script + img + sep
        h.response = "default-html"; h.responseStatus = 200; h.pid = 2
        r.network.http = [h]
        var a = NetworkAttempt(seq: 1, pid: 2, syscall: "connect", family: "AF_INET", proto: "tcp", address: "198.18.0.4:80", ip: "198.18.0.4", port: 80)
        a.domain = "c2.evil.example"
        r.network.attempts = [a]
        r.behaviours = [BehaviourMatch(id: "x\(img)", title: "Title \(script)", description: "d \(img)", severity: 3, attack: ["T1059.004"],
                                       evidence: Evidence(events: [1], files: ["/tmp/\(script)"], network: [js], notes: [img + esc], fields: ["link": js]),
                                       contribution: 3.5)]
        r.score = Score(value: 3.5, formulaVersion: "1", formula: "f", thresholds: ["suspicious": 3, "malicious": 7])
        r.verdict = .suspicious
        r.registry = [RegistryChange(kind: .valueSet, key: "HKCU\\Software\\\(img)", value: script, data: js, type: "REG_SZ")]
        r.output.stdoutPreview = script + esc
        return r
    }
}
