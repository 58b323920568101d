import Foundation
import PetriModel

/// Evaluates a rule set over a finished run's record. Pure: the same report and rules give the same
/// matches, in rule-id order, so a stored report can be rescored.
public struct BehaviourEngine: Sendable {
    public let ruleSet: RuleSet
    /// Evidence lists are capped so one noisy rule cannot bloat the report.
    public var maxEvidence = 50

    public init(ruleSet: RuleSet) { self.ruleSet = ruleSet }

    /// Every matching enabled rule, with evidence; `contribution` is 0 until scored.
    /// `outbound` is extra sent data kept outside the report (see `OutboundData`); rescoring gives the
    /// same result when given the same (or, for both, no) outbound data.
    public func evaluate(_ report: Report, outbound: [OutboundData] = []) -> [BehaviourMatch] {
        let hits = CanaryTracker(canaries: report.canaries).scan(report, outbound: outbound)
        let enabled = ruleSet.rules.filter(\.enabled)
        let store = RecordStore(report: report, canaryHits: hits, runnerEvents: enabled.contains { $0.includeRunner })
        var out: [BehaviourMatch] = []
        for rule in enabled {
            let ctx = RuleContext(rule: rule, store: store, safelist: ruleSet.safelist)
            guard let result = ctx.evaluate(rule.condition), result.matched else { continue }
            var ev = evidence(result)
            var fields: [String: String] = [:]
            for f in rule.evidenceFields {
                if let v = f.render(group: result.group, count: result.count, first: result.records.first) { fields[f.name] = v }
            }
            if !fields.isEmpty { ev.fields = fields }
            out.append(BehaviourMatch(id: rule.id, title: rule.title, description: rule.description, severity: rule.severity,
                                      attack: rule.attack, mbc: rule.mbc, evidence: ev, contribution: 0))
        }
        let native = Set(out.map(\.id))
        out += SigmaEngine(rules: ruleSet.sigma).evaluate(report).filter { !native.contains($0.id) }
        return out
    }

    func evidence(_ r: ConditionResult) -> Evidence {
        var seqs = Set<UInt64>(), files: [String] = [], network: [String] = []
        var seenF = Set<String>(), seenN = Set<String>()
        var notes = r.notes
        var failed = Set<UInt64>()
        for rec in r.records {
            if rec.source == .canary {
                let f = rec.fields
                var n = "canary from \(f["file"]?.description ?? "?") (\(f["kind"]?.description ?? "?")) sent \(f["encoding"]?.description ?? "?") in \(f["channel"]?.description ?? "?") to \(f["destination"]?.description ?? "?")"
                if let pid = rec.pid { n += " by pid \(pid)" + (f["image"].map { " (\($0))" } ?? "") }
                if !notes.contains(n) { notes.append(n) }
            }
            if let s = rec.seq, rec.source == .event || rec.source == .attempt || rec.source == .canary { seqs.insert(s) }
            if rec.source == .event, let s = rec.seq, rec.fields["outcome"] == .string(EventOutcome.failed.rawValue),
               failed.insert(s).inserted, failed.count <= 3 {
                let f = rec.fields
                let what = [f["syscall"], f[ArgKey.path] ?? f[ArgKey.address] ?? f[ArgKey.targetPid]].compactMap { $0?.description }.joined(separator: " ")
                notes.append("attempt failed: \(what) (\(f["error"]?.description ?? "refused, as the record shows"))")
            }
            if let f = rec.evidenceFile, seenF.insert(f).inserted { files.append(f) }
            if let n = rec.evidenceNetwork, seenN.insert(n).inserted { network.append(n) }
        }
        let cited = Array(seqs.sorted().prefix(maxEvidence))
        let failedCited = cited.filter { failed.contains($0) }
        return Evidence(events: cited, files: Array(files.prefix(maxEvidence)),
                        network: Array(network.prefix(maxEvidence)), notes: notes,
                        failedEvents: failedCited.isEmpty ? nil : failedCited)
    }
}

