import Foundation
import Yams

/// The loaded rule set: compiled rules indexed by what they read, plus lists and the safelist.
public struct RuleSet: Sendable {
    public var rules: [BehaviourRule]
    public var lists: [String: [String]]
    public var safelist: Safelist
    /// Rule indices by source they read; event rules also by event name ("*" = any name).
    public var bySource: [RecordSource: [Int]]
    public var byEventName: [String: [Int]]
    /// Sigma rules evaluated beside the native ones (Sigma/SigmaEngine.swift).
    public var sigma: [SigmaRule] = []

    public init(rules: [BehaviourRule], lists: [String: [String]] = [:], safelist: Safelist = Safelist()) {
        self.rules = rules.sorted { $0.id < $1.id }
        self.lists = lists; self.safelist = safelist
        var bySource: [RecordSource: [Int]] = [:]
        var byName: [String: [Int]] = [:]
        for (i, r) in self.rules.enumerated() {
            for s in r.sources { bySource[s, default: []].append(i) }
            if r.sources.contains(.event) {
                for n in RuleSet.eventNames(r.condition) ?? ["*"] { byName[n, default: []].append(i) }
            }
        }
        self.bySource = bySource; self.byEventName = byName
    }

    public func rule(id: String) -> BehaviourRule? { rules.first { $0.id == id } }

    static func eventNames(_ c: Condition) -> [String]? {
        func pat(_ p: Pattern) -> [String]? { p.source == .event ? (p.eventNames ?? nil) : [] }
        switch c {
        case .match(let p), .count(let p, _, _, _, _): return pat(p)
        case .sequence(let ps):
            var out: [String] = []
            for p in ps { guard let n = pat(p) else { return nil }; out += n }
            return out
        case .all(let cs), .any(let cs):
            var out: [String] = []
            for c in cs { guard let n = eventNames(c) else { return nil }; out += n }
            return out
        case .not(let c): return eventNames(c)
        }
    }
}

/// The outcome of loading: whatever compiled, and every problem found.
public struct RuleLoadResult: Sendable {
    public var ruleSet: RuleSet
    public var diagnostics: [Diagnostic]
    public var files: [String]
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Staged loader: read (files → YAML nodes) → validate + compile (every problem collected) → index.
public enum RuleLoader {
    /// Loads every `*.yaml`/`*.yml` in `directory` (sorted by name, not recursive).
    public static func load(directory: String) -> RuleLoadResult {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue,
              let names = try? fm.contentsOfDirectory(atPath: directory) else {
            return RuleLoadResult(ruleSet: RuleSet(rules: []), diagnostics: [
                Diagnostic(.error, .readFailed, file: directory, line: nil, keyPath: "", message: "not a readable directory")], files: [])
        }
        var sources: [(file: String, text: String)] = []
        var diags: [Diagnostic] = []
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let path = (directory as NSString).appendingPathComponent(name)
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                sources.append((path, text))
            } else {
                diags.append(Diagnostic(.error, .readFailed, file: path, line: nil, keyPath: "", message: "cannot read file as UTF-8"))
            }
        }
        var result = load(sources: sources)
        result.diagnostics = diags + result.diagnostics
        return result
    }

    /// Loads rules from in-memory YAML texts (file names are used in diagnostics only).
    public static func load(sources: [(file: String, text: String)]) -> RuleLoadResult {
        var compiler = RuleCompiler()
        // Stage 1: read.
        var docs: [(String, Node)] = []
        for (file, text) in sources {
            do {
                if let node = try YAMLNesting.compose(text) { docs.append((file, node)) }
            } catch let e as YamlError {
                compiler.yamlError(e, file: file)
            } catch {
                compiler.diags.append(Diagnostic(.error, .yamlSyntax, file: file, line: nil, keyPath: "", message: "\(error)"))
            }
        }
        // Stage 2: gather shared definitions first, so references may point into any file.
        for (file, node) in docs { compiler.gatherDefinitions(node, file: file) }
        // Stage 3: validate and compile rules.
        for (file, node) in docs { compiler.compileFile(node, file: file) }
        if compiler.rules.isEmpty && !sources.isEmpty {
            compiler.diags.append(Diagnostic(.warning, .noRules, file: sources.map(\.file).joined(separator: ", "), line: nil,
                                             keyPath: "", message: "no rules defined"))
        }
        // Stage 4: index.
        let set = RuleSet(rules: compiler.rules, lists: compiler.lists, safelist: compiler.safelist)
        return RuleLoadResult(ruleSet: set, diagnostics: compiler.diags, files: sources.map(\.file))
    }
}

