import Foundation
import Testing
import PetriModel
@testable import PetriAnalysis

@Suite struct BehaviourLoaderDiagnosticsTests {
    static let broken = """
    lists:
      tmp: [/tmp/**]
    rules:
      - id: one
        title: One
        description: d
        severity: 3
        attack: [T1059]
        colour: red
        condition:
          match:
            syscall: openat
            path: {regex: "([a-z"}
      - id: two
        title: Two
        description: d
        severity: 2
        attack: [T1059]
        condition:
          match:
            syscall: execve
            path: "@no_such_list"
      - id: three
        title: Three
        description: d
        severity: 9
        attack: [X1]
        condition:
          sequence:
            - syscall: openat
              bind: {p: path}
            - syscall: execve
              path: $q
              bogus_field: 1
    """

    @Test func everyProblemIsReportedWithFileLineAndKeyPath() {
        let r = RuleLoader.load(sources: [("rules/broken.yaml", Self.broken)])
        #expect(r.hasErrors)
        func find(_ code: Diagnostic.Code) -> [Diagnostic] { r.diagnostics.filter { $0.code == code } }
        let unknown = find(.unknownKey)
        #expect(unknown.count == 1)
        #expect(unknown.first?.keyPath == "rules[0](one).colour")
        #expect(unknown.first?.line == 9)
        #expect(unknown.first?.file == "rules/broken.yaml")
        let regex = find(.badRegex)
        #expect(regex.first?.keyPath == "rules[0](one).condition.match.path.regex")
        #expect(regex.first?.line == 13)
        let undefined = find(.undefinedReference)
        #expect(undefined.first?.keyPath == "rules[1](two).condition.match.path")
        #expect(undefined.first?.line == 22)
        #expect(undefined.first?.message.contains("no_such_list") == true)
        #expect(find(.unboundVariable).first?.keyPath == "rules[2](three).condition.sequence[1].path")
        #expect(find(.unknownField).first?.keyPath == "rules[2](three).condition.sequence[1].bogus_field")
        let typo = RuleLoader.load(sources: [("t.yaml", "rules:\n  - id: x\n    titel: t\n")])
        #expect(typo.diagnostics.first { $0.code == .unknownKey }?.message.contains("did you mean 'title'?") == true)
        #expect(r.diagnostics.contains { $0.code == .badValue && $0.keyPath == "rules[2](three).severity" })
        #expect(r.diagnostics.contains { $0.code == .badValue && $0.keyPath == "rules[2](three).attack[0]" })
        // Nothing that had an error is loaded; all problems came back in one pass.
        #expect(r.ruleSet.rules.isEmpty)
        #expect(r.diagnostics.count >= 7)
        #expect(r.diagnostics.allSatisfy { $0.description.hasPrefix("rules/broken.yaml:") })
    }

    @Test func yamlSyntaxErrorHasALine() {
        let r = RuleLoader.load(sources: [("bad.yaml", "rules:\n  - id: x\n    title: [unclosed\n")])
        #expect(r.diagnostics.first?.code == .yamlSyntax)
        #expect(r.diagnostics.first?.line != nil)
    }

    @Test func duplicateIDsAndMissingKeysAreErrors() {
        let rule = "  - id: dup\n    title: t\n    description: d\n    severity: 1\n    attack: [T1082]\n    condition: {match: {syscall: uname}}\n"
        let r = RuleLoader.load(sources: [("a.yaml", "rules:\n" + rule), ("b.yaml", "rules:\n" + rule + "  - id: lonely\n")])
        #expect(r.diagnostics.contains { $0.code == .duplicateID && $0.file == "b.yaml" && $0.line == 2 })
        #expect(r.diagnostics.filter { $0.code == .missingKey && $0.keyPath == "rules[1](lonely)" }.count == 5)
        #expect(r.ruleSet.rules.map(\.id) == ["dup"])
    }

    @Test func unknownSourceAndBadCIDRAreErrors() {
        let y = """
        rules:
          - id: a
            title: t
            description: d
            severity: 1
            attack: [T1071]
            condition: {match: {source: carrier_pigeon}}
          - id: b
            title: t
            description: d
            severity: 1
            attack: [T1071]
            condition: {match: {source: attempt, ip: {cidr: 300.1.1.1/8}}}
          - id: c
            title: t
            description: d
            severity: 1
            attack: [T1071]
            condition: {ref: nowhere}
        """
        let r = RuleLoader.load(sources: [("x.yaml", y)])
        #expect(r.diagnostics.contains { $0.code == .badValue && $0.keyPath == "rules[0](a).condition.match.source" })
        #expect(r.diagnostics.contains { $0.code == .badCIDR && $0.line == 13 })
        #expect(r.diagnostics.contains { $0.code == .undefinedReference && $0.keyPath == "rules[2](c).condition.ref" })
    }

