import Foundation
import PetriModel
import Testing
@testable import PetriAnalysis

/// The Windows side of the built-in rules. Under Wine the wineserver, not the sample's process, makes
/// many of the file opens and socket connects, so the rules also read the `api` events the Wine debug
/// log parser attributes to the Windows process (CreateFile, CreateProcess, InternetOpenUrl, RegSetValue,
/// relay calls). One positive and one near-miss negative recorded trace per alternative.
struct WineRuleCase: Sendable, CustomTestStringConvertible {
    let id: String
    let what: String
    let positive: @Sendable (inout Trace) -> Void
    let negative: @Sendable (inout Trace) -> Void
    var testDescription: String { "\(id): \(what)" }
}

/// Paths as the parser maps them: `C:\users\user\x` -> the prefix's drive_c inside the sandbox.
enum WinPaths {
    static let driveC = "/home/user/.wine/drive_c"
    static let roaming = driveC + "/users/user/AppData/Roaming"
    static let temp = driveC + "/users/user/Temp"
    static let sample = driveC + "/users/user/Downloads/dropper.exe"
}

extension Trace {
    /// A Wine `api` event of the sample's process.
    @discardableResult
    mutating func api(_ name: String, _ args: [String: ArgValue] = [:], category: EventCategory = .process,
                      pid: Int32? = nil, image: String? = nil) -> UInt64 {
        seq += 1
        let p = pid ?? self.pid
        report.events.append(Event(seq: seq, timeNs: seq * 1_000, pid: p, tid: p, ppid: report.processes.first { $0.pid == p }?.ppid,
                                   image: image ?? self.image, kind: .api, name: name, category: category, args: args,
                                   action: .observed, runner: false))
        return seq
    }

    /// CreateFile as WineDebugLogParser records it (access names, the mapped unix path).
    mutating func createFile(_ path: String, access: String = "GENERIC_READ", pid: Int32? = nil) {
        let win = "C:\\" + path.dropFirst(WinPaths.driveC.count + 1).replacingOccurrences(of: "/", with: "\\")
        api("CreateFile", ["windows_path": .string(win), "path": .string(path), "access": .string(access),
                           "disposition": .string(access.contains("WRITE") ? "FILE_OVERWRITE_IF" : "FILE_OPEN")], category: .file, pid: pid)
    }

    /// Makes the trace a Wine run of `dropper.exe`.
    mutating func wine() {
        report.run.runner = "wine"
        report.run.samplePath = WinPaths.sample
        image = "dropper.exe"
        report.processes[0].image = "dropper.exe"
    }

    /// A message POST to a messenger API.
    mutating func message(to contact: String, body: String, contentType: String = "application/json") {
        http("POST", "http://api.messenger.example/v1/chats/\(contact)/messages", body: body)
        report.network.http[report.network.http.count - 1].headers = ["Content-Type": contentType]
    }
}

extension WineRuleCase {
    static let contacts = ["bob.chen", "carol.ross", "dave.k", "erin.w", "frank.o", "grace.h"]

