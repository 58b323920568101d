import Foundation
import PetriGuest
import PetriAnalysis
import PetriModel
import PetriSandbox
import Yams

/// What one corpus entry must produce (fixtures/expectations.yaml, documented in docs/corpus.md).
public struct CorpusExpectation: Sendable, Equatable, Codable {
    /// The entry's name: the sample's file name, or any label when `sample` names the file.
    public var name: String
    /// File name inside the corpus folder.
    public var sample: String
    public var verdict: Verdict?
    public var behaviours: [String] = []
    public var notBehaviours: [String] = []
    public var attack: [String] = []
    /// exited | signaled | timed_out
    public var outcome: String?
    public var timeoutSeconds: Double?
    public var network: String?
    /// Runners the sample needs beyond the native one (`RunnerKind.optional`: "wine").
    public var requires: [String] = []

    public init(name: String, sample: String? = nil, verdict: Verdict? = nil) {
        self.name = name; self.sample = sample ?? name; self.verdict = verdict
    }

    enum CodingKeys: String, CodingKey {
        case name, sample, verdict, behaviours, notBehaviours = "not_behaviours", attack, outcome
        case timeoutSeconds = "timeout_s", network, requires
    }
}

/// The expectations file: defaults and one entry per sample, in file order.
public struct CorpusExpectations: Sendable {
    public var entries: [CorpusExpectation] = []
    public var defaultTimeoutSeconds: Double?
    public var defaultNetwork: String?
    public init(entries: [CorpusExpectation] = []) { self.entries = entries }

    static let entryKeys: Set<String> = ["sample", "verdict", "behaviours", "not_behaviours", "attack", "outcome", "timeout", "network", "requires"]
    static let outcomes: Set<String> = ["exited", "signaled", "timed_out"]

    /// Reads and validates the file; every problem is reported at once, with the entry and key.
    public static func load(path: String) throws -> CorpusExpectations {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw PetriError.badInput("expectations file not readable: \(Printable.path(path))")
        }
        return try parse(text, source: path)
    }

    public static func parse(_ text: String, source: String = "expectations") throws -> CorpusExpectations {
        let root: Any?
        do { root = try YAMLNesting.load(text) } catch {
            throw PetriError.badInput("\(source): not valid YAML: \(error)")
        }
        guard let top = root as? [String: Any] else { throw PetriError.badInput("\(source): expected a mapping with `samples:`") }
        var out = CorpusExpectations()
        var problems: [String] = []
        if let d = top["defaults"] as? [String: Any] {
            if let t = d["timeout"] { out.defaultTimeoutSeconds = duration(t); if out.defaultTimeoutSeconds == nil { problems.append("defaults.timeout: not a duration") } }
            if let n = d["network"] as? String { out.defaultNetwork = n }
        }
        for key in top.keys where key != "defaults" && key != "samples" { problems.append("\(key): unknown key (defaults, samples)") }
        // Yams loses key order in [String: Any]; keep the file's order from the node tree.
        var order: [String] = []
        if let node = try? YAMLNesting.compose(text), let samples = node.mapping?["samples"]?.mapping {
            order = samples.keys.compactMap { $0.string }
        }
        let samples = top["samples"] as? [String: Any] ?? [:]
        if top["samples"] == nil { problems.append("samples: missing") }
        for name in order.isEmpty ? samples.keys.sorted() : order {
            guard let m = samples[name] as? [String: Any] else { problems.append("samples.\(name): expected a mapping"); continue }
            var e = CorpusExpectation(name: name, sample: m["sample"] as? String)
            for k in m.keys where !entryKeys.contains(k) { problems.append("samples.\(name).\(k): unknown key") }
            if let v = m["verdict"] as? String {
                if let verdict = Verdict(rawValue: v), verdict != .unknown { e.verdict = verdict } else { problems.append("samples.\(name).verdict: '\(v)' is not benign, suspicious, malicious or inconclusive") }
            } else { problems.append("samples.\(name).verdict: missing") }
            e.behaviours = strings(m["behaviours"])
            e.notBehaviours = strings(m["not_behaviours"])
            e.attack = strings(m["attack"])
            e.requires = strings(m["requires"])
            if let o = m["outcome"] as? String {
                if outcomes.contains(o) { e.outcome = o } else { problems.append("samples.\(name).outcome: '\(o)' is not exited, signaled or timed_out") }
            }
            if let t = m["timeout"] {
                if let s = duration(t) { e.timeoutSeconds = s } else { problems.append("samples.\(name).timeout: not a duration") }
            }
            if let n = m["network"] as? String {
                if ["none", "sinkhole"].contains(n) { e.network = n } else { problems.append("samples.\(name).network: '\(n)' is not none or sinkhole") }
            }
            let optional = RunnerKind.optional.map(\.rawValue)
            for r in e.requires where !optional.contains(r) {
                problems.append("samples.\(name).requires: unknown runner '\(r)' (\(optional.joined(separator: ", ")))")
            }
            let both = Set(e.behaviours).intersection(e.notBehaviours)
            if !both.isEmpty { problems.append("samples.\(name): \(both.sorted().joined(separator: ", ")) both required and forbidden") }
            out.entries.append(e)
        }
        if !problems.isEmpty {
            throw PetriError.badInput("\(source): \(problems.count) problem\(problems.count == 1 ? "" : "s"): " + problems.joined(separator: "; "))
        }
        return out
    }

    static func strings(_ v: Any?) -> [String] {
        if let s = v as? String { return [s] }
        return (v as? [Any])?.map { "\($0)" } ?? []
    }

    static func duration(_ v: Any) -> Double? {
        if let d = v as? Double { return d }
        if let i = v as? Int { return Double(i) }
        return (v as? String).flatMap(ProfileLoader.parseDuration)
    }
}

