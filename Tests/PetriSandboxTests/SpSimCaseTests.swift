import Foundation
import Petri
import PetriModel
import Testing

/// The seed case: the 2006 Skype worm sp.exe as its analyses described it, reproduced by the
/// harmless fixture sp-sim (ELF). Each test checks one finding of the original analyses in the report.
@Suite("sp-sim: the seed case", .serialized)
struct SpSimCaseTests {
    static let link = "http://pics.sp-sim.example/photo.php?u=alex.miller"
    static let stageURL = "http://update.sp-sim.example/stage2.bin"

    static func analyze(network: String) async throws -> Report? {
        try await Fixtures.offPool { try analyzeBlocking(network: network) }
    }

    static func analyzeBlocking(network: String) throws -> Report? {
        guard let path = Fixtures.path("sp-sim") else { return nil }
        let dir = TestPrograms.tempDir("spsim-\(network)")
        var o = Analysis.Options(profile: try Fixtures.profile())
        o.networkMode = network
        o.timeoutSeconds = 20
        o.artifactsDirectory = dir + "/art"
        o.reportPath = dir + "/report.json"
        return try Analysis.run(samplePath: path, options: o).report
    }

    /// One sinkhole run shared by the tests below (each takes ~2 s).
    static let sinkhole = Task { try await analyze(network: "sinkhole") }

    static func report() async throws -> Report? { try await sinkhole.value }

    static func contacts() -> [String] {
        let p = TestPrograms.repoRoot + "/profiles/decoys/home/.Skype/alex.miller/contacts.json"
        let text = (try? String(contentsOfFile: p, encoding: .utf8)) ?? ""
        return text.components(separatedBy: "\"skypename\":\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
    }

    @Test("it connects to a remote server for additional code: the URL and host are in the report")
    func remoteServer() async throws {
        guard let r = try await Self.report() else { return }
        #expect(r.network.dns.contains { $0.name == "update.sp-sim.example" })
        #expect(r.network.attempts.contains { $0.domain == "update.sp-sim.example" && $0.port == 80 })
        #expect(r.network.http.contains { $0.method == "GET" && $0.url == Self.stageURL && $0.host == "update.sp-sim.example" })
    }

    @Test("its packed body is captured when it is made executable: the decoded body matches, the file on disk does not")
    func unpackedBodyCaptured() async throws {
        guard let r = try await Self.report() else { return }
        let mem = try #require(r.payloads.first { $0.kind == .memory && $0.yara.contains { $0.rule == "sp_sim_unpacked_body" } },
                               "\(r.payloads.map { "\($0.kind) \($0.object) \($0.yara.map(\.rule))" })")
        #expect(mem.trigger == "mprotect" && mem.length == 16384)
        #expect(!(r.sample.staticInfo?.yara ?? []).contains { $0.rule == "sp_sim_unpacked_body" })
        #expect(r.behaviours.contains { $0.id == "unpacked-code-matches-family" })
        // The stealer it drops is a copy of itself.
        #expect(r.payloads.contains { $0.kind == .droppedFile && $0.object == "/tmp/sp-stealer" && $0.yara.contains { $0.rule == "sp_sim_elf" } })
        // The shipped technique rules name it by what it does: its stealer's harvest list, its spreading code.
        let statics = Set((r.sample.staticInfo?.yara ?? []).map(\.rule))
        #expect(statics.isSuperset(of: ["credential_store_paths", "messenger_contact_spreader"]), "\(statics)")
        #expect(r.behaviours.contains { $0.id == "static-credential-store-paths" } && r.behaviours.contains { $0.id == "static-messenger-spreader" })
    }

    @Test("it downloads a file and runs it")
    func downloadsAndRuns() async throws {
        guard let r = try await Self.report() else { return }
        let ids = Set(r.behaviours.map(\.id))
        #expect(ids.contains("downloads-and-executes"))
        #expect(r.files.contains { $0.path == "/tmp/sp-update.bin" && $0.change == .created })
        #expect(r.processes.contains { $0.path == "/tmp/sp-update.bin" || $0.execs.contains("/tmp/sp-update.bin") })
    }