    @Test func checkCommandFailsOnErrorsAndPassesOnBuiltIns() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("petri-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.broken.write(to: dir.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let bad = ProfileCommands.check(directory: dir.path)
        #expect(!bad.ok)
        #expect(bad.text.contains("broken.yaml:9:"))
        let good = ProfileCommands.check(directory: Paths.packageRoot + "/profiles")
        #expect(good.ok, "\(good.text)")
        #expect(good.text.contains("\(BuiltIn.rules.rules.count) rules loaded, 0 errors"))
        let profile = BehaviourProfile.load(directory: Paths.packageRoot + "/profiles")
        #expect(!profile.hasErrors && profile.ruleSet.rules.count == BuiltIn.rules.rules.count && profile.scoring == .default)
        #expect(ProfileCommands.list(BuiltIn.rules).contains("reads-ssh-keys"))
        let shown = try #require(ProfileCommands.show(BuiltIn.rules, id: "reads-ssh-keys"))
        #expect(shown.contains("- id: reads-ssh-keys") && shown.contains("path: \"@ssh_private_keys\""))
        #expect(!shown.contains("reads-cloud-credentials"))
        #expect(shown.contains("T1552.004") && shown.contains("credentials.yaml"))
        #expect(ProfileCommands.show(BuiltIn.rules, id: "nope") == nil)
    }
}

@Suite struct BehaviourPredicateTests {
    @Test func globs() {
        #expect(Glob("/home/*/.ssh/id_*").matches("/home/user/.ssh/id_rsa"))
        #expect(!Glob("/home/*/.ssh/id_*").matches("/home/user/x/.ssh/id_rsa"))
        #expect(Glob("/tmp/**").matches("/tmp/a/b/c"))
        #expect(Glob("[[]**]").matches("[kworker/0:1]"))
        #expect(!Glob("[[]**]").matches("kworker"))
        #expect(Glob("file[0-9].txt").matches("file7.txt"))
        #expect(!Glob("file[!0-9].txt").matches("file7.txt"))
        #expect(Glob(#"*\software\microsoft\windows\currentversion\run"#, caseInsensitive: true)
            .matches(#"HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run"#))
    }

    @Test func cidr() throws {
        let net = try #require(CIDR("10.0.0.0/8"))
        #expect(net.contains("10.1.2.3"))
        #expect(net.contains("10.1.2.3:445"))
        #expect(!net.contains("11.0.0.1"))
        let v6 = try #require(CIDR("2001:db8::/32"))
        #expect(v6.contains("[2001:db8::1]:443"))
        #expect(!v6.contains("2001:db9::1"))
        #expect(CIDR("::1/128")?.contains("::1") == true)
        #expect(CIDR("10.0.0.0/33") == nil)
        #expect(CIDR("1.2.3") == nil)
    }

    @Test func entropySeparatesWordsFromRandomNames() {
        #expect(TextMeasures.entropy("xk3j9q2mzt7w") > 3.2)
        #expect(TextMeasures.entropy("updates") < 3.2)
    }
}

@Suite struct BehaviourSequenceTests {
    static let rules = RuleLoader.load(sources: [("t.yaml", """
    rules:
      - id: write-then-exec-same-process
        title: t
        description: d
        severity: 3
        attack: [T1106]
        scope: process
        condition:
          sequence:
            - {syscall: openat, flags: {has_any: [O_WRONLY]}, bind: {f: path}}
            - {syscall: execve, path: $f}
      - id: write-then-exec-tree
        title: t
        description: d
        severity: 3
        attack: [T1106]
        condition:
          sequence:
            - {syscall: openat, flags: {has_any: [O_WRONLY]}, bind: {f: path}}
            - {syscall: execve, path: $f}
    """)]).ruleSet

    @Test func bindingsMustAgree() {
        var t = Trace()
        t.write("/tmp/a"); t.exec("/tmp/b")
        #expect(BehaviourEngine(ruleSet: Self.rules).evaluate(t.report).isEmpty)
    }

