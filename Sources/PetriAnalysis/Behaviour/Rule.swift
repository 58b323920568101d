import Foundation
import PetriModel

/// A compiled regular expression (NSRegularExpression is immutable after creation, so sharing it is safe).
public struct CompiledRegex: @unchecked Sendable {
    public let pattern: String
    let regex: NSRegularExpression

    public init(_ pattern: String) throws {
        self.pattern = pattern
        self.regex = try NSRegularExpression(pattern: pattern)
    }

    public func matches(_ s: String) -> Bool {
        regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
    }

    /// First capture group (or the whole match when the pattern has none).
    public func capture(_ s: String) -> String? {
        guard let m = regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) else { return nil }
        let r = m.numberOfRanges > 1 ? m.range(at: 1) : m.range
        guard let range = Range(r, in: s) else { return nil }
        return String(s[range])
    }
}

/// A test on one field's value. Strings are compared as written, lists match when any element does,
/// integers are compared numerically (and as their decimal text for globs).
public indirect enum Predicate: Sendable {
    case glob([Glob])
    case regex(CompiledRegex)
    case oneOf(Set<String>)
    case equals(String)
    case notEquals(String)
    case variable(String)
    /// Case-insensitive equality with a literal or (when `isVariable`) a bound variable: Windows names.
    case equalsIgnoringCase(String, isVariable: Bool)
    case cidr([CIDR])
    case hasAllFlags([String])
    case hasAnyFlag([String])
    case contains([String], [Glob])
    case atLeast(Int64)
    case atMost(Int64)
    case lengthAtLeast(Int)
    case lengthAtMost(Int)
    case entropyAtLeast(Double)
    case exists(Bool)
    case sameAs(String)
    case not(Predicate)
    case anyOf([Predicate])
    case allOf([Predicate])

    /// Variables this predicate reads.
    var variables: [String] {
        switch self {
        case .variable(let v), .equalsIgnoringCase(let v, isVariable: true): return [v]
        case .not(let p): return p.variables
        case .anyOf(let ps), .allOf(let ps): return ps.flatMap(\.variables)
        default: return []
        }
    }

    func evaluate(_ value: ArgValue?, record: Record, bindings: [String: String]) -> Bool {
        switch self {
        case .exists(let want): return (value != nil) == want
        case .not(let p): return !p.evaluate(value, record: record, bindings: bindings)
        case .anyOf(let ps): return ps.contains { $0.evaluate(value, record: record, bindings: bindings) }
        case .allOf(let ps): return ps.allSatisfy { $0.evaluate(value, record: record, bindings: bindings) }
        default: break
        }
        guard let value else { return false }
        // Hot path: one string against globs (most predicates of most rules).
        if case .glob(let globs) = self, case .string(let s) = value {
            for g in globs where g.matches(s) { return true }
            return false
        }
        switch self {
        case .glob(let globs): return Self.strings(value).contains { s in globs.contains { $0.matches(s) } }
        case .regex(let r): return Self.strings(value).contains { r.matches($0) }
        case .oneOf(let set): return Self.strings(value).contains { set.contains($0) }
        case .equals(let s): return Self.strings(value).contains(s)
        case .notEquals(let s): return !Self.strings(value).contains(s)
        case .variable(let v):
            guard let bound = bindings[v] else { return true }   // unbound during candidate prefiltering
            return Self.strings(value).contains { Self.sameValue($0, bound) }
        case .equalsIgnoringCase(let x, let isVariable):
            let target: String
            if isVariable { guard let bound = bindings[x] else { return true }; target = bound } else { target = x }
            let t = Predicate.normalized(target).lowercased()
            return Self.strings(value).contains { Predicate.normalized($0).lowercased() == t }
        case .cidr(let nets): return Self.strings(value).contains { s in nets.contains { $0.contains(s) } }
        case .hasAllFlags(let flags):
            let set = Self.flagSet(value)
            return flags.allSatisfy { set.contains($0) }
        case .hasAnyFlag(let flags):
            let set = Self.flagSet(value)
            return flags.contains { set.contains($0) }
        case .contains(let needles, let globs):
            if case .list(let l) = value {
                return l.contains { el in globs.contains { $0.matches(el) } }
            }
            let s = value.description
            return needles.contains { s.contains($0) }
        case .atLeast(let n): return Self.number(value).map { $0 >= n } ?? false
        case .atMost(let n): return Self.number(value).map { $0 <= n } ?? false
        case .lengthAtLeast(let n): return Self.length(value) >= n
        case .lengthAtMost(let n): return Self.length(value) <= n
        case .entropyAtLeast(let e): return Self.strings(value).contains { TextMeasures.entropy($0) >= e }
        case .sameAs(let other):
            guard let o = record.fields[other] else { return false }
            return Self.strings(value).contains { s in Self.strings(o).contains { Self.sameValue(s, $0) } }
        case .exists, .not, .anyOf, .allOf: return false
        }
    }

    static func strings(_ v: ArgValue) -> [String] {
        switch v {
        case .list(let l): return l
        default: return [v.description]
        }
    }

    /// Equal, or equal once an fd's " (deleted)" suffix is dropped (a file exec'd after being unlinked).
    static func sameValue(_ a: String, _ b: String) -> Bool {
        a == b || normalized(a) == normalized(b)
    }

    static func normalized(_ s: String) -> String {
        let suffix = " (deleted)"
        return s.hasSuffix(suffix) ? String(s.dropLast(suffix.count)) : s
    }

    static func flagSet(_ v: ArgValue) -> Set<String> {
        switch v {
        case .list(let l): return Set(l)
        default: return Set(v.description.split(whereSeparator: { $0 == "|" || $0 == "," || $0 == " " }).map(String.init))
        }
    }

    static func number(_ v: ArgValue) -> Int64? {
        switch v {
        case .int(let i): return i
        case .string(let s):
            // Modes are written in octal ("0755", "04755").
            if s.count > 1, s.hasPrefix("0"), let o = Int64(s.dropFirst(), radix: 8) { return o }
            return Int64(s)
        case .bool(let b): return b ? 1 : 0
        case .list(let l): return Int64(l.count)
        }
    }

    static func length(_ v: ArgValue) -> Int {
        if case .list(let l) = v { return l.count }
        return v.description.count
    }
}