/// How one corpus entry ended.
public enum CorpusStatus: String, Codable, Sendable {
    /// Ran, and every expectation held.
    case passed
    /// Ran (or should have), and an expectation failed.
    case failed
    /// Not run: it needs a runner this build does not have (e.g. `requires: wine`).
    case notRun = "not_run"
    /// Ran, but the expectations file says nothing about it.
    case unchecked
    /// The sample is bad input: petri's intake or the kernel at execve refused it (a truncated
    /// ELF, garbage). Fails the corpus run only when the expectations file gives it a verdict.
    case badInput = "bad_input"
}

public struct CorpusSampleResult: Codable, Sendable {
    public var name: String
    public var sample: String
    public var status: CorpusStatus
    /// Why it failed or was not run, one line each.
    public var reasons: [String] = []
    public var expectedVerdict: Verdict?
    public var verdict: Verdict?
    public var score: Double?
    public var outcome: String?
    public var behaviours: [String] = []
    public var attack: [String] = []
    /// Required behaviours that did not match.
    public var missing: [String] = []
    /// Forbidden behaviours that matched.
    public var unexpected: [String] = []
    public var missingAttack: [String] = []
    public var durationSeconds: Double = 0
    /// Set when the first run failed in sandbox set-up and the sample was run again.
    public var retried: String?
    public var reportPath: String?
    public var artifactsDirectory: String?

    enum CodingKeys: String, CodingKey {
        case name, sample, status, reasons, expectedVerdict = "expected_verdict", verdict, score, outcome, behaviours, attack
        case missing, unexpected, missingAttack = "missing_attack", durationSeconds = "duration_s", retried, reportPath = "report"
        case artifactsDirectory = "artifacts"
    }
}

extension CorpusSampleResult {
    /// An entry with only its name, sample and status set (the memberwise initialiser is internal).
    public static func entry(_ name: String, sample: String, status: CorpusStatus) -> CorpusSampleResult {
        CorpusSampleResult(name: name, sample: sample, status: status)
    }
}

public struct CorpusResult: Codable, Sendable {
    public var directory: String
    public var expectations: String?
    public var jobs: Int
    public var wallSeconds: Double
    public var samples: [CorpusSampleResult]

