import Foundation
import PetriModel

/// The table `petri corpus` prints: one row per entry, then failure details and the not-run list.
public enum CorpusTable {
    /// `ci`: say that not-run entries were expected and not checked (CI=true in the environment).
    public static func render(_ r: CorpusResult, ci: Bool = ProcessInfo.processInfo.environment["CI"] == "true") -> String {
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
            out.append("Not run\(ci ? " (CI: expected samples that were NOT checked)" : ""):")
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

    /// The last line of `petri corpus`, plain on purpose: CI greps it.
    public static func lastLine(_ r: CorpusResult) -> String {
        var last = "\(r.passed) passed, \(r.failed) failed"
        if r.badInput > 0 {
            last += ", \(r.badInput) bad input" + (r.expectedBadInput > 0 ? " (\(r.expectedBadInput) with an expected verdict)" : "")
        }
        return last
    }
}
