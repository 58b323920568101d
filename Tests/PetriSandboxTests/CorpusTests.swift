import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Petri
import PetriAnalysis
import PetriModel
import Testing

/// The fixture binaries built by `make fixtures` (fixtures/bin).
enum Fixtures {
    static let bin = TestPrograms.repoRoot + "/fixtures/bin"

    /// The fixture's path; records a failure (never a skip) when it was not built.
    static func path(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        let p = bin + "/" + name
        if FileManager.default.fileExists(atPath: p) { return p }
        Issue.record("fixture \(name) is missing: run `make fixtures` (CI=\(ProcessInfo.processInfo.environment["CI"] ?? "unset"))", sourceLocation: sourceLocation)
        return nil
    }

    /// The default profile with the test-only YARA rules (tests/yara: fixture markers, the sp-sim
    /// family), as `make corpus` loads them with --yara.
    static func profile() throws -> Profile {
        var p = try ProfileLoader.load(TestPrograms.repoRoot + "/profiles/default.yaml")
        p.yaraDirectories = [TestPrograms.repoRoot + "/tests/yara"]
        return p
    }

    /// A corpus folder holding copies of the named fixtures.
    static func corpus(_ names: [String], sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        let dir = TestPrograms.tempDir("corpus")
        for n in names {
            guard let p = path(n, sourceLocation: sourceLocation) else { return nil }
            do { try FileManager.default.copyItem(atPath: p, toPath: dir + "/" + n) } catch {
                Issue.record("cannot copy \(n): \(error)", sourceLocation: sourceLocation)
                return nil
            }
        }
        return dir
    }

    /// Runs the corpus in `dir` (with `copyFrom`, a copy of that folder made at `dir` first).
    static func run(_ dir: String, expectations yaml: String, jobs: Int = 2, copyFrom: String? = nil) async throws -> CorpusResult {
        if let src = copyFrom { try FileManager.default.copyItem(atPath: src, toPath: dir) }
        var o = Corpus.Options(profile: try profile(), outputDirectory: dir + "-out")
        o.expectations = try CorpusExpectations.parse(yaml)
        o.jobs = jobs
        let options = o
        return try await offPool { try Corpus.run(directory: dir, options: options) }
    }

    /// Runs blocking work (a sandbox run waits on semaphores while the simulated internet starts as a
    /// Task) on its own thread, so the test does not hold one of the few cooperative-pool threads
    /// that Task needs: with every pool thread blocked in a sandbox run, nothing could start it.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, Error>) in
            let t = Thread { c.resume(with: Result { try body() }) }
            t.stackSize = 8 << 20
            t.start()
        }
    }
}

@Suite("petri corpus", .serialized)
struct CorpusTests {
    static let smallExpectations = """
    defaults: {timeout: 10s, network: sinkhole}
    samples:
      edge-exit: {verdict: inconclusive, outcome: exited}
      benign-fileproc: {verdict: benign, not_behaviours: [drops-executable]}
      self-delete-at: {verdict: suspicious, behaviours: [self-deletion], attack: [T1070.004]}
      edge-crash: {verdict: benign, outcome: signaled}
    """