struct RuleCompiler {
    var diags: [Diagnostic] = []
    var rules: [BehaviourRule] = []
    var lists: [String: [String]] = [:]
    var namedConditions: [String: (file: String, path: String, node: Node)] = [:]
    var compiledConditions: [String: Condition] = [:]
    var compiling: Set<String> = []
    /// Named conditions that failed to compile: reported once, not again at every reference.
    var failedConditions: Set<String> = []
    var safelist = Safelist()
    var seenIDs: [String: String] = [:]

    static let fileKeys: Set<String> = ["rules", "lists", "conditions", "safelist"]
    static let ruleKeys: Set<String> = ["id", "title", "description", "severity", "attack", "mbc", "scope", "condition",
                                        "exclude", "include_runner", "safelist", "enabled", "tags", "references", "evidence", "success"]
    static let conditionKeys: Set<String> = ["match", "sequence", "count", "all", "any", "not", "ref"]
    static let countKeys: Set<String> = ["match", "min", "distinct", "group_by", "group_regex"]
    static let predicateKeys: Set<String> = ["glob", "iglob", "regex", "in", "eq", "ieq", "ne", "cidr", "has_all", "has_any",
                                             "contains", "min", "max", "len_min", "len_max", "entropy_min", "exists",
                                             "same_as", "not", "any"]
    static let allFields: Set<String> = RecordSource.allCases.reduce(into: Set()) { $0.formUnion($1.fields) }

    // MARK: diagnostics

    mutating func error(_ code: Diagnostic.Code, _ file: String, _ node: Node?, _ path: String, _ message: String) {
        diags.append(Diagnostic(.error, code, file: file, line: node?.mark?.line, column: node?.mark?.column, keyPath: path, message: message))
    }

    mutating func yamlError(_ e: YamlError, file: String) {
        switch e {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            diags.append(Diagnostic(.error, .yamlSyntax, file: file, line: mark.line, column: mark.column, keyPath: "", message: problem))
        default:
            diags.append(Diagnostic(.error, .yamlSyntax, file: file, line: nil, keyPath: "", message: "\(e)"))
        }
    }

    /// Checks a mapping's keys against the allowed set; returns the pairs keyed by string.
    mutating func mapping(_ node: Node, _ file: String, _ path: String, allowed: Set<String>?, what: String) -> [(String, Node, Node)]? {
        guard let m = node.mapping else {
            error(.wrongType, file, node, path, "\(what) must be a mapping")
            return nil
        }
        var out: [(String, Node, Node)] = []
        for (k, v) in m {
            guard let key = k.string else { error(.wrongType, file, k, path, "keys must be strings"); continue }
            if let allowed, !allowed.contains(key) {
                let hint = Self.suggestion(for: key, in: allowed).map { "did you mean '\($0)'? " } ?? ""
                error(.unknownKey, file, k, join(path, key), "unknown key '\(key)' in \(what); \(hint)allowed: \(allowed.sorted().joined(separator: ", "))")
                continue
            }
            out.append((key, k, v))
        }
        return out
    }