    @Test func scopeProcessVersusTree() {
        var t = Trace()
        t.write("/tmp/a")
        t.child(200, image: "sh")
        t.exec("/tmp/a", pid: 200)
        let ids = Set(BehaviourEngine(ruleSet: Self.rules).evaluate(t.report).map(\.id))
        #expect(ids == ["write-then-exec-tree"])
        // Siblings share the tree.
        var s = Trace()
        s.child(200, image: "sh"); s.child(201, image: "sh")
        s.write("/tmp/a")
        s.sys("openat", ["path": .string("/tmp/a"), "flags": .string("O_WRONLY")], pid: 200)
        s.exec("/tmp/a", pid: 201)
        #expect(BehaviourEngine(ruleSet: Self.rules).evaluate(s.report).map(\.id).contains("write-then-exec-tree"))
        // An unrelated process (another tree under the sandbox init) does not join it.
        var u = Trace()
        u.write("/tmp/a")
        u.report.processes.append(ProcessNode(pid: 300, ppid: 1, image: "other", startNs: 0))
        u.exec("/tmp/a", pid: 300)
        #expect(BehaviourEngine(ruleSet: Self.rules).evaluate(u.report).isEmpty)
    }

    @Test func evidenceCitesEventsAndFiles() throws {
        var t = Trace()
        t.write("/tmp/a"); t.exec("/tmp/a")
        let m = try #require(BehaviourEngine(ruleSet: Self.rules).evaluate(t.report).first)
        #expect(m.evidence.events == [1, 2])
        #expect(m.evidence.files == ["/tmp/a"])
    }

    @Test func runnerActivityIsExcludedByDefault() {
        var t = Trace()
        t.sys("openat", ["path": .string("/tmp/a"), "flags": .string("O_WRONLY")], runner: true)
        t.sys("execve", ["path": .string("/tmp/a")], runner: true)
        #expect(BehaviourEngine(ruleSet: Self.rules).evaluate(t.report).isEmpty)
    }

    @Test func runnerEventsLeftOutOfTheStoreKeepTheirParentLinks() {
        var t = Trace()
        t.sys("mmap", [:], runner: true)
        t.sys("openat", ["path": .string("/tmp/a")])
        // Only this runner event says that pid 300's parent is the sample (100).
        t.report.events.append(Event(seq: 3, timeNs: 3_000, pid: 300, tid: 300, ppid: 100, image: "wine", kind: .syscall,
                                     name: "mmap", arch: "x86_64", category: .file, args: [:], action: .allowed, error: nil,
                                     runner: true))
        let without = RecordStore(report: t.report, runnerEvents: false)
        #expect(without.records(.event).map(\.seq) == [2])
        #expect(without.eventsByName["mmap"] == nil)
        #expect(without.eventsByName["openat"].map { $0.map { without.records(.event)[$0].seq } } == [2])
        #expect(without.related(300, 100))
        let all = RecordStore(report: t.report)
        #expect(all.records(.event).map(\.seq) == [1, 2, 3])
        #expect(all.eventsByName["mmap"]?.count == 2)
    }
}

@Suite struct BehaviourScoringTests {
    func match(_ id: String, _ sev: Int) -> BehaviourMatch {
        BehaviourMatch(id: id, title: id, description: "", severity: sev, attack: ["T1082"], evidence: Evidence())
    }

    @Test func formulaAndContributions() {
        let s = Scorer()
        let (ms, score, verdict) = s.score([match("b", 4), match("a", 3)])
        // 10 * (1 - (1-0.6)(1-0.35)) = 7.4
        #expect(score.value == 7.4)
        #expect(verdict == .malicious)
        #expect(ms.map(\.id) == ["a", "b"])
        #expect(abs(ms.map(\.contribution).reduce(0, +) - 7.4) < 0.011)
        #expect(ms[1].contribution > ms[0].contribution)
        #expect(score.formulaVersion == ScoringConfig.formulaVersion)
        #expect(score.thresholds == ["suspicious": 3.0, "malicious": 7.0])
    }

    @Test func thresholdsAndSaturation() {
        let s = Scorer()
        #expect(s.score([]).score.value == 0 && s.score([]).verdict == .benign)
        #expect(s.score([match("a", 1), match("b", 1), match("c", 1)]).verdict == .benign)
        #expect(s.score([match("a", 3)]).verdict == .suspicious)
        let many = (0..<40).map { match("r\($0)", 5) }
        let v = s.score(many).score.value
        #expect(v <= 10 && v > 9.9)
    }

