import Foundation
import Petri
import PetriModel
import PetriSandbox
import PetriWine
import Testing

/// The seed case of the fixture corpus (issue 6): sp-sim.exe, a harmless simulator of the 2006 Skype
/// "worm" sp.exe (fixtures/win), detonated under Wine in the sandbox with the default profile and
/// `--api-trace full`, the simulated internet serving sp-stage2.exe for the stage-2 download. The
/// report must show each finding of the original analyses; with `--network none` the failed fetch and
/// the absent second stage.
@Suite("sp.exe seed case: sp-sim.exe under Wine", .serialized)
struct SpSimExeCaseTests {
    static let binDir = TestPrograms.repoRoot + "/fixtures/bin/win"

    /// The fixture binary, built with `make -C fixtures/win` when missing and mingw-w64 is installed.
    /// A missing binary is a recorded issue, never a skip.
    static func fixture(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        let p = binDir + "/\(name).exe"
        let compiler = name.hasSuffix("32") ? "i686-w64-mingw32-gcc" : "x86_64-w64-mingw32-gcc"
        if !FileManager.default.fileExists(atPath: p) {
            let mingw = ["/usr/bin/", "/usr/local/bin/"].contains { FileManager.default.isExecutableFile(atPath: $0 + compiler) }
            if mingw {
                let make = Process()
                make.executableURL = URL(fileURLWithPath: "/usr/bin/make")
                make.arguments = ["-C", TestPrograms.repoRoot + "/fixtures/win"]
                try? make.run(); make.waitUntilExit()
            }
        }
        if FileManager.default.fileExists(atPath: p) { return p }
        Issue.record("fixture fixtures/bin/win/\(name).exe missing: run `make -C fixtures/win` (needs \(compiler))", sourceLocation: sourceLocation)
        return nil
    }

    static func analyze(_ path: String, network: String, payload: String?) throws -> Report {
        let dir = TestPrograms.tempDir("spsim")
        var options = Analysis.Options(profile: try Fixtures.profile())
        options.timeoutSeconds = 60
        options.networkMode = network
        options.apiTrace = .full
        options.payloadFile = payload.map { URL(fileURLWithPath: $0) }
        options.artifactsDirectory = dir + "/art"
        options.reportPath = dir + "/report.json"
        let outcome = try Analysis.run(samplePath: path, options: options)
        SchemaCheck.validate(outcome.reportPath)
        return outcome.report
    }

    /// The per-run Windows decoys (profiles/decoys/windows, seeded with fresh canaries for each run).
    static let windowsDecoys = TestPrograms.repoRoot + "/profiles/decoys/windows"
    static let driveC = WineLayout.standard.prefix + "/drive_c"