struct ConditionResult {
    var matched: Bool
    var records: [Record] = []
    var notes: [String] = []
    /// Group key and size of the count that decided (the first matching one), for evidence fields.
    var group: String?
    var count: Int?

    /// Adds another matched result: records and notes append, the first group/count stays.
    mutating func absorb(_ r: ConditionResult) {
        records += r.records; notes += r.notes
        if group == nil && count == nil { group = r.group; count = r.count }
    }
}

struct RuleContext {
    let rule: BehaviourRule
    let store: RecordStore
    let safelist: Safelist
    let cap = 50

    func admissible(_ r: Record) -> Bool {
        if r.runner && !rule.includeRunner { return false }
        if rule.useSafelist && safelist.contains(r) { return false }
        return !rule.exclude.contains { $0.excludes(r) }
    }

    func candidates(_ p: Pattern) -> [Record] {
        guard let source = p.source else { return [] }
        let all = store.records(source)
        let pool: [Record]
        if source == .event, let names = p.eventNames {
            pool = Set(names).flatMap { store.eventsByName[$0] ?? [] }.sorted().map { all[$0] }
        } else {
            pool = all
        }
        return pool.filter { p.matches($0, bindings: [:]) && admissible($0) }
    }

    func evaluate(_ c: Condition) -> ConditionResult? {
        switch c {
        case .match(let p):
            let found = candidates(p)
            return ConditionResult(matched: !found.isEmpty, records: Array(found.prefix(cap)))
        case .sequence(let steps):
            return sequence(steps)
        case .count(let p, let minimum, let distinct, let groupBy, let groupRegex):
            return count(p, minimum: minimum, distinct: distinct, groupBy: groupBy, groupRegex: groupRegex)
        case .all(let cs):
            var out = ConditionResult(matched: true)
            for c in cs {
                guard let r = evaluate(c), r.matched else { return ConditionResult(matched: false) }
                out.absorb(r)
            }
            return out
        case .any(let cs):
            var out = ConditionResult(matched: false)
            for c in cs {
                if let r = evaluate(c), r.matched { out.matched = true; out.absorb(r) }
            }
            return out
        case .not(let c):
            return ConditionResult(matched: !(evaluate(c)?.matched ?? false))
        }
    }

    // MARK: sequences

    static func ordered(_ a: Record, before b: Record) -> Bool {
        if let sa = a.seq, let sb = b.seq, a.source == .event || a.source == .attempt, b.source == .event || b.source == .attempt {
            return sa < sb
        }
        if let ta = a.timeNs, let tb = b.timeNs { return ta <= tb }
        return true
    }

    func inScope(_ anchor: Int32?, _ r: Record) -> Bool {
        guard let anchor, let pid = r.pid else { return true }
        switch rule.scope {
        case .any: return true
        case .process: return anchor == pid
        case .tree: return store.related(anchor, pid)
        }
    }