/// A record pattern: a source and field predicates (all must hold), optionally binding fields to variables.
public struct Pattern: Sendable {
    /// nil only in `exclude` entries: then the entry applies to any source that has its fields.
    public var source: RecordSource?
    public var predicates: [(field: String, predicate: Predicate)]
    /// variable → field whose value it takes.
    public var binds: [(variable: String, field: String)]
    /// Event names the pattern is limited to (from a `name`/`syscall` glob without wildcards), for the index.
    public var eventNames: [String]?

    func matches(_ r: Record, bindings: [String: String]) -> Bool {
        if let source, source != r.source { return false }
        for (field, p) in predicates where !p.evaluate(r.fields[field], record: r, bindings: bindings) { return false }
        return true
    }

    /// Exclusion entries only apply when the record has every field they test.
    func excludes(_ r: Record) -> Bool {
        if let source, source != r.source { return false }
        for (field, p) in predicates where r.fields[field] == nil {
            if case .exists(false) = p { continue }
            return false
        }
        return matches(r, bindings: [:])
    }
}

public enum Scope: String, Sendable, CaseIterable {
    /// Every record of a sequence or count comes from one process.
    case process
    /// Records come from processes related by ancestry (the default).
    case tree
    /// No constraint.
    case any
}

public indirect enum Condition: Sendable {
    case match(Pattern)
    case sequence([Pattern])
    case count(Pattern, min: Int, distinct: [String], groupBy: String?, groupRegex: CompiledRegex?)
    case all([Condition])
    case any([Condition])
    case not(Condition)
}

/// Whether a rule's event records must have succeeded (`success:` in YAML; default `any`).
public enum SuccessRequirement: String, Sendable, CaseIterable {
    /// Attempts count as much as successes: a denied setns or a refused write is intent.
    case any
    /// Events known to have failed do not count (succeeded or unknown do).
    case required
    /// Only events known to have failed count (a rule about what was tried and refused).
    case failed

    /// The predicate on an event record's `outcome` field, or nil for `any`.
    var predicate: Predicate? {
        switch self {
        case .any: return nil
        case .required: return .notEquals(EventOutcome.failed.rawValue)
        case .failed: return .equals(EventOutcome.failed.rawValue)
        }
    }
}

