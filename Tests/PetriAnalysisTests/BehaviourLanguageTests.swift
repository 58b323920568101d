import Foundation
import Testing
import PetriModel
@testable import PetriAnalysis

/// The condition language's less common parts, each against a tiny rule set.
@Suite struct BehaviourLanguageTests {
    func rules(_ body: String) throws -> RuleSet {
        let r = RuleLoader.load(sources: [("t.yaml", body)])
        try #require(!r.hasErrors, "\(r.diagnostics.map(\.description))")
        return r.ruleSet
    }

    func ids(_ set: RuleSet, _ build: (inout Trace) -> Void) -> [String] {
        var t = Trace()
        build(&t)
        return BehaviourEngine(ruleSet: set).evaluate(t.report).map(\.id)
    }

    static let header = "    title: t\n    description: d\n    severity: 2\n    attack: [T1071]\n"

    @Test func safelistedDomainsAndImagesDoNotCount() throws {
        let set = try rules("""
        safelist:
          domains: ["*.ubuntu.com"]
          images: [apt-helper]
        rules:
          - id: http-any
        \(Self.header)    condition: {match: {source: http}}
          - id: exec-any
        \(Self.header)    condition: {match: {syscall: execve}}
          - id: http-unsafe
        \(Self.header)    safelist: false
            condition: {match: {source: http}}
        """)
        #expect(ids(set) { $0.http("GET", "http://archive.ubuntu.com/x") } == ["http-unsafe"])
        #expect(Set(ids(set) { $0.http("GET", "http://evil.example/x") }) == ["http-any", "http-unsafe"])
        #expect(ids(set) { $0.sys("execve", ["path": .string("/bin/x")], image: "apt-helper") }.isEmpty)
    }

    @Test func excludeAppliesOnlyWhenFieldsArePresent() throws {
        let set = try rules("""
        rules:
          - id: opens
        \(Self.header)    exclude:
              - path: /etc/ld.so.cache
              - {source: event, image: ls}
            condition: {match: {syscall: openat}}
        """)
        #expect(ids(set) { $0.open("/etc/ld.so.cache") }.isEmpty)
        #expect(ids(set) { $0.sys("openat", ["path": .string("/x")], image: "ls") }.isEmpty)
        #expect(ids(set) { $0.sys("openat", ["fd": .int(3)]) } == ["opens"])
    }

    @Test func includeRunnerOptsIn() throws {
        let set = try rules("""
        rules:
          - id: with-runner
        \(Self.header)    include_runner: true
            condition: {match: {syscall: mmap}}
          - id: without-runner
        \(Self.header)    condition: {match: {syscall: mmap}}
        """)
        #expect(ids(set) { $0.sys("mmap", [:], runner: true) } == ["with-runner"])
    }

    @Test func refNotAllAnyAndDisabled() throws {
        let set = try rules("""
        conditions:
          reads_passwd: {match: {syscall: openat, path: /etc/passwd}}
        rules:
          - id: passwd-without-uname
        \(Self.header)    condition:
              all:
                - ref: reads_passwd
                - not: {match: {syscall: uname}}
          - id: off
        \(Self.header)    enabled: false
            condition: {ref: reads_passwd}
        """)
        #expect(ids(set) { $0.open("/etc/passwd") } == ["passwd-without-uname"])
        #expect(ids(set) { t in t.open("/etc/passwd"); t.sys("uname") }.isEmpty)
    }

    @Test func predicatesOnNumbersModesFlagsArgvAndFields() throws {
        let set = try rules("""
        rules:
          - id: setuid-mode
        \(Self.header)    condition: {match: {syscall: chmod, mode: {min: 2048}}}
          - id: curl-pipe
        \(Self.header)    condition: {match: {syscall: execve, argv: {contains: ["http*://**"]}, basename: [curl, wget]}}
          - id: rw-creat
        \(Self.header)    condition: {match: {syscall: openat, flags: {has_all: [O_RDWR, O_CREAT]}}}
          - id: argv0-lies
        \(Self.header)    condition: {match: {syscall: execve, argv0: {not: {same_as: basename}}}}
          - id: long-random-label
        \(Self.header)    condition: {match: {source: dns, first_label: {len_min: 12, entropy_min: 3.3}}}
        """)
        #expect(ids(set) { $0.sys("chmod", ["path": .string("/tmp/x"), "mode": .string("04755")]) } == ["setuid-mode"])
        #expect(ids(set) { $0.sys("chmod", ["path": .string("/tmp/x"), "mode": .string("0755")]) }.isEmpty)
        #expect(ids(set) { $0.exec("/usr/bin/curl", argv: ["curl", "-s", "http://x.example/a.sh"]) } == ["curl-pipe"])
        #expect(ids(set) { $0.exec("/usr/bin/curl", argv: ["curl", "--version"]) }.isEmpty)
        #expect(ids(set) { $0.open("/tmp/db", "O_RDWR|O_CREAT|O_CLOEXEC") } == ["rw-creat"])
        #expect(ids(set) { $0.open("/tmp/db", "O_RDWR|O_CLOEXEC") }.isEmpty)
        #expect(ids(set) { $0.exec("/tmp/x", argv: ["sshd"]) } == ["argv0-lies"])
        #expect(ids(set) { $0.dns("q8zk3xv7mw2pl9.example") } == ["long-random-label"])
        #expect(ids(set) { $0.dns("documentation.example") }.isEmpty)
    }