    /// The contacts the decoy Skype contact list holds, i.e. the recipients to expect.
    static var decoyContacts: Set<String> {
        let xml = (try? String(contentsOfFile: windowsDecoys + "/users/user/AppData/Roaming/Skype/user/contacts.xml", encoding: .utf8)) ?? ""
        let re = try! NSRegularExpression(pattern: #"skypename="([^"]+)""#)
        return Set(re.matches(in: xml, range: NSRange(xml.startIndex..., in: xml)).compactMap { Range($0.range(at: 1), in: xml).map { String(xml[$0]) } })
    }

    /// The sample's whole stdout, from the artifacts folder.
    static func stdout(_ r: Report) -> String {
        guard let dir = r.run.artifactsDirectory else { return r.output.stdoutPreview }
        return (try? String(contentsOfFile: dir + "/stdout.txt", encoding: .utf8)) ?? r.output.stdoutPreview
    }

    static func isStage2Path(_ s: String?) -> Bool { s?.lowercased().hasSuffix("\\temp\\sp-stage2.exe") == true }

    static let link = "http://pics.sp-sim.example/photo.php?u="

    /// The seed case in both builds: the 64-bit one, and the 32-bit one the real sp.exe was (wine32 under
    /// WoW64, i386 syscalls), each fetching its own build of the stealer.
    struct Build: Sendable, CustomTestStringConvertible {
        var sample: String, stage2: String, machine: String
        var image: String { sample + ".exe" }
        var testDescription: String { "\(sample).exe (\(machine))" }
    }
    static let builds = [Build(sample: "sp-sim", stage2: "sp-stage2", machine: "x86-64"),
                         Build(sample: "sp-sim32", stage2: "sp-stage2-32", machine: "i386")]

    @Test("default profile, full API trace, stage 2 served: every finding of the original analyses", arguments: builds)
    func seedCase(_ build: Build) throws {
        guard let sample = Self.fixture(build.sample), let stage2 = Self.fixture(build.stage2) else { return }
        let r = try Self.analyze(sample, network: "sinkhole", payload: stage2)
        print("---- \(build.image) report summary ----\n" + ReportSummary.render(r) + "\n---- stdout ----\n" + r.output.stdoutPreview)

        #expect(r.run.runner == "wine")
        #expect(r.run.outcome == .exited(code: 0))
        #expect(r.sample.staticInfo?.pe?.machine == build.machine)
        let api = r.events.filter { $0.kind == .api && $0.runner != true }
        func from(_ image: String) -> [Event] { api.filter { $0.image?.lowercased() == (image == "sp-sim.exe" ? build.image : image) } }

        // Connects to a remote server for additional code: URL and host in the report.
        let fetch = r.network.http.first { $0.host == "update.sp-sim.example" && $0.path == "/stage2.exe" }
        #expect(fetch?.method == "GET")
        #expect(fetch?.url == "http://update.sp-sim.example/stage2.exe")
        #expect(fetch?.response == "payload:\(build.stage2).exe")
        #expect(r.network.dns.contains { $0.name == "update.sp-sim.example" })
        #expect(from("sp-sim.exe").contains { $0.name == "InternetOpenUrl" && $0.args["url"]?.stringValue == "http://update.sp-sim.example/stage2.exe" })

        // The per-run decoys are there with fresh canaries, and are not changes of the run.
        let windowsCanaries = r.canaries.filter { $0.file.hasPrefix(Self.driveC + "/") }
        let kinds = Set(windowsCanaries.map(\.kind))
        #expect(kinds.isSuperset(of: ["skype", "firefox", "document"]), "\(r.canaries.map(\.file))")
        #expect(windowsCanaries.contains { $0.file == Self.driveC + "/users/user/AppData/Roaming/Skype/user/main.db" })
        #expect(Set(r.canaries.map(\.token)).count == r.canaries.count, "one fresh token per decoy file")
        #expect(!r.files.contains { f in windowsCanaries.contains { $0.file == f.path } || f.path.contains("/AppData/Roaming/Skype") },
                "seeded decoys are not reported as dropped: \(r.files.map(\.path))")
        #expect(Self.decoyContacts.count >= 6)

        // Drops it under %TEMP% and runs it.
        let dropped = r.files.first { Self.isStage2Path($0.windowsPath) }
        #expect(dropped?.type == .pe, "dropped stage 2 in files: \(r.files.compactMap(\.windowsPath))")
        #expect(dropped?.change == .created)
        let create = from("sp-sim.exe").first { $0.name == "CreateProcess" && Self.isStage2Path($0.args["image"]?.stringValue) }
        #expect(create != nil, "CreateProcess of %TEMP%\\sp-stage2.exe by sp-sim.exe")
        #expect(r.processes.contains { $0.image.lowercased() == "sp-stage2.exe" })

        // The dropped stage reads the credential stores ...
        let stage2Opens = from("sp-stage2.exe").filter { $0.name == "CreateFile" }.compactMap { $0.args["windows_path"]?.stringValue?.lowercased() }
        #expect(stage2Opens.contains { $0.contains("\\appdata\\roaming\\skype\\") && $0.hasSuffix("\\main.db") }, "\(stage2Opens)")
        #expect(stage2Opens.contains { $0.contains("\\appdata\\roaming\\skype\\") && $0.hasSuffix("\\contacts.xml") })
        #expect(stage2Opens.contains { $0.contains("\\appdata\\roaming\\mozilla\\firefox\\profiles\\") && $0.hasSuffix("\\logins.json") })
        // ... attributed to the sandbox process running sp-stage2.exe, not to a colliding sandbox pid.
        let stage2Node = r.processes.first { Self.isStage2Path($0.windowsImage) && !$0.argv.isEmpty }
        let simNode = r.processes.first { $0.windowsImage?.lowercased().hasSuffix("\\" + build.image) == true && !$0.argv.isEmpty }
        let credReads = from("sp-stage2.exe").filter { $0.name == "CreateFile" && ($0.args["windows_path"]?.stringValue?.lowercased().contains("\\appdata\\roaming\\") ?? false) }
        #expect(stage2Node != nil && !credReads.isEmpty)
        #expect(credReads.allSatisfy { $0.pid == stage2Node?.pid && $0.ppid == simNode?.pid }, "\(credReads.map { ($0.pid, $0.ppid) }) vs \(String(describing: stage2Node?.pid))")
        #expect(from("sp-sim.exe").allSatisfy { $0.pid == simNode?.pid })
        #expect(stage2Node?.ppid == simNode?.pid)
        #expect(!api.contains { $0.name == "HttpOpenRequest" && $0.args["object"] == nil }, "one event per HttpOpenRequest call")
        // ... and uploads them.
        let upload = r.network.http.filter { $0.method == "POST" && $0.host == "collect.sp-sim.example" && $0.path == "/upload" }
        #expect(upload.count == 1)
        #expect((upload.first?.bodySize ?? 0) > 100)
        if let b = upload.first?.bodyPreview.prefix(64), let d = Data(base64Encoded: String(b.prefix(b.count / 4 * 4))) {
            #expect(String(decoding: d, as: UTF8.self).hasPrefix("== C:\\"), "the body is base64 of the stolen files")
        }
        // The upload is attributed to the stage that sent it (the API trace's connect), not the wineserver.
        let stage2Pid = r.processes.first { $0.image.lowercased() == "sp-stage2.exe" }?.pid
        #expect(stage2Pid != nil && upload.first?.pid == stage2Pid, "upload pid \(String(describing: upload.first?.pid)), stage 2 pid \(String(describing: stage2Pid))")
        // ... and the canaries of this run's Windows decoys confirm the exfiltration.
        let exfil = r.behaviours.first { $0.id == "exfiltrates-decoy-credentials" }
        #expect(exfil != nil, "behaviours: \(r.behaviours.map(\.id).sorted())")
        let skypeNote = exfil?.evidence.notes.first { $0.contains(Self.driveC + "/users/user/AppData/Roaming/Skype/user/main.db") }
        #expect(skypeNote?.contains("collect.sp-sim.example") == true, "\(exfil?.evidence.notes ?? [])")
        #expect(skypeNote?.contains("(sp-stage2.exe)") == true, "the note names the stage that sent it")
        #expect(exfil?.evidence.notes.contains { $0.contains("/Mozilla/Firefox/Profiles/x7k2m9qd.default-release/logins.json") } == true)

        // Propagation by URL: one message POST per contact, each with the link.
        let messages = r.network.http.filter { $0.method == "POST" && $0.host == "api.messenger.example" && $0.path.hasPrefix("/v1/chats/") && $0.path.hasSuffix("/messages") }
        let recipients = Set(messages.map { $0.path.dropFirst("/v1/chats/".count).dropLast("/messages".count) }.map(String.init))
        #expect(messages.count == Self.decoyContacts.count)
        #expect(recipients == Self.decoyContacts, "recipients \(recipients)")
        #expect(!recipients.isEmpty)
        for m in messages { #expect(m.bodyPreview.contains(Self.link), "\(m.bodyPreview)") }
        print("propagation: \(recipients.count) recipients \(recipients.sorted()), link \(Self.link)<contact>")
        // The report classifies it: propagation by link (not file transfer), names the link, counts recipients.
        let spread = r.behaviours.first { $0.id == "messenger-link-spread" }
        #expect(spread?.evidence.fields?["propagation"] == "link", "\(String(describing: spread?.evidence))")
        #expect(spread.flatMap { $0.evidence.fields?["link"] }.map { Self.link.hasPrefix($0) && $0.hasPrefix("http://pics.sp-sim.example/") } == true)
        #expect(spread?.evidence.fields?["recipients"] == String(Self.decoyContacts.count))
        #expect(!r.behaviours.contains { $0.id == "messenger-file-spread" })
        // (the whole stdout: with six contacts and the stealer's lines it is longer than the preview)
        #expect(Self.stdout(r).contains("desktop messenger window tSkMainForm: absent"))

        // Persistence: Run key value pointing at the copy under %APPDATA%.
        let run = r.registry.first { $0.kind == .valueSet && $0.key.hasSuffix("Software\\Microsoft\\Windows\\CurrentVersion\\Run") && $0.value == "SkypeUpdate" }
        #expect(run != nil, "\(r.registry)")
        #expect(run?.data?.lowercased().contains("\\appdata\\roaming\\skypeupdate.exe") == true)
        #expect(r.files.contains { $0.windowsPath?.lowercased().hasSuffix("\\appdata\\roaming\\skypeupdate.exe") == true })

        // Packed: static packer facts and the RW -> RX VirtualProtect of the unpacker.
        let facts = r.sample.staticInfo?.facts ?? []
        #expect(facts.contains("packer:nspack"), "\(facts)")
        #expect(facts.contains("packed"))
        #expect(from("sp-sim.exe").contains { $0.name == "VirtualAlloc" })
        #expect(from("sp-sim.exe").contains { $0.name == "VirtualProtect" })
        // The decoded body is captured when VirtualProtect makes it executable, and matches; the served
        // and the dropped stage 2 are scanned too.
        func payload(_ kind: PayloadRecord.Kind, _ rule: String) -> PayloadRecord? { r.payloads.first { $0.kind == kind && $0.yara.contains { $0.rule == rule } } }
        #expect(payload(.memory, "sp_sim_exe_unpacked_decoder")?.trigger == "mprotect", "\(r.payloads.map { "\($0.kind) \($0.object) \($0.yara.map(\.rule))" })")
        #expect(!(r.sample.staticInfo?.yara ?? []).contains { $0.rule == "sp_sim_exe_unpacked_decoder" })
        #expect(payload(.httpResponse, "sp_stage2_stealer")?.object == "http://update.sp-sim.example/stage2.exe")
        #expect(payload(.droppedFile, "sp_stage2_stealer") != nil)
        // The shipped technique rule names the stealer by its harvest list (Skype + Firefox stores).
        #expect(payload(.httpResponse, "credential_store_paths")?.object == "http://update.sp-sim.example/stage2.exe")
        #expect(r.behaviours.contains { $0.id == "unpacked-code-matches-family" })

        // Anti-debugging and the Wine check, seen by +relay from sp-sim.exe.
        let relayNames = Set(from("sp-sim.exe").map(\.name))
        for n in ["IsDebuggerPresent", "CheckRemoteDebuggerPresent", "NtQueryInformationProcess"] {
            #expect(relayNames.contains(n), "missing relay event \(n)")
        }
        #expect(from("sp-sim.exe").contains { $0.name == "GetProcAddress" && $0.args[ArgKey.name]?.stringValue == "wine_get_version" })
        #expect(Self.stdout(r).contains("wine_get_version absent"), "petri hides Wine's exports")

        // The Windows-level rules see it all through the API trace (the wineserver makes the syscalls).
        let ids = Set(r.behaviours.map(\.id))
        for id in ["downloads-and-executes", "executes-dropped-file", "drops-executable", "reads-messenger-data",
                   "reads-browser-credentials", "credential-read-then-network", "exfiltrates-decoy-credentials",
                   "messenger-link-spread", "persistence-run-key", "packed-sample", "anti-debug-api", "wine-detection",
                   "mprotect-to-exec", "contacts-remote-host"] {
            #expect(ids.contains(id), "missing \(id); behaviours: \(ids.sorted())")
        }
        // Wine's own machinery is not the sample's: the launch script's shell and Wine's uname at start-up.
        #expect(!ids.contains("runs-shell-commands"))
        #expect(!ids.contains("system-information-discovery"))
        let dl = r.behaviours.first { $0.id == "downloads-and-executes" }
        #expect(dl?.evidence.files.contains { $0.hasSuffix("/Temp/sp-stage2.exe") } == true, "\(String(describing: dl?.evidence))")

        #expect(r.verdict == .malicious)
        print("behaviours: \(r.behaviours.map(\.id).sorted())")
    }

    @Test("no payload configured: the simulated internet serves a harmless PE, which is dropped and run")
    func builtinPEPayload() throws {
        guard let sample = Self.fixture("sp-sim") else { return }
        let r = try Self.analyze(sample, network: "sinkhole", payload: nil)
        print("---- sp-sim.exe, built-in PE payload ----\n" + ReportSummary.render(r) + "\n---- stdout ----\n" + r.output.stdoutPreview)
        #expect(r.run.outcome == .exited(code: 0))
        let fetch = r.network.http.first { $0.host == "update.sp-sim.example" && $0.path == "/stage2.exe" }
        #expect(fetch?.response == "payload:builtin-pe")
        let dropped = r.files.first { Self.isStage2Path($0.windowsPath) }
        #expect(dropped?.type == .pe)
        #expect((dropped?.size ?? 0) > 0 && (dropped?.size ?? .max) <= 4096, "petri's tiny PE, not the stealer")
        let child = r.processes.first { $0.image.lowercased() == "sp-stage2.exe" }
        #expect(child?.exit?.code == 0, "the served PE ran and exited 0: \(String(describing: child))")
        #expect(Self.stdout(r).contains("petri simulated payload: nothing to see"), "it printed its line (PetriNet.HarmlessPE)")
        #expect(Self.stdout(r).contains("[exec] ran C:\\users\\user\\Temp\\sp-stage2.exe: finished, exit code 0"))
        let ids = Set(r.behaviours.map(\.id))
        #expect(ids.contains("downloads-and-executes") && ids.contains("executes-dropped-file"), "\(ids.sorted())")
        // It reads no credential store and uploads nothing: no exfiltration.
        #expect(!ids.contains("exfiltrates-decoy-credentials"))
        #expect(!r.network.http.contains { $0.host == "collect.sp-sim.example" })
    }

    @Test("--network none: the failed fetch is visible and the second stage never runs")
    func networkNone() throws {
        guard let sample = Self.fixture("sp-sim"), let stage2 = Self.fixture("sp-stage2") else { return }
        let r = try Self.analyze(sample, network: "none", payload: stage2)
        print("---- sp-sim.exe --network none summary ----\n" + ReportSummary.render(r) + "\n---- stdout ----\n" + r.output.stdoutPreview)
        #expect(r.run.outcome == .exited(code: 0))
        let api = r.events.filter { $0.kind == .api && $0.runner != true }
        #expect(api.contains { $0.name == "InternetOpenUrl" && $0.args["url"]?.stringValue == "http://update.sp-sim.example/stage2.exe" })
        #expect(!r.network.http.contains { $0.host == "update.sp-sim.example" })
        #expect(r.network.http.isEmpty)
        #expect(Self.stdout(r).contains("failed"))
        #expect(Self.stdout(r).contains("no second stage"))
        #expect(!r.processes.contains { $0.image.lowercased() == "sp-stage2.exe" })
        #expect(!api.contains { $0.name == "CreateProcess" && Self.isStage2Path($0.args["image"]?.stringValue) })
        #expect(!r.files.contains { Self.isStage2Path($0.windowsPath) })
        #expect(!api.contains { $0.image?.lowercased() == "sp-stage2.exe" })
        // The first stage still persists.
        #expect(r.registry.contains { $0.value == "SkypeUpdate" })
        // Nothing was fetched, run, stolen or spread.
        let ids = Set(r.behaviours.map(\.id))
        for id in ["downloads-and-executes", "executes-dropped-file", "exfiltrates-decoy-credentials", "messenger-link-spread"] {
            #expect(!ids.contains(id), "\(id) with the network off")
        }
        #expect(ids.contains("persistence-run-key"))
    }
}
