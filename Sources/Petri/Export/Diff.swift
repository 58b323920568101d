import Foundation
import PetriModel

/// `petri report diff A B`: what differs between two runs (one sample under two profiles, or two
/// versions of a sample). Pids, sinkhole addresses and times differ between any two runs, so records
/// are compared by what they are: a process by its image and arguments, a connection by the name it
/// was resolved from (or its address), a file by its change and path.
public struct ReportDiff: Codable, Sendable, Equatable {
    public struct Change: Codable, Sendable, Equatable {
        public var section: String
        /// "-" only in A, "+" only in B, "~" in both but different.
        public var op: String
        public var item: String
        public var detail: String?
    }
    public var a: String
    public var b: String
    public var verdict: [String]
    public var score: [Double?]
    public var changes: [Change]

    public init(_ ra: Report, _ rb: Report) {
        a = ra.sample.fileName; b = rb.sample.fileName
        verdict = [ra.verdict?.rawValue ?? "unscored", rb.verdict?.rawValue ?? "unscored"]
        score = [ra.score?.value, rb.score?.value]
        changes = []
        compare("sample", Self.sample(ra), Self.sample(rb))
        compare("behaviours", Self.behaviours(ra), Self.behaviours(rb))
        compare("techniques", Self.techniques(ra), Self.techniques(rb))
        compare("processes", Self.processes(ra), Self.processes(rb))
        compare("network", Self.network(ra), Self.network(rb))
        compare("files", Self.files(ra), Self.files(rb))
        compare("registry", Self.registry(ra), Self.registry(rb))
    }

    public var identical: Bool { changes.isEmpty && verdict[0] == verdict[1] && score[0] == score[1] }

    /// key -> detail; a key in both with different details is a "~" change.
    private mutating func compare(_ section: String, _ x: [String: String], _ y: [String: String]) {
        for k in x.keys.sorted() {
            if let other = y[k] {
                if other != x[k]! { changes.append(Change(section: section, op: "~", item: k, detail: "\(x[k]!) -> \(other)")) }
            } else {
                changes.append(Change(section: section, op: "-", item: k, detail: x[k]!.isEmpty ? nil : x[k]))
            }
        }
        for k in y.keys.sorted() where x[k] == nil {
            changes.append(Change(section: section, op: "+", item: k, detail: y[k]!.isEmpty ? nil : y[k]))
        }
    }

    static func sample(_ r: Report) -> [String: String] {
        ["sha256": r.sample.sha256, "type": r.sample.typeDetail ?? r.sample.type.rawValue, "outcome": r.run.outcome.summary,
         "profile": r.run.profile, "network mode": r.run.networkMode, "runner": r.run.runner]
    }

    /// A behaviour by rule id and title; its severity and its techniques (as the current ATT&CK release
    /// spells them, so a report written before ids were revoked does not differ by spelling alone). Not
    /// its share of the score: the formula saturates, so every share moves when one rule comes or goes,
    /// and the rules that came or went are what explains a changed score.
    static func behaviours(_ r: Report) -> [String: String] {
        var m: [String: String] = [:]
        for b in r.behaviours { m["\(b.id) \(b.title)"] = "severity \(b.severity) [\(AttackIDs.normalize(b.attack).current.joined(separator: ", "))]" }
        return m
    }

    /// The ATT&CK techniques the behaviours cite (current ids), with their names: what a matrix of either
    /// run would gain or lose.
    static func techniques(_ r: Report) -> [String: String] {
        var m: [String: String] = [:]
        for t in AttackIDs.normalize(r.behaviours.flatMap(\.attack)).current { m[t] = AttackNames.table[t] ?? "" }
        return m
    }

    /// A process by its image (Windows image under Wine) and its arguments after argv[0], counted.
    static func processes(_ r: Report) -> [String: String] {
        var counts: [String: Int] = [:]
        for p in r.processes where p.runner != true {
            let args = p.commandLine ?? p.argv.dropFirst().joined(separator: " ")
            counts[(p.windowsImage ?? p.image) + (args.isEmpty ? "" : "  " + args), default: 0] += 1
        }
        return counts.mapValues { $0 == 1 ? "" : "\($0) times" }
    }

    static func network(_ r: Report) -> [String: String] {
        let marks = SinkholeMarks(r)
        var m: [String: String] = [:]
        func dest(_ ip: String?, _ domain: String?, _ port: Int?) -> String {
            let host = domain ?? ((ip.map { marks.isOwnAddress($0) } ?? false) ? "(sinkhole)" : (ip ?? "?"))
            return port.map { "\(host):\($0)" } ?? host
        }
        for d in r.network.dns { m["dns \(d.type) \(d.name)"] = d.rcode }
        for h in r.network.http { m["http \(h.method) \(h.url)"] = "\(h.responseStatus) \(h.response)" }
        for t in r.network.tls { m["tls \(t.sni ?? "(no sni)")"] = t.ja3Hash ?? "" }
        for a in r.network.attempts where a.family == "AF_INET" || a.family == "AF_INET6" {
            m["\(a.syscall) \(a.proto) \(dest(a.ip, a.domain, a.port))"] = ""
        }
        for o in r.network.other { m["\(o.service) \(o.lines.first ?? String(o.preview.prefix(60)))"] = "" }
        return m
    }

    static func files(_ r: Report) -> [String: String] {
        var m: [String: String] = [:]
        for f in r.files { m["\(f.change.rawValue) \(f.windowsPath ?? f.path)"] = [f.type.rawValue, f.sha256.map { "sha256 \($0)" }].compactMap { $0 }.joined(separator: " ") }
        return m
    }

    static func registry(_ r: Report) -> [String: String] {
        var m: [String: String] = [:]
        for g in r.registry { m["\(g.kind.rawValue) \(g.key)\(g.value.map { "\\\($0)" } ?? "")"] = g.data ?? "" }
        return m
    }

    /// The terminal form: every string from either report made safe for one line.
    public func text() -> String {
        let s = { (v: Double?) in v.map { String(format: "%.1f", $0) } ?? "-" }
        var out = "--- A \(Printable.path(a))\n+++ B \(Printable.path(b))\n"
        out += verdict[0] == verdict[1] && score[0] == score[1]
            ? "  verdict \(verdict[0]) score \(s(score[0])) (same)\n"
            : "~ verdict \(verdict[0]) -> \(verdict[1]), score \(s(score[0])) -> \(s(score[1]))\n"
        var section = ""
        for c in changes {
            if c.section != section { section = c.section; out += "\(section):\n" }
            out += "  \(c.op) \(Printable.path(c.item))\(c.detail.map { "  (\(Printable.path($0)))" } ?? "")\n"
        }
        if changes.isEmpty { out += "no differences in behaviours, techniques, processes, network, files or registry\n" }
        return out
    }

    public func json() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try e.encode(self)
    }
}