    /// The closest allowed name within an edit distance of 2, for "did you mean" hints.
    static func suggestion(for key: String, in allowed: Set<String>) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var prev = Array(0...b.count)
            for i in 1...max(a.count, 1) where !a.isEmpty {
                var cur = [i] + Array(repeating: 0, count: b.count)
                for j in 1...max(b.count, 1) where !b.isEmpty {
                    cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                }
                prev = cur
            }
            return a.isEmpty ? b.count : prev[b.count]
        }
        let k = Array(key)
        let best = allowed.sorted().map { ($0, distance(k, Array($0))) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= 2, best.1 < key.count else { return nil }
        return best.0
    }

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    mutating func string(_ node: Node, _ file: String, _ path: String) -> String? {
        guard case .scalar(let s) = node else { error(.wrongType, file, node, path, "expected a string"); return nil }
        return s.string
    }

    /// A string or a list of strings; `@name` entries expand to the named list.
    mutating func strings(_ node: Node, _ file: String, _ path: String) -> [String]? {
        var raw: [(String, Node, String)] = []
        switch node {
        case .scalar(let s): raw = [(s.string, node, path)]
        case .sequence(let seq):
            for (i, n) in seq.enumerated() {
                guard case .scalar(let s) = n else { error(.wrongType, file, n, "\(path)[\(i)]", "expected a string"); return nil }
                raw.append((s.string, n, "\(path)[\(i)]"))
            }
        case .mapping: error(.wrongType, file, node, path, "expected a string or a list of strings"); return nil
        }
        var out: [String] = []
        var ok = true
        for (s, n, p) in raw {
            if s.hasPrefix("@") {
                if let l = lists[String(s.dropFirst())] { out += l } else {
                    error(.undefinedReference, file, n, p, "undefined list '\(s.dropFirst())'"); ok = false
                }
            } else { out.append(s) }
        }
        return ok ? out : nil
    }

    // MARK: definitions

    mutating func gatherDefinitions(_ root: Node, file: String) {
        guard let top = root.mapping else { return }   // reported in compileFile
        if let listsNode = top["lists"] {
            if let pairs = mapping(listsNode, file, "lists", allowed: nil, what: "lists") {
                for (name, _, v) in pairs {
                    var items: [String] = []
                    for (i, n) in v.array().enumerated() { if let s = n.string { items.append(s) } else {
                        error(.wrongType, file, n, "lists.\(name)[\(i)]", "list items must be strings") } }
                    if v.sequence == nil { error(.wrongType, file, v, "lists.\(name)", "a list must be a sequence of strings") }
                    lists[name, default: []] += items
                }
            }
        }
        if let conds = top["conditions"], let pairs = mapping(conds, file, "conditions", allowed: nil, what: "conditions") {
            for (name, _, v) in pairs { namedConditions[name] = (file, "conditions.\(name)", v) }
        }
        if let sl = top["safelist"], let pairs = mapping(sl, file, "safelist", allowed: ["images", "paths", "domains"], what: "safelist") {
            for (key, _, v) in pairs {
                guard let items = strings(v, file, "safelist.\(key)") else { continue }
                switch key {
                case "images": safelist.images += items.map { Glob($0) }
                case "paths": safelist.paths += items.map { Glob($0) }
                default: safelist.domains += items.map { Glob($0.lowercased()) }
                }
            }
        }
    }

    // MARK: rules

    mutating func compileFile(_ root: Node, file: String) {
        guard let pairs = mapping(root, file, "", allowed: Self.fileKeys, what: "a rules file") else { return }
        for (key, _, v) in pairs where key == "rules" {
            guard let seq = v.sequence else { error(.wrongType, file, v, "rules", "rules must be a list"); continue }
            for (i, r) in seq.enumerated() { compileRule(r, file: file, path: "rules[\(i)]") }
        }
        // Named conditions are compiled (and so checked) even when no rule uses them.
        for (name, def) in namedConditions.sorted(by: { $0.key < $1.key }) where def.file == file && compiledConditions[name] == nil {
            _ = namedCondition(name, file: file, node: nil, path: def.path)
        }
    }

    mutating func compileRule(_ node: Node, file: String, path rawPath: String) {
        // Key paths name the rule by id when it has one: rules[3](reads-ssh-keys).condition...
        let path = node.mapping?["id"]?.string.map { "\(rawPath)(\($0))" } ?? rawPath
        guard let pairs = mapping(node, file, path, allowed: Self.ruleKeys, what: "a rule") else { return }
        var d: [String: (Node, Node)] = [:]
        for (k, kn, v) in pairs { d[k] = (kn, v) }
        var ok = true
        for req in ["id", "title", "description", "severity", "attack", "condition"] where d[req] == nil {
            error(.missingKey, file, node, path, "rule is missing required key '\(req)'"); ok = false
        }
        let id = d["id"].flatMap { string($0.1, file, "\(path).id") } ?? ""
        let rpath = path
        if !id.isEmpty {
            if id.range(of: "^[a-z0-9][a-z0-9._-]*$", options: .regularExpression) == nil {
                error(.badValue, file, d["id"]!.1, "\(rpath).id", "rule ids are lower-case letters, digits, '.', '_' and '-'"); ok = false
            }
            if let prev = seenIDs[id] {
                error(.duplicateID, file, d["id"]!.1, "\(rpath).id", "rule id '\(id)' is already defined in \(prev)"); ok = false
            }
            seenIDs[id] = file
        }
        let title = d["title"].flatMap { string($0.1, file, "\(rpath).title") } ?? ""
        let description = d["description"].flatMap { string($0.1, file, "\(rpath).description") } ?? ""
        var severity = 0
        if let (_, sv) = d["severity"] {
            if let s = sv.int, (1...5).contains(s) { severity = s } else {
                error(.badValue, file, sv, "\(rpath).severity", "severity must be an integer from 1 to 5"); ok = false
            }
        }
        var attack: [String] = []
        if let (_, av) = d["attack"] {
            attack = strings(av, file, "\(rpath).attack") ?? []
            for (i, a) in attack.enumerated() where a.range(of: "^T[0-9]{4}(\\.[0-9]{3})?$", options: .regularExpression) == nil {
                error(.badValue, file, av.sequence?[i] ?? av, "\(rpath).attack[\(i)]", "'\(a)' is not an ATT&CK technique id (T1234 or T1234.001)"); ok = false
            }
            if attack.isEmpty { error(.badValue, file, av, "\(rpath).attack", "at least one ATT&CK technique id is required"); ok = false }
        }
        let mbc = d["mbc"].flatMap { strings($0.1, file, "\(rpath).mbc") } ?? []
        let tags = d["tags"].flatMap { strings($0.1, file, "\(rpath).tags") } ?? []
        if let (_, rv) = d["references"] { _ = strings(rv, file, "\(rpath).references") }
        var scope = Scope.tree
        if let (_, sv) = d["scope"], let s = string(sv, file, "\(rpath).scope") {
            if let sc = Scope(rawValue: s) { scope = sc } else {
                error(.badValue, file, sv, "\(rpath).scope", "scope must be one of process, tree, any"); ok = false
            }
        }
        let includeRunner = d["include_runner"].map { bool($0.1, file, "\(rpath).include_runner") } ?? false
        var success = SuccessRequirement.any
        if let (_, sv) = d["success"], let s = string(sv, file, "\(rpath).success") {
            if let v = SuccessRequirement(rawValue: s) { success = v } else {
                error(.badValue, file, sv, "\(rpath).success", "success must be one of any, required, failed"); ok = false
            }
        }
        let useSafelist = d["safelist"].map { bool($0.1, file, "\(rpath).safelist") } ?? true
        let enabled = d["enabled"].map { bool($0.1, file, "\(rpath).enabled") } ?? true
        var exclude: [Pattern] = []
        if let (_, ev) = d["exclude"] {
            if let seq = ev.sequence {
                for (i, e) in seq.enumerated() {
                    if let p = pattern(e, file: file, path: "\(rpath).exclude[\(i)]", defaultSource: nil, bound: []) { exclude.append(p) } else { ok = false }
                }
            } else { error(.wrongType, file, ev, "\(rpath).exclude", "exclude must be a list of field patterns"); ok = false }
        }
        var evidenceFields: [EvidenceField] = []
        if let (_, ev) = d["evidence"], let pairs = mapping(ev, file, "\(rpath).evidence", allowed: nil, what: "evidence") {
            for (name, kn, vn) in pairs {
                let fpath = "\(rpath).evidence.\(name)"
                guard name.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil else {
                    error(.badValue, file, kn, fpath, "evidence field names are lower-case letters, digits and '_'"); ok = false; continue
                }
                guard let template = string(vn, file, fpath) else { ok = false; continue }
                let (parts, problem) = EvidenceField.parse(template)
                guard let parts else { error(.badValue, file, vn, fpath, problem ?? "bad template"); ok = false; continue }
                for case .field(let f) in parts where !Self.allFields.contains(f) {
                    error(.unknownField, file, vn, fpath, "unknown field '\(f)'"); ok = false
                }
                evidenceFields.append(EvidenceField(name: name, parts: parts))
            }
        } else if d["evidence"] != nil { ok = false }
        var condition: Condition?
        if let (_, cv) = d["condition"] {
            let before = diags.count
            condition = compileCondition(cv, file: file, path: "\(rpath).condition")
            if diags.count > before { ok = false }
        }
        guard ok, let condition else { return }
        rules.append(BehaviourRule(id: id, title: title, description: description, severity: severity, attack: attack, mbc: mbc,
                                   scope: scope, condition: condition.requiring(success), exclude: exclude, includeRunner: includeRunner,
                                   useSafelist: useSafelist, enabled: enabled, tags: tags, file: file, line: node.mark?.line,
                                   sources: Self.sources(condition), evidenceFields: evidenceFields, success: success))
    }

    mutating func bool(_ node: Node, _ file: String, _ path: String) -> Bool {
        if let b = node.bool { return b }
        error(.wrongType, file, node, path, "expected true or false")
        return false
    }

    static func sources(_ c: Condition) -> Set<RecordSource> {
        switch c {
        case .match(let p), .count(let p, _, _, _, _): return p.source.map { [$0] } ?? []
        case .sequence(let ps): return Set(ps.compactMap(\.source))
        case .all(let cs), .any(let cs): return cs.reduce(into: Set()) { $0.formUnion(sources($1)) }
        case .not(let c): return sources(c)
        }
    }

    // MARK: conditions

    mutating func compileCondition(_ node: Node, file: String, path: String) -> Condition? {
        guard let pairs = mapping(node, file, path, allowed: Self.conditionKeys, what: "a condition") else { return nil }
        guard pairs.count == 1, let (key, _, v) = pairs.first else {
            if !pairs.isEmpty || node.mapping?.count == 0 {
                error(.badValue, file, node, path, "a condition has exactly one of: \(Self.conditionKeys.sorted().joined(separator: ", "))")
            }
            return nil
        }
        let p = join(path, key)
        switch key {
        case "match":
            return pattern(v, file: file, path: p, bound: []).map { .match($0) }
        case "sequence":
            guard let seq = v.sequence, seq.count >= 2 else {
                error(.badValue, file, v, p, "a sequence is a list of at least two patterns"); return nil
            }
            var steps: [Pattern] = []
            var bound: Set<String> = []
            var ok = true
            for (i, s) in seq.enumerated() {
                if let step = pattern(s, file: file, path: "\(p)[\(i)]", bound: bound) {
                    steps.append(step); bound.formUnion(step.binds.map(\.variable))
                } else { ok = false }
            }
            return ok ? .sequence(steps) : nil
        case "count":
            guard let pairs = mapping(v, file, p, allowed: Self.countKeys, what: "a count") else { return nil }
            var d: [String: Node] = [:]
            for (k, _, n) in pairs { d[k] = n }
            guard let mn = d["match"] else { error(.missingKey, file, v, p, "count needs 'match'"); return nil }
            guard let pat = pattern(mn, file: file, path: "\(p).match", bound: []) else { return nil }
            var minimum = 1
            if let n = d["min"] { if let i = n.int, i >= 1 { minimum = i } else { error(.badValue, file, n, "\(p).min", "min must be an integer ≥ 1"); return nil } }
            let fields = pat.source?.fields ?? Self.allFields
            var distinct: [String] = []
            if let n = d["distinct"], let ds = strings(n, file, "\(p).distinct") {
                for f in ds where !fields.contains(f) { error(.unknownField, file, n, "\(p).distinct", "unknown field '\(f)' for source \(pat.source?.rawValue ?? "any")"); return nil }
                distinct = ds
            }
            var groupBy: String?
            if let n = d["group_by"], let g = string(n, file, "\(p).group_by") {
                guard fields.contains(g) else { error(.unknownField, file, n, "\(p).group_by", "unknown field '\(g)' for source \(pat.source?.rawValue ?? "any")"); return nil }
                groupBy = g
            }
            var groupRegex: CompiledRegex?
            if let n = d["group_regex"], let s = string(n, file, "\(p).group_regex") {
                if groupBy == nil { error(.missingKey, file, n, "\(p).group_regex", "group_regex needs group_by"); return nil }
                do { groupRegex = try CompiledRegex(s) } catch {
                    self.error(.badRegex, file, n, "\(p).group_regex", "bad regular expression '\(s)'"); return nil
                }
            }
            return .count(pat, min: minimum, distinct: distinct, groupBy: groupBy, groupRegex: groupRegex)
        case "all", "any":
            guard let seq = v.sequence, !seq.isEmpty else { error(.badValue, file, v, p, "'\(key)' is a non-empty list of conditions"); return nil }
            var cs: [Condition] = []
            var ok = true
            for (i, c) in seq.enumerated() { if let cc = compileCondition(c, file: file, path: "\(p)[\(i)]") { cs.append(cc) } else { ok = false } }
            guard ok else { return nil }
            return key == "all" ? .all(cs) : .any(cs)
        case "not":
            return compileCondition(v, file: file, path: p).map { .not($0) }
        default: // ref
            guard let name = string(v, file, p) else { return nil }
            return namedCondition(name, file: file, node: v, path: p)
        }
    }

    mutating func namedCondition(_ name: String, file: String, node: Node?, path: String) -> Condition? {
        if let c = compiledConditions[name] { return c }
        if failedConditions.contains(name) { return nil }
        guard let def = namedConditions[name] else {
            error(.undefinedReference, file, node, path, "undefined condition '\(name)'"); return nil
        }
        if compiling.contains(name) { error(.badValue, file, node, path, "condition '\(name)' refers to itself"); return nil }
        compiling.insert(name)
        defer { compiling.remove(name) }
        let before = diags.count
        let c = compileCondition(def.node, file: def.file, path: def.path)
        if let c, diags.count == before { compiledConditions[name] = c } else { failedConditions.insert(name); return nil }
        return c
    }

    // MARK: patterns and predicates

    /// `defaultSource` is `.event` for conditions and nil for exclusions (which then apply to any source).
    mutating func pattern(_ node: Node, file: String, path: String, defaultSource: RecordSource? = .event, bound: Set<String>) -> Pattern? {
        guard let pairs = mapping(node, file, path, allowed: nil, what: "a pattern") else { return nil }
        var source: RecordSource? = defaultSource
        for (k, kn, v) in pairs where k == "source" {
            guard let s = string(v, file, join(path, k)) else { return nil }
            guard let src = RecordSource(rawValue: s) else {
                error(.badValue, file, kn, join(path, k), "unknown source '\(s)' (one of \(RecordSource.allCases.map(\.rawValue).joined(separator: ", ")))")
                return nil
            }
            source = src
        }
        let fields = source?.fields ?? Self.allFields
        var preds: [(String, Predicate)] = []
        var binds: [(String, String)] = []
        var eventNames: [String]?
        var ok = true
        var bindable = bound
        for (k, _, v) in pairs where k == "bind" {
            guard let bp = mapping(v, file, join(path, k), allowed: nil, what: "bind") else { ok = false; continue }
            for (varName, vn, fv) in bp {
                guard let f = string(fv, file, join(join(path, k), varName)) else { ok = false; continue }
                if !fields.contains(f) { error(.unknownField, file, vn, join(join(path, k), varName), "unknown field '\(f)' for source \(source?.rawValue ?? "any")"); ok = false; continue }
                binds.append((varName, f)); bindable.insert(varName)
            }
        }
        for (k, kn, v) in pairs where k != "source" && k != "bind" {
            let p = join(path, k)
            guard fields.contains(k) else {
                let hint = Self.suggestion(for: k, in: fields).map { "; did you mean '\($0)'?" } ?? ""
                error(.unknownField, file, kn, p, "unknown field '\(k)' for source \(source?.rawValue ?? "any")\(hint)"); ok = false; continue
            }
            guard let pred = predicate(v, file: file, path: p) else { ok = false; continue }
            for variable in pred.variables where !bindable.contains(variable) {
                error(.unboundVariable, file, v, p, "variable '$\(variable)' is not bound by an earlier step (use bind:)"); ok = false
            }
            if source == .event && k == "syscall", case .glob(let gs) = pred,
               gs.allSatisfy({ !$0.pattern.contains(where: { "*?[".contains($0) }) }) {
                eventNames = gs.map(\.pattern)
            }
            preds.append((k, pred))
        }
        guard ok else { return nil }
        return Pattern(source: source, predicates: preds, binds: binds, eventNames: eventNames)
    }

    mutating func predicate(_ node: Node, file: String, path: String) -> Predicate? {
        switch node {
        case .scalar(let s):
            let text = s.string
            if text.hasPrefix("$") && text.count > 1 { return .variable(String(text.dropFirst())) }
            return globs(node, file: file, path: path, caseInsensitive: false)
        case .sequence:
            return globs(node, file: file, path: path, caseInsensitive: false)
        case .mapping:
            guard let pairs = mapping(node, file, path, allowed: Self.predicateKeys, what: "a predicate") else { return nil }
            var parts: [Predicate] = []
            var ok = true
            for (k, _, v) in pairs {
                let p = join(path, k)
                var part: Predicate?
                switch k {
                case "glob": part = globs(v, file: file, path: p, caseInsensitive: false)
                case "iglob": part = globs(v, file: file, path: p, caseInsensitive: true)
                case "regex":
                    if let ss = strings(v, file, p) {
                        var rs: [Predicate] = []
                        for (i, s) in ss.enumerated() {
                            do { rs.append(.regex(try CompiledRegex(s))) } catch {
                                self.error(.badRegex, file, v.sequence?[i] ?? v, ss.count > 1 ? "\(p)[\(i)]" : p, "bad regular expression '\(s)'")
                            }
                        }
                        if rs.count == ss.count { part = rs.count == 1 ? rs[0] : .anyOf(rs) }
                    }
                case "in": part = strings(v, file, p).map { .oneOf(Set($0)) }
                case "eq", "ne":
                    if let s = string(v, file, p) {
                        if s.hasPrefix("$") && k == "eq" { part = .variable(String(s.dropFirst())) }
                        else { part = k == "eq" ? .equals(s) : .notEquals(s) }
                    }
                case "ieq":
                    if let s = string(v, file, p) {
                        part = s.hasPrefix("$") ? .equalsIgnoringCase(String(s.dropFirst()), isVariable: true) : .equalsIgnoringCase(s, isVariable: false)
                    }
                case "cidr":
                    if let ss = strings(v, file, p) {
                        var nets: [CIDR] = []
                        for s in ss { if let c = CIDR(s) { nets.append(c) } else { error(.badCIDR, file, v, p, "'\(s)' is not an address or CIDR network") } }
                        if nets.count == ss.count { part = .cidr(nets) }
                    }
                case "has_all": part = strings(v, file, p).map { .hasAllFlags($0) }
                case "has_any": part = strings(v, file, p).map { .hasAnyFlag($0) }
                case "contains": part = strings(v, file, p).map { .contains($0, $0.map { Glob($0) }) }
                case "min", "max":
                    if let i = v.int { part = k == "min" ? .atLeast(Int64(i)) : .atMost(Int64(i)) } else { error(.wrongType, file, v, p, "expected an integer") }
                case "len_min", "len_max":
                    if let i = v.int, i >= 0 { part = k == "len_min" ? .lengthAtLeast(i) : .lengthAtMost(i) } else { error(.wrongType, file, v, p, "expected a non-negative integer") }
                case "entropy_min":
                    if let d = v.float { part = .entropyAtLeast(d) } else { error(.wrongType, file, v, p, "expected a number") }
                case "exists":
                    part = .exists(bool(v, file, p))
                case "same_as":
                    if let f = string(v, file, p) {
                        if Self.allFields.contains(f) { part = .sameAs(f) } else { error(.unknownField, file, v, p, "unknown field '\(f)'") }
                    }
                case "not": part = predicate(v, file: file, path: p).map { .not($0) }
                default: // any
                    if let seq = v.sequence {
                        var ps: [Predicate] = []
                        for (i, n) in seq.enumerated() { if let q = predicate(n, file: file, path: "\(p)[\(i)]") { ps.append(q) } }
                        if ps.count == seq.count { part = .anyOf(ps) }
                    } else { error(.wrongType, file, v, p, "'any' is a list of predicates") }
                }
                if let part { parts.append(part) } else { ok = false }
            }
            guard ok else { return nil }
            if parts.isEmpty { error(.badValue, file, node, path, "empty predicate"); return nil }
            return parts.count == 1 ? parts[0] : .allOf(parts)
        }
    }

    mutating func globs(_ node: Node, file: String, path: String, caseInsensitive: Bool) -> Predicate? {
        guard let ss = strings(node, file, path) else { return nil }
        var ok = true
        for s in ss { if let problem = Glob.problem(in: s) { error(.badGlob, file, node, path, "\(problem): '\(s)'"); ok = false } }
        return ok ? .glob(ss.map { Glob($0, caseInsensitive: caseInsensitive) }) : nil
    }
}