    public var passed: Int { samples.filter { $0.status == .passed }.count }
    public var failed: Int { samples.filter { $0.status == .failed }.count }
    public var notRun: Int { samples.filter { $0.status == .notRun }.count }
    public var unchecked: Int { samples.filter { $0.status == .unchecked }.count }
    public var badInput: Int { samples.filter { $0.status == .badInput }.count }
    /// Bad input that the expectations file expected a verdict for (these fail the run).
    public var expectedBadInput: Int { samples.filter { $0.status == .badInput && $0.expectedVerdict != nil }.count }
    public var ok: Bool { failed == 0 && expectedBadInput == 0 }
    /// Samples run per minute of wall time (only entries that produced a report count).
    public var samplesPerMinute: Double {
        let ran = samples.filter { $0.reportPath != nil }.count
        return wallSeconds > 0 ? Double(ran) * 60 / wallSeconds : 0
    }

    enum CodingKeys: String, CodingKey { case directory, expectations, jobs, wallSeconds = "wall_s", samples, totals, samplesPerMinute = "samples_per_minute" }
    struct Totals: Codable { var total, passed, failed, notRun, unchecked, badInput: Int
        enum CodingKeys: String, CodingKey { case total, passed, failed, notRun = "not_run", unchecked, badInput = "bad_input" }
    }

    public init(directory: String, expectations: String?, jobs: Int, wallSeconds: Double, samples: [CorpusSampleResult]) {
        self.directory = directory; self.expectations = expectations; self.jobs = jobs; self.wallSeconds = wallSeconds; self.samples = samples
    }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        directory = try c.decode(String.self, forKey: .directory)
        expectations = try c.decodeIfPresent(String.self, forKey: .expectations)
        jobs = try c.decode(Int.self, forKey: .jobs)
        wallSeconds = try c.decode(Double.self, forKey: .wallSeconds)
        samples = try c.decode([CorpusSampleResult].self, forKey: .samples)
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(directory, forKey: .directory)
        try c.encodeIfPresent(expectations, forKey: .expectations)
        try c.encode(jobs, forKey: .jobs)
        try c.encode(wallSeconds, forKey: .wallSeconds)
        try c.encode(samplesPerMinute, forKey: .samplesPerMinute)
        try c.encode(Totals(total: samples.count, passed: passed, failed: failed, notRun: notRun, unchecked: unchecked, badInput: badInput), forKey: .totals)
        try c.encode(samples, forKey: .samples)
    }
}

public struct CorpusProgress: Sendable {
    public var done: Int
    public var total: Int
    public var failures: Int
    public var elapsedSeconds: Double
    public var last: CorpusSampleResult?
}

/// Runs a folder of samples in parallel sandboxes and compares each report to its expectations.
public enum Corpus {
    /// Runners this machine has: native and script always, wine when the default guest image has
    /// its Wine stage (built on first use) or the host has a 64-bit Wine (`guest: host`). Entries that `require` a missing runner are reported not run, never passed.
    public static let runners: Set<String> = {
        var r: Set<String> = [RunnerKind.native.rawValue, RunnerKind.script.rawValue]
        if GuestSpec().wine || (try? WineRunner.installation(forPE: false)) != nil { r.insert(RunnerKind.wine.rawValue) }
        return r
    }()

    public struct Options: Sendable {
        public var profile: Profile
        public var expectations: CorpusExpectations?
        public var expectationsPath: String?
        public var jobs: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
        /// Reports and artifacts go to `<outputDirectory>/<entry>/`.
        public var outputDirectory: String
        /// Overrides every timeout (entry and defaults) when set.
        public var timeoutSeconds: Double?
        public var onProgress: (@Sendable (CorpusProgress) -> Void)?
        public var cancel: CancelFlag?
        public init(profile: Profile, outputDirectory: String) { self.profile = profile; self.outputDirectory = outputDirectory }
    }

