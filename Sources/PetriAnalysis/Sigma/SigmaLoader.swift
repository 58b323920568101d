import Foundation
import Yams

/// The outcome of loading Sigma rules: what compiled, every problem (file, line), and the rules left
/// out because they read a log petri does not record (counted by logsource).
public struct SigmaLoadResult: Sendable {
    public var rules: [SigmaRule] = []
    public var diagnostics: [Diagnostic] = []
    /// "category/product" (or "correlation") → number of rules skipped for it.
    public var skipped: [String: Int] = [:]
    public var files: [String] = []
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public init() {}

    public mutating func merge(_ o: SigmaLoadResult) {
        rules += o.rules; diagnostics += o.diagnostics; files += o.files
        for (k, v) in o.skipped { skipped[k, default: 0] += v }
    }

    /// One line for `profiles check`: loaded and skipped counts.
    public var summary: String {
        let n = skipped.values.reduce(0, +)
        var s = "\(rules.count) Sigma rules loaded"
        if n > 0 {
            let top = skipped.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(5).map { "\($0.key) \($0.value)" }
            s += ", \(n) skipped for logsources petri does not record (\(top.joined(separator: ", "))\(skipped.count > 5 ? ", ..." : ""))"
        }
        return s
    }
}

/// Reads Sigma rule files (SigmaHQ specification): read → validate → compile, every problem collected.
public enum SigmaLoader {
    /// Every `*.yml`/`*.yaml` under each directory, recursively, in path order. A file path is read as one rule file.
    public static func load(directories: [String]) -> SigmaLoadResult {
        var out = SigmaLoadResult()
        let fm = FileManager.default
        for dir in directories {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: dir, isDirectory: &isDir) else {
                out.diagnostics.append(Diagnostic(.error, .readFailed, file: dir, line: nil, keyPath: "", message: "no such Sigma rule folder"))
                continue
            }
            var paths: [String] = []
            if isDir.boolValue {
                let e = fm.enumerator(atPath: dir)
                while let rel = e?.nextObject() as? String {
                    if rel.hasSuffix(".yml") || rel.hasSuffix(".yaml") { paths.append((dir as NSString).appendingPathComponent(rel)) }
                }
                paths.sort()
            } else {
                paths = [dir]
            }
            for path in paths {
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    out.diagnostics.append(Diagnostic(.error, .readFailed, file: path, line: nil, keyPath: "", message: "cannot read file as UTF-8"))
                    continue
                }
                out.merge(load(text: text, file: path))
            }
        }
        var seen: [String: String] = [:]
        var unique: [SigmaRule] = []
        for r in out.rules {
            if let first = seen[r.id] {
                out.diagnostics.append(Diagnostic(.warning, .duplicateID, file: r.file, line: r.line, keyPath: "id",
                                                  message: "Sigma rule id \(r.id) is already defined in \(first); this one is ignored"))
                continue
            }
            seen[r.id] = r.file; unique.append(r)
        }
        out.rules = unique.sorted { $0.id < $1.id }
        return out
    }

    /// One Sigma rule file.
    public static func load(text: String, file: String) -> SigmaLoadResult {
        var c = SigmaCompiler(file: file)
        var out = SigmaLoadResult()
        out.files = [file]
        do {
            guard let root = try YAMLNesting.compose(text) else {
                c.error(.missingKey, nil, "", "empty Sigma rule file")
                out.diagnostics = c.diags
                return out
            }
            if let rule = c.compile(root) { out.rules = [rule] }
            if let s = c.skipped { out.skipped[s] = 1 }
        } catch let e as YamlError {
            switch e {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                c.diags.append(Diagnostic(.error, .yamlSyntax, file: file, line: mark.line, column: mark.column, keyPath: "", message: problem))
            default:
                c.diags.append(Diagnostic(.error, .yamlSyntax, file: file, line: nil, keyPath: "", message: "\(e)"))
            }
        } catch {
            c.diags.append(Diagnostic(.error, .yamlSyntax, file: file, line: nil, keyPath: "", message: "\(error)"))
        }
        out.diagnostics = c.diags
        return out
    }
}

struct SigmaCompiler {
    let file: String
    var diags: [Diagnostic] = []
    /// Set when the rule is valid Sigma but reads a log petri does not record.
    var skipped: String?

    init(file: String) { self.file = file }

    static let modifiers: Set<String> = ["contains", "startswith", "endswith", "all", "re", "i", "m", "s", "cidr", "base64",
                                         "base64offset", "windash", "exists", "cased", "lt", "lte", "gt", "gte", "fieldref",
                                         "wide", "utf16le", "utf16be", "utf16"]