    func sequence(_ steps: [Pattern]) -> ConditionResult {
        // Cheapest sources first, so a step with no candidates ends the search before big pools are scanned.
        var cands = Array(repeating: [Record](), count: steps.count)
        let byCost = steps.indices.sorted { (steps[$0].source == .event ? 1 : 0, $0) < (steps[$1].source == .event ? 1 : 0, $1) }
        for i in byCost {
            cands[i] = candidates(steps[i])
            if cands[i].isEmpty { return ConditionResult(matched: false) }
        }
        // Steps that test `field: $var` get their candidates indexed by that field's value.
        var keyed: [Int: (variable: String, index: [String: [Record]])] = [:]
        for i in steps.indices.dropFirst() {
            guard let (field, variable) = steps[i].predicates.lazy.compactMap({ p -> (String, String)? in
                if case .variable(let v) = p.predicate { return (p.field, v) }; return nil }).first else { continue }
            var index: [String: [Record]] = [:]
            for c in cands[i] {
                guard let v = c.fields[field] else { continue }
                for s in Predicate.strings(v) { index[Predicate.normalized(s), default: []].append(c) }
            }
            keyed[i] = (variable, index)
        }
        var chains: [[Record]] = []
        var seenFirst = Set<String>()

        func dfs(_ i: Int, _ lastOrdered: Record?, _ anchor: Int32?, _ bindings: [String: String], _ chain: [Record]) -> [Record]? {
            var pool = cands[i]
            if let k = keyed[i], let bound = bindings[k.variable] { pool = k.index[Predicate.normalized(bound)] ?? [] }
            for c in pool {
                if let last = lastOrdered, !Self.ordered(last, before: c) { continue }
                if !inScope(anchor, c) { continue }
                if !steps[i].matches(c, bindings: bindings) { continue }
                var b = bindings
                for (v, f) in steps[i].binds { if let val = c.fields[f] { b[v] = Predicate.strings(val).first ?? val.description } }
                let chain2 = chain + [c]
                if i == steps.count - 1 { return chain2 }
                let hasOrder = c.seq != nil || c.timeNs != nil
                if let done = dfs(i + 1, hasOrder ? c : lastOrdered, anchor ?? c.pid, b, chain2) { return done }
            }
            return nil
        }

        for first in cands[0] {
            var b: [String: String] = [:]
            for (v, f) in steps[0].binds { if let val = first.fields[f] { b[v] = Predicate.strings(val).first ?? val.description } }
            var key = b.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1}")
            if rule.scope != .any { key += "\u{1}pid=\(first.pid.map(String.init) ?? "-")" }
            // One attempt per distinct binding (and process): a later first step with the same binding can
            // only see fewer later records, so if the earliest failed it fails too.
            if !b.isEmpty && !seenFirst.insert(key).inserted { continue }
            let hasOrder = first.seq != nil || first.timeNs != nil
            if steps.count == 1 { chains.append([first]); break }
            if let chain = dfs(1, hasOrder ? first : nil, first.pid, b, [first]) {
                chains.append(chain)
                if chains.count >= 10 { break }
            }
        }
        guard !chains.isEmpty else { return ConditionResult(matched: false) }
        return ConditionResult(matched: true, records: Array(chains.joined().prefix(cap)),
                               notes: chains.count > 1 ? ["\(chains.count) matching sequences"] : [])
    }

    // MARK: counts

    func count(_ p: Pattern, minimum: Int, distinct: [String], groupBy: String?, groupRegex: CompiledRegex?) -> ConditionResult {
        let found = candidates(p)
        var groups: [String: (records: [Record], keys: Set<String>, count: Int)] = [:]
        var order: [String] = []
        for r in found {
            var g = ""
            if let groupBy {
                guard let v = r.fields[groupBy] else { continue }
                if let groupRegex {
                    guard let cap = Predicate.strings(v).lazy.compactMap({ groupRegex.capture($0) }).first else { continue }
                    g = cap
                } else { g = v.description }
            }
            if rule.scope == .process { g += "\u{1}pid=\(r.pid.map(String.init) ?? "-")" }
            if groups[g] == nil { groups[g] = ([], [], 0); order.append(g) }
            let key = distinct.map { r.fields[$0]?.description ?? "" }.joined(separator: "\u{1}")
            var entry = groups[g]!
            if distinct.isEmpty || entry.keys.insert(key).inserted {
                entry.count += 1
                if entry.records.count < cap { entry.records.append(r) }
            }
            groups[g] = entry
        }
        guard let best = order.max(by: { groups[$0]!.count < groups[$1]!.count }), let entry = groups[best], entry.count >= minimum else {
            return ConditionResult(matched: false)
        }
        let what = distinct.isEmpty ? "records" : "distinct \(distinct.joined(separator: "+"))"
        var note = "\(entry.count) \(what) (threshold \(minimum))"
        let key = best.split(separator: "\u{1}", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        if let groupBy { note += " for \(groupBy) \(key)" }
        return ConditionResult(matched: true, records: entry.records, notes: [note], group: groupBy == nil ? nil : key, count: entry.count)
    }
}
