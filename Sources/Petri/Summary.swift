import Foundation
import PetriModel

/// The readable summary `petri report show` prints. Every line goes through `Printable.line` at the
/// end, so no field the sample controls (names, paths, argv, DNS, HTTP, stdout) can bring a control
/// character, an escape sequence or a line break of its own to the terminal.
public enum ReportSummary {
    public static func render(_ r: Report) -> String {
        var out: [String] = []
        let verdict = r.verdict?.rawValue.uppercased() ?? "UNSCORED"
        let score = r.score.map { String(format: "%.1f/10", $0.value) } ?? "-"
        out.append("\(verdict)  score \(score)  \(r.sample.fileName)  (\(r.sample.typeDetail ?? r.sample.type.rawValue), \(r.sample.size) bytes)")
        out.append("sha256 \(r.sample.sha256)")
        if let why = r.verdictReason { out.append("inconclusive: \(why.code.rawValue): \(why.message)") }
        var runLine = "run: \(r.run.outcome.summary) after \(String(format: "%.0f", r.run.durationMs)) ms, profile \(r.run.profile), network \(r.run.networkMode)"
        if let e = r.run.dllExport { runLine += ", DLL export \(e) through rundll32" }
        if r.run.timeoutHit { runLine += ", TIMEOUT" }
        out.append(runLine)
        for l in r.run.limitsHit { out.append("  limit hit: \(l.limit): \(l.detail)") }
        if !r.registry.isEmpty {
            out.append("registry changes: \(r.registry.count)")
            for c in r.registry.prefix(10) { out.append("  \(c.kind.rawValue) \(c.key)\(c.value.map { "\\\($0)" } ?? "")\(c.data.map { " = \($0.prefix(80))" } ?? "")") }
        }
        for e in r.run.errors { out.append("  error: \(e)") }

        if !r.behaviours.isEmpty {
            out.append("")
            out.append("Behaviours:")
            for b in r.behaviours.sorted(by: { ($0.severity, $0.contribution) > ($1.severity, $1.contribution) }) {
                let was = b.attackPrevious ?? [], previous = was.isEmpty ? "" : "; previously \(was.joined(separator: ", "))"
                let attack = b.attack.isEmpty ? "" : "  [\(b.attack.joined(separator: ", "))\(previous)]"
                out.append("  [\(b.severity)] \(b.title)\(attack)")
                if let f = b.evidence.fields, !f.isEmpty {
                    out.append("        " + f.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
                }
                for n in b.evidence.notes.prefix(3) { out.append("        \(n)") }
            }
        }

        out.append("")
        out.append("Process tree:")
        for l in ProcessTreeLines.render(r.processes, limit: 500) { out.append(l) }
        if r.processes.isEmpty { out.append("  (none recorded)") }

        out.append("")
        out.append("File activity:")
        let changes = r.files.filter { $0.type != .directory }
        for f in changes.prefix(25) {
            let shown = f.windowsPath ?? f.path
            let extra = [f.type.rawValue, f.size.map { "\($0) B" }, f.symlinkTarget.map { "-> \($0)" }].compactMap { $0 }.joined(separator: ", ")
            out.append("  \(f.change.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(shown)  (\(extra))")
        }
        if changes.count > 25 { out.append("  … \(changes.count - 25) more") }
        if changes.isEmpty { out.append("  (no files created, changed or deleted)") }
        let opened = Set(r.events.filter { ["open", "openat", "openat2", "creat"].contains($0.name) }.compactMap { $0.path })
        out.append("  files opened: \(opened.count)")

        out.append("")
        out.append("Network:")
        for a in r.network.attempts.prefix(20) {
            out.append("  \(a.syscall) \(a.proto) \(a.address)\(a.domain.map { " (\($0))" } ?? "")  pid \(a.pid)")
        }
        for d in r.network.dns.prefix(10) { out.append("  dns \(d.type) \(d.name) -> \(d.answers.joined(separator: ", "))") }
        for h in r.network.http.prefix(10) { out.append("  http \(h.method) \(h.url) -> \(h.responseStatus) \(h.response)") }
        for t in r.network.tls.prefix(10) { out.append("  tls sni=\(t.sni ?? "-") ja3=\(t.ja3Hash ?? "-")") }
        if r.network.attempts.isEmpty && r.network.dns.isEmpty { out.append("  (no network attempts)") }

        let yara = (r.sample.staticInfo?.yara ?? []).map { ("sample", r.sample.fileName, $0) }
            + r.payloads.flatMap { p in p.yara.map { (p.kind.rawValue, p.object, $0) } }
        if !yara.isEmpty {
            out.append("")
            out.append("YARA matches (payloads: \(r.payloads.count) objects under payloads/):")
            for (kind, object, m) in yara.prefix(20) {
                let at = m.strings.prefix(3).map { "\($0.identifier)@\($0.offset)" }.joined(separator: " ")
                out.append("  \(m.rule)  \(kind) \(object.prefix(100))\(at.isEmpty ? "" : "  [\(at)]")")
            }
            if yara.count > 20 { out.append("  … \(yara.count - 20) more") }
        }

        out.append("")
        out.append("Denied syscalls:")
        for d in r.denied.prefix(20) { out.append("  \(d.name) -> \(d.error)\(d.detail.map { "  \($0)" } ?? "")  pid \(d.pid)") }
        if r.denied.isEmpty { out.append("  (none)") }

        out.append("")
        let top = r.syscallCounts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(10)
        out.append("Top syscalls: " + top.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        out.append("Events: \(r.eventStats.notified) notified, \(r.eventStats.recorded) kept, \(r.eventStats.elided) elided")
        if !r.output.stdoutPreview.isEmpty {
            out.append("")
            out.append("stdout (\(r.output.stdoutBytes) bytes\(r.output.stdoutTruncated ? ", truncated" : "")):")
            for l in Printable.lines(r.output.stdoutPreview).prefix(8) { out.append("  | " + l.prefix(160)) }
        }
        return out.map(Printable.line).joined(separator: "\n")
    }
}

/// The summary's process tree: iterative (a chain of any depth), indentation capped so a deep chain
/// prints lines of bounded width, and at most `limit` lines.
enum ProcessTreeLines {
    static let maxIndent = 32

    static func render(_ processes: [ProcessNode], limit: Int) -> [String] {
        var out: [String] = []
        let order = ProcessForest.preorder(processes)
        for (p, depth) in order.prefix(limit) {
            let exit: String
            if let e = p.exit {
                if let c = e.code { exit = "exit \(c)" } else if let s = e.signal { exit = "signal \(s)\(e.source == "timeout" ? " (timeout)" : "")" } else { exit = "?" }
            } else { exit = "running" }
            var cmd = p.commandLine ?? (p.argv.isEmpty ? (p.path ?? p.image) : p.argv.prefix(6).joined(separator: " "))
            cmd = cmd.replacingOccurrences(of: "\n", with: "; ")
            let tag = p.runner == true ? "  (runner)" : ""
            let indent = String(repeating: "  ", count: min(depth, maxIndent) + 1) + (depth > maxIndent ? "[depth \(depth)] " : "")
            out.append(indent + "\(p.pid) \(p.image.prefix(64))  \(cmd.prefix(100))  [\(exit)]\(tag)")
        }
        if order.count > limit { out.append("  … \(order.count - limit) more processes") }
        return out
    }
}
