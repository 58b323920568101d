import Foundation

/// The Sigma logsource categories petri records (docs/profiles.md, "Sigma field mapping").
public enum SigmaCategory: String, Sendable, CaseIterable {
    case processCreation = "process_creation"
    case fileEvent = "file_event"
    case fileChange = "file_change"
    case fileDelete = "file_delete"
    case fileRename = "file_rename"
    case networkConnection = "network_connection"
    case dnsQuery = "dns_query"
}

/// `product:` of a rule's logsource: Linux processes, Wine (Windows) processes, or either.
public enum SigmaProduct: String, Sendable {
    case any, linux, windows
}

/// A Sigma rule compiled for petri's record.
public struct SigmaRule: Sendable {
    /// The rule's `id:` (usually a UUID), or its file name without extension when it has none.
    public var id: String
    public var title: String
    public var description: String
    public var level: String
    /// informational 1, low 1, medium 3, high 4, critical 5 (missing: medium). Low is "rarely an
    /// incident, relevant in numbers or in combination" (SigmaHQ): petri's informational severity, whose
    /// pile-up the score caps (SigmaHQ's low Linux rules made two benign corpus samples suspicious at 2).
    public var severity: Int
    /// ATT&CK technique ids from `attack.tNNNN[.NNN]` tags, upper-cased.
    public var attack: [String]
    public var tags: [String]
    public var category: SigmaCategory
    public var product: SigmaProduct
    public var file: String
    public var line: Int?
    var detections: [String: SigmaDetection]
    var condition: SigmaCondition

    /// The id the behaviour match carries in the report: `sigma-` and the rule's id.
    public var behaviourID: String { "sigma-" + id }

    static func severity(level: String) -> Int? {
        ["informational": 1, "low": 1, "medium": 3, "high": 4, "critical": 5][level.lowercased()]
    }

    /// `attack.t1059.004` → `T1059.004`; tactic and group tags give nil.
    static func technique(tag: String) -> String? {
        let t = tag.lowercased()
        guard t.hasPrefix("attack.t") else { return nil }
        let rest = t.dropFirst("attack.t".count)
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].count == 4, parts[0].allSatisfy(\.isNumber),
              parts.count == 1 || (parts[1].count == 3 && parts[1].allSatisfy(\.isNumber)) else { return nil }
        return "T" + rest.uppercased()
    }
}

/// A search identifier's value: field tests joined by AND (a mapping), alternatives joined by OR
/// (a list of mappings), or keywords (a list of plain values searched in every field).
indirect enum SigmaDetection: Sendable {
    case fields([SigmaFieldTest])
    case anyOf([SigmaDetection])
    case keywords([[SigmaValueTest]])
    /// `'|all': [k1, k2]`: every keyword is found (each in some field).
    case allKeywords([[SigmaValueTest]])

    func matches(_ e: SigmaEvent) -> Bool {
        switch self {
        case .fields(let fs): return fs.allSatisfy { $0.matches(e) }
        case .anyOf(let ds): return ds.contains { $0.matches(e) }
        case .keywords(let ks):
            return ks.contains { forms in e.fields.values.contains { v in forms.contains { $0.matches(v, in: e) } } }
        case .allKeywords(let ks):
            return ks.allSatisfy { forms in e.fields.values.contains { v in forms.contains { $0.matches(v, in: e) } } }
        }
    }
}

/// `Field|modifiers: values`: any value matches (every value with the `all` modifier). A value that
/// modifiers expand into several forms (`windash`, `base64offset`) matches when any form does.
struct SigmaFieldTest: Sendable {
    /// Lower-cased field name (Sigma field names are matched without regard to case).
    var field: String
    var values: [[SigmaValueTest]]
    var all: Bool

    func matches(_ e: SigmaEvent) -> Bool {
        let v = e.fields[field]
        func one(_ forms: [SigmaValueTest]) -> Bool { forms.contains { $0.matches(v, in: e) } }
        if all { return !values.isEmpty && values.allSatisfy(one) }
        return values.contains(where: one)
    }
}

/// A parsed `condition:` expression. `1 of x*` / `all of them` are resolved to identifier lists at load.
indirect enum SigmaCondition: Sendable {
    case ref(String)
    case and([SigmaCondition])
    case or([SigmaCondition])
    case not(SigmaCondition)
    /// At least `n` of the identifiers (`1 of`), or every one (`all of`, n = nil).
    case of(Int?, [String])

    func evaluate(_ e: SigmaEvent, _ d: [String: SigmaDetection]) -> Bool {
        switch self {
        case .ref(let n): return d[n]?.matches(e) ?? false
        case .and(let cs): return cs.allSatisfy { $0.evaluate(e, d) }
        case .or(let cs): return cs.contains { $0.evaluate(e, d) }
        case .not(let c): return !c.evaluate(e, d)
        case .of(let n, let names):
            guard let n else { return !names.isEmpty && names.allSatisfy { d[$0]?.matches(e) ?? false } }
            var hits = 0
            for name in names where d[name]?.matches(e) ?? false {
                hits += 1
                if hits >= n { return true }
            }
            return false
        }
    }
}