    /// Samples in a corpus folder: regular files, not hidden, not C sources or headers.
    public static func listSamples(directory: String) throws -> [String] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw PetriError.badInput("corpus folder not found: \(Printable.path(directory))")
        }
        let names = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { n in
            guard !n.hasPrefix("."), !n.hasSuffix(".c"), !n.hasSuffix(".h"), !n.hasSuffix(".o") else { return false }
            var st = stat()
            return stat(directory + "/" + n, &st) == 0 && st.st_mode & S_IFMT == S_IFREG
        }.sorted()
    }

    /// The work list: every expectation entry (in file order), then files nobody described.
    public static func plan(directory: String, expectations: CorpusExpectations?) throws -> [CorpusExpectation] {
        let files = try listSamples(directory: directory)
        guard let expectations else { return files.map { CorpusExpectation(name: $0) } }
        var out = expectations.entries.map { e -> CorpusExpectation in
            var e = e
            if e.timeoutSeconds == nil { e.timeoutSeconds = expectations.defaultTimeoutSeconds }
            if e.network == nil { e.network = expectations.defaultNetwork }
            return e
        }
        let described = Set(out.map(\.sample))
        for f in files where !described.contains(f) {
            var e = CorpusExpectation(name: f)
            e.timeoutSeconds = expectations.defaultTimeoutSeconds
            e.network = expectations.defaultNetwork
            out.append(e)
        }
        return out
    }

    public static func run(directory: String, options: Options) throws -> CorpusResult {
        let work = try plan(directory: directory, expectations: options.expectations)
        let described = Set(options.expectations?.entries.map(\.name) ?? [])
        try FileManager.default.createDirectory(atPath: options.outputDirectory, withIntermediateDirectories: true)
        let start = Date()
        let state = CorpusState(count: work.count)
        let jobs = max(1, min(options.jobs, max(1, work.count)))
        var threads: [Thread] = []
        let group = DispatchGroup()
        for _ in 0..<jobs {
            group.enter()
            let t = Thread {
                defer { group.leave() }
                while let i = state.next() {
                    var r: CorpusSampleResult
                    if options.cancel?.isSet == true {
                        r = CorpusSampleResult(name: work[i].name, sample: work[i].sample, status: .failed, reasons: ["cancelled"])
                    } else {
                        r = runOne(work[i], described: described.contains(work[i].name), directory: directory, options: options)
                    }
                    let progress = state.finish(i, r, elapsed: Date().timeIntervalSince(start))
                    options.onProgress?(progress)
                }
            }
            // The sandbox supervisor is synchronous; give each worker a full-size stack.
            t.stackSize = 8 << 20
            threads.append(t)
            t.start()
        }
        group.wait()
        return CorpusResult(directory: directory, expectations: options.expectationsPath, jobs: jobs,
                            wallSeconds: Date().timeIntervalSince(start), samples: state.results.compactMap { $0 })
    }

    /// A name usable as one path component for the entry's output folder.
    static func folderName(_ name: String) -> String {
        let s = String(name.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "." || $0 == "-" || $0 == "_" ? Character($0) : "_" })
        return s.isEmpty || s.hasPrefix(".") ? "_" + s : s
    }

    static func runOne(_ e: CorpusExpectation, described: Bool, directory: String, options: Options) -> CorpusSampleResult {
        var r = CorpusSampleResult(name: e.name, sample: e.sample, status: .failed)
        r.expectedVerdict = e.verdict
        let path = directory + "/" + e.sample
        let needsMissingRunner = e.requires.filter { !runners.contains($0) }
        guard FileManager.default.fileExists(atPath: path) else {
            if !needsMissingRunner.isEmpty {
                r.status = .notRun
                r.reasons = ["skipped: runner unavailable (requires \(needsMissingRunner.joined(separator: ", "))); sample not built"]
            } else {
                r.reasons = ["sample missing: \(Printable.path(path))"]
            }
            return r
        }
        let out = options.outputDirectory + "/" + folderName(e.name)
        try? FileManager.default.removeItem(atPath: out)
        var o = Analysis.Options(profile: options.profile)
        o.timeoutSeconds = options.timeoutSeconds ?? e.timeoutSeconds
        o.networkMode = e.network
        o.artifactsDirectory = out + "/artifacts"
        o.reportPath = out + "/report.json"
        o.cancel = options.cancel
        let started = Date()
        var outcome: Analysis.Outcome
        do {
            outcome = try Analysis.run(samplePath: path, options: o)
            // A sandbox that could not be set up (e.g. the hand-off timing out on an overloaded host)
            // says nothing about the sample: try once more, and say so. An execve the kernel refused
            // because of the sample is not retried: it is bad input.
            if case .setupFailed(let stage, let errno, let message) = outcome.report.run.outcome,
               Analysis.notExecutable(stage: stage, errno: errno, runner: outcome.report.run.runner) == nil {
                r.retried = "setup failed at \(stage): \(message); retried once"
                try? FileManager.default.removeItem(atPath: out)
                outcome = try Analysis.run(samplePath: path, options: o)
            }
        } catch let err as PetriError {
            r.durationSeconds = Date().timeIntervalSince(started)
            let message = err.description
            let type = FileTypeDetector.detect(path: path).type
            let wine = RunnerKind.wine.rawValue
            if case .badInput = err, type == .pe, message.contains("unsupported format") || !runners.contains(wine) {
                if e.requires.contains(wine) || !described {
                    r.status = .notRun
                    r.reasons = ["skipped: runner unavailable (PE needs wine: \(message))"]
                } else {
                    r.reasons = ["PE sample but petri cannot run PE samples yet, and the expectation lacks `requires: wine`"]
                }
            } else if case .badInput(let line) = err, sampleIsBadInput(path, options: options) {
                r.status = .badInput
                r.reasons = [line]
            } else {
                r.reasons = ["analysis failed: \(message)"]
            }
            return r
        } catch {
            r.durationSeconds = Date().timeIntervalSince(started)
            r.reasons = ["analysis failed: \(error)"]
            return r
        }
        r.durationSeconds = Date().timeIntervalSince(started)
        let report = outcome.report
        r.reportPath = outcome.reportPath
        r.artifactsDirectory = outcome.artifactsDirectory
        r.verdict = report.verdict
        r.score = report.score?.value
        r.outcome = outcomeName(report.run.outcome)
        r.behaviours = report.behaviours.map(\.id).sorted()
        r.attack = Array(Set(report.behaviours.flatMap(\.attack))).sorted()
        if case .setupFailed(let stage, let errno, let message) = report.run.outcome,
           let why = Analysis.notExecutable(stage: stage, errno: errno, runner: report.run.runner) {
            // The sample never ran: the report's verdict and score say nothing about it.
            r.status = .badInput
            r.reasons = ["sample is not executable: \(message) (\(why))"]
            r.verdict = nil; r.score = nil
            return r
        }
        guard described else {
            r.status = .unchecked
            r.reasons = ["no expectation for this sample"]
            return r
        }
        compare(e, to: &r, report: report)
        return r
    }

    /// Whether a bad-input error is the sample's (intake refuses it) rather than the profile's (rules
    /// or YARA that do not compile, which fail every entry).
    static func sampleIsBadInput(_ path: String, options: Options) -> Bool {
        do { _ = try Analysis.intake(path: path, policy: options.profile.policy); return false } catch { return true }
    }

    static func outcomeName(_ o: RunOutcome) -> String {
        switch o {
        case .exited: return "exited"
        case .signaled: return "signaled"
        case .timedOut: return "timed_out"
        case .setupFailed: return "setup_failed"
        case .internalError: return "internal_error"
        }
    }

    /// Fills missing/unexpected and the status from one report.
    public static func compare(_ e: CorpusExpectation, to r: inout CorpusSampleResult, report: Report) {
        var reasons: [String] = []
        switch report.run.outcome {
        case .setupFailed, .internalError: reasons.append("run failed: \(report.run.outcome.summary)")
        default: break
        }
        let matched = Set(report.behaviours.map(\.id))
        let attack = Set(report.behaviours.flatMap(\.attack))
        r.missing = e.behaviours.filter { !matched.contains($0) }
        r.unexpected = e.notBehaviours.filter { matched.contains($0) }
        r.missingAttack = e.attack.filter { id in !attack.contains(id) }
        if let v = e.verdict, report.verdict != v { reasons.append("verdict \(report.verdict?.rawValue ?? "none"), expected \(v.rawValue)") }
        if !r.missing.isEmpty { reasons.append("missing behaviours: \(r.missing.joined(separator: ", "))") }
        if !r.unexpected.isEmpty { reasons.append("unexpected behaviours: \(r.unexpected.joined(separator: ", "))") }
        if !r.missingAttack.isEmpty { reasons.append("missing ATT&CK ids: \(r.missingAttack.joined(separator: ", "))") }
        if let o = e.outcome, o != outcomeName(report.run.outcome) { reasons.append("outcome \(report.run.outcome.summary), expected \(o)") }
        r.reasons = reasons
        r.status = reasons.isEmpty ? .passed : .failed
    }

    // MARK: outputs

    /// JUnit XML: one testcase per entry; failed → <failure>, not run → <skipped>.
    public static func junitXML(_ result: CorpusResult) -> String {
        func esc(_ s: String) -> String {
            // XML 1.0 forbids most control characters, even escaped.
            let kept = String(String.UnicodeScalarView(s.unicodeScalars.map { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" ? "?" : $0 }))
            return Printable.markup(kept)
        }
        let t = { (d: Double) in String(format: "%.3f", d) }
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        x += "<testsuites name=\"petri corpus\" tests=\"\(result.samples.count)\" failures=\"\(result.failed + result.expectedBadInput)\" skipped=\"\(result.notRun + result.badInput - result.expectedBadInput)\" time=\"\(t(result.wallSeconds))\">\n"
        x += "  <testsuite name=\"corpus\" tests=\"\(result.samples.count)\" failures=\"\(result.failed + result.expectedBadInput)\" errors=\"0\" skipped=\"\(result.notRun + result.badInput - result.expectedBadInput)\" time=\"\(t(result.wallSeconds))\">\n"
        for s in result.samples {
            x += "    <testcase classname=\"petri.corpus\" name=\"\(esc(s.name))\" time=\"\(t(s.durationSeconds))\""
            switch s.status {
            case .passed:
                x += "/>\n"
            case .failed:
                x += ">\n      <failure message=\"\(esc(s.reasons.first ?? "failed"))\">\(esc(s.reasons.joined(separator: "\n")))</failure>\n    </testcase>\n"
            case .badInput where s.expectedVerdict != nil:
                x += ">\n      <failure message=\"\(esc("bad input: " + (s.reasons.first ?? "")))\">\(esc(s.reasons.joined(separator: "\n")))</failure>\n    </testcase>\n"
            case .badInput:
                x += ">\n      <skipped message=\"\(esc("bad input: " + (s.reasons.first ?? "")))\"/>\n    </testcase>\n"
            case .notRun:
                x += ">\n      <skipped message=\"\(esc(s.reasons.first ?? "not run"))\"/>\n    </testcase>\n"
            case .unchecked:
                x += ">\n      <system-out>\(esc("no expectation; verdict \(s.verdict?.rawValue ?? "-"), behaviours \(s.behaviours.joined(separator: ", "))"))</system-out>\n    </testcase>\n"
            }
        }
        x += "  </testsuite>\n</testsuites>\n"
        return x
    }

    public static func summaryJSON(_ result: CorpusResult) throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try enc.encode(result)
    }
}

/// Hands out work indices and collects results; progress counts under one lock.
final class CorpusState: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private var done = 0
    private var failures = 0
    private(set) var results: [CorpusSampleResult?]
    init(count: Int) { results = Array(repeating: nil, count: count) }

    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard nextIndex < results.count else { return nil }
        defer { nextIndex += 1 }
        return nextIndex
    }

    func finish(_ i: Int, _ r: CorpusSampleResult, elapsed: Double) -> CorpusProgress {
        lock.lock(); defer { lock.unlock() }
        results[i] = r
        done += 1
        if r.status == .failed || (r.status == .badInput && r.expectedVerdict != nil) { failures += 1 }
        return CorpusProgress(done: done, total: results.count, failures: failures, elapsedSeconds: elapsed, last: r)
    }
}