    @Test func aNameListedTwiceCountsOnce() throws {
        let set = try rules("""
        lists:
          opens: [open, openat]
        rules:
          - id: three-opens
        \(Self.header)    condition: {count: {match: {syscall: ["@opens", openat]}, min: 3}}
        """)
        #expect(ids(set) { t in t.open("/a"); t.open("/b") }.isEmpty)
        #expect(ids(set) { t in t.open("/a"); t.open("/b"); t.open("/c") } == ["three-opens"])
    }

    @Test func countDistinctAndGroups() throws {
        let set = try rules("""
        rules:
          - id: many-ports-one-host
        \(Self.header)    scope: any
            condition:
              count: {match: {source: attempt}, group_by: ip, distinct: port, min: 3}
        """)
        #expect(ids(set) { t in for p in [22, 80, 443] { t.connect("10.0.0.1:\(p)") } } == ["many-ports-one-host"])
        #expect(ids(set) { t in for i in 1...3 { t.connect("10.0.0.\(i):22") } }.isEmpty)
        #expect(ids(set) { t in for _ in 1...5 { t.connect("10.0.0.1:22") } }.isEmpty)
    }
}

@Test func docsListEveryBuiltInRule() throws {
    let doc = try String(contentsOfFile: Paths.packageRoot + "/docs/profiles.md", encoding: .utf8)
    for r in BuiltIn.rules.rules {
        #expect(doc.contains("| `\(r.id)` | \(r.severity) | \(r.attack.joined(separator: ", ")) |"), "docs/profiles.md lacks or misstates \(r.id)")
    }
}

/// Malformed documents produce errors, never a crash or a silently loaded rule.
@Test(arguments: [
    "rules: 5",
    "rules: [5]",
    "- just\n- a list",
    "rules:\n  - id: a\n    title: t\n    description: d\n    severity: 1\n    attack: [T1082]\n    condition: []",
    "rules:\n  - id: a\n    title: t\n    description: d\n    severity: 1\n    attack: [T1082]\n    condition: {}",
    "rules:\n  - id: a\n    title: t\n    description: d\n    severity: 1\n    attack: [T1082]\n    condition: {match: {}, any: []}",
    "rules:\n  - id: a\n    title: t\n    description: d\n    severity: 1\n    attack: [T1082]\n    condition: {sequence: {syscall: x}}",
    "rules:\n  - id: a\n    title: t\n    description: d\n    severity: 1\n    attack: [T1082]\n    condition: {sequence: [{syscall: x}]}",
    "rules:\n  - id: a\n    title: t\n    description: d\n    severity: 1\n    attack: [T1082]\n    condition: {count: 3}",
    "rules:\n  - id: a\n    title: t\n    description: d\n    severity: 1\n    attack: [T1082]\n    condition: {count: {match: {syscall: x}, min: 0}}",
    "rules:\n  - id: a\n    title: t\n    description: d\n    severity: 1\n    attack: [T1082]\n    condition: {match: {path: {}}}",
    "rules:\n  - id: a\n    title: t\n    description: d\n    severity: 1\n    attack: [T1082]\n    condition: {match: {path: {glob: '[abc'}}}",
    "rules:\n  - id: a\n    title: t\n    description: d\n    severity: 1\n    attack: [T1082]\n    condition: {match: {path: [{a: b}]}}",
    "rules:\n  - id: a\n    title: t\n    description: d\n    severity: 1\n    attack: [T1082]\n    condition: {match: {port: {min: abc}}}",
    "rules:\n  - id: a\n    title: t\n    description: d\n    severity: 1\n    attack: [T1082]\n    condition: {not: 5}",
    "rules:\n  - id: A B\n    title: t\n    description: d\n    severity: 1\n    attack: [T1082]\n    condition: {match: {syscall: uname}}",
    "rules:\n  - id: a\n    title: t\n    description: d\n    severity: 1\n    attack: []\n    condition: {match: {syscall: uname}}",
    "rules:\n  - id: a\n    title: t\n    description: d\n    severity: 1\n    attack: [T1082]\n    scope: galaxy\n    condition: {match: {syscall: uname}}",
    "lists: {x: notalist}\nrules: []",
    "safelist: {hosts: [a]}",
    "rules:\n  - id: a\n    title: t\n    description: d\n    severity: 1\n    attack: [T1082]\n    condition: {match: {source: dns, bind: {v: nope}}}",
])
func malformedDocumentsAreErrors(_ yaml: String) {
    let r = RuleLoader.load(sources: [("m.yaml", yaml)])
    #expect(r.hasErrors, "\(yaml)")
    #expect(r.ruleSet.rules.isEmpty)
    #expect(r.diagnostics.allSatisfy { $0.file == "m.yaml" })
}
