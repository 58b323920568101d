import Foundation
import PetriModel

/// Evaluates Sigma rules over a report's Sigma events. Each matching rule becomes one behaviour match
/// (title, level as severity, ATT&CK tags, the matching events as evidence) that the Scorer scores
/// like a native rule's.
public struct SigmaEngine: Sendable {
    public let rules: [SigmaRule]
    public var maxEvidence = 50

    public init(rules: [SigmaRule]) { self.rules = rules }

    /// The events a rule's logsource selects, by category and product.
    public static func applies(_ rule: SigmaRule, to e: SigmaEvent) -> Bool {
        guard e.category == rule.category else { return false }
        switch rule.product {
        case .any: return true
        case .linux: return !e.windows
        case .windows: return e.windows
        }
    }

    /// Indices into `events` of the events the rule matches.
    public static func matching(_ rule: SigmaRule, _ events: [SigmaEvent]) -> [Int] {
        events.indices.filter { applies(rule, to: events[$0]) && rule.condition.evaluate(events[$0], rule.detections) }
    }

    public func evaluate(_ report: Report) -> [BehaviourMatch] {
        guard !rules.isEmpty else { return [] }
        return evaluate(events: SigmaEventBuilder.events(report))
    }

    public func evaluate(events: [SigmaEvent]) -> [BehaviourMatch] {
        var byCategory: [SigmaCategory: [SigmaEvent]] = [:]
        for e in events { byCategory[e.category, default: []].append(e) }
        var out: [BehaviourMatch] = []
        for rule in rules {
            guard let pool = byCategory[rule.category] else { continue }
            var hits: [SigmaEvent] = []
            var count = 0
            for e in pool where Self.applies(rule, to: e) && rule.condition.evaluate(e, rule.detections) {
                count += 1
                if hits.count < maxEvidence { hits.append(e) }
            }
            guard count > 0 else { continue }
            out.append(BehaviourMatch(id: rule.behaviourID, title: rule.title, description: rule.description, severity: rule.severity,
                                      attack: rule.attack, evidence: evidence(rule, hits, count: count)))
        }
        return out
    }

    func evidence(_ rule: SigmaRule, _ hits: [SigmaEvent], count: Int) -> Evidence {
        var seqs = Set<UInt64>(), files: [String] = [], network: [String] = []
        for e in hits {
            if let s = e.seq { seqs.insert(s) }
            if let f = e.evidenceFile, !files.contains(f) { files.append(f) }
            if let n = e.evidenceNetwork, !network.contains(n) { network.append(n) }
        }
        var notes = ["Sigma rule \(rule.id) (\((rule.file as NSString).lastPathComponent), level \(rule.level)): "
                     + "\(count) matching \(rule.category.rawValue) event\(count == 1 ? "" : "s")"]
        for e in hits.prefix(3) { notes.append(Self.describe(e)) }
        return Evidence(events: Array(seqs.sorted().prefix(maxEvidence)), files: files, network: network, notes: notes)
    }

    /// The matching event's main fields in one line, for the report's notes.
    static func describe(_ e: SigmaEvent) -> String {
        let keys: [String]
        switch e.category {
        case .processCreation: keys = ["ProcessId", "Image", "CommandLine", "ParentImage"]
        case .fileRename: keys = ["ProcessId", "Image", "SourceFilename", "TargetFilename"]
        case .fileEvent, .fileChange, .fileDelete: keys = ["ProcessId", "Image", "TargetFilename"]
        case .networkConnection: keys = ["ProcessId", "Image", "DestinationIp", "DestinationPort", "DestinationHostname"]
        case .dnsQuery: keys = ["ProcessId", "Image", "QueryName"]
        }
        let parts = keys.compactMap { k in e.value(k).map { "\(k)=\(Self.clip($0))" } }
        return e.category.rawValue + ": " + parts.joined(separator: " ")
    }

    /// At most 200 characters, control characters written as `\xNN`: the values are the sample's, and
    /// notes reach terminals (`petri report show`) and web pages.
    static func clip(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars.prefix(200) {
            if u.value < 0x20 || u.value == 0x7f || (0x80..<0xa0).contains(u.value) { out += "\\x" + String(format: "%02x", u.value) }
            else { out.unicodeScalars.append(u) }
        }
        return s.unicodeScalars.count > 200 ? out + "..." : out
    }
}
