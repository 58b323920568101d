import ArgumentParser
import Foundation
import Petri
import PetriModel
import PetriSandbox

struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "Run every sample in DIR in parallel sandboxes and check the reports against expectations.",
        discussion: """
        Exit status: 0 when every expectation held, 1 when any failed, 2 on bad input. Entries marked \
        `requires: wine` are counted "not run" while petri cannot run PE samples (docs/corpus.md).
        """
    )

    @Argument(help: "Folder of samples (e.g. fixtures/bin).")
    var directory: String

    @Option(help: "Expectations YAML (e.g. fixtures/expectations.yaml). Without it every sample is run and reported unchecked.")
    var expect: String?

    @Option(help: "Samples run at once (default: number of cores).")
    var jobs: Int?

    @Option(help: "Write a JUnit XML report here.")
    var junit: String?

    @Option(help: "Write a JSON summary here.")
    var summary: String?

    @OptionGroup var common: RunOptions

    @Option(help: "Where reports and artifacts go, one folder per sample.")
    var out: String = "out/corpus"

    @Flag(help: "No live progress on stderr.")
    var quiet = false

    func validate() throws {
        if let j = jobs, j < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        var loaded = try ProfileLoader.load(common.profile)
        common.apply(to: &loaded)
        var options = Corpus.Options(profile: loaded, outputDirectory: out)
        if let expect {
            options.expectations = try CorpusExpectations.load(path: expect)
            options.expectationsPath = expect
        }
        if let jobs { options.jobs = jobs }
        options.timeoutSeconds = common.timeoutSeconds
        options.cancel = Interrupts.install()
        let live = !quiet && isatty(2) == 1
        if live {
            options.onProgress = { p in
                let line = "\r\u{1b}[2K\(p.done)/\(p.total) done  " + String(format: "%.1fs", p.elapsedSeconds)
                    + "  \(p.failures) failed  (last: \(Printable.line(p.last?.name ?? "-")))"
                FileHandle.standardError.write(Data(line.utf8))
            }
        } else if !quiet {
            options.onProgress = { p in
                guard let r = p.last else { return }
                let line = "[\(p.done)/\(p.total)] \(Printable.line(r.name)): \(r.status.rawValue)\n"
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
        let result = try Corpus.run(directory: directory, options: options)
        if live { FileHandle.standardError.write(Data("\r\u{1b}[2K".utf8)) }

        print(CorpusTable.render(result))
        if let junit {
            try write(Data(Corpus.junitXML(result).utf8), to: junit)
        }
        if let summary {
            try write(try Corpus.summaryJSON(result), to: summary)
        }
        // The last line is plain on purpose: CI greps it.
        var last = "\(result.passed) passed, \(result.failed) failed"
        if result.badInput > 0 {
            last += ", \(result.badInput) bad input" + (result.expectedBadInput > 0 ? " (\(result.expectedBadInput) with an expected verdict)" : "")
        }
        print(last)
        if !result.ok { throw ExitCode(1) }
    }

    func write(_ data: Data, to path: String) throws {
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw PetriError.io("cannot write \(Printable.path(path)): \(error.localizedDescription)")
        }
    }
}

/// The table `petri corpus` prints: one row per entry, then failure details and the not-run list.
enum CorpusTable {
    static func render(_ r: CorpusResult) -> String {
        var rows: [[String]] = [["sample", "status", "verdict (expected)", "score", "missing", "unexpected", "time"]]
        for s in r.samples {
            let verdict: String
            switch s.status {
            case .notRun: verdict = "- (\(s.expectedVerdict?.rawValue ?? "-"))"
            default:
                let got = s.verdict?.rawValue ?? "-"
                verdict = s.expectedVerdict.map { $0 == s.verdict ? got : "\(got) (\($0.rawValue))" } ?? "\(got) (?)"
            }
            let status: String
            switch s.status {
            case .notRun: status = "NOT RUN"
            case .failed: status = "FAIL"
            case .passed: status = "ok"
            case .unchecked: status = "unchecked"
            case .badInput: status = s.expectedVerdict != nil ? "BAD INPUT" : "bad input"
            }
            rows.append([s.name, status, verdict, s.score.map { String(format: "%.1f", $0) } ?? "-",
                         s.missing.isEmpty ? "-" : s.missing.joined(separator: ","),
                         s.unexpected.isEmpty ? "-" : s.unexpected.joined(separator: ","),
                         String(format: "%.1fs", s.durationSeconds)])
        }
        // Sample names are the corpus's file names: escaped before the widths are measured.
        rows = rows.map { $0.map(Printable.line) }
        var widths = Array(repeating: 0, count: rows[0].count)
        // Behaviour lists are cut at 40 characters in the table; the failure details below list them all.
        rows = rows.map { $0.enumerated().map { i, c in (i == 4 || i == 5) && c.count > 40 ? String(c.prefix(39)) + "…" : c } }
        for row in rows { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        var out: [String] = []
        for row in rows {
            var line = ""
            for (i, c) in row.enumerated() {
                line += widths[i] > 0 ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0) : c
                if i < row.count - 1 { line += "  " }
            }
            out.append(line.replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression))
        }
        let failed = r.samples.filter { $0.status == .failed }
        if !failed.isEmpty {
            out.append("")
            out.append("Failures:")
            for s in failed {
                out.append("  \(s.name):")
                for reason in s.reasons { out.append("    \(reason)") }
                if let rep = s.reportPath { out.append("    report: \(rep)") }
            }
        }
        let notRun = r.samples.filter { $0.status == .notRun }
        if !notRun.isEmpty {
            out.append("")
            let ci = ProcessInfo.processInfo.environment["CI"] == "true" ? " (CI: expected samples that were NOT checked)" : ""
            out.append("Not run\(ci):")
            for s in notRun { out.append("  \(s.name): \(s.reasons.first ?? "not run")") }
        }
        let bad = r.samples.filter { $0.status == .badInput }
        if !bad.isEmpty {
            out.append("")
            out.append("Bad input (not a petri failure; fails the run only where an expectation names the sample):")
            for s in bad { out.append("  \(s.name)\(s.expectedVerdict != nil ? " (expected " + s.expectedVerdict!.rawValue + ")" : ""): \(s.reasons.first ?? "bad input")") }
        }
        let retried = r.samples.filter { $0.retried != nil }
        if !retried.isEmpty {
            out.append("")
            out.append("Retried after a sandbox set-up failure:")
            for s in retried { out.append("  \(s.name): \(s.retried ?? "")") }
        }
        let unchecked = r.samples.filter { $0.status == .unchecked }
        if !unchecked.isEmpty {
            out.append("")
            out.append("No expectation (ran, not checked): " + unchecked.map(\.name).joined(separator: ", "))
        }
        out.append("")
        out.append("\(r.samples.count) samples in " + String(format: "%.1fs", r.wallSeconds) + " with \(r.jobs) job\(r.jobs == 1 ? "" : "s") ("
                   + String(format: "%.1f", r.samplesPerMinute) + " samples/min); \(r.notRun) not run, \(r.unchecked) unchecked, \(r.badInput) bad input")
        return out.map(Printable.line).joined(separator: "\n")
    }
}