    @Test("it drops and runs a password stealer: drop, exec, credential-store reads in the child, canary exfiltration")
    func dropsAndRunsStealer() async throws {
        guard let r = try await Self.report() else { return }
        let ids = Set(r.behaviours.map(\.id))
        for id in ["drops-executable", "executes-dropped-file", "reads-browser-credentials", "reads-messenger-data",
                   "credential-read-then-network", "exfiltrates-decoy-credentials"] {
            #expect(ids.contains(id), "\(id)")
        }
        #expect(r.files.contains { $0.path == "/tmp/sp-stealer" && $0.type == .elf })
        guard let stealer = r.processes.first(where: { $0.argv.contains("--stage2") }) else {
            Issue.record("no stealer process (argv --stage2) in \(r.processes.map(\.argv))")
            return
        }
        #expect(stealer.path == "/tmp/sp-stealer" || stealer.execs.contains("/tmp/sp-stealer"))
        let root = r.processes.first { $0.ppid == nil || !r.processes.map(\.pid).contains($0.ppid!) }
        #expect(stealer.pid != root?.pid, "the stealer is a child, not the first stage")
        let childReads = r.events.filter { $0.pid == stealer.pid && ["open", "openat"].contains($0.name) }.compactMap(\.path)
        #expect(childReads.contains { $0.hasSuffix("/logins.json") }, "Firefox store read by the child")
        #expect(childReads.contains { $0.hasSuffix("/main.db") }, "Skype store read by the child")
        let exfil = r.behaviours.first { $0.id == "exfiltrates-decoy-credentials" }
        let notes = exfil?.evidence.notes.joined(separator: "\n") ?? ""
        #expect(notes.contains("collect.sp-sim.example"))
        #expect(notes.contains("(skype)") && notes.contains("(firefox)"))
        #expect(r.network.http.contains { $0.method == "POST" && $0.url == "http://collect.sp-sim.example/upload" && $0.pid == stealer.pid })
    }

    @Test("it propagates by sending the same link to each contact (link, not file transfer)")
    func propagatesByLink() async throws {
        guard let r = try await Self.report() else { return }
        let contacts = Self.contacts()
        #expect(contacts.count >= 5)
        guard let spread = r.behaviours.first(where: { $0.id == "messenger-link-spread" }) else {
            Issue.record("messenger-link-spread did not match")
            return
        }
        #expect(spread.attack.contains("T1534"))
        let note = spread.evidence.notes.first { $0.contains(Self.link) }
        #expect(note != nil, "the report names the link: \(spread.evidence.notes)")
        #expect(note?.hasPrefix("\(contacts.count) distinct") == true, "the report counts the recipients: \(note ?? "-")")
        // The classification, as named fields of the evidence: by link, which link, how many recipients.
        #expect(spread.evidence.fields == ["propagation": "link", "link": Self.link, "recipients": String(contacts.count)],
                "\(String(describing: spread.evidence.fields))")
        #expect(!r.behaviours.contains { $0.id == "messenger-file-spread" }, "a link, not a file transfer")
        let messages = r.network.http.filter { $0.method == "POST" && $0.host == "api.messenger.example" }
        #expect(Set(messages.map(\.path)) == Set(contacts.map { "/v1/chats/\($0)/messages" }), "one message per contact")
        for m in messages {
            #expect(m.bodyPreview.contains(Self.link))
            #expect(m.headers.first { $0.key.lowercased() == "content-type" }?.value.contains("multipart") != true, "a link, not a file")
            #expect(m.bodySize < 1024, "a chat message, not a file transfer")
        }
    }

    @Test("it is packed and has anti-debugging routines")
    func packedAndAntiDebug() async throws {
        guard let r = try await Self.report() else { return }
        let ids = Set(r.behaviours.map(\.id))
        for id in ["packed-sample", "mprotect-to-exec", "anti-debug-ptrace-traceme", "anti-debug-tracerpid", "vm-detection-dmi"] {
            #expect(ids.contains(id), "\(id)")
        }
        #expect(r.sample.staticInfo?.facts.contains("packed") == true, "static triage: \(r.sample.staticInfo?.packerIndicators.map(\.detail) ?? [])")
        #expect(r.verdict == .malicious)
    }

    @Test("with --network none the fetch fails and the second stage never runs")
    func networkNone() async throws {
        guard let r = try await Self.analyze(network: "none") else { return }
        #expect(r.run.networkMode == "none")
        #expect(r.output.stdoutPreview.contains("fetch \(Self.stageURL) failed"), "the failed fetch is in the output")
        #expect(r.network.attempts.contains { $0.address == "198.51.100.80:80" && $0.syscall == "connect" }, "the fallback connect is recorded")
        #expect(r.network.http.isEmpty)
        let ids = Set(r.behaviours.map(\.id))
        for id in ["downloads-and-executes", "executes-dropped-file", "exfiltrates-decoy-credentials", "messenger-link-spread"] {
            #expect(!ids.contains(id), "\(id) must not match without the network")
        }
        #expect(!r.processes.contains { $0.argv.contains("--stage2") || $0.path == "/tmp/sp-update.bin" }, "no second stage ran")
        #expect(!r.files.contains { $0.path == "/tmp/sp-update.bin" || $0.path == "/tmp/sp-stealer" })
        #expect(ids.contains("packed-sample") && ids.contains("persistence-xdg-autostart"))
    }
}