    @Test("a small subset runs in parallel sandboxes, passes, and writes parseable JUnit and JSON")
    func subsetPasses() async throws {
        guard let dir = Fixtures.corpus(["edge-exit", "benign-fileproc", "self-delete-at", "edge-crash"]) else { return }
        let r = try await Fixtures.run(dir, expectations: Self.smallExpectations)
        #expect(r.samples.count == 4)
        #expect(r.passed == 4, "\(r.samples.map { "\($0.name) \($0.status) \($0.reasons)" })")
        #expect(r.failed == 0 && r.ok)
        #expect(r.jobs == 2)
        // Each sample has its own report and artifacts folder.
        let reports = Set(r.samples.compactMap(\.reportPath))
        #expect(reports.count == 4)
        for s in r.samples { #expect(s.reportPath.map { FileManager.default.fileExists(atPath: $0) } == true) }
        #expect(Set(r.samples.compactMap(\.artifactsDirectory)).count == 4)

        let junit = Corpus.junitXML(r)
        let summary = try Corpus.summaryJSON(r)
        let decoded = try JSONDecoder().decode(CorpusResult.self, from: summary)
        #expect(decoded.samples.count == 4)
        #expect(decoded.samples.map(\.status) == r.samples.map(\.status))
        let obj = try JSONSerialization.jsonObject(with: summary) as? [String: Any]
        let totals = obj?["totals"] as? [String: Any]
        #expect(totals?["passed"] as? Int == 4)
        #expect(totals?["failed"] as? Int == 0)
        #expect(obj?["samples_per_minute"] as? Double ?? 0 > 0)
        #expect(Self.junitCounts(junit) == JUnitCounts(tests: 4, failures: 0, skipped: 0, testcases: 4))
    }

    @Test("the same corpus twice, same guest image and profile: the same verdicts, scores and behaviour lists for every sample (issue 20)")
    func sameCorpusTwiceSameBehaviours() async throws {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: Fixtures.bin)) ?? []).sorted()
        guard !names.isEmpty else { Issue.record("fixtures/bin is empty: run `make fixtures`"); return }
        guard let dir = Fixtures.corpus(names) else { return }
        let yaml = try String(contentsOfFile: TestPrograms.repoRoot + "/fixtures/expectations.yaml", encoding: .utf8)
        func fingerprint(_ r: CorpusResult) -> [String: String] {
            Dictionary(uniqueKeysWithValues: r.samples.map { s in
                (s.name, "\(s.verdict.map { "\($0)" } ?? "-") \(s.score.map { String(format: "%.2f", $0) } ?? "-") \(s.behaviours.sorted().joined(separator: ","))")
            })
        }
        let first = try await Fixtures.run(dir, expectations: yaml)
        let second = try await Fixtures.run(dir + "-again", expectations: yaml, copyFrom: dir)
        #expect(first.samples.count == names.count)
        let a = fingerprint(first), b = fingerprint(second)
        for name in names where a[name] != b[name] {
            Issue.record("\(name): first run \(a[name] ?? "missing"), second run \(b[name] ?? "missing")")
        }
    }

    @Test("a failing expectation makes the corpus fail, with the reason in the result and the JUnit failure")
    func failingExpectation() async throws {
        guard let dir = Fixtures.corpus(["edge-exit", "self-delete"]) else { return }
        let r = try await Fixtures.run(dir, expectations: """
        samples:
          edge-exit: {verdict: malicious, behaviours: [fileless-execution]}
          self-delete: {verdict: suspicious, behaviours: [self-deletion], not_behaviours: [self-deletion-nope]}
        """)
        #expect(!r.ok)
        #expect(r.failed == 1 && r.passed == 1)
        let bad = r.samples.first { $0.name == "edge-exit" }
        #expect(bad?.status == .failed)
        #expect(bad?.missing == ["fileless-execution"])
        #expect(bad?.reasons.contains { $0.contains("verdict inconclusive, expected malicious") } == true)
        #expect(Self.junitCounts(Corpus.junitXML(r))?.failures == 1)
    }

    @Test("bad input in a corpus (a truncated ELF, a #! interpreter execve can't find) is reported as bad_input with its reason, not as a failed run; it fails the corpus only when an expectation gives it a verdict")
    func badInputSamples() async throws {
        guard let dir = Fixtures.corpus(["edge-exit"]) else { return }
        // the first 300 bytes of a good ELF: intake refuses it (program headers/segments past the end)
        let elf = try Data(contentsOf: URL(fileURLWithPath: dir + "/edge-exit"))
        try elf.prefix(300).write(to: URL(fileURLWithPath: dir + "/truncated"))
        // passes intake (a script), refused by the kernel at execve (ENOENT)
        try "#!/nonexistent/interpreter\necho never\n".write(toFile: dir + "/no-interpreter", atomically: true, encoding: .utf8)
        let r = try await Fixtures.run(dir, expectations: "defaults: {timeout: 10s}\nsamples:\n  edge-exit: {verdict: inconclusive, outcome: exited}\n")
        let by = Dictionary(uniqueKeysWithValues: r.samples.map { ($0.name, $0) })
        #expect(by["edge-exit"]?.status == .passed, "\(by["edge-exit"]?.reasons ?? [])")
        #expect(by["truncated"]?.status == .badInput, "\(by["truncated"].map { "\($0.status) \($0.reasons)" } ?? "missing")")
        #expect(by["truncated"]?.reasons.count == 1 && by["truncated"]?.reasons.first?.contains("truncated ELF") == true, "\(by["truncated"]?.reasons ?? [])")
        #expect(by["no-interpreter"]?.status == .badInput, "\(by["no-interpreter"].map { "\($0.status) \($0.reasons) \($0.outcome ?? "-")" } ?? "missing")")
        #expect(by["no-interpreter"]?.reasons.first?.hasPrefix("sample is not executable:") == true, "\(by["no-interpreter"]?.reasons ?? [])")
        #expect(by["no-interpreter"]?.retried == nil, "a refusal by the kernel is not retried")
        #expect(r.badInput == 2 && r.failed == 0 && r.passed == 1 && r.ok, "not described: reported, the run passes")
        let totals = (try JSONSerialization.jsonObject(with: Corpus.summaryJSON(r)) as? [String: Any])?["totals"] as? [String: Any]
        #expect(totals?["bad_input"] as? Int == 2 && totals?["failed"] as? Int == 0)
        #expect(Self.junitCounts(Corpus.junitXML(r)) == JUnitCounts(tests: 3, failures: 0, skipped: 2, testcases: 3))

        // the same bad sample with an expected verdict fails the corpus run, still as bad input
        let r2 = try await Fixtures.run(dir, expectations: """
        defaults: {timeout: 10s}
        samples:
          edge-exit: {verdict: inconclusive}
          truncated: {verdict: malicious}
        """)
        let t = r2.samples.first { $0.name == "truncated" }
        #expect(t?.status == .badInput && t?.expectedVerdict == .malicious)
        #expect(!r2.ok && r2.failed == 0 && r2.expectedBadInput == 1)
        #expect(Self.junitCounts(Corpus.junitXML(r2)) == JUnitCounts(tests: 3, failures: 1, skipped: 1, testcases: 3))
    }

    @Test("PE samples: run under Wine when it is installed; otherwise not run when marked `requires: wine`, a failure when not")
    func peNotRun() async throws {
        guard let dir = Fixtures.corpus(["pe-hello.exe", "edge-exit"]) else { return }
        let r = try await Fixtures.run(dir, expectations: """
        samples:
          pe-hello.exe: {verdict: benign, requires: wine}
          sp-sim.exe: {verdict: malicious, requires: wine}
          edge-exit: {verdict: inconclusive}
        """)
        let pe = r.samples.first { $0.name == "pe-hello.exe" }
        if Corpus.runners.contains("wine") {
            // Wine is here: the PE runs and is checked like any sample; a listed PE that is missing fails.
            #expect(pe?.status == .passed, "\(pe?.reasons ?? [])")
            #expect(r.samples.first { $0.name == "sp-sim.exe" }?.status == .failed)
            return
        }
        #expect(pe?.status == .notRun)
        #expect(pe?.reasons.first?.hasPrefix("skipped: runner unavailable") == true)
        #expect(r.samples.first { $0.name == "sp-sim.exe" }?.status == .notRun, "an unbuilt PE that requires wine is not run, not failed")
        #expect(r.ok && r.notRun == 2 && r.passed == 1)
        #expect(Self.junitCounts(Corpus.junitXML(r))?.skipped == 2)

        let strict = try await Fixtures.run(dir, expectations: """
        samples:
          pe-hello.exe: {verdict: benign}
          missing-elf: {verdict: benign}
        """)
        #expect(strict.samples.first { $0.name == "pe-hello.exe" }?.status == .failed, "a PE without `requires: wine` can never pass silently")
        #expect(strict.samples.first { $0.name == "missing-elf" }?.status == .failed, "an expected sample that is missing fails")
        #expect(strict.samples.first { $0.name == "edge-exit" }?.status == .unchecked)
        #expect(!strict.ok)
    }

    @Test("the CLI writes JUnit and JSON files, prints the table, ends with `N passed, N failed` and exits 1 on a failure")
    func cliFiles() async throws {
        guard let dir = Fixtures.corpus(["edge-exit", "self-delete"]) else { return }
        let bin = TestPrograms.repoRoot + "/.build/debug/petri"
        guard FileManager.default.isExecutableFile(atPath: bin) else {
            Issue.record("the petri binary is not built (swift build)")
            return
        }
        let expect = dir + "-expect.yaml"
        try "samples:\n  edge-exit: {verdict: inconclusive}\n  self-delete: {verdict: malicious}\n".write(toFile: expect, atomically: true, encoding: .utf8)
        let junit = dir + "-out/j.xml", summary = dir + "-out/s.json"
        let (code, stdout) = try await Fixtures.offPool { () -> (Int32, String) in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: bin)
            p.arguments = ["corpus", dir, "--expect", expect, "--jobs", "2", "--junit", junit, "--summary", summary,
                           "--out", dir + "-out/runs", "--quiet", "--profile", TestPrograms.repoRoot + "/profiles/default.yaml"]
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            try p.run()
            let d = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return (p.terminationStatus, String(decoding: d, as: UTF8.self))
        }
        #expect(code == 1)
        let lines = stdout.split(separator: "\n")
        #expect(lines.last == "1 passed, 1 failed", "\(stdout)")
        #expect(lines.first?.hasPrefix("sample") == true)
        #expect(stdout.contains("verdict suspicious, expected malicious"))
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(Self.junitCounts(xml) == JUnitCounts(tests: 2, failures: 1, skipped: 0, testcases: 2))
        let result = try JSONDecoder().decode(CorpusResult.self, from: Data(contentsOf: URL(fileURLWithPath: summary)))
        #expect(result.passed == 1 && result.failed == 1)
    }

    @Test("the expectations loader reports every problem with the entry and key")
    func expectationProblems() throws {
        #expect(throws: PetriError.self) { try CorpusExpectations.parse("samples:\n  a: {verdict: evil, outcome: exploded, colour: red}\n") }
        do {
            _ = try CorpusExpectations.parse("samples:\n  a: {verdict: evil, outcome: exploded, colour: red}\n  b: {behaviours: [x], not_behaviours: [x]}\n")
        } catch {
            let m = "\(error)"
            for part in ["samples.a.verdict", "samples.a.outcome", "samples.a.colour", "samples.b.verdict", "samples.b: x both"] {
                #expect(m.contains(part), "\(part) in \(m)")
            }
        }
        let ok = try CorpusExpectations.parse("defaults: {timeout: 5s}\nsamples:\n  z: {verdict: benign}\n  a (none): {sample: a, verdict: malicious, network: none, requires: wine}\n")
        #expect(ok.entries.map(\.name) == ["z", "a (none)"], "file order is kept")
        #expect(ok.entries[1].sample == "a" && ok.entries[1].network == "none" && ok.entries[1].requires == ["wine"])
        #expect(ok.defaultTimeoutSeconds == 5)
    }

    @Test("the repository's expectations file loads and names only built-in rules")
    func repositoryExpectations() throws {
        let e = try CorpusExpectations.load(path: TestPrograms.repoRoot + "/fixtures/expectations.yaml")
        #expect(e.entries.count >= 30)
        let rules = try Analysis.loadBehaviours(try Fixtures.profile())
        let ids = Set(rules.ruleSet.rules.map(\.id))
        for entry in e.entries {
            for id in entry.behaviours + entry.notBehaviours { #expect(ids.contains(id), "\(entry.name): unknown rule \(id)") }
        }
    }

    struct JUnitCounts: Equatable { var tests: Int; var failures: Int; var skipped: Int; var testcases: Int }

    /// Parses the JUnit XML with Foundation's XML parser; nil when it is not well-formed.
    static func junitCounts(_ xml: String) -> JUnitCounts? {
        final class Delegate: NSObject, XMLParserDelegate {
            var counts = JUnitCounts(tests: -1, failures: -1, skipped: 0, testcases: 0)
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                if name == "testsuite" {
                    counts.tests = Int(attributes["tests"] ?? "") ?? -1
                    counts.failures = Int(attributes["failures"] ?? "") ?? -1
                }
                if name == "testcase" { counts.testcases += 1 }
                if name == "skipped" { counts.skipped += 1 }
            }
        }
        let p = XMLParser(data: Data(xml.utf8))
        let d = Delegate()
        p.delegate = d
        guard p.parse() else { return nil }
        return d.counts
    }
}