    /// A pile-up of low-severity findings stays under the verdict none of them would give alone;
    /// capped severities still add to the others, and contributions still sum to the score.
    @Test func lowSeverityPileUpIsCapped() {
        let s = Scorer()
        let ones = (0..<30).map { match("one\($0)", 1) }
        let r1 = s.score(ones)
        #expect(r1.score.value == 2.0 && r1.verdict == .benign)
        let sum: Double = r1.matches.map(\.contribution).reduce(0, +)
        #expect(abs(sum - 2.0) <= 0.151)   // 30 contributions, each rounded to 2 decimals
        // Uncapped (formula version 1's behaviour) the same 30 would be 7.85: malicious.
        let uncapped = Scorer(config: ScoringConfig(weights: ScoringConfig.default.weights, suspicious: 3, malicious: 7))
        #expect(uncapped.score(ones).verdict == .malicious)
        // Below the cap nothing changes: three severity-1 give 1.43 as before.
        #expect(s.score(Array(ones.prefix(3))).score.value == 1.43)
        let twos = (0..<20).map { match("two\($0)", 2) }
        #expect(s.score(twos).score.value == 6.0 && s.score(twos).verdict == .suspicious)
        // A severity-3 finding on top of the pile: 10 (1 - 0.8 * 0.65) = 4.8, suspicious.
        let mixed = s.score(ones + [match("three", 3)])
        #expect(mixed.score.value == 4.8 && mixed.verdict == .suspicious)
        #expect(mixed.matches.first { $0.id == "three" }!.contribution > mixed.matches.filter { $0.severity == 1 }.map(\.contribution).reduce(0, +))
        let (cfg, diags) = ScoringConfig.load(yaml: "scoring:\n  caps: {1: 1.5, 3: 10}\n")
        let expected: [Int: Double] = [1: 1.5, 2: 6.0, 3: 10]
        #expect(diags.isEmpty && cfg.caps == expected)
        #expect(ScoringConfig.load(yaml: "scoring:\n  caps: {1: 0, 9: 2}\n").1.count == 2)
    }

    @Test func orderDoesNotMatter() {
        let a = [match("x", 2), match("y", 5), match("z", 1)]
        let s = Scorer()
        #expect(s.score(a).matches == s.score(a.reversed()).matches)
        #expect(s.score(a).score == s.score(a.reversed()).score)
    }

    @Test func scoringFileOverridesDefaultsAndReportsBadKeys() {
        let (cfg, diags) = ScoringConfig.load(yaml: "scoring:\n  thresholds: {suspicious: 2.5, malicious: 8}\n  weights: {5: 0.9}\n")
        #expect(diags.isEmpty)
        #expect(cfg.suspicious == 2.5 && cfg.malicious == 8 && cfg.weights[5] == 0.9 && cfg.weights[1] == 0.05)
        let (_, bad) = ScoringConfig.load(yaml: "scoring:\n  thresholds: {suspicous: 2}\n  weights: {7: 0.5}\n")
        #expect(bad.count == 2)
        #expect(bad.contains { $0.code == .unknownKey && $0.line == 2 })
        let (inProfile, profileDiags) = ScoringConfig.load(yaml: "name: default\nsandbox: {user: user}\nscoring:\n  thresholds: {malicious: 6.5}\n", ignoreOtherKeys: true)
        #expect(profileDiags.isEmpty && inProfile.malicious == 6.5)
        #expect(ScoringConfig.load(yaml: "name: default\n").1.first?.code == .unknownKey)
        let (fileCfg, fileDiags) = ScoringConfig.load(file: Paths.scoring)
        #expect(fileDiags.isEmpty)
        #expect(fileCfg == .default)
    }

    @Test func rescoringAStoredReportGivesTheSameResult() throws {
        var t = Trace()
        t.open("/home/user/.ssh/id_rsa"); t.connect("203.0.113.9:443"); t.sys("uname")
        var report = t.report
        BehaviourAnalysis.apply(to: &report, ruleSet: BuiltIn.rules)
        #expect(report.verdict == .malicious)
        let stored = try ReportJSON.encode(report)
        let again = try ProfileCommands.rescore(reportData: stored, ruleSet: BuiltIn.rules)
        let decoded = try ReportJSON.decode(again)
        #expect(decoded.behaviours == report.behaviours)
        #expect(decoded.score == report.score)
        #expect(decoded.verdict == report.verdict)
        #expect(again == stored)
    }
}

@Suite struct BehaviourNamedConditionTests {
    @Test func aBrokenNamedConditionIsReportedOnceAndItsUsersFail() {
        let y = """
        conditions:
          broken: {match: {syscall: openat, path: {regex: "(("}}}
        rules:
          - id: a
            title: t
            description: d
            severity: 1
            attack: [T1082]
            condition: {ref: broken}
          - id: b
            title: t
            description: d
            severity: 1
            attack: [T1082]
            condition: {any: [{ref: broken}, {match: {syscall: uname}}]}
        """
        let r = RuleLoader.load(sources: [("n.yaml", y)])
        #expect(r.diagnostics.filter { $0.code == .badRegex }.count == 1)
        #expect(r.diagnostics.first { $0.code == .badRegex }?.keyPath == "conditions.broken.match.path.regex")
        #expect(r.diagnostics.first { $0.code == .badRegex }?.line == 2)
        #expect(r.ruleSet.rules.isEmpty)
    }
}