    static let all: [WineRuleCase] = [
        // MARK: credentials
        WineRuleCase(id: "reads-browser-credentials", what: "CreateFile of Firefox logins.json (any case)",
                     positive: { t in t.wine(); t.createFile(WinPaths.driveC + "/users/user/appdata/roaming/mozilla/firefox/profiles/x7k2m9qd.default-release/logins.json") },
                     negative: { t in t.wine(); t.createFile(WinPaths.roaming + "/Mozilla/Firefox/Profiles/x7k2m9qd.default-release/logins.json", access: "GENERIC_WRITE") }),
        WineRuleCase(id: "reads-messenger-data", what: "CreateFile of Skype main.db",
                     positive: { t in t.wine(); t.createFile(WinPaths.roaming + "/Skype/user/main.db") },
                     negative: { t in t.wine(); t.createFile(WinPaths.roaming + "/Skype/shared.xml") }),
        WineRuleCase(id: "reads-ssh-keys", what: "CreateFile of C:\\users\\user\\.ssh\\id_rsa",
                     positive: { t in t.wine(); t.createFile(WinPaths.driveC + "/users/user/.ssh/id_rsa") },
                     negative: { t in t.wine(); t.createFile(WinPaths.driveC + "/users/user/.ssh/id_rsa.pub") }),
        WineRuleCase(id: "reads-cloud-credentials", what: "CreateFile of .aws\\credentials for reading",
                     positive: { t in t.wine(); t.createFile(WinPaths.driveC + "/users/user/.aws/credentials") },
                     negative: { t in t.wine(); t.createFile(WinPaths.driveC + "/users/user/.aws/credentials", access: "GENERIC_WRITE") }),
        WineRuleCase(id: "reads-crypto-wallets", what: "CreateFile of an Electrum wallet",
                     positive: { t in t.wine(); t.createFile(WinPaths.roaming + "/Electrum/wallets/default_wallet") },
                     negative: { t in t.wine(); t.createFile(WinPaths.roaming + "/Electrum/config") }),
        WineRuleCase(id: "credential-read-then-network", what: "CreateFile of logins.json, then a connect",
                     positive: { t in
                         t.wine()
                         t.createFile(WinPaths.roaming + "/Mozilla/Firefox/Profiles/x7k2m9qd.default-release/logins.json")
                         t.api("connect", ["family": .string("AF_INET"), "ip": .string("198.51.100.7"), "port": .int(80), "address": .string("198.51.100.7:80")], category: .network)
                     },
                     negative: { t in
                         t.wine()
                         t.api("connect", ["family": .string("AF_INET"), "ip": .string("198.51.100.7"), "port": .int(80), "address": .string("198.51.100.7:80")], category: .network)
                         t.createFile(WinPaths.roaming + "/Mozilla/Firefox/Profiles/x7k2m9qd.default-release/logins.json")
                     }),
        WineRuleCase(id: "credential-read-then-network", what: "InternetConnect only prepares a handle (network off: no request left)",
                     positive: { t in
                         t.wine()
                         t.createFile(WinPaths.roaming + "/Skype/user/contacts.xml")
                         t.api("InternetConnect", ["hostname": .string("api.messenger.example"), "port": .int(80)], category: .network)
                         t.api("HttpOpenRequest", ["verb": .string("POST"), "object": .string("/v1/chats/bob.chen/messages")], category: .network)
                         t.api("connect", ["family": .string("AF_INET"), "ip": .string("198.51.100.9"), "port": .int(80), "address": .string("198.51.100.9:80")], category: .network)
                     },
                     negative: { t in
                         t.wine()
                         t.createFile(WinPaths.roaming + "/Skype/user/contacts.xml")
                         t.api("InternetConnect", ["hostname": .string("api.messenger.example"), "port": .int(80)], category: .network)
                         t.api("HttpOpenRequest", ["verb": .string("POST"), "object": .string("/v1/chats/bob.chen/messages")], category: .network)
                     }),
        // Across Windows processes: api events carry sandbox pids (WinePidMap) and the stage's node hangs
        // under the dropper's. An unmapped event keeps its Windows pid, here equal to the dropper's
        // sandbox pid (100 = 0x64), and is never related to it.
        WineRuleCase(id: "credential-read-then-network", what: "the dropper reads logins.json, the stage it started connects (tree scope)",
                     positive: { t in
                         t.wine()
                         t.child(149, image: "sp-stage2.exe")
                         t.createFile(WinPaths.roaming + "/Mozilla/Firefox/Profiles/x7k2m9qd.default-release/logins.json")
                         t.api("connect", ["family": .string("AF_INET"), "ip": .string("198.51.100.7"), "port": .int(80), "address": .string("198.51.100.7:80"),
                                           "win_pid": .string("00c4")], category: .network, pid: 149, image: "sp-stage2.exe")
                     },
                     negative: { t in
                         t.wine()
                         t.createFile(WinPaths.roaming + "/Mozilla/Firefox/Profiles/x7k2m9qd.default-release/logins.json")
                         t.api("connect", ["family": .string("AF_INET"), "ip": .string("198.51.100.7"), "port": .int(80), "address": .string("198.51.100.7:80"),
                                           "win_pid": .string("0064"), "unmapped": .bool(true)], category: .network, pid: 100, image: "sp-stage2.exe")
                     }),
        // MARK: files
        WineRuleCase(id: "downloads-and-executes", what: "InternetOpenUrl, CreateFile for writing, CreateProcess of that file",
                     positive: { t in
                         t.wine()
                         t.api("InternetOpenUrl", ["url": .string("http://update.example/stage2.exe"), "hostname": .string("update.example")], category: .network)
                         t.createFile(WinPaths.temp + "/stage2.exe", access: "GENERIC_WRITE")
                         // CreateProcess names it as the program wrote it; Windows paths compare case-insensitively
                         t.api("CreateProcess", ["image": .string("C:\\users\\user\\temp\\STAGE2.EXE"), "path": .string(WinPaths.driveC + "/users/user/temp/STAGE2.EXE")])
                     },
                     // Downloaded and written, but what runs is another program.
                     negative: { t in
                         t.wine()
                         t.api("InternetOpenUrl", ["url": .string("http://update.example/stage2.exe"), "hostname": .string("update.example")], category: .network)
                         t.createFile(WinPaths.temp + "/stage2.exe", access: "GENERIC_WRITE")
                         t.api("CreateProcess", ["image": .string("C:\\windows\\system32\\notepad.exe"), "path": .string(WinPaths.driveC + "/windows/system32/notepad.exe")])
                     }),
        WineRuleCase(id: "downloads-and-executes", what: "URLDownloadToFile, then CreateProcess of the file",
                     positive: { t in
                         t.wine()
                         t.api("URLDownloadToFile", ["url": .string("http://x.example/a.exe"), "path": .string(WinPaths.temp + "/a.exe")], category: .network)
                         t.api("CreateProcess", ["path": .string(WinPaths.temp + "/a.exe")])
                     },
                     // Run first, downloaded afterwards: not a download-and-execute.
                     negative: { t in
                         t.wine()
                         t.api("CreateProcess", ["path": .string(WinPaths.temp + "/a.exe")])
                         t.api("URLDownloadToFile", ["url": .string("http://x.example/a.exe"), "path": .string(WinPaths.temp + "/a.exe")], category: .network)
                     }),
        WineRuleCase(id: "executes-dropped-file", what: "a dropped PE started with CreateProcess",
                     positive: { t in
                         t.wine()
                         t.file(WinPaths.temp + "/sp-stage2.exe", type: .pe)
                         t.api("CreateProcess", ["path": .string(WinPaths.temp + "/sp-stage2.exe")])
                     },
                     negative: { t in
                         t.wine()
                         t.file(WinPaths.temp + "/sp-stage2.exe", type: .pe)
                         t.api("CreateProcess", ["path": .string(WinPaths.driveC + "/windows/system32/cmd.exe")])
                     }),
        WineRuleCase(id: "self-deletion", what: "DeleteFile of its own file",
                     positive: { t in t.wine(); t.api("DeleteFile", ["path": .string(WinPaths.sample)], category: .file) },
                     negative: { t in t.wine(); t.api("DeleteFile", ["path": .string(WinPaths.temp + "/lock.tmp")], category: .file) }),
        // MARK: persistence
        WineRuleCase(id: "persistence-run-key", what: "RegSetValue under HKCU\\...\\Run (API trace)",
                     positive: { t in t.wine(); t.api("RegSetValue", ["key": .string(#"HKCU\Software\Microsoft\Windows\CurrentVersion\Run"#), "value": .string("Updater")], category: .system) },
                     negative: { t in t.wine(); t.api("RegSetValue", ["key": .string(#"HKCU\Software\Microsoft\Windows\CurrentVersion\Explorer"#), "value": .string("x")], category: .system) }),
        WineRuleCase(id: "persistence-run-key", what: "a program in the Startup folder",
                     positive: { t in
                         t.wine()
                         var f = FileChange(path: WinPaths.roaming + "/Microsoft/Windows/Start Menu/Programs/Startup/upd.exe", change: .created, type: .pe)
                         f.windowsPath = #"C:\users\user\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Startup\upd.exe"#
                         t.report.files.append(f)
                     },
                     negative: { t in
                         t.wine()
                         var f = FileChange(path: WinPaths.roaming + "/Microsoft/Windows/Start Menu/Programs/upd.exe", change: .created, type: .pe)
                         f.windowsPath = #"C:\users\user\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\upd.exe"#
                         t.report.files.append(f)
                     }),
        WineRuleCase(id: "persistence-windows-service", what: "RegCreateKey of a service key (API trace)",
                     positive: { t in t.wine(); t.api("RegCreateKey", ["key": .string(#"HKLM\System\CurrentControlSet\Services\updsvc"#)], category: .system) },
                     // Opening an existing service key is not installing one.
                     negative: { t in t.wine(); t.api("RegOpenKey", ["key": .string(#"HKLM\System\CurrentControlSet\Services\updsvc"#)], category: .system) }),
        // MARK: evasion
        WineRuleCase(id: "anti-debug-api", what: "IsDebuggerPresent from the sample's code",
                     positive: { t in t.wine(); t.api("IsDebuggerPresent", ["module": .string("kernel32")], category: .evasion) },
                     // ProcessBasicInformation (class 0) is no debugger check (the parser files it under process).
                     negative: { t in t.wine(); t.api("NtQueryInformationProcess", ["raw_args": .string("ffffffffffffffff,00000000,0021fd00,00000030,00000000")], category: .process) }),
        WineRuleCase(id: "wine-detection", what: "GetProcAddress(ntdll, wine_get_version)",
                     positive: { t in t.wine(); t.api("GetProcAddress", ["name": .string("wine_get_version"), "wine_detection": .bool(true)], category: .evasion) },
                     // Wine's own DLLs open HKCU\Software\Wine in every process: marked, not a detection.
                     negative: { t in
                         t.wine()
                         t.api("RegOpenKey", ["key": .string(#"HKCU\Software\Wine\Drivers"#), "wine_key": .bool(true)], category: .system)
                         t.api("GetProcAddress", ["name": .string("NtQueryInformationProcess")])
                     }),
        WineRuleCase(id: "writable-executable-memory", what: "VirtualAlloc(PAGE_EXECUTE_READWRITE)",
                     positive: { t in t.wine(); t.api("VirtualAlloc", ["prot": .string("PROT_READ|PROT_WRITE|PROT_EXEC"), "win_prot": .string("PAGE_EXECUTE_READWRITE"), "addr": .string("0x2a0000")], category: .memory) },
                     negative: { t in t.wine(); t.api("VirtualAlloc", ["prot": .string("PROT_READ|PROT_WRITE"), "win_prot": .string("PAGE_READWRITE"), "addr": .string("0x2a0000")], category: .memory) }),
        WineRuleCase(id: "mprotect-to-exec", what: "VirtualAlloc RW, then VirtualProtect of that region to RX",
                     positive: { t in
                         t.wine()
                         t.api("VirtualAlloc", ["prot": .string("PROT_READ|PROT_WRITE"), "addr": .string("0x2a0000")], category: .memory)
                         t.api("VirtualProtect", ["prot": .string("PROT_READ|PROT_EXEC"), "addr": .string("0x2a0000")], category: .memory)
                     },
                     // The C runtime's start-up re-protecting the image's own .text: not allocated memory.
                     negative: { t in
                         t.wine()
                         t.api("VirtualAlloc", ["prot": .string("PROT_READ|PROT_WRITE"), "addr": .string("0x2a0000")], category: .memory)
                         t.api("VirtualProtect", ["prot": .string("PROT_READ|PROT_EXEC"), "addr": .string("0x140001000")], category: .memory)
                     }),
        WineRuleCase(id: "long-sleep", what: "Sleep(60000)",
                     positive: { t in t.wine(); t.api("Sleep", ["duration_ns": .int(60_000_000_000)], category: .evasion) },
                     negative: { t in t.wine(); t.api("Sleep", ["duration_ns": .int(1_000_000_000)], category: .evasion) }),
        // MARK: propagation
        WineRuleCase(id: "messenger-link-spread", what: "one link with a per-recipient query to 6 contacts",
                     positive: { t in
                         for c in contacts { t.message(to: c, body: "{\"to\":\"\(c)\",\"text\":\"look at this http://pics.sp-sim.example/photo.php?u=\(c)\"}") }
                     },
                     // The same message re-sent to one chat (retries) is not spreading.
                     negative: { t in
                         for _ in contacts { t.message(to: "bob.chen", body: "{\"to\":\"bob.chen\",\"text\":\"look at this http://pics.sp-sim.example/photo.php?u=bob.chen\"}") }
                     }),
    ]
}

@Suite struct BehaviourWineRuleTests {
    @Test(arguments: WineRuleCase.all)
    func positiveCaseMatches(_ c: WineRuleCase) {
        var t = Trace()
        c.positive(&t)
        let ids = BuiltIn.matchIDs(t.report)
        #expect(ids.contains(c.id), "positive trace for \(c.id) (\(c.what)) matched only \(ids.sorted())")
    }

    @Test(arguments: WineRuleCase.all)
    func negativeCaseDoesNotMatch(_ c: WineRuleCase) {
        var t = Trace()
        c.negative(&t)
        let ids = BuiltIn.matchIDs(t.report)
        #expect(!ids.contains(c.id), "negative trace for \(c.id) (\(c.what)) matched")
    }

    static func match(_ id: String, _ build: (inout Trace) -> Void) -> BehaviourMatch? {
        var t = Trace()
        build(&t)
        return BehaviourEngine(ruleSet: BuiltIn.rules).evaluate(t.report).first { $0.id == id }
    }

    @Test("link spread: the evidence names the link, counts recipients and says link")
    func linkSpreadEvidence() throws {
        let m = try #require(Self.match("messenger-link-spread") { t in
            for c in WineRuleCase.contacts { t.message(to: c, body: "{\"to\":\"\(c)\",\"text\":\"look at this http://pics.sp-sim.example/photo.php?u=\(c)\"}") }
        })
        #expect(m.evidence.fields == ["propagation": "link", "link": "http://pics.sp-sim.example/photo.php", "recipients": "6"])
        // The same link, query included, to every contact: the full link is named.
        let same = try #require(Self.match("messenger-link-spread") { t in
            for c in WineRuleCase.contacts { t.message(to: c, body: "{\"to\":\"\(c)\",\"text\":\"check this out http://pics.sp-sim.example/photo.php?u=alex.miller\"}") }
        })
        #expect(same.evidence.fields?["link"] == "http://pics.sp-sim.example/photo.php?u=alex.miller")
        #expect(same.evidence.fields?["recipients"] == "6")
        #expect(Self.match("messenger-file-spread") { t in
            for c in WineRuleCase.contacts { t.message(to: c, body: "{\"to\":\"\(c)\",\"text\":\"look at this http://pics.sp-sim.example/photo.php?u=\(c)\"}") }
        } == nil, "a link is not a file transfer")
    }

    @Test("file spread: a multipart upload of one file to each contact is classified file-transfer")
    func fileSpreadEvidence() throws {
        func upload(_ t: inout Trace, _ c: String, _ file: String) {
            t.message(to: c, body: "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file)\"\r\nContent-Type: application/octet-stream\r\n\r\nMZ\u{90}\u{00}",
                      contentType: "multipart/form-data; boundary=b0undary")
        }
        let m = try #require(Self.match("messenger-file-spread") { t in for c in WineRuleCase.contacts { upload(&t, c, "photo.scr") } })
        #expect(m.evidence.fields == ["propagation": "file-transfer", "file": "photo.scr", "recipients": "6"])
        #expect(Self.match("messenger-link-spread") { t in for c in WineRuleCase.contacts { upload(&t, c, "photo.scr") } } == nil,
                "a file transfer is not a link")
        // Different files to two contacts: neither the threshold nor one file.
        #expect(Self.match("messenger-file-spread") { t in
            upload(&t, "bob.chen", "a.jpg"); upload(&t, "carol.ross", "b.jpg")
        } == nil)
    }

    @Test("every Wine alternative names a built-in rule")
    func casesNameRules() {
        let loaded = Set(BuiltIn.rules.rules.map(\.id))
        for c in WineRuleCase.all { #expect(loaded.contains(c.id), "\(c.id)") }
    }
}

/// The `evidence:` key of the rule language.
@Suite struct EvidenceFieldTests {
    static let header = "    title: t\n    description: d\n    severity: 2\n    attack: [T1071]\n"

    @Test func templatesAreFilledFromTheDecidingCount() throws {
        let r = RuleLoader.load(sources: [("t.yaml", """
        rules:
          - id: many-posts
        \(Self.header)    evidence:
              kind: burst
              host: "{group}"
              posts: "{count} posts"
              first_method: "{field:method}"
              missing: "{field:query}"
            condition:
              count: {match: {source: http, method: POST}, group_by: host, min: 3}
        """)])
        try #require(!r.hasErrors, "\(r.diagnostics.map(\.description))")
        var t = Trace()
        for i in 0..<4 { t.http("POST", "http://a.example/\(i)") }
        t.http("POST", "http://b.example/x")
        let m = try #require(BehaviourEngine(ruleSet: r.ruleSet).evaluate(t.report).first)
        // A placeholder with nothing to fill it (no query) leaves its field out.
        #expect(m.evidence.fields == ["kind": "burst", "host": "a.example", "posts": "4 posts", "first_method": "POST"])
    }

    @Test func noEvidenceKeyNoFields() throws {
        let r = RuleLoader.load(sources: [("t.yaml", "rules:\n  - id: any-http\n\(Self.header)    condition: {match: {source: http}}\n")])
        var t = Trace()
        t.http("GET", "http://a.example/")
        #expect(BehaviourEngine(ruleSet: r.ruleSet).evaluate(t.report).first?.evidence.fields == nil)
    }

    @Test(arguments: [
        ("x: \"{groups}\"", "unknown placeholder"),
        ("x: \"{group\"", "unclosed"),
        ("x: \"{field:no_such_field}\"", "unknown field"),
        ("Bad-Name: link", "evidence field names"),
        ("x: [a, b]", "expected a string"),
    ])
    func badEvidenceIsADiagnostic(_ entry: String, _ message: String) {
        let r = RuleLoader.load(sources: [("t.yaml", "rules:\n  - id: r\n\(Self.header)    evidence:\n      \(entry)\n    condition: {match: {source: http}}\n")])
        #expect(r.hasErrors)
        #expect(r.diagnostics.contains { $0.description.contains(message) && $0.description.contains("evidence") }, "\(r.diagnostics.map(\.description))")
        #expect(r.ruleSet.rules.isEmpty, "a rule with a bad evidence field is left out")
    }
}

/// Wine's own machinery inside the sample's processes is not the sample's behaviour.
@Suite struct WineNoiseTests {
    @Test func wineStartupUnameIsNotDiscovery() {
        var wine = Trace()
        wine.wine()
        wine.sys("uname")   // ntdll's unix side, in every Windows process
        #expect(!BuiltIn.matchIDs(wine.report).contains("system-information-discovery"))
        var native = Trace()
        native.sys("uname")
        #expect(BuiltIn.matchIDs(native.report).contains("system-information-discovery"))
    }
}