    mutating func error(_ code: Diagnostic.Code, _ node: Node?, _ path: String, _ message: String, _ sev: Diagnostic.Severity = .error) {
        diags.append(Diagnostic(sev, code, file: file, line: node?.mark?.line, column: node?.mark?.column, keyPath: path, message: message))
    }

    func string(_ m: Node.Mapping, _ key: String) -> (String?, Node?) {
        guard let n = m[key] else { return (nil, nil) }
        return (n.scalar?.string, n)
    }

    mutating func compile(_ root: Node) -> SigmaRule? {
        guard let m = root.mapping else { error(.wrongType, root, "", "a Sigma rule is a mapping"); return nil }
        if m["correlation"] != nil { skipped = "correlation"; return nil }
        if m["filter"] != nil && m["detection"] == nil { skipped = "filter"; return nil }
        let (title, titleNode) = string(m, "title")
        guard let title, !title.isEmpty else {
            error(titleNode == nil ? .missingKey : .wrongType, titleNode ?? root, "title", "a Sigma rule needs a title (a string)")
            return nil
        }
        var ok = true
        let (rawID, idNode) = string(m, "id")
        if idNode != nil && rawID == nil { error(.wrongType, idNode, "id", "id must be a string"); ok = false }
        let id = rawID ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let description = string(m, "description").0 ?? ""
        var level = "medium"
        var severity = 3
        let (l, ln) = string(m, "level")
        if let ln {
            if let l, let s = SigmaRule.severity(level: l) { level = l.lowercased(); severity = s } else {
                error(.badValue, ln, "level", "level must be informational, low, medium, high or critical"); ok = false
            }
        }
        var tags: [String] = []
        if let tn = m["tags"] {
            if let seq = tn.sequence { tags = seq.compactMap { $0.scalar?.string } } else { error(.wrongType, tn, "tags", "tags must be a list"); ok = false }
        }
        var attack: [String] = []
        for t in tags { if let a = SigmaRule.technique(tag: t), !attack.contains(a) { attack.append(a) } }

        // logsource
        guard let ls = m["logsource"] else { error(.missingKey, root, "logsource", "a Sigma rule needs a logsource"); return nil }
        guard let lsm = ls.mapping else { error(.wrongType, ls, "logsource", "logsource must be a mapping"); return nil }
        let rawCategory = string(lsm, "category").0?.lowercased()
        let rawProduct = string(lsm, "product").0?.lowercased()
        let service = string(lsm, "service").0
        let category = rawCategory.flatMap(SigmaCategory.init(rawValue:))
        let product: SigmaProduct? = rawProduct == nil ? .any : rawProduct == "linux" ? .linux : rawProduct == "windows" ? .windows : nil
        let unsupported = category == nil || product == nil || service != nil

        // detection
        guard let dn = m["detection"] else { error(.missingKey, root, "detection", "a Sigma rule needs a detection"); return nil }
        guard let dm = dn.mapping else { error(.wrongType, dn, "detection", "detection must be a mapping"); return nil }
        var detections: [String: SigmaDetection] = [:]
        var names: [String] = []
        var conditionNode: Node?
        for (k, v) in dm {
            guard let name = k.string else { error(.wrongType, k, "detection", "detection keys are strings"); ok = false; continue }
            if name == "condition" { conditionNode = v; continue }
            if name == "timeframe" { continue }
            names.append(name)
            if let d = detection(v, "detection.\(name)", fieldsOf: unsupported ? nil : category) { detections[name] = d } else { ok = false }
        }
        guard let cn = conditionNode else { error(.missingKey, dn, "detection.condition", "detection needs a condition"); return nil }
        var conditions: [(String, Node)] = []
        if let s = cn.scalar?.string { conditions = [(s, cn)] }
        else if let seq = cn.sequence { conditions = seq.map { ($0.scalar?.string ?? "", $0) } }
        else { error(.wrongType, cn, "detection.condition", "condition must be a string or a list of strings"); return nil }
        var parsed: [SigmaCondition] = []
        for (text, node) in conditions {
            var p = SigmaConditionParser(identifiers: names)
            do { parsed.append(try p.parse(text)) } catch let f as SigmaConditionParser.Failure {
                error(f.message.contains("does not define") || f.message.contains("matches no") ? .undefinedReference : .badValue,
                      node, "detection.condition", f.message)
                ok = false
            } catch { ok = false }
        }
        guard ok, !parsed.isEmpty else { return nil }
        if unsupported {
            skipped = [rawCategory ?? service.map { "service \($0)" } ?? "no category", rawProduct ?? "any"].joined(separator: "/")
            return nil
        }
        return SigmaRule(id: id, title: title, description: description, level: level, severity: severity, attack: attack, tags: tags,
                         category: category!, product: product!, file: file, line: root.mark?.line, detections: detections,
                         condition: parsed.count == 1 ? parsed[0] : .or(parsed))
    }