extension Condition {
    /// The condition with `outcome` tested on every event pattern outside a `not` (inside one, the
    /// requirement would turn round: "no successful X" is not what `success:` says).
    func requiring(_ success: SuccessRequirement) -> Condition {
        guard let p = success.predicate else { return self }
        func add(_ pat: Pattern) -> Pattern {
            guard pat.source == .event else { return pat }
            var q = pat; q.predicates.append((field: "outcome", predicate: p)); return q
        }
        switch self {
        case .match(let pat): return .match(add(pat))
        case .sequence(let ps): return .sequence(ps.map(add))
        case .count(let pat, let min, let distinct, let groupBy, let rx): return .count(add(pat), min: min, distinct: distinct, groupBy: groupBy, groupRegex: rx)
        case .all(let cs): return .all(cs.map { $0.requiring(success) })
        case .any(let cs): return .any(cs.map { $0.requiring(success) })
        case .not: return self
        }
    }
}

/// A behaviour rule as compiled from YAML.
public struct BehaviourRule: Sendable {
    public var id: String
    public var title: String
    public var description: String
    public var severity: Int
    public var attack: [String]
    public var mbc: [String]
    public var scope: Scope
    public var condition: Condition
    public var exclude: [Pattern]
    /// Runner machinery (events with `runner: true`) is ignored unless this is set.
    public var includeRunner: Bool
    /// Apply the global safelist (images, paths, domains).
    public var useSafelist: Bool
    public var enabled: Bool
    public var tags: [String]
    /// Where the rule was defined.
    public var file: String
    public var line: Int?
    /// Sources the condition reads, and event names when limited (nil = all events).
    public var sources: Set<RecordSource>
    /// Named findings written into the match's `evidence.fields` (`evidence:` in YAML), in order.
    public var evidenceFields: [EvidenceField] = []
    /// Whether its event records must have succeeded (already folded into `condition`).
    public var success: SuccessRequirement = .any
}

/// One declared evidence field: a name and a template whose placeholders are filled from the match.
/// `{group}` is the group key of the count that decided (e.g. the link), `{count}` its count,
/// `{field:NAME}` the value of NAME in the first record of the evidence; everything else is literal.
public struct EvidenceField: Sendable, Equatable {
    public enum Part: Sendable, Equatable { case literal(String), group, count, field(String) }
    public var name: String
    public var parts: [Part]

    public init(name: String, parts: [Part]) { self.name = name; self.parts = parts }

    /// Parses a template; nil with a message when a placeholder is unknown or unclosed.
    public static func parse(_ template: String) -> (parts: [Part]?, problem: String?) {
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            literal += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { return (nil, "unclosed '{' in '\(template)'") }
            let name = rest[rest.index(after: open)..<close]
            if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
            switch name {
            case "group": parts.append(.group)
            case "count": parts.append(.count)
            case let n where n.hasPrefix("field:") && n.count > 6: parts.append(.field(String(n.dropFirst(6))))
            default: return (nil, "unknown placeholder '{\(name)}' (use {group}, {count} or {field:NAME})")
            }
            rest = rest[rest.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return (parts, nil)
    }

    /// The field's value, or nil when a placeholder has nothing to fill it.
    func render(group: String?, count: Int?, first: Record?) -> String? {
        var out = ""
        for p in parts {
            switch p {
            case .literal(let s): out += s
            case .group: guard let group else { return nil }; out += group
            case .count: guard let count else { return nil }; out += String(count)
            case .field(let f): guard let v = first?.fields[f] else { return nil }; out += Predicate.strings(v).first ?? v.description
            }
        }
        return out
    }
}

/// Global exclusions: records from these images, on these paths or for these domains never count.
public struct Safelist: Sendable {
    public var images: [Glob] = []
    public var paths: [Glob] = []
    public var domains: [Glob] = []
    public init() {}

    func contains(_ r: Record) -> Bool {
        if !images.isEmpty, let img = r.fields["image"]?.stringValue, images.contains(where: { $0.matches(img) }) { return true }
        if !paths.isEmpty {
            for key in ["path", "new_path"] {
                if let p = r.fields[key]?.stringValue, paths.contains(where: { $0.matches(p) }) { return true }
            }
        }
        if !domains.isEmpty {
            for key in RecordSource.domainFields {
                if let d = r.fields[key]?.stringValue, r.source != .event, domains.contains(where: { $0.matches(d.lowercased()) }) { return true }
            }
        }
        return false
    }
}
