/// Parses a Sigma `condition:` string: identifiers, `and`, `or`, `not`, parentheses, `1 of PATTERN`,
/// `all of PATTERN`, `them`. Precedence (SigmaHQ specification): `not` binds tightest, then `and`, then `or`.
/// Patterns may end in `*`; `them` means every identifier except those starting with `_`.
struct SigmaConditionParser {
    struct Failure: Error { var message: String }

    enum Token: Equatable { case word(String), open, close }

    let identifiers: [String]
    var tokens: [Token] = []
    var pos = 0

    init(identifiers: [String]) { self.identifiers = identifiers }

    static func tokenize(_ s: String) throws -> [Token] {
        var out: [Token] = []
        var word = ""
        func flush() { if !word.isEmpty { out.append(.word(word)); word = "" } }
        for c in s {
            switch c {
            case "(": flush(); out.append(.open)
            case ")": flush(); out.append(.close)
            case " ", "\t", "\n", "\r": flush()
            case "|": throw Failure(message: "aggregations ('|' in the condition) are deprecated in Sigma; use a correlation rule")
            default:
                guard c.isLetter || c.isNumber || c == "_" || c == "*" || c == "-" || c == "." else {
                    throw Failure(message: "unexpected character '\(c)' in condition")
                }
                word.append(c)
            }
        }
        flush()
        return out
    }

    mutating func parse(_ s: String) throws -> SigmaCondition {
        tokens = try Self.tokenize(s); pos = 0
        guard !tokens.isEmpty else { throw Failure(message: "empty condition") }
        let c = try parseOr()
        if pos < tokens.count { throw Failure(message: "unexpected '\(describe(tokens[pos]))' in condition") }
        return c
    }

    func describe(_ t: Token) -> String {
        switch t { case .word(let w): return w; case .open: return "("; case .close: return ")" }
    }

    func peekKeyword(_ k: String) -> Bool {
        guard pos < tokens.count, case .word(let w) = tokens[pos] else { return false }
        return w.lowercased() == k
    }

    mutating func parseOr() throws -> SigmaCondition {
        var terms = [try parseAnd()]
        while peekKeyword("or") { pos += 1; terms.append(try parseAnd()) }
        return terms.count == 1 ? terms[0] : .or(terms)
    }

    mutating func parseAnd() throws -> SigmaCondition {
        var terms = [try parseNot()]
        while peekKeyword("and") { pos += 1; terms.append(try parseNot()) }
        return terms.count == 1 ? terms[0] : .and(terms)
    }

    mutating func parseNot() throws -> SigmaCondition {
        if peekKeyword("not") { pos += 1; return .not(try parseNot()) }
        return try parseAtom()
    }

    mutating func parseAtom() throws -> SigmaCondition {
        guard pos < tokens.count else { throw Failure(message: "condition ends where an identifier was expected") }
        let t = tokens[pos]; pos += 1
        switch t {
        case .open:
            let c = try parseOr()
            guard pos < tokens.count, tokens[pos] == .close else { throw Failure(message: "missing ')' in condition") }
            pos += 1
            return c
        case .close:
            throw Failure(message: "unexpected ')' in condition")
        case .word(let w):
            let lw = w.lowercased()
            if ["and", "or", "of", "them"].contains(lw) { throw Failure(message: "unexpected '\(w)' in condition") }
            if (lw == "all" || Int(lw) != nil), peekKeyword("of") {
                pos += 1
                guard pos < tokens.count, case .word(let target) = tokens[pos] else {
                    throw Failure(message: "'\(w) of' needs an identifier pattern or 'them'")
                }
                pos += 1
                let names = try resolve(target)
                if lw == "all" { return .of(nil, names) }
                guard let n = Int(lw), n >= 1 else { throw Failure(message: "'\(w) of' needs a count of at least 1") }
                return .of(n, names)
            }
            guard !w.contains("*") else { throw Failure(message: "wildcard '\(w)' is only allowed after '1 of' or 'all of'") }
            guard identifiers.contains(w) else { throw Failure(message: "condition names '\(w)', which the detection does not define") }
            return .ref(w)
        }
    }

    func resolve(_ target: String) throws -> [String] {
        if target.lowercased() == "them" { return identifiers.filter { !$0.hasPrefix("_") } }
        let names: [String]
        if target.hasSuffix("*") && !target.dropLast().contains("*") {
            let prefix = target.dropLast()
            names = identifiers.filter { $0.hasPrefix(prefix) }
        } else if target.contains("*") {
            let glob = Glob(target)
            names = identifiers.filter { glob.matches($0) }
        } else {
            names = identifiers.filter { $0 == target }
        }
        guard !names.isEmpty else { throw Failure(message: "'\(target)' matches no identifier of the detection") }
        return names
    }
}