    /// A search identifier's value. `fieldsOf` names the category whose field names are checked (warnings).
    mutating func detection(_ n: Node, _ path: String, fieldsOf category: SigmaCategory?) -> SigmaDetection? {
        // Keywords with modifiers: `'|all': [a, b]` (every keyword), `'|re': ...`.
        if let m = n.mapping, m.count == 1, let first = m.first, let key = first.key.string, key.hasPrefix("|") {
            let k = first.key, v = first.value
            let mods = key.split(separator: "|").map { $0.lowercased() }
            for mo in mods where !Self.modifiers.contains(mo) {
                error(.badValue, k, "\(path).\(key)", "unknown modifier '\(mo)' (petri supports: \(Self.modifiers.sorted().joined(separator: ", ")))")
                return nil
            }
            let valueMods = mods.filter { $0 != "all" }
            var ks: [[SigmaValueTest]] = []
            for item in v.sequence.map({ Array($0) }) ?? [v] {
                guard let forms = values(item, modifiers: valueMods.isEmpty ? ["contains"] : valueMods, "\(path).\(key)") else { return nil }
                ks.append(forms)
            }
            return mods.contains("all") ? .allKeywords(ks) : .keywords(ks)
        }
        if let m = n.mapping {
            var tests: [SigmaFieldTest] = []
            var ok = true
            for (k, v) in m {
                guard let key = k.string else { error(.wrongType, k, path, "field names are strings"); ok = false; continue }
                if let t = fieldTest(key, v, "\(path).\(key)", keyNode: k, fieldsOf: category) { tests.append(t) } else { ok = false }
            }
            return ok ? .fields(tests) : nil
        }
        if let seq = n.sequence {
            if seq.allSatisfy({ $0.mapping != nil }) {
                var ds: [SigmaDetection] = []
                for (i, item) in seq.enumerated() {
                    guard let d = detection(item, "\(path)[\(i)]", fieldsOf: category) else { return nil }
                    ds.append(d)
                }
                return .anyOf(ds)
            }
            guard seq.allSatisfy({ $0.scalar != nil }) else {
                error(.wrongType, n, path, "a list in a detection holds either field mappings or keywords, not both"); return nil
            }
            var ks: [[SigmaValueTest]] = []
            for item in seq {
                guard let forms = values(item, modifiers: ["contains"], path) else { return nil }
                ks.append(forms)
            }
            return .keywords(ks)
        }
        if n.scalar != nil {
            guard let forms = values(n, modifiers: ["contains"], path) else { return nil }
            return .keywords([forms])
        }
        error(.wrongType, n, path, "a search identifier is a mapping, a list of mappings or a list of keywords")
        return nil
    }

    mutating func fieldTest(_ key: String, _ v: Node, _ path: String, keyNode: Node, fieldsOf category: SigmaCategory?) -> SigmaFieldTest? {
        let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let field = parts[0]
        let mods = Array(parts.dropFirst()).map { $0.lowercased() }
        for mo in mods where !Self.modifiers.contains(mo) {
            let why = mo == "expand" ? "the expand modifier needs placeholder values petri does not have" : "unknown modifier '\(mo)'"
            error(.badValue, keyNode, path, why + " (petri supports: \(Self.modifiers.sorted().joined(separator: ", ")))")
            return nil
        }
        if let category, !field.isEmpty, let known = SigmaFieldMap.fields[category], !known.contains(where: { $0.caseInsensitiveCompare(field) == .orderedSame }) {
            error(.unknownField, keyNode, path, "petri's \(category.rawValue) events have no field '\(field)', so this test never matches "
                  + "(fields: \(known.joined(separator: ", ")))", .warning)
        }
        let items: [Node] = v.sequence.map { Array($0) } ?? [v]
        var forms: [[SigmaValueTest]] = []
        for item in items {
            guard let f = values(item, modifiers: mods.filter { $0 != "all" }, path) else { return nil }
            forms.append(f)
        }
        if field.isEmpty { error(.badValue, keyNode, path, "a field name is needed before '|'"); return nil }
        return SigmaFieldTest(field: field.lowercased(), values: forms, all: mods.contains("all"))
    }

    /// One value with its modifiers applied, as alternative tests (modifiers like windash expand a value).
    mutating func values(_ n: Node, modifiers mods: [String], _ path: String) -> [SigmaValueTest]? {
        guard let s = n.scalar else { error(.wrongType, n, path, "a value is a string, number, boolean or null"); return nil }
        let quoted = s.style == .singleQuoted || s.style == .doubleQuoted
        let raw = s.string
        let isNull = !quoted && ["null", "Null", "NULL", "~", ""].contains(raw)
        if isNull {
            guard mods.isEmpty else { error(.badValue, n, path, "null takes no modifiers"); return nil }
            return [.null]
        }
        let isBool = !quoted && ["true", "false"].contains(raw.lowercased())
        if mods.contains("exists") {
            guard isBool else { error(.badValue, n, path, "exists takes true or false"); return nil }
            return [.exists(raw.lowercased() == "true")]
        }
        if let cmp = mods.first(where: { ["lt", "lte", "gt", "gte"].contains($0) }) {
            guard let x = Double(raw), !quoted else { error(.badValue, n, path, "\(cmp) takes a number"); return nil }
            return [.compare(op: cmp, value: x)]
        }
        if mods.contains("re") {
            do {
                return [.regex(try SigmaRegex(raw, ignoreCase: mods.contains("i"), multiline: mods.contains("m"), dotAll: mods.contains("s")))]
            } catch {
                self.error(.badRegex, n, path, "invalid regular expression '\(raw)'"); return nil
            }
        }
        if mods.contains("cidr") {
            guard let c = CIDR(raw) else { error(.badCIDR, n, path, "invalid CIDR '\(raw)'"); return nil }
            return [.cidr(c)]
        }
        if mods.contains("fieldref") {
            let mode: SigmaPattern.Kind = mods.contains("contains") ? .contains : mods.contains("startswith") ? .prefix
                : mods.contains("endswith") ? .suffix : .exact
            return [.fieldRef(field: raw.lowercased(), mode: mode)]
        }
        if isBool && mods.isEmpty {
            let t = raw.lowercased() == "true"
            return [.pattern(SigmaPattern(parts: SigmaPattern.literal(Array((t ? "true" : "false").utf8)), cased: false)),
                    .pattern(SigmaPattern(parts: SigmaPattern.literal(Array((t ? "1" : "0").utf8)), cased: false))]
        }
        // Numbers are compared as their text (fields hold decimal text); strings parse wildcards and escapes.
        var forms: [[SigmaPattern.Part]] = [quoted || Int(raw) == nil ? SigmaPattern.parse(raw) : SigmaPattern.literal(Array(raw.utf8))]
        var encoding = "utf8"
        for mo in mods {
            switch mo {
            case "wide", "utf16le": encoding = "utf16le"
            case "utf16be": encoding = "utf16be"
            case "utf16": encoding = "utf16"
            case "base64", "base64offset":
                var next: [[SigmaPattern.Part]] = []
                for f in forms {
                    guard let bytes = Self.plain(f) else {
                        error(.badValue, n, path, "\(mo) cannot encode a value with wildcards"); return nil
                    }
                    let data = Self.encode(bytes, encoding)
                    if mo == "base64" { next.append(SigmaPattern.literal(Array(Data(data).base64EncodedString().utf8))) }
                    else { next += SigmaTransforms.base64Offsets(data).map { SigmaPattern.literal(Array($0.utf8)) } }
                }
                forms = next
            case "windash":
                var next: [[SigmaPattern.Part]] = []
                for f in forms {
                    guard let ex = SigmaTransforms.windash(f) else {
                        error(.badValue, n, path, "windash expands at most three dashes in one value"); return nil
                    }
                    next += ex
                }
                forms = next
            case "contains": forms = forms.map { f in (f.first == .any ? [] : [.any]) + f + (f.last == .any ? [] : [.any]) }
            case "startswith": forms = forms.map { f in f + (f.last == .any ? [] : [.any]) }
            case "endswith": forms = forms.map { f in (f.first == .any ? [] : [.any]) + f }
            default: break
            }
        }
        let cased = mods.contains("cased")
        return forms.map { .pattern(SigmaPattern(parts: $0, cased: cased)) }
    }

    /// The bytes of a pattern without wildcards, or nil.
    static func plain(_ parts: [SigmaPattern.Part]) -> [UInt8]? {
        var out: [UInt8] = []
        for p in parts { guard case .literal(let l) = p else { return nil }; out += l }
        return out
    }

    static func encode(_ utf8: [UInt8], _ encoding: String) -> [UInt8] {
        guard encoding != "utf8", let s = String(bytes: utf8, encoding: .utf8) else { return utf8 }
        var out: [UInt8] = encoding == "utf16" ? [0xFF, 0xFE] : []
        for u in s.utf16 {
            let lo = UInt8(u & 0xff), hi = UInt8(u >> 8)
            out += encoding == "utf16be" ? [hi, lo] : [lo, hi]
        }
        return out
    }
}
